import CertPlanner
import DNSPlanner
import Foundation
import PublishingPlanner
import TestSupport
import Testing
import TopologyModel

@testable import LyncCertCLI
@testable import Reports
@testable import Workflows

/// One fact, one finding; one code, one severity everywhere (`FindingCatalogue`).
@Suite("Finding catalogue")
struct FindingCatalogueTests {
    /// Topologies that between them raise most plan findings: Microsoft's examples, the bundled
    /// ones, and edits that break one rule each.
    static func corpus() throws -> [(String, Topology)] {
        var list: [(String, Topology)] = [
            ("contoso", Fixtures.contoso()),
            (
                "contoso two domains, no addresses, cname, http",
                Fixtures.contoso(
                    sipDomains: ["contoso.com", "fabrikam.com"], director: false, addresses: false,
                    lyncdiscover: .cname,
                    autodiscover: .http)
            ),
            (
                "contoso cname https",
                Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"], lyncdiscover: .cname)
            ),
            ("standard edition", Fixtures.standardEdition()),
        ]
        for example in ExampleTopology.all {
            list.append(
                (
                    example.name,
                    try TopologyLoader.load(text: example.text, format: .yaml, source: example.name).topology
                ))
        }
        var t = Fixtures.contoso(sipDomains: (1...12).map { "d\($0).com" }, director: false)
        t.certificates.keySize = 1024
        t.certificates.maxSubjectAlternativeNames = 3
        t.certificates.wildcard = .simpleUrls
        t.simpleUrls.dialin = "https://dialin.local"
        t.officeWebApps?.fqdn = "owa_1.contoso.com"
        t.pools.append(Pool(fqdn: "pool02.contoso.net", role: .frontEnd))
        t.pools.append(Pool(fqdn: "dir02.contoso.net", role: .director))
        t.reverseProxy.externalAddress = "10.0.0.1"
        t.reverseProxy.internalAddress = "172.25.33.40"
        t.reverseProxy.internalGateway = "172.25.33.1"
        list.append(("many problems", t))
        var noEdge = Fixtures.contoso()
        noEdge.edgePools = []
        noEdge.pools = []
        noEdge.officeWebApps?.publishedExternally = false
        list.append(("no pools", noEdge))
        var routes = Fixtures.contoso()
        routes.reverseProxy.internalAddress = "172.25.33.40"
        routes.reverseProxy.internalPrefixLength = 24
        routes.reverseProxy.externalAddress = "172.25.33.41"
        routes.reverseProxy.externalPrefixLength = 24
        routes.reverseProxy.internalRoutes = [
            Route(subnet: "10.1.0.0/16", via: "10.9.9.9"), Route(subnet: "10.2.0.0/16", via: "172.25.33.41"),
            Route(subnet: "not a subnet", via: "x"),
        ]
        routes.pools[1].internalWebAddress = nil
        routes.pools[0].internalWebFqdn = "lyncdiscover.contoso.com"
        routes.pools[1].externalWebFqdn = "lyncdiscoverinternal.contoso.com"
        routes.edgePools[0].externalAddresses.access = ["131.107.155.x"]
        routes.edgePools[0].externalAddresses.webConferencing = []
        list.append(("routes and DNS", routes))
        var sipTaken = Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"])
        sipTaken.edgePools[0].accessEdgeFqdn = "access.fabrikam.com"
        sipTaken.simpleUrls.meet[1].url = "https://sip.fabrikam.com"
        list.append(("sip.<d> taken", sipTaken))
        var secondEdge = Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"])
        var fabrikamEdge = secondEdge.edgePools[0]
        fabrikamEdge.fqdn = "edge02.contoso.net"
        fabrikamEdge.accessEdgeFqdn = "sip.fabrikam.com"
        fabrikamEdge.webConferencingFqdn = "webcon.fabrikam.com"
        fabrikamEdge.avFqdn = "av.fabrikam.com"
        secondEdge.edgePools.append(fabrikamEdge)
        list.append(("second Edge pool", secondEdge))
        var unpublished = Fixtures.contoso()
        for i in unpublished.pools.indices { unpublished.pools[i].externalWebFqdn = nil }
        list.append(("nothing published", unpublished))
        var prefixUnknown = Fixtures.contoso()
        prefixUnknown.reverseProxy.internalAddress = "172.25.33.40"
        list.append(("prefix unknown", prefixUnknown))
        return list
    }

    static func allFindings(_ topology: Topology) -> [Finding] {
        let publishing = PublishingPlanning.plan(topology)
        return CertificatePlanner.plan(topology).findings + DNSPlanning.plan(topology).findings + publishing.findings
            + HostPlanner.plan(topology: topology, publishing: publishing, topologyFile: "t.yaml").findings
    }

    @Test("every code the plans emit is catalogued, at the catalogue's severity")
    func plansMatchCatalogue() throws {
        var seen = Set<String>()
        for (name, topology) in try Self.corpus() {
            for finding in Self.allFindings(topology) {
                seen.insert(finding.code)
                let catalogued = FindingCatalogue.severities[finding.code]
                #expect(catalogued != nil, "\(name): \(finding.code) is not in FindingCatalogue")
                #expect(catalogued == finding.severity, "\(name): \(finding.code) is \(finding.severity)")
            }
        }
        // The corpus reaches most of the plan codes, so this walk means something.
        let planCodes: Set<String> = [
            "pool-not-published", "director-not-published", "weak-key", "san-limit-exceeded", "many-sip-domains",
            "no-reverse-proxy-certificate", "wildcard-single-label", "invalid-name", "address-needed",
            "internal-address-needed", "invalid-address", "private-address-external", "cross-domain-cname",
            "internal-only-name-external", "external-only-name-internal", "target-address-unknown", "no-web-pool",
            "gateway-on-internal-adapter", "adapters-same-subnet", "target-route-unknown", "route-invalid",
            "route-via-not-internal", "route-next-hop-off-subnet", "internal-address-unknown",
            "internal-prefix-unknown", "office-web-apps-not-published",
        ]
        #expect(planCodes.subtracting(seen).isEmpty, "not reached: \(planCodes.subtracting(seen).sorted())")
    }

    @Test("every code the loader and the XML import emit is catalogued, at the catalogue's severity")
    func loaderMatchesCatalogue() throws {
        let samples = TestSupport.fixture("Tests/TopologyImportTests/Samples")
        let files = try FileManager.default.contentsOfDirectory(atPath: samples.path).filter {
            $0.hasSuffix(".xml") || $0.hasSuffix(".tbxml")
        }
        #expect(!files.isEmpty)
        var seen = Set<String>()
        for file in files {
            let loaded = try TopologyInput.load(samples.appendingPathComponent(file).path)
            for finding in loaded.findings {
                seen.insert(finding.code)
                #expect(FindingCatalogue.severities[finding.code] == finding.severity, "\(file): \(finding.code)")
            }
        }
        let shared = """
            version: 1
            sipDomains: [contoso.com]
            simpleUrls: {meet: [{domain: contoso.com, url: "https://meet.contoso.com/x_y"}], dialin: "https://dialin.contoso.com"}
            pools: [{fqdn: pool01.contoso.net, role: frontEnd, externalWebFqdn: pool01.contoso.net}]
            officeWebApps: {fqdn: owa.contoso.com, publishedExternally: true}
            edgePools: [{fqdn: e.contoso.net, accessEdgeFqdn: sip.contoso.com, webConferencingFqdn: sip.contoso.com,
              avFqdn: sip.contoso.com, externalAddresses: {access: 131.107.155.10, webConferencing: 131.107.155.11},
              nextHop: nowhere.contoso.net}]
            """
        let loaded = try TopologyLoader.load(text: shared, format: .yaml, source: "t.yaml")
        for finding in loaded.findings {
            seen.insert(finding.code)
            #expect(FindingCatalogue.severities[finding.code] == finding.severity, "\(finding.code)")
        }
        let expected: Set<String> = [
            "reverse-proxy-address-missing", "office-web-apps-address-missing", "edge-address-missing",
            "edge-names-shared", "edge-shared-name-different-addresses", "edge-next-hop-unknown",
            "external-web-fqdn-equals-internal", "simple-url-unusual-characters", "simple-url-default",
        ]
        #expect(expected.subtracting(seen).isEmpty, "not reached: \(expected.subtracting(seen).sorted())")
    }

    @Test("the catalogue: unique kebab-case codes, each with a rule, a summary and a pipeline")
    func catalogue() {
        let codes = FindingCatalogue.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        for entry in FindingCatalogue.all {
            #expect(entry.code.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil, "\(entry.code)")
            #expect(!entry.summary.isEmpty && !entry.rule.isEmpty && !entry.pipelines.isEmpty, "\(entry.code)")
        }
        // Every audit check's code is the catalogue's entry.
        for check in CertificateChecks.all {
            #expect(FindingCatalogue.byCode[check.metadata.code] == check.metadata, "\(check.metadata.code)")
            #expect(check.metadata.pipelines.contains(.audit), "\(check.metadata.code)")
        }
    }

    /// docs/findings.md's finding tables (`| \`code\` | severity | …`) say the same as the
    /// catalogue, and every catalogued code is documented.
    @Test("docs/findings.md's finding tables match the catalogue, code by code")
    func findingsDocumentMatches() throws {
        let document = try String(
            contentsOf: TestSupport.fixture("docs/findings.md"), encoding: .utf8)
        let start = try #require(document.range(of: "<!-- section: findings -->"))
        let end = try #require(document.range(of: "<!-- /section: findings -->"))
        var documented: [String: Set<String>] = [:]
        for line in document[start.upperBound..<end.lowerBound].split(separator: "\n") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count > 3, cells[1].hasPrefix("`"), cells[1].hasSuffix("`") else { continue }
            let code = String(cells[1].dropFirst().dropLast())
            guard Severity(rawValue: cells[2]) != nil || FindingCatalogue.severities[code] != nil else { continue }
            documented[code, default: []].insert(cells[2])
        }
        for (code, severity) in FindingCatalogue.severities where code != "rsa-required-for-lync-role" {
            #expect(documented[code] == [severity.rawValue], "\(code): docs/findings.md says \(documented[code] ?? [])")
        }
    }

    @Test("dedupe keeps one finding per (code, path), merging what else it says; no path: by message")
    func deduplicated() {
        let a = Finding(
            code: "pool-not-published", message: "pool02 is not published", path: "pools[2].externalWebFqdn")
        let b = Finding(code: "srv-target-other-domain", message: "contoso SRV", path: "pools[1].fqdn")
        let c = Finding(code: "srv-target-other-domain", message: "fabrikam SRV", path: "pools[1].fqdn")
        let d = Finding(code: "conflicting-records", message: "one")
        let e = Finding(code: "conflicting-records", message: "two")
        let merged = [a, b, a, c, d, e, d, c].deduplicated()
        #expect(
            merged.map(\.code) == [
                "pool-not-published", "srv-target-other-domain", "conflicting-records", "conflicting-records",
            ])
        #expect(merged[0] == a)
        #expect(merged[1].message == "contoso SRV; fabrikam SRV")
        #expect(merged[2] == d && merged[3] == e)
    }

    /// The whole plan of a topology with an unpublished pool holds one finding for it, not three.
    @Test("lynccert plan: an unpublished Front End pool is one finding, once")
    func planOnce() throws {
        var topology = Fixtures.contoso()
        topology.pools.append(Pool(fqdn: "pool02.contoso.net", role: .frontEnd))
        let plan = FullPlan(loaded: try TopologyLoader.validate(topology, source: "t.yaml"))
        let unpublished = plan.findings.filter { $0.code == "pool-not-published" }
        #expect(unpublished.count == 1 && unpublished.first?.path == "pools[2].externalWebFqdn")
    }

    /// The bundled examples plan with no warning about the plan's own choices: topology,
    /// certificate, DNS, publishing and host parts are all silent.
    @Test("the bundled examples plan without warnings or errors", arguments: ExampleTopology.all.map(\.name))
    func examplesPlanClean(_ name: String) throws {
        let example = try #require(ExampleTopology.named(name))
        let loaded = try TopologyLoader.load(text: example.text, format: .yaml, source: name + ".yaml")
        let plan = FullPlan(loaded: loaded)
        #expect(plan.host != nil && !plan.certificates.certificates.isEmpty && !plan.publishing.rules.isEmpty)
        let loud = plan.findings.filter { $0.severity >= .warning }
        #expect(loud.isEmpty, "\(loud.map { "\($0.code): \($0.message)" })")
    }
}
