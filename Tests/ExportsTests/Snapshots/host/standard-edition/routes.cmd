@echo off
rem Persistent routes for the reverse proxy's internal adapter (lynccert export --to routes, route -p ADD).
rem Run in an elevated command prompt on the reverse proxy (lync-rules.md sec. 3, RP-NIC).
rem Default gateway: the external adapter only; none on the internal adapter.
rem Internal adapter: 172.25.33.40, subnet 172.25.33.0/24.
rem 192.168.10.0/24 via 172.25.33.1: se01.contoso.net
route -p ADD 192.168.10.0 MASK 255.255.255.0 172.25.33.1
