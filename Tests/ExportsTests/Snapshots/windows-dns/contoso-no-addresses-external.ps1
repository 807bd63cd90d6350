# lynccert: Windows DNS records for Lync Server 2013 / Skype for Business (lync-rules.md sec. 8).
# Needs the DnsServer PowerShell module (DNS Server role or RSAT) and existing zones. A record
# that already exists makes its command fail; the others still run.
#   .\lync-dns.ps1 -ExternalDnsServer <server>
param(
    [Parameter(Mandatory = $true)][string]$ExternalDnsServer
)
$ErrorActionPreference = 'Continue'

# ==================== external view (public DNS) ====================

# Zone contoso.com
# ADDRESS NEEDED (fill in reverseProxy.externalAddress): Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'webext' -IPv4Address '<address>'  # Front End pool pool01.contoso.net external web services (reverse proxy) (sec. 8.1)
# ADDRESS NEEDED (fill in reverseProxy.externalAddress): Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'webdirext' -IPv4Address '<address>'  # Director dirpool01.contoso.net external web services (reverse proxy) (sec. 8.1)
# ADDRESS NEEDED (fill in reverseProxy.externalAddress): Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'meet' -IPv4Address '<address>'  # Meet simple URL for contoso.com (reverse proxy) (sec. 8.1, sec. 7)
# ADDRESS NEEDED (fill in reverseProxy.externalAddress): Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'dialin' -IPv4Address '<address>'  # Dial-in simple URL (reverse proxy) (sec. 8.1, sec. 7)
# ADDRESS NEEDED (fill in reverseProxy.externalAddress): Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'officewebapps01' -IPv4Address '<address>'  # Office Web Apps Server (reverse-proxy listener) (sec. 8.1)
# ADDRESS NEEDED (fill in reverseProxy.externalAddress): Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'lyncdiscover' -IPv4Address '<address>'  # external autodiscover for SIP domain contoso.com (mobile clients, Lync Web App) (sec. 8.2)
# ADDRESS NEEDED (fill in edgePools[0].externalAddresses.access): Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'sip' -IPv4Address '<address>'  # Access Edge of lsedge.contoso.net (sec. 8.4)
# ADDRESS NEEDED (fill in edgePools[0].externalAddresses.webConferencing): Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'webcon' -IPv4Address '<address>'  # Web Conferencing Edge of lsedge.contoso.net (sec. 8.4)
# ADDRESS NEEDED (fill in edgePools[0].externalAddresses.av): Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'av' -IPv4Address '<address>'  # A/V Edge of lsedge.contoso.net (sec. 8.4)
Add-DnsServerResourceRecord -Srv -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name '_sip._tls' -DomainName 'sip.contoso.com' -Priority 0 -Weight 0 -Port 443  # remote client automatic sign-in for contoso.com (sec. 8.4)
Add-DnsServerResourceRecord -Srv -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name '_sipfederationtls._tcp' -DomainName 'sip.contoso.com' -Priority 0 -Weight 0 -Port 5061  # federation and mobile push notifications for contoso.com (sec. 8.4, sec. 8.2)
# ADDRESS NEEDED (fill in edgePools[0].externalAddresses.access): Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'xmpp' -IPv4Address '<address>'  # XMPP federation (Access Edge) (sec. 8.4)
Add-DnsServerResourceRecord -Srv -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name '_xmpp-server._tcp' -DomainName 'xmpp.contoso.com' -Priority 0 -Weight 0 -Port 5269  # XMPP federation for contoso.com (sec. 8.4)
