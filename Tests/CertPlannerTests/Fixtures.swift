import CertPlanner
import TestSupport
import TopologyModel

/// The certificate tests use the shared contoso topology (TestSupport's `Fixtures.contoso`); these
/// are the parts they build differently.
extension Fixtures {
    /// An Edge pool without addresses (certificates do not depend on them).
    static func edge(fqdn: String = "lsedge.contoso.net", access: String = "sip.contoso.com", xmpp: Bool = false)
        -> EdgePool
    {
        EdgePool(
            fqdn: fqdn, accessEdgeFqdn: access, webConferencingFqdn: "webcon.contoso.com", avFqdn: "av.contoso.com",
            federation: true, xmpp: xmpp)
    }

    /// A Standard Edition server alone: no reverse proxy, no address, and `externalWeb` may be nil.
    static func standardEditionAlone(externalWeb: String? = "webext.contoso.com") -> Topology {
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
