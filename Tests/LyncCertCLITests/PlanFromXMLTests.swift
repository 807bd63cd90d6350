import Foundation
import TestSupport
import Testing

/// `lynccert plan` straight from an exported topology XML, without typing a single FQDN: the
/// external web FQDN the XML gives (Topology Builder's default, the pool FQDN) is published.
@Suite("lynccert plan <topology XML>", .timeLimit(.minutes(2)))
struct PlanFromXMLTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var published: String
        var sipDomain: String
        /// 1 for Contoso: its Edge's NAT address (ConfiguredIPAddress="10.0.0.2") is private, and a
        /// private address planned in external DNS is error-level (`private-address-external`). The
        /// other two have no Edge, so only warnings and information remain: 0.
        var status: Int32

        var testDescription: String { file }
    }

    static let cases = [
        Case(
            file: "AutomatedLab-SfBAutomatedLab-Contoso.tbxml", published: "frontendpool.contoso.com",
            sipDomain: "contoso.com", status: 1),
        Case(
            file: "alvinchen1-ExchangeSkypeMDTAutomate-OTC.tbxml", published: "oct-exh-002.otc.lab",
            sipDomain: "otc.lab", status: 0),
        Case(
            file: "rlevchenko-powershell-skype-DefaultTopology.xml", published: "poolfe.tenant.rlevchenko.com",
            sipDomain: "tenant.rlevchenko.com", status: 0),
    ]

    @Test("--format json: the reverse-proxy certificate and DNS records for the published pool name", arguments: cases)
    func planJSON(_ sample: Case) async throws {
        let path = ImportTopologyTests.samples.appendingPathComponent(sample.file).path
        let result = try await runLynccert(["plan", path, "--format", "json"])
        #expect(result.status == sample.status, "stderr: \(result.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])

        let certificates = try #require(json["certificates"] as? [[String: Any]])
        let proxy = try #require(certificates.first { $0["id"] as? String == "reverse-proxy" })
        #expect(proxy["subject"] as? String == sample.published)
        let sans = try #require(proxy["subjectAlternativeNames"] as? [String])
        #expect(
            Set(sans) == [
                sample.published, "dialin.\(sample.sipDomain)", "meet.\(sample.sipDomain)",
                "lyncdiscover.\(sample.sipDomain)",
            ])
        #expect(sans.count == 4)

        // Split-brain DNS: the same name in the external view (to the reverse proxy, whose address
        // the XML cannot give) and in the internal view (to the pool).
        let records = try #require(json["dnsRecords"] as? [[String: Any]])
        let named = records.filter { $0["name"] as? String == sample.published && $0["type"] as? String == "A" }
        let external = try #require(named.first { $0["view"] as? String == "external" })
        #expect(external["path"] as? String == "reverseProxy.externalAddress")
        #expect(external["addressNeeded"] as? Bool == true)
        #expect(named.contains { $0["view"] as? String == "internal" })
        // The split-brain name has one internal record: the pool's, not also a hairpin one.
        #expect(named.filter { $0["view"] as? String == "internal" }.count == 1)

        let findings = try #require(json["findings"] as? [[String: Any]])
        let sameName = try #require(findings.first { $0["code"] as? String == "external-web-fqdn-equals-internal" })
        #expect(sameName["severity"] as? String == "warning")
        #expect(sameName["path"] as? String == "pools[0].externalWebFqdn")
        // The exit status comes from the Edge's private address alone, never from the web name.
        let errors = findings.filter { $0["severity"] as? String == "error" }.compactMap { $0["code"] as? String }
        #expect(errors == (sample.status == 1 ? ["private-address-external"] : []))
        #expect(!findings.contains { $0["code"] as? String == "conflicting-records" })
    }

    /// The AutomatedLab Edge: one FQDN (ExternalEdge.contoso.com) on three servers, Access Edge
    /// SipClient Port="5061" in the XML; DNS summary - Scaled consolidated edge, DNS load balancing
    /// (JJ205319): one A record per server.
    @Test("JJ205319 / single-FQDN Edge from the XML: _sip._tls on the XML's port 5061, one A record per server")
    func edgeFromXML() async throws {
        let path = ImportTopologyTests.samples.appendingPathComponent("AutomatedLab-SfBAutomatedLab-Contoso.tbxml").path
        let result = try await runLynccert(["plan", path, "--only", "dns", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let records = try #require(json["dnsRecords"] as? [[String: Any]])
        let srv = try #require(records.first { $0["name"] as? String == "_sip._tls.contoso.com" })
        #expect(srv["port"] as? Int == 5061)
        #expect(srv["value"] as? String == "externaledge.contoso.com")
        let edge = records.filter { $0["name"] as? String == "externaledge.contoso.com" }.compactMap {
            $0["value"] as? String
        }
        #expect(edge == ["10.0.0.2", "10.0.0.4", "10.0.0.6"])
    }
}
