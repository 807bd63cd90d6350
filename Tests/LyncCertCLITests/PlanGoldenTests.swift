import CertPlanner
import Foundation
import TestSupport
import Testing
import Topology

@testable import LyncCertCLI

/// Golden files of the certificate plan's text and JSON rendering.
@Suite("lynccert plan: certificate plan golden files")
struct PlanGoldenTests {
    /// Microsoft's contoso example (CS-RP, CS-EDGE-PUB, CS-DIRPOOL) with two SIP domains and XMPP,
    /// built in Swift so the rendering is pinned independently of the topology file loader.
    static let contoso = Topology(
        sipDomains: ["contoso.com", "fabrikam.com"],
        simpleUrls: SimpleUrls(
            meet: [
                MeetUrl(domain: "contoso.com", url: "https://meet.contoso.com"),
                MeetUrl(domain: "fabrikam.com", url: "https://meet.fabrikam.com"),
            ],
            dialin: "https://dialin.contoso.com", admin: "https://admin.contoso.com"),
        pools: [
            Pool(
                fqdn: "pool01.contoso.net", role: .frontEnd, machines: ["fe01.contoso.net", "fe02.contoso.net"],
                internalWebFqdn: "lsweb.contoso.net", externalWebFqdn: "webext.contoso.com"),
            Pool(
                fqdn: "dirpool01.contoso.net", role: .director, machines: ["dir01.contoso.net"],
                externalWebFqdn: "webdirext.contoso.com"),
        ],
        officeWebApps: OfficeWebApps(fqdn: "officewebapps01.contoso.com", publishedExternally: true),
        edgePools: [
            EdgePool(
                fqdn: "lsedge.contoso.net", accessEdgeFqdn: "sip.contoso.com",
                webConferencingFqdn: "webcon.contoso.com", avFqdn: "av.contoso.com", federation: true, xmpp: true)
        ],
        reverseProxy: ReverseProxy(externalAddress: "203.0.113.10"),
        certificates: CertificatePolicy(wildcard: .simpleUrls))

    @Test("text rendering of the contoso certificate plan")
    func contosoText() {
        let plan = CertificatePlanner.plan(Self.contoso)
        assertSnapshot(PlanText.certificates(plan), named: "certificates-contoso-model.txt")
    }

    @Test("JSON rendering keeps DESIGN.md's keys")
    func contosoJSON() throws {
        let plan = CertificatePlanner.plan(Self.contoso)
        let json = try JSONOutput.encode(plan.certificates.map(CertificateJSON.init))
        assertSnapshot(json + "\n", named: "certificates-contoso-model.json")
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        let first = try #require(decoded?.first)
        for key in [
            "id", "subject", "subjectAlternativeNames", "keyAlgorithm", "keySize", "keyUsages", "extendedKeyUsages",
            "issuer", "exportablePrivateKey",
        ] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect(first["subject"] as? String == "webext.contoso.com")
        #expect(first["issuer"] as? String == "public")
    }
}
