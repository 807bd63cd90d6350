import DNSPlanner
import DNSResolver
import Foundation
import HTTPProbe
import PublishingPlanner
import TestSupport
import Testing
import TopologyModel

@testable import Reports
@testable import Workflows

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The renderers in-process: values in, strings out, checked by parsing them back.
@Suite("Reports: DNS check, verify and the cut-over page")
struct ReportsTests {
    private static let cachedLoaded = Cached("the contoso topology, validated") {
        try TopologyLoader.validate(Fixtures.contoso(), source: "t.yaml")
    }
    static var loaded: LoadedTopology { get throws { try cachedLoaded.value } }
    private static let cachedPlan = Cached("the contoso plan") { FullPlan(loaded: try loaded) }
    static var plan: FullPlan { get throws { try cachedPlan.value } }

    /// The external check with every name answering NXDOMAIN, except `dialin.contoso.com`, which
    /// answers an address holding an escape sequence (a hostile server).
    static func check() throws -> DNSCheckRun.Outcome {
        let plan = try plan
        let queries = DNSCheck.queries(for: plan.dns, view: .external)
        var observations: [DNSCheckQuery: [DNSObservation]] = [:]
        for query in queries {
            observations[query] = [
                query.name == "dialin.contoso.com"
                    ? DNSObservation(
                        server: "127.0.0.1:5353",
                        records: [DNSObservedRecord(type: .A, name: query.name, value: "203.0.113.99\u{1B}[31m")])
                    : DNSObservation(server: "127.0.0.1:5353", nxdomain: true)
            ]
        }
        return DNSCheckRun.Outcome(
            view: .external, servers: [try DNSServer(parsing: "127.0.0.1:5353")],
            report: DNSCheck.evaluate(plan: plan.dns, view: .external, observations: observations),
            noServerAnswered: nil, silentServers: [])
    }

    static func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test("dns check text: worst status first, the hostile answer escaped, the summary counts every row")
    func dnsText() throws {
        let outcome = try Self.check()
        let text = DNSCheckOutput(outcome).text()
        #expect(text.hasPrefix("DNS check, external view, asking 127.0.0.1:5353\n"))
        let mismatch = try #require(text.range(of: "\nMISMATCH ("))
        let missing = try #require(text.range(of: "\nMISSING ("))
        #expect(mismatch.lowerBound < missing.lowerBound)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("203.0.113.99\\x1b[31m"))
        let total = outcome.report.results.count
        #expect(
            text.hasSuffix(
                "\(outcome.report.count(.ok)) ok, \(outcome.report.count(.warning)) warning, "
                    + "\(outcome.report.count(.error)) error, \(outcome.report.count(.missing)) missing, "
                    + "\(outcome.report.count(.mismatch)) mismatch\n"))
        #expect(
            total == outcome.report.count(.ok) + outcome.report.count(.warning) + outcome.report.count(.error)
                + outcome.report.count(.missing) + outcome.report.count(.mismatch))
    }

    @Test("dns check JSON: the fast encoder writes byte for byte what Foundation's encoder writes")
    func dnsJSONFast() throws {
        let outcome = try Self.check()
        let fast = try DNSCheckOutput(outcome).json()
        let value = DNSCheckJSON(
            view: "external", servers: ["127.0.0.1:5353"],
            records: outcome.report.results.map(DNSCheckJSON.Record.init),
            summary: Dictionary(
                uniqueKeysWithValues: DNSCheckStatus.allCases.map { ($0.rawValue, outcome.report.count($0)) }))
        let foundation = String(decoding: try JSONOutput.foundationEncoder().encode(value), as: UTF8.self)
        #expect(fast == foundation)
    }

    static func outcome(dns: DNSCheckRun.Outcome?, results: [VerifyCheckResult]) throws -> VerifyOutcome {
        VerifyOutcome(
            plan: try plan,
            settings: VerifyRun.Settings(
                https: HTTPEndpoint(address: "127.0.0.1", port: 8443), httpPort: 8080, caFile: nil,
                trustStore: .failure(.failed("unused")), timeout: 1, concurrency: 1),
            results: results, dns: dns, unreachable: false)
    }

    static let passed = VerifyCheckResult(
        name: "webext.contoso.com", url: "https://webext.contoso.com/meet", kind: .page, expected: "a page",
        status: .ok, httpStatus: 200, message: "200 <script>alert(1)</script>", rule: "web services")

    @Test("verify JSON: a DNS record has the one shape dns check gives it")
    func verifyDNSShape() throws {
        let dns = try Self.check()
        let verify = try Self.object(try Self.outcome(dns: dns, results: [Self.passed]).json())
        let check = try Self.object(try DNSCheckOutput(dns).json())
        let verifyRecords = try #require((verify["dns"] as? [String: Any])?["records"] as? [[String: Any]])
        let checkRecords = try #require(check["records"] as? [[String: Any]])
        #expect(verifyRecords.count == checkRecords.count)
        #expect(NSArray(array: verifyRecords).isEqual(to: checkRecords))
        #expect(Set(verifyRecords[0].keys).isSuperset(of: ["verified", "disagreement", "purpose", "status"]))
        #expect(verify["verdict"] as? String == "NO-GO")
    }

    @Test("verify text: GO without DNS problems and failures, NO-GO listing each DNS problem")
    func verifyText() throws {
        let go = try Self.outcome(dns: nil, results: [Self.passed]).text()
        #expect(go.hasSuffix("\nGO"))
        #expect(go.contains("1 checks: 1 ok, 0 warning(s), 0 failed"))
        let nogo = try Self.outcome(dns: try Self.check(), results: [Self.passed]).text()
        #expect(nogo.hasSuffix("\nNO-GO"))
        #expect(nogo.contains("  ✗ A dialin.contoso.com  mismatch: "))
    }

    @Test("cut-over page: well-formed XHTML, every value escaped, the DNS section only when DNS was checked")
    func cutoverPage() throws {
        for dns in [nil, try Self.check()] {
            let html = CutoverReport(
                outcome: try Self.outcome(dns: dns, results: [Self.passed]), generated: Date(timeIntervalSince1970: 0),
                generator: "lynccert test"
            ).html()
            let parser = XMLParser(data: Data(html.dropFirst("<!DOCTYPE html>\n".count).utf8))
            #expect(parser.parse(), "\(String(describing: parser.parserError))")
            #expect(!html.contains("<script>"))
            #expect(html.contains("200 &lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(html.contains("by lynccert test"))
            #expect(html.contains("id=\"dns-status\"") == (dns != nil))
            #expect(html.contains("<strong>NO-GO</strong>") == (dns != nil))
            #expect(html.contains("id=\"failed-dns\"") == (dns != nil))
        }
    }

    @Test("plan output: --only certs shows only certificates and findings, in text and JSON")
    func planOnly() throws {
        let certs = FullPlan(loaded: try Self.loaded, only: .certs)
        let json = try Self.object(try certs.json())
        #expect(Set(json.keys) == ["certificates", "findings"])
        let all = try Self.object(try Self.plan.json())
        #expect(Set(all.keys) == ["certificates", "dnsRecords", "publishingRules", "hostPlan", "findings"])
        #expect(certs.text().contains("reverse-proxy"))
        #expect(!certs.text().contains("DNS records, external view"))
        #expect(try Self.plan.text().contains("DNS records, external view"))
    }
}
