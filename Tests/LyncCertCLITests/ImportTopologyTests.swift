import Foundation
import TestSupport
import Testing

@Suite("lynccert import-topology")
struct ImportTopologyTests {
    static let samples = TestSupport.packageRoot.appendingPathComponent("Tests/TopologyImportTests/Samples")
    static let contoso = samples.appendingPathComponent("AutomatedLab-SfBAutomatedLab-Contoso.tbxml").path
    static let published = samples.appendingPathComponent("rlevchenko-powershell-skype-DefaultTopology.xml").path

    @Test("writes the YAML to stdout and the findings to stderr, exit 0")
    func toStandardOutput() async throws {
        let result = try await runLynccert(["import-topology", Self.contoso])
        #expect(result.status == 0)
        #expect(
            result.stdout.hasPrefix("# Topology for lynccert, imported from AutomatedLab-SfBAutomatedLab-Contoso.tbxml")
        )
        #expect(result.stdout.contains("\n  - fqdn: frontendpool.contoso.com\n    role: frontEnd\n"))
        #expect(result.stdout.contains("\n  # externalAddress:  # needed: "))
        #expect(
            result.stderr.contains(
                "lynccert: warning: reverse-proxy-address-missing: reverseProxy.externalAddress: "))
        // Topology Builder's default external name (the pool FQDN) is kept, with the MOB-TECH warning.
        #expect(result.stdout.contains("\n    externalWebFqdn: frontendpool.contoso.com  # check: "))
        #expect(
            result.stderr.contains("lynccert: warning: external-web-fqdn-equals-internal: pools[0].externalWebFqdn: "))
        #expect(!result.stderr.contains("external-web-fqdn-is-internal"))
        #expect(result.stderr.contains("lynccert: info: edge-pool-several-servers: "))
        #expect(!result.stdout.contains("lynccert:"))
    }

    @Test("--out writes the same YAML to a file and nothing to stdout")
    func toFile() async throws {
        let folder = try TemporaryDirectory()
        let out = folder.file("topology.yaml").path
        let result = try await runLynccert(["import-topology", Self.published, "--out", out])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("simple-url-default"))
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written == (try await runLynccert(["import-topology", Self.published])).stdout)
        #expect(written.contains(#"url: "https://meet.tenant.rlevchenko.com"  # check: "#))
    }

    @Test("the written file plans with lynccert plan")
    func writtenFilePlans() async throws {
        let folder = try TemporaryDirectory()
        let out = folder.file("topology.yaml").path
        #expect(try await runLynccert(["import-topology", Self.contoso, "--out", out]).status == 0)
        let plan = try await runLynccert(["plan", out, "--format", "json"])
        #expect(plan.status == 0 || plan.status == 1)
        #expect(plan.stdout.contains("\"findings\""))
        #expect(!plan.stderr.contains("not implemented"))
    }

    @Test("refuses to overwrite an existing file without --force (exit 2), overwrites with it")
    func refusesOverwrite() async throws {
        let folder = try TemporaryDirectory()
        let out = try folder.write("topology.yaml", "hand-edited: keep me\n")
        let refused = try await runLynccert(["import-topology", Self.contoso, "--out", out])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("already exists"))
        #expect(refused.stderr.contains("--force"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "hand-edited: keep me\n")

        let forced = try await runLynccert(["import-topology", Self.contoso, "--out", out, "--force"])
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("fqdn: frontendpool.contoso.com"))
    }

    @Test("malformed XML: exit 2, the file and line on stderr, nothing written")
    func malformed() async throws {
        let folder = try TemporaryDirectory()
        let input = try folder.write(
            "broken.tbxml", "<TopologyBuilder xmlns=\"x\">\n  <NewTopology>\n</TopologyBuilder>\n")
        let out = folder.file("out.yaml").path
        let result = try await runLynccert(["import-topology", input, "--out", out])
        #expect(result.status == 2)
        #expect(result.stderr.contains("broken.tbxml: line 1: TopologyBuilder: the root element is in namespace 'x'"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("an unclosed tag: exit 2 with the line")
    func unclosed() async throws {
        let folder = try TemporaryDirectory()
        let input = try folder.write(
            "unclosed.xml",
            "<Topology xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008\">\n  <Sites>\n</Topology>\n")
        let result = try await runLynccert(["import-topology", input])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unclosed.xml: line 3: a closing tag does not match"))
    }

    @Test("usage errors: missing file, no argument, a directory as --out", arguments: [["missing.tbxml"], [], ["DIR"]])
    func usageErrors(arguments: [String]) async throws {
        let folder = try TemporaryDirectory()
        var args = ["import-topology"]
        if arguments == ["DIR"] {
            args += [Self.contoso, "--out", folder.path]
        } else {
            args += arguments.map { folder.file($0).path }
        }
        let result = try await runLynccert(args)
        #expect(result.status == 2)
        #expect(!result.stderr.isEmpty)
        #expect(result.stdout.isEmpty)
    }

    @Test("a byte that is not UTF-8 in an element name: exit 2 naming the byte and line, no crash")
    func invalidUTF8() async throws {
        let dir = try TemporaryDirectory()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.published)))
        let offset = try #require(bytes.firstRange(of: Array("<InternalDomains".utf8))).lowerBound + 3
        bytes[offset] = 0xFF
        let file = dir.url.appendingPathComponent("flipped.xml")
        try Data(bytes).write(to: file)
        let result = try await runLynccert(["import-topology", file.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("flipped.xml: line 2: the document is not valid UTF-8: byte 0xFF"))
    }

    @Test("50 000 nested elements: exit 2 naming the depth, no stack overflow")
    func deepNesting() async throws {
        let dir = try TemporaryDirectory()
        let ns = "urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008"
        let text =
            "<Topology xmlns=\"\(ns)\">\n" + String(repeating: "<Sites>", count: 50_000)
            + String(repeating: "</Sites>", count: 50_000) + "\n</Topology>\n"
        let file = try dir.write("deep.xml", text)
        let result = try await runLynccert(["import-topology", file])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("deep.xml: line 2: Sites: elements are nested more than 64 levels deep"))
    }
}
