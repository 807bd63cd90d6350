@echo off
rem Persistent routes for the reverse proxy's internal adapter (lynccert export --to routes, netsh).
rem Run in an elevated command prompt on the reverse proxy (lync-rules.md sec. 3, RP-NIC).
rem Default gateway: the external adapter only; none on the internal adapter.
rem Internal adapter: 172.25.33.40, subnet 172.25.33.0/24.
rem Internal adapter name: "Internal" (rename the adapter or pass --adapter-name).
rem 192.168.10.0/24 via 172.25.33.1: se01.contoso.net
netsh interface ipv4 add route 192.168.10.0/24 "Internal" 172.25.33.1 store=persistent
