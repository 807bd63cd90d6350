# lynccert: Windows DNS records for Lync Server 2013 / Skype for Business (lync-rules.md sec. 8).
# Needs the DnsServer PowerShell module (DNS Server role or RSAT) and existing zones. A record
# that already exists makes its command fail; the others still run.
#   .\lync-dns.ps1 -ExternalDnsServer <server> -InternalDnsServer <server>
param(
    [Parameter(Mandatory = $true)][string]$ExternalDnsServer,
    [Parameter(Mandatory = $true)][string]$InternalDnsServer
)
$ErrorActionPreference = 'Continue'

# ==================== external view (public DNS) ====================

# Zone contoso.com
Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'webext' -IPv4Address '203.0.113.10'  # Front End pool pool01.contoso.net external web services (reverse proxy) (sec. 8.1)
Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'webdirext' -IPv4Address '203.0.113.10'  # Director dirpool01.contoso.net external web services (reverse proxy) (sec. 8.1)
Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'meet' -IPv4Address '203.0.113.10'  # Meet simple URL for contoso.com (reverse proxy) (sec. 8.1, sec. 7)
Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'dialin' -IPv4Address '203.0.113.10'  # Dial-in simple URL (reverse proxy) (sec. 8.1, sec. 7)
Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'officewebapps01' -IPv4Address '203.0.113.10'  # Office Web Apps Server (reverse-proxy listener) (sec. 8.1)
Add-DnsServerResourceRecordCName -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'lyncdiscover' -HostNameAlias 'webdirext.contoso.com'  # external autodiscover for SIP domain contoso.com (mobile clients, Lync Web App) (sec. 8.2)
Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'sip' -IPv4Address '131.107.155.10'  # Access Edge of lsedge.contoso.net (sec. 8.4)
Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'webcon' -IPv4Address '131.107.155.20'  # Web Conferencing Edge of lsedge.contoso.net (sec. 8.4)
Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'av' -IPv4Address '131.107.155.30'  # A/V Edge of lsedge.contoso.net (sec. 8.4)
Add-DnsServerResourceRecord -Srv -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name '_sip._tls' -DomainName 'sip.contoso.com' -Priority 0 -Weight 0 -Port 443  # remote client automatic sign-in for contoso.com (sec. 8.4)
Add-DnsServerResourceRecord -Srv -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name '_sipfederationtls._tcp' -DomainName 'sip.contoso.com' -Priority 0 -Weight 0 -Port 5061  # federation and mobile push notifications for contoso.com (sec. 8.4, sec. 8.2)
Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name 'xmpp' -IPv4Address '131.107.155.10'  # XMPP federation (Access Edge) (sec. 8.4)
Add-DnsServerResourceRecord -Srv -ComputerName $ExternalDnsServer -ZoneName 'contoso.com' -Name '_xmpp-server._tcp' -DomainName 'xmpp.contoso.com' -Priority 0 -Weight 0 -Port 5269  # XMPP federation for contoso.com (sec. 8.4)

# Zone fabrikam.com
Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'fabrikam.com' -Name 'meet' -IPv4Address '203.0.113.10'  # Meet simple URL for fabrikam.com (reverse proxy) (sec. 8.1, sec. 7)
Add-DnsServerResourceRecordCName -ComputerName $ExternalDnsServer -ZoneName 'fabrikam.com' -Name 'lyncdiscover' -HostNameAlias 'webdirext.contoso.com'  # external autodiscover for SIP domain fabrikam.com (mobile clients, Lync Web App) (sec. 8.2)
Add-DnsServerResourceRecordA -ComputerName $ExternalDnsServer -ZoneName 'fabrikam.com' -Name 'sip' -IPv4Address '131.107.155.10'  # Access Edge for SIP domain fabrikam.com (client fallback lookup) (sec. 8.4)
Add-DnsServerResourceRecord -Srv -ComputerName $ExternalDnsServer -ZoneName 'fabrikam.com' -Name '_sip._tls' -DomainName 'sip.fabrikam.com' -Priority 0 -Weight 0 -Port 443  # remote client automatic sign-in for fabrikam.com (sec. 8.4)
Add-DnsServerResourceRecord -Srv -ComputerName $ExternalDnsServer -ZoneName 'fabrikam.com' -Name '_sipfederationtls._tcp' -DomainName 'sip.fabrikam.com' -Priority 0 -Weight 0 -Port 5061  # federation and mobile push notifications for fabrikam.com (sec. 8.4, sec. 8.2)
Add-DnsServerResourceRecord -Srv -ComputerName $ExternalDnsServer -ZoneName 'fabrikam.com' -Name '_xmpp-server._tcp' -DomainName 'xmpp.contoso.com' -Priority 0 -Weight 0 -Port 5269  # XMPP federation for fabrikam.com (sec. 8.4)

# ==================== internal view (internal DNS) ====================

# Zone contoso.com
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'contoso.com' -Name 'lyncdiscoverinternal' -IPv4Address '192.168.10.20'  # internal autodiscover for SIP domain contoso.com (dirpool01.contoso.net) (sec. 8.2)
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'contoso.com' -Name 'sip' -IPv4Address '192.168.10.20'  # internal sign-in name for SIP domain contoso.com, to the Director dirpool01.contoso.net (on its certificate; legacy clients, Edge next hop) (sec. 8.3, sec. 8.5)
Add-DnsServerResourceRecord -Srv -ComputerName $InternalDnsServer -ZoneName 'contoso.com' -Name '_sipinternaltls._tcp' -DomainName 'sip.contoso.com' -Priority 0 -Weight 0 -Port 5061  # internal client automatic sign-in for contoso.com (Director) (sec. 8.3)
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'contoso.com' -Name 'meet' -IPv4Address '192.168.10.20'  # Meet simple URL for contoso.com, to the Director dirpool01.contoso.net (sec. 7, sec. 8.5)
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'contoso.com' -Name 'dialin' -IPv4Address '192.168.10.20'  # Dial-in simple URL, to the Director dirpool01.contoso.net (sec. 7, sec. 8.5)
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'contoso.com' -Name 'admin' -IPv4Address '192.168.10.20'  # Admin simple URL, internal only, to the Director dirpool01.contoso.net (sec. 7, sec. 8.5)
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'contoso.com' -Name 'officewebapps01' -IPv4Address '192.168.10.30'  # Office Web Apps Server (sec. 8.1, sec. 10)
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'contoso.com' -Name 'webext' -IPv4Address '203.0.113.10'  # Front End pool pool01.contoso.net external web services: internal mobile clients reach the Mobility Service through the reverse proxy (hairpin) (sec. 8.5, sec. 8.1)
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'contoso.com' -Name 'webdirext' -IPv4Address '192.168.10.20'  # Director dirpool01.contoso.net external web services, reached directly by internal clients (sec. 8.5)

# Zone fabrikam.com
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'fabrikam.com' -Name 'lyncdiscoverinternal' -IPv4Address '192.168.10.20'  # internal autodiscover for SIP domain fabrikam.com (dirpool01.contoso.net) (sec. 8.2)
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'fabrikam.com' -Name 'sip' -IPv4Address '192.168.10.20'  # internal sign-in name for SIP domain fabrikam.com, to the Director dirpool01.contoso.net (on its certificate; legacy clients, Edge next hop) (sec. 8.3, sec. 8.5)
Add-DnsServerResourceRecord -Srv -ComputerName $InternalDnsServer -ZoneName 'fabrikam.com' -Name '_sipinternaltls._tcp' -DomainName 'sip.fabrikam.com' -Priority 0 -Weight 0 -Port 5061  # internal client automatic sign-in for fabrikam.com (Director) (sec. 8.3)
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'fabrikam.com' -Name 'meet' -IPv4Address '192.168.10.20'  # Meet simple URL for fabrikam.com, to the Director dirpool01.contoso.net (sec. 7, sec. 8.5)

# Zone contoso.net
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'contoso.net' -Name 'pool01' -IPv4Address '192.168.10.5'  # Front End pool pool FQDN (sec. 8.5)
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'contoso.net' -Name 'lsweb' -IPv4Address '192.168.10.5'  # Front End pool pool01.contoso.net internal web services (sec. 8.5)
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'contoso.net' -Name 'dirpool01' -IPv4Address '192.168.10.20'  # Director pool FQDN and internal web services (sec. 8.5)
Add-DnsServerResourceRecordA -ComputerName $InternalDnsServer -ZoneName 'contoso.net' -Name 'lsedge' -IPv4Address '172.25.33.10'  # Edge internal interface (sec. 8.4)
