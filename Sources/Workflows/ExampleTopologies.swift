/// The example topologies `lynccert init` writes, compiled into the binary.
///
/// They are Swift string constants, not resources, so a `lynccert` binary copied alone to a
/// jump host still has them. Every bundled example loads without a single problem (tested).
package struct ExampleTopology: Sendable {
    package var name: String
    package var summary: String
    package var text: String

    /// The examples in the order `--list` shows them; the first is the default.
    package static let all: [ExampleTopology] = [
        ExampleTopology(
            name: "contoso",
            summary:
                "Microsoft's documentation example: one SIP domain, a Front End pool, a Director, Office Web Apps, one Edge pool",
            text: contoso),
        ExampleTopology(
            name: "multi-domain",
            summary: "two SIP domains (contoso.com, fabrikam.com), two Front End pools and a Director",
            text: multiDomain),
        ExampleTopology(
            name: "standard-edition",
            summary: "the smallest useful topology: one Standard Edition server published through a reverse proxy",
            text: standardEdition),
    ]

    package static func named(_ name: String) -> ExampleTopology? { all.first { $0.name == name } }

    package static let contoso = #"""
        # lynccert topology: Microsoft's Lync Server 2013 documentation example (contoso).
        # Names and addresses are the ones the TechNet certificate, DNS and reverse-proxy pages use;
        # the reverse proxy's public address is a documentation address (203.0.113.0/24).
        # Check it with:   lynccert plan contoso.yaml
        # Rule references (RP-CERT, CR-INT, …) are the short IDs of lync-rules.md.

        # Format version of this file; only 1 exists.
        version: 1

        # SIP domains, the default SIP domain first. Each one gets a Meet URL, lyncdiscover records
        # and a sip.<domain> name on the Edge certificate. Letters, digits and hyphens only; a SIP
        # domain has at least two labels (single-label domains are unsupported).
        sipDomains: [contoso.com]

        # Simple URLs (PLAN-SURL): https:// only, no port, unique, none a prefix of another, none
        # containing a pool FQDN.
        simpleUrls:
          # Meet: exactly one per SIP domain (required); on the reverse-proxy certificate.
          meet:
            - {domain: contoso.com, url: "https://meet.contoso.com"}
          # Dial-in: exactly one for the organisation (required); on the reverse-proxy certificate.
          dialin: "https://dialin.contoso.com"
          # Admin (optional): internal only, never published or on the reverse-proxy certificate.
          admin: "https://admin.contoso.com"

        # Front End pools, Standard Edition servers and Directors: everything with web services.
        pools:
          - fqdn: pool01.contoso.net              # the pool FQDN (subject of its Default certificate)
            role: frontEnd                        # frontEnd | standardEdition | director
            site: Redmond                         # central site (optional, informational)
            machines: [fe01.contoso.net, fe02.contoso.net]   # member servers (optional)
            internalWebFqdn: lsweb.contoso.net    # internal web services FQDN (default: the pool FQDN);
                                                  # Enterprise pools only, unique (SFB-TB-WEB)
            externalWebFqdn: webext.contoso.com   # published through the reverse proxy; unique, and
                                                  # different from the internal one (MOB-TECH)
            internalWebAddress: 192.168.10.5      # HLB VIP of the internal web FQDN (internal A record,
                                                  # reverse-proxy HOSTS entry)
            ports:                                # web ports (RP-FARM); these are the defaults
              httpListen: 8080                    # IIS external site, HTTP: reverse proxy -> server
              httpsListen: 4443                   # IIS external site, HTTPS: reverse proxy -> server
              httpPublished: 80                   # what the reverse proxy exposes, HTTP
              httpsPublished: 443                 # what the reverse proxy exposes, HTTPS
          - fqdn: dirpool01.contoso.net           # the Director pool
            role: director
            machines: [dir01.contoso.net]
            externalWebFqdn: webdirext.contoso.com   # must differ from every Front End's (CR-INT)
            internalWebAddress: 192.168.10.20

        # Office Web Apps Server (optional), published through the reverse proxy on 443 -> 443.
        officeWebApps:
          fqdn: officewebapps01.contoso.com       # farm FQDN; on the reverse-proxy certificate when published
          publishedExternally: true               # published to external users (OWAS-TOPO "external network")
          internalAddress: 192.168.10.30          # its internal address (reverse-proxy HOSTS entry)
          # externalAddress: 203.0.113.11         # its own public listener; default: reverseProxy.externalAddress

        # Edge pools (optional): one internal FQDN and the three external service names.
        edgePools:
          - fqdn: lsedge.contoso.net              # internal pool FQDN (subject of the internal Edge certificate)
            accessEdgeFqdn: sip.contoso.com       # Access Edge: subject of the external Edge certificate
            webConferencingFqdn: webcon.contoso.com   # Web Conferencing Edge: on the external Edge certificate
            avFqdn: av.contoso.com                # A/V Edge: DNS only (A/V does not use the certificate names)
            externalAddresses:                    # public addresses of the external A records (DNS-EDGE-PUB);
                                                  # a list per service for DNS load balancing (JJ205319)
              access: 131.107.155.10
              webConferencing: 131.107.155.20
              av: 131.107.155.30
            internalAddresses: [172.25.33.10]     # internal interface (internal A record for lsedge)
            federation: true                      # _sipfederationtls._tcp records (also needed for mobile push)
            xmpp: false                           # XMPP federation: xmpp.<domain> records and SANs
            nextHop: dirpool01.contoso.net        # next-hop pool (optional)
            # accessEdgePort: 443                 # remote clients' SIP port (_sip._tls SRV); default 443,
                                                  # 5061 when the three services share one FQDN or address

        # The reverse proxy (RP-NIC): its listener and its own network setup.
        reverseProxy:
          externalAddress: 203.0.113.10           # public listener address: every published name's A record
          externalPrefixLength: 24                # external adapter subnet (optional)
          externalGateway: 203.0.113.1            # default gateway: on the external adapter only
          autodiscover: https                     # https: lyncdiscover.<domain> on the certificate (recommended);
                                                  # http: a port-80 rule bridged to 8080 instead
          lyncdiscoverRecord: a                   # public lyncdiscover record type: a | cname
          internalAddress: 172.25.33.40           # internal adapter (no default gateway there)
          internalPrefixLength: 24
          internalRoutes:                         # persistent routes to every subnet with published servers
            - {subnet: 192.168.10.0/24, via: 172.25.33.1}

        # Certificate policy (optional; these are the defaults except the organisation).
        certificates:
          keySize: 2048                           # RSA 2048 (RP-CERT); 3072, 4096, or 1024 with a warning
          wildcard: none                          # none | simpleUrls | simpleUrlsAndAutodiscover (WILDCARD)
          organization: {O: Contoso Ltd, OU: IT, L: Redmond, ST: WA, C: US}   # CSR subject parts besides CN

        """#

    package static let multiDomain = #"""
        # lynccert topology: two SIP domains, two Front End pools and a Director.
        # Check it with:   lynccert plan multi-domain.yaml
        # Rule references (RP-CERT, CR-INT, …) are the short IDs of lync-rules.md.

        # Format version of this file; only 1 exists.
        version: 1

        # SIP domains, the default first. Each gets its own Meet URL, lyncdiscover.<domain> on the
        # reverse-proxy certificate and sip.<domain> (here sip.contoso.com and sip.fabrikam.com) on
        # the external Edge certificate and in public DNS.
        sipDomains: [contoso.com, fabrikam.com]

        # Simple URLs (PLAN-SURL option 1): https:// only, no port, unique, none a prefix of another.
        simpleUrls:
          meet:                                   # exactly one per SIP domain, only for listed domains
            - {domain: contoso.com, url: "https://meet.contoso.com"}
            - {domain: fabrikam.com, url: "https://meet.fabrikam.com"}
          dialin: "https://dialin.contoso.com"    # exactly one for the organisation
          admin: "https://admin.contoso.com"      # optional; internal only

        # Pools with web services. Each published pool has its own external web FQDN (SFB-TB-WEB).
        pools:
          - fqdn: pool01.contoso.net              # Front End pool in Redmond
            role: frontEnd                        # frontEnd | standardEdition | director
            site: Redmond                         # central site (optional)
            machines: [fe01.contoso.net, fe02.contoso.net]
            internalWebFqdn: lsweb01.contoso.net  # overridden internal web FQDN: unique (SFB-TB-WEB)
            externalWebFqdn: webext01.contoso.com # external web FQDN: unique, not the internal one (MOB-TECH)
            internalWebAddress: 192.168.10.5      # internal web HLB VIP
          - fqdn: pool02.contoso.net              # Front End pool in Dublin
            role: frontEnd
            site: Dublin
            machines: [fe03.contoso.net, fe04.contoso.net]
            externalWebFqdn: webext02.contoso.com
            internalWebAddress: 192.168.20.5
          - fqdn: dirpool01.contoso.net           # Director pool: receives simple URLs and autodiscover
            role: director
            machines: [dir01.contoso.net, dir02.contoso.net]
            externalWebFqdn: webdirext.contoso.com   # differs from the Front End ones (CR-INT)
            internalWebAddress: 192.168.10.20

        # Edge pool (optional): internal FQDN and the three external service names.
        edgePools:
          - fqdn: lsedge.contoso.net              # internal pool FQDN
            accessEdgeFqdn: sip.contoso.com       # Access Edge (certificate subject)
            webConferencingFqdn: webcon.contoso.com
            avFqdn: av.contoso.com
            externalAddresses: {access: 131.107.155.10, webConferencing: 131.107.155.20, av: 131.107.155.30}
            internalAddresses: [172.25.33.10]
            federation: true                      # _sipfederationtls._tcp.<domain> for each SIP domain
            xmpp: false
            nextHop: dirpool01.contoso.net

        # The reverse proxy: one listener, one certificate for every published name (RP-CERT note).
        reverseProxy:
          externalAddress: 203.0.113.10           # public listener address
          externalGateway: 203.0.113.1            # default gateway: external adapter only
          autodiscover: https                     # lyncdiscover.contoso.com and lyncdiscover.fabrikam.com SANs
          lyncdiscoverRecord: a                   # a | cname
          internalAddress: 172.25.33.40           # internal adapter (no gateway)
          internalRoutes:                         # both server subnets, through the perimeter router
            - {subnet: 192.168.10.0/24, via: 172.25.33.1}
            - {subnet: 192.168.20.0/24, via: 172.25.33.1}

        # Certificate policy (optional).
        certificates:
          keySize: 2048                           # 2048 | 3072 | 4096 (1024: Lync's minimum, with a warning)
          wildcard: none                          # none | simpleUrls | simpleUrlsAndAutodiscover
          organization: {O: Contoso Ltd, L: Redmond, ST: WA, C: US}

        """#

    package static let standardEdition = #"""
        # lynccert topology: one Standard Edition server published through a reverse proxy.
        # Check it with:   lynccert plan standard-edition.yaml
        # Rule references (RP-CERT, CR-INT, …) are the short IDs of lync-rules.md.

        # Format version of this file; only 1 exists.
        version: 1

        # SIP domains, the default first (at least two labels; letters, digits, hyphens).
        sipDomains: [contoso.com]

        # Simple URLs: one Meet per SIP domain and one Dial-in are required; Admin is optional.
        simpleUrls:
          meet:                                   # exactly one per SIP domain: {domain, url}
            - {domain: contoso.com, url: "https://meet.contoso.com"}   # https:// only, no port
          dialin: "https://dialin.contoso.com"    # exactly one for the organisation

        # A Standard Edition server: its internal web FQDN is always the server FQDN (no override,
        # CR-INT); the external web FQDN is what the reverse proxy publishes.
        pools:
          - fqdn: se01.contoso.net                # server FQDN
            role: standardEdition                 # frontEnd | standardEdition | director
            externalWebFqdn: webext.contoso.com   # external web services FQDN (reverse-proxy certificate subject)
            internalWebAddress: 192.168.10.5      # the server's address (reverse-proxy HOSTS entry)

        # The reverse proxy's public listener; add edgePools, officeWebApps and certificates as needed
        # (see `lynccert init --example contoso`). Defaults: autodiscover https, lyncdiscover A record,
        # RSA 2048, no wildcard, web ports 8080/4443 -> 80/443.
        reverseProxy:
          externalAddress: 203.0.113.10           # public listener address
          internalAddress: 172.25.33.40           # internal adapter (no default gateway there)
          internalPrefixLength: 24
          internalRoutes:                         # persistent route to the server's subnet (RP-NIC)
            - {subnet: 192.168.10.0/24, via: 172.25.33.1}

        """#
}
