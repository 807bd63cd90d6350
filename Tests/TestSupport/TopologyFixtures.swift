import TopologyModel

/// Topologies built in Swift after Microsoft's contoso examples (lync-rules.md §8).
///
/// - `contoso`: one SIP domain; a Front End pool `pool01.contoso.net` (servers fe01 and fe02,
///   internal web FQDN `lsweb.contoso.net`, external `webext.contoso.com`) and a Director
///   `dirpool01.contoso.net` (server dir01, `webdirext.contoso.com`), simple URLs meet/dialin/admin, Office Web Apps published, one
///   Edge pool with the addresses of DNS-EDGE-PUB (131.107.155.10/.20/.30, internal
///   172.25.33.10), federation and XMPP on; the reverse proxy listens on 203.0.113.10.
public enum Fixtures {
    /// The contoso example; `edgePools` replaces its Edge pool, `wildcard` is the certificate policy.
    public static func contoso(
        sipDomains: [String] = ["contoso.com"], director: Bool = true, addresses: Bool = true,
        wildcard: WildcardPolicy = .none, lyncdiscover: LyncdiscoverRecordKind = .a,
        autodiscover: AutodiscoverMode = .https, owasPublished: Bool = true, federation: Bool = true,
        xmpp: Bool = true, edgePools: [EdgePool]? = nil
    ) -> Topology {
        var pools = [
            Pool(
                fqdn: "pool01.contoso.net", role: .frontEnd, machines: ["fe01.contoso.net", "fe02.contoso.net"],
                internalWebFqdn: "lsweb.contoso.net", externalWebFqdn: "webext.contoso.com",
                internalWebAddress: addresses ? "192.168.10.5" : nil)
        ]
        if director {
            pools.append(
                Pool(
                    fqdn: "dirpool01.contoso.net", role: .director, machines: ["dir01.contoso.net"],
                    externalWebFqdn: "webdirext.contoso.com", internalWebAddress: addresses ? "192.168.10.20" : nil))
        }
        let meet = sipDomains.map { MeetUrl(domain: $0, url: "https://meet.\($0)") }
        return Topology(
            sipDomains: sipDomains,
            simpleUrls: SimpleUrls(
                meet: meet, dialin: "https://dialin.contoso.com", admin: "https://admin.contoso.com"),
            pools: pools,
            officeWebApps: OfficeWebApps(
                fqdn: "officewebapps01.contoso.com", publishedExternally: owasPublished,
                internalAddress: addresses ? "192.168.10.30" : nil),
            edgePools: edgePools ?? [
                EdgePool(
                    fqdn: "lsedge.contoso.net", accessEdgeFqdn: "sip.contoso.com",
                    webConferencingFqdn: "webcon.contoso.com", avFqdn: "av.contoso.com",
                    externalAddresses: addresses
                        ? EdgeAddresses(
                            access: "131.107.155.10", webConferencing: "131.107.155.20", av: "131.107.155.30")
                        : EdgeAddresses(),
                    internalAddresses: addresses ? ["172.25.33.10"] : [], federation: federation, xmpp: xmpp)
            ],
            reverseProxy: ReverseProxy(
                externalAddress: addresses ? "203.0.113.10" : nil, autodiscover: autodiscover,
                lyncdiscoverRecord: lyncdiscover),
            certificates: CertificatePolicy(wildcard: wildcard))
    }

    /// A Standard Edition server alone, no Edge, no OWAS (the smallest topology).
    public static func standardEdition() -> Topology {
        Topology(
            sipDomains: ["contoso.com"],
            simpleUrls: SimpleUrls(
                meet: [MeetUrl(domain: "contoso.com", url: "https://meet.contoso.com")],
                dialin: "https://dialin.contoso.com"),
            pools: [
                Pool(
                    fqdn: "se01.contoso.com", role: .standardEdition, externalWebFqdn: "webext.contoso.com",
                    internalWebAddress: "192.168.10.5")
            ],
            reverseProxy: ReverseProxy(externalAddress: "203.0.113.10"))
    }
}
