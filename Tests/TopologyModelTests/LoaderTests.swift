import Foundation
import Testing

@testable import TopologyModel

@Suite("TopologyLoader: formats, defaults, findings")
struct LoaderTests {
    @Test("YAML and JSON of the same topology load equal")
    func yamlAndJSONAgree() throws {
        let yaml = try TopologyLoader.load(text: Fixture.yaml, format: .yaml, source: "t.yaml")
        let json = try TopologyLoader.load(text: Fixture.json, format: .json, source: "t.json")
        #expect(yaml == json)
        #expect(yaml.topology.sipDomains == ["contoso.com", "fabrikam.com"])
        #expect(yaml.topology.edgePools.first?.externalAddresses.av == ["131.107.155.30"])
        #expect(yaml.topology.reverseProxy.internalRoutes == [Route(subnet: "192.168.10.0/24", via: "172.25.33.1")])
    }

    @Test("validate(_:) accepts a loaded model unchanged: the reader knows every key of the model")
    func validateRoundTrip() throws {
        let loaded = try TopologyLoader.load(text: Fixture.yaml, format: .yaml, source: "t.yaml")
        #expect(try TopologyLoader.validate(loaded.topology, source: "model") == loaded)
    }

    @Test("validate(_:) applies field rules to a model built in code, without lines")
    func validateModel() {
        let topology = Topology(
            sipDomains: ["contoso.com"],
            simpleUrls: SimpleUrls(
                meet: [MeetUrl(domain: "contoso.com", url: "https://meet.contoso.com")],
                dialin: "http://dialin.contoso.com"),
            pools: [Pool(fqdn: "pool_01.contoso.net", role: .frontEnd, internalWebAddress: "300.1.1.1")])
        do {
            _ = try TopologyLoader.validate(topology, source: "import")
            Issue.record("expected problems")
        } catch {
            #expect(
                Set(error.problems.map(\.path)) == [
                    "simpleUrls.dialin", "pools[0].fqdn", "pools[0].internalWebAddress",
                ])
            #expect(error.problems.allSatisfy { $0.line == nil })
        }
    }

    @Test("JSON problems carry the line of the value")
    func jsonLines() {
        let text = Fixture.json.replacingOccurrences(of: "\"keySize\": 2048", with: "\"keySize\": 512")
        let problems = Fixture.problems(text, format: .json)
        #expect(problems.count == 1)
        #expect(problems.first?.path == "certificates.keySize")
        #expect(problems.first?.line == Fixture.line(of: "\"keySize\": 512", in: text))
    }

    @Test("a JSON syntax error is reported as JSON with its line")
    func jsonSyntax() {
        let text = "{\n  \"version\": 1\n  \"sipDomains\": []\n}"
        let problems = Fixture.problems(text, format: .json)
        #expect(problems.count == 1)
        #expect(problems.first?.message.hasPrefix("not valid JSON") == true)
        #expect(problems.first?.line == 3)
    }

    @Test("JSON duplicate keys are refused, not silently resolved")
    func jsonDuplicateKeys() {
        let text = Fixture.json.replacingOccurrences(of: "\"version\": 1,", with: "\"version\": 1, \"version\": 1,")
        #expect(Fixture.problems(text, format: .json).contains { $0.message.contains("appears twice") })
    }

    @Test("documented defaults are filled in")
    func defaults() throws {
        let loaded = try TopologyLoader.load(text: Fixture.minimal, format: .yaml, source: "m.yaml")
        let t = loaded.topology
        #expect(t.version == 1)
        #expect(
            t.pools[0].ports == WebPorts(httpListen: 8080, httpsListen: 4443, httpPublished: 80, httpsPublished: 443))
        #expect(t.certificates.keySize == 2048)
        #expect(t.certificates.wildcard == .none)
        #expect(t.certificates.organization == nil)
        #expect(t.certificates.maxSubjectAlternativeNames == 100)
        #expect(t.reverseProxy.autodiscover == .https)
        #expect(t.reverseProxy.lyncdiscoverRecord == .a)
        #expect(t.reverseProxy.internalRoutes.isEmpty)
        #expect(t.edgePools.isEmpty)
        #expect(t.officeWebApps == nil)
        #expect(t.simpleUrls.admin == nil)
        #expect(t.pools[0].internalWebFqdn == nil)
        #expect(t.pools[0].effectiveInternalWebFqdn == "se01.contoso.net")
    }

    @Test("Edge defaults: federation and XMPP off, no addresses")
    func edgeDefaults() throws {
        let text =
            Fixture.minimal
            + "\nedgePools:\n  - {fqdn: lsedge.contoso.net, accessEdgeFqdn: sip.contoso.com, webConferencingFqdn: webcon.contoso.com, avFqdn: av.contoso.com}\n"
        let loaded = try TopologyLoader.load(text: text, format: .yaml, source: "e.yaml")
        let edge = try #require(loaded.topology.edgePools.first)
        #expect(edge.federation == false)
        #expect(edge.xmpp == false)
        #expect(edge.internalAddresses.isEmpty)
        #expect(edge.externalAddresses == EdgeAddresses())
        #expect(loaded.findings.filter { $0.code == "edge-address-missing" }.count == 3)
        #expect(loaded.topology.officeWebApps == nil)
    }

    @Test("names are stored lower-case without a trailing dot; addresses in canonical form")
    func normalization() throws {
        let text = Fixture.minimal.replacingOccurrences(of: "se01.contoso.net", with: "SE01.Contoso.NET.")
            .replacingOccurrences(of: "[contoso.com]", with: "[Contoso.COM]")
            .replacingOccurrences(of: "203.0.113.10", with: "\"2001:DB8:0:0:0:0:0:10\"")
        let t = try TopologyLoader.load(text: text, format: .yaml, source: "n.yaml").topology
        #expect(t.pools[0].fqdn == "se01.contoso.net")
        #expect(t.sipDomains == ["contoso.com"])
        #expect(t.reverseProxy.externalAddress == "2001:db8::10")
    }

    @Test("every problem is reported in one run, in file order")
    func collectsAll() {
        let text = Fixture.edited([
            ("keySize: 2048", "keySize: 1000"),
            ("externalWebFqdn: webext.contoso.com", "externalWebFQDN: webext.contoso.com"),
            ("role: director", "role: directr"),
            ("dialin: \"https://dialin.contoso.com\"", "dialin: \"http://dialin.contoso.com\""),
        ])
        let problems = Fixture.problems(text)
        #expect(
            problems.map(\.path) == [
                "simpleUrls.dialin", "pools[0].externalWebFQDN", "pools[1].role", "certificates.keySize",
            ])
        let lines = problems.compactMap(\.line)
        #expect(lines == lines.sorted())
        #expect(lines.count == 4)
    }

    @Test("the error text names the source, line, path, value and rule")
    func errorDescription() {
        let text = Fixture.edited([("httpsListen: 4443", "httpsListen: 99999")])
        do {
            _ = try TopologyLoader.load(text: text, format: .yaml, source: "contoso.yaml")
            Issue.record("expected a load error")
        } catch {
            let line = Fixture.line(of: "99999", in: text)!
            #expect(
                error.description
                    == "contoso.yaml: line \(line): pools[0].ports.httpsListen: '99999': a TCP port must be between 1 and 65535"
            )
        }
    }

    @Test("plain scalars follow YAML 1.2: no and yes are text, true/false booleans, quotes make text")
    func scalarKinds() throws {
        let text = Fixture.edited([("C: US", "C: no"), ("O: Contoso Ltd", "O: yes")])
        // `no` is two letters: it reads as the country code NO, not as false.
        let t = try TopologyLoader.load(text: text, format: .yaml, source: "s.yaml").topology
        #expect(t.certificates.organization?.C == "NO")
        #expect(t.certificates.organization?.O == "yes")
    }
}

@Suite("Topology findings")
struct FindingTests {
    func findings(_ edits: [(String, String)], base: String = Fixture.yaml) throws -> [Finding] {
        try TopologyLoader.load(text: Fixture.edited(edits, base: base), format: .yaml, source: "f.yaml").findings
    }

    @Test("reverse-proxy-address-missing: warning when the listener address is not given")
    func reverseProxyAddressMissing() throws {
        #expect(try findings([]).isEmpty)
        let found = try findings([("  externalAddress: 203.0.113.10\n", "")])
        let finding = try #require(found.first { $0.code == "reverse-proxy-address-missing" })
        #expect(finding.severity == .warning)
        #expect(finding.path == "reverseProxy.externalAddress")
        #expect(finding.message.contains("DNS"))
        // Office Web Apps is published with neither address: its own finding.
        #expect(found.contains { $0.code == "office-web-apps-address-missing" })
    }

    @Test("office-web-apps-address-missing: not raised when OWAS has its own address")
    func owaOwnAddress() throws {
        let found = try findings([
            ("  externalAddress: 203.0.113.10\n", ""),
            ("publishedExternally: true", "publishedExternally: true\n  externalAddress: 203.0.113.11"),
        ])
        #expect(!found.contains { $0.code == "office-web-apps-address-missing" })
        #expect(found.contains { $0.code == "reverse-proxy-address-missing" })
    }

    @Test("edge-address-missing: one warning per service without a public address")
    func edgeAddressMissing() throws {
        let found = try findings([(", av: 131.107.155.30", "")])
        #expect(found.map(\.code) == ["edge-address-missing"])
        #expect(found.first?.path == "edgePools[0].externalAddresses.av")
        #expect(found.first?.severity == .warning)
    }

    @Test("edge-names-shared (info) and edge-shared-name-different-addresses (warning)")
    func edgeSharedNames() throws {
        let sameAddress = try findings([
            ("webConferencingFqdn: webcon.contoso.com", "webConferencingFqdn: sip.contoso.com"),
            ("webConferencing: 131.107.155.20", "webConferencing: 131.107.155.10"),
        ])
        #expect(sameAddress.map(\.code) == ["edge-names-shared"])
        #expect(sameAddress.first?.severity == .info)
        let different = try findings([
            ("webConferencingFqdn: webcon.contoso.com", "webConferencingFqdn: sip.contoso.com")
        ])
        #expect(different.map(\.code) == ["edge-shared-name-different-addresses"])
        #expect(different.first?.severity == .warning)
        #expect(different.first?.path == "edgePools[0].webConferencingFqdn")
    }

    @Test("edge-next-hop-unknown: the next hop is not a pool of the topology")
    func nextHopUnknown() throws {
        let found = try findings([("nextHop: dirpool01.contoso.net", "nextHop: pool09.contoso.net")])
        #expect(found.map(\.code) == ["edge-next-hop-unknown"])
    }

    /// An unpublished pool is reported once, by the plans (`Topology.unpublishedPoolFindings`), not
    /// a third time by the loader.
    @Test("an unpublished pool is no loader finding; the plans report it once")
    func poolNotPublished() throws {
        let found = try findings([("    externalWebFqdn: webse.contoso.com\n", "")])
        #expect(found.isEmpty, "\(found)")
    }

    @Test("simple-url-unusual-characters: warning for characters Microsoft does not recommend")
    func unusualCharacters() throws {
        let found = try findings([("\"https://dialin.contoso.com\"", "\"https://lync.contoso.com/dial_in\"")])
        #expect(found.map(\.code) == ["simple-url-unusual-characters"])
        #expect(found.first?.path == "simpleUrls.dialin")
    }
}
