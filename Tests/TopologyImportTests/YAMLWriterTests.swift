import Foundation
import TestSupport
import Testing
import TopologyImport
import TopologyModel
import Yams

@Suite("Writing imported topologies as YAML")
struct YAMLWriterTests {
    @Test("each import loads back through TopologyLoader to the same topology", arguments: Sample.allCases)
    func roundTripThroughLoader(sample: Sample) throws {
        let imported = try sample.imported()
        let yaml = TopologyYAMLWriter.yaml(imported, source: sample.rawValue)
        let loaded = try TopologyLoader.load(text: yaml, format: .yaml, source: "written.yaml")
        #expect(loaded.topology == imported.loaded.topology)
        // The loader's own findings about the written file are among the import's.
        #expect(Set(loaded.findings).isSubset(of: Set(imported.loaded.findings)))
    }

    @Test("the inline documents round-trip too (admin URL, Director, separate Edge names, NAT addresses)")
    func roundTripInline() throws {
        for text in [MappingTests.prefixed, MappingTests.publishedSE] {
            let imported = try importXML(text)
            let yaml = TopologyYAMLWriter.yaml(imported, source: "inline.xml")
            let loaded = try TopologyLoader.load(text: yaml, format: .yaml, source: "inline.yaml")
            #expect(loaded.topology == imported.loaded.topology)
        }
    }

    @Test("the written YAML matches the golden file", arguments: Sample.allCases)
    func golden(sample: Sample) throws {
        let yaml = TopologyYAMLWriter.yaml(try sample.imported(), source: sample.rawValue)
        assertSnapshot(yaml, named: "\(sample.rawValue).yaml")
    }

    @Test("every annotation becomes a comment on its line, or a commented-out key for a missing value")
    func annotationsAreComments() throws {
        let imported = try Sample.contoso.imported()
        let lines = TopologyYAMLWriter.yaml(imported, source: "Contoso.tbxml").split(separator: "\n").map(String.init)
        for (path, note) in imported.annotations {
            #expect(lines.contains { $0.hasSuffix("# " + note) }, "no line carries the note for \(path)")
        }
        #expect(lines.contains { $0.hasPrefix("  # externalAddress:  # needed:") })
        #expect(
            lines.contains {
                $0.hasPrefix("    externalWebFqdn: frontendpool.contoso.com  # check: equals the internal web FQDN")
            })
        #expect(
            lines.contains {
                $0.hasPrefix(#"      access:  # check: 10.0.0.2, 10.0.0.4, 10.0.0.6 are private addresses"#)
            })
        #expect(!lines.contains { $0.contains("Further notes") })
    }

    @Test("annotations for paths the writer does not reach are kept at the end")
    func strayAnnotations() throws {
        let topology = try Sample.otc.imported().loaded.topology
        let yaml = TopologyYAMLWriter.yaml(
            topology, annotations: ["certificates.organization.O": "needed: your company"])
        #expect(yaml.hasSuffix("# Further notes:\n#   certificates.organization.O: needed: your company\n"))
    }

    /// Each string, written as a YAML value, must read back as that same string: host names plain,
    /// anything YAML would turn into another type, or that needs quoting, double-quoted.
    static let scalars: [(text: String, written: String)] = [
        ("contoso.com", "contoso.com"),
        ("Redmond", "Redmond"),
        ("https://meet.contoso.com", #""https://meet.contoso.com""#),
        ("131.107.155.10", #""131.107.155.10""#),
        ("2001:db8::1", #""2001:db8::1""#),
        ("true", #""true""#),
        ("No", #""No""#),
        ("null", #""null""#),
        ("y", #""y""#),
        ("~", #""~""#),
        ("1e3", #""1e3""#),
        ("0x1F", #""0x1F""#),
        (".inf", #"".inf""#),
        ("", #""""#),
        ("Redmond Campus", #""Redmond Campus""#),
        ("#not-a-comment", ##""#not-a-comment""##),
        ("a: b", #""a: b""#),
        ("- item", #""- item""#),
        (#"quote " and \ backslash"#, #""quote \" and \\ backslash""#),
        ("line\nbreak\ttab", #""line\nbreak\ttab""#),
        ("bell\u{7}", #""bell\u0007""#),
        ("Zürich", #""Zürich""#),
        ("contoso.com.", #""contoso.com.""#),
    ]

    @Test("strings are quoted where YAML needs it and read back unchanged", arguments: scalars)
    func scalarQuoting(text: String, written: String) throws {
        let yaml = TopologyYAMLWriter.yaml(
            Topology(
                sipDomains: ["contoso.com"],
                simpleUrls: SimpleUrls(
                    meet: [MeetUrl(domain: "contoso.com", url: "https://meet.contoso.com")],
                    dialin: "https://dialin.contoso.com"),
                pools: [Pool(fqdn: "pool01.contoso.net", role: .frontEnd, site: text)]))
        #expect(yaml.contains("\n    site: \(written)\n"))
        let node = try #require(try Yams.compose(yaml: yaml))
        let site = node["pools"]?[0]?["site"]
        #expect(site?.string == text)
        #expect(site?.tag == Tag(.str))
    }
}
