@echo off
rem Persistent routes for the reverse proxy's internal adapter (lynccert export --to routes, netsh).
rem Run in an elevated command prompt on the reverse proxy (lync-rules.md sec. 3, RP-NIC).
rem Default gateway: the external adapter only; none on the internal adapter.
rem The topology lists no routes (reverseProxy.internalRoutes): add one per server subnet.
rem Internal adapter name: "Internal" (rename the adapter or pass --adapter-name).
