import CertPlanner
import Topology

/// Topologies built in Swift for the planner tests, named after Microsoft's examples.
enum Fixtures {
    /// Microsoft's contoso reverse-proxy example (CS-RP, RP-CERT, DNS-RP):
    /// - `pool01.contoso.net` Front End pool published as `webext.contoso.com`;
    /// - `dirpool01.contoso.net` Director published as `webdirext.contoso.com`;
    /// - `meet.contoso.com`, `dialin.contoso.com`, internal-only `admin.contoso.com`;
    /// - Office Web Apps `officewebapps01.contoso.com` published through the reverse proxy;
    /// - one Edge pool `lsedge.contoso.net` with `sip`, `webcon` and `av` names.
    static func contoso(
        sipDomains: [String] = ["contoso.com"], wildcard: WildcardPolicy = .none,
        autodiscover: AutodiscoverMode = .https, owasPublished: Bool = true, xmpp: Bool = false,
        edgePools: [EdgePool]? = nil
    ) -> Topology {
        Topology(
            sipDomains: sipDomains,
            simpleUrls: SimpleUrls(
                meet: sipDomains.map { MeetUrl(domain: $0, url: "https://meet.\($0)") },
                dialin: "https://dialin.contoso.com", admin: "https://admin.contoso.com"),
            pools: [
                Pool(
                    fqdn: "pool01.contoso.net", role: .frontEnd, machines: ["fe01.contoso.net", "fe02.contoso.net"],
                    internalWebFqdn: "lsweb.contoso.net", externalWebFqdn: "webext.contoso.com"),
                Pool(
                    fqdn: "dirpool01.contoso.net", role: .director, machines: ["dir01.contoso.net"],
                    externalWebFqdn: "webdirext.contoso.com"),
            ],
            officeWebApps: OfficeWebApps(fqdn: "officewebapps01.contoso.com", publishedExternally: owasPublished),
            edgePools: edgePools ?? [edge(xmpp: xmpp)],
            reverseProxy: ReverseProxy(externalAddress: "203.0.113.10", autodiscover: autodiscover),
            certificates: CertificatePolicy(wildcard: wildcard))
    }

    static func edge(fqdn: String = "lsedge.contoso.net", access: String = "sip.contoso.com", xmpp: Bool = false)
        -> EdgePool
    {
        EdgePool(
            fqdn: fqdn, accessEdgeFqdn: access, webConferencingFqdn: "webcon.contoso.com", avFqdn: "av.contoso.com",
            federation: true, xmpp: xmpp)
    }

    /// A minimal topology: one Standard Edition server, one SIP domain, no Edge.
    static func standardEdition(externalWeb: String? = "webext.contoso.com") -> Topology {
        Topology(
            sipDomains: ["contoso.com"],
            simpleUrls: SimpleUrls(
                meet: [MeetUrl(domain: "contoso.com", url: "https://meet.contoso.com")],
                dialin: "https://dialin.contoso.com"),
            pools: [Pool(fqdn: "se01.contoso.com", role: .standardEdition, externalWebFqdn: externalWeb)])
    }
}

extension CertificatePlan {
    /// The certificate with `id`, or an empty stand-in (whose id says what was missing) so a test
    /// fails on its expectations rather than crashing.
    func required(_ id: String) -> PlannedCertificate {
        certificate(id: id)
            ?? PlannedCertificate(
                id: "missing:\(id)", role: .reverseProxy, subject: "", subjectAlternativeNames: [], requiredNames: [],
                issuer: .public, exportablePrivateKey: false, purpose: "")
    }

    var codes: [String] { findings.map(\.code) }
}

extension PlannedCertificate {
    var sanSet: Set<String> { Set(sanNames) }
}
