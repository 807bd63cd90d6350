import CertPlanner
import TestSupport
import Testing
import TopologyModel

@Suite("Edge certificates (lync-rules §5)")
struct EdgeCertificateTests {
    static let twoDomains = ["contoso.com", "fabrikam.com"]

    @Test("CS-EDGE-PUB external Edge: subject sip.contoso.com, SAN {webcon, sip.contoso, sip.fabrikam}")
    func externalTable() {
        let edge = CertificatePlanner.plan(Fixtures.contoso(sipDomains: Self.twoDomains, xmpp: false))
            .required("edge-external")
        #expect(edge.subject == "sip.contoso.com")
        #expect(edge.sanSet == ["webcon.contoso.com", "sip.contoso.com", "sip.fabrikam.com"])
        // Canonical order: the subject first (SfB 2015's table order).
        #expect(edge.sanNames == ["sip.contoso.com", "webcon.contoso.com", "sip.fabrikam.com"])
        #expect(!edge.sanSet.contains("av.contoso.com"))
    }

    @Test("CS-EDGE XMPP table: adds xmpp.contoso.com and *.contoso.com only when XMPP is on")
    func xmppTable() {
        let on = CertificatePlanner.plan(Fixtures.contoso(sipDomains: Self.twoDomains, xmpp: true))
            .required("edge-external")
        #expect(
            on.sanSet == [
                "webcon.contoso.com", "sip.contoso.com", "sip.fabrikam.com", "xmpp.contoso.com", "*.contoso.com",
            ])
        #expect(on.wildcardAllowed)
        #expect(on.requiredNames.contains("*.contoso.com"))
        let off = CertificatePlanner.plan(Fixtures.contoso(sipDomains: Self.twoDomains, xmpp: false))
            .required("edge-external")
        #expect(!off.sanNames.contains { $0.hasPrefix("xmpp.") || $0.hasPrefix("*.") })
        #expect(!off.wildcardAllowed)
    }

    @Test("no wildcard policy reaches the Edge: sip.<d> stays explicit")
    func noWildcardOnEdge() {
        let edge = CertificatePlanner.plan(
            Fixtures.contoso(sipDomains: Self.twoDomains, wildcard: .simpleUrlsAndAutodiscover, xmpp: false)
        ).required("edge-external")
        #expect(!edge.sanNames.contains { $0.hasPrefix("*") })
    }

    @Test("sip.<d> for every SIP domain even when the Access Edge name is in another domain")
    func sipPerDomain() {
        let topology = Fixtures.contoso(
            sipDomains: Self.twoDomains, edgePools: [Fixtures.edge(access: "access.contoso.net")])
        let edge = CertificatePlanner.plan(topology).required("edge-external")
        #expect(edge.subject == "access.contoso.net")
        #expect(edge.sanNames == ["access.contoso.net", "webcon.contoso.com", "sip.contoso.com", "sip.fabrikam.com"])
    }

    @Test("key profile: external public + exportable + serverAuth only; internal internal CA + exportable")
    func keyProfiles() {
        let plan = CertificatePlanner.plan(Fixtures.contoso())
        let external = plan.required("edge-external")
        #expect(external.issuer == .public)
        #expect(external.exportablePrivateKey)
        #expect(external.extendedKeyUsages == ["serverAuth"])
        #expect(external.keyUsageCritical)
        let internalCert = plan.required("edge-internal")
        #expect(internalCert.issuer == .internal)
        #expect(internalCert.exportablePrivateKey)
        #expect(internalCert.extendedKeyUsages == ["serverAuth"])
    }

    @Test("CS-EDGE internal Edge: subject lsedge.contoso.net, the subject as its only SAN")
    func internalTable() {
        let edge = CertificatePlanner.plan(Fixtures.contoso(sipDomains: Self.twoDomains)).required("edge-internal")
        #expect(edge.subject == "lsedge.contoso.net")
        #expect(edge.sanNames == ["lsedge.contoso.net"])
    }

    @Test("several Edge pools: the first keeps edge-external, the others are <edge fqdn>/edge-…")
    func severalEdgePools() {
        let topology = Fixtures.contoso(edgePools: [
            Fixtures.edge(),
            EdgePool(
                fqdn: "lsedge2.contoso.net", accessEdgeFqdn: "sip2.contoso.com",
                webConferencingFqdn: "webcon2.contoso.com", avFqdn: "av2.contoso.com"),
        ])
        let ids = CertificatePlanner.plan(topology).certificates.map(\.id)
        #expect(ids.contains("edge-external") && ids.contains("edge-internal"))
        #expect(ids.contains("lsedge2.contoso.net/edge-external") && ids.contains("lsedge2.contoso.net/edge-internal"))
        #expect(Set(ids).count == ids.count)
        let second = CertificatePlanner.plan(topology).required("lsedge2.contoso.net/edge-external")
        #expect(second.sanNames == ["sip2.contoso.com", "webcon2.contoso.com", "sip.contoso.com"])
        // Without Edge pools there are no Edge certificates.
        #expect(
            !CertificatePlanner.plan(Fixtures.contoso(edgePools: [])).certificates.contains { $0.id.contains("edge") })
    }
}
