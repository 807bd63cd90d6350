# Windows Firewall rules for the Lync reverse proxy (lynccert export --to firewall).
# Run in an elevated PowerShell on the reverse proxy. Ports: lync-rules.md sec. 9 - nothing else is needed.
# Undo with: Remove-NetFirewallRule -Group 'Lync reverse proxy'

# sec. 9 RP external HTTPS/TCP/443: Any -> RP listener (address book, autodiscover, meetings, dial-in, device updates, Office Web Apps)
New-NetFirewallRule -DisplayName 'Lync reverse proxy HTTPS 443 in (203.0.113.10)' -Group 'Lync reverse proxy' -Direction Inbound -Protocol TCP -LocalPort 443 -RemoteAddress Any -LocalAddress 203.0.113.10 -Action Allow

# sec. 9 RP internal HTTPS/TCP/4443: RP internal NIC -> Front End / Director (pool VIP); 443 bridged to 4443 so the pool tells external from internal traffic
New-NetFirewallRule -DisplayName 'Lync reverse proxy to se01.contoso.net HTTPS 4443 out' -Group 'Lync reverse proxy' -Direction Outbound -Protocol TCP -RemotePort 4443 -RemoteAddress 192.168.10.5 -LocalAddress 172.25.33.40 -Action Allow
