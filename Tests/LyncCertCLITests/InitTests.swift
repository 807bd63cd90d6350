import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import LyncCertCLI
@testable import Reports
@testable import Workflows

@Suite("lynccert init")
struct InitTests {
    @Test("every bundled example loads with no problems and no findings", arguments: ExampleTopology.all.map(\.name))
    func examplesLoad(_ name: String) throws {
        let example = try #require(ExampleTopology.named(name))
        let loaded = try TopologyLoader.load(text: example.text, format: .yaml, source: name + ".yaml")
        #expect(loaded.findings.isEmpty, "\(loaded.findings)")
    }

    @Test("every key of every example carries a comment")
    func examplesAreCommented() throws {
        for example in ExampleTopology.all {
            let lines = example.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
                // A key line is commented on the line itself or just above it (a section comment).
                let previous = index > 0 ? lines[index - 1].trimmingCharacters(in: .whitespaces) : ""
                let commented =
                    line.contains(" # ") || previous.hasPrefix("#")
                    || isInsideCommentedBlock(lines: lines, index: index)
                #expect(commented, "\(example.name): line \(index + 1) has no comment: \(line)")
            }
        }
    }

    /// Items of a list or map whose parent key line is commented (e.g. the three Edge addresses).
    func isInsideCommentedBlock(lines: [Substring], index: Int) -> Bool {
        let indent = lines[index].prefix { $0 == " " }.count
        var i = index - 1
        while i >= 0 {
            let line = lines[i]
            let lineIndent = line.prefix { $0 == " " }.count
            if !line.trimmingCharacters(in: .whitespaces).isEmpty && lineIndent < indent
                && !line.trimmingCharacters(in: .whitespaces).hasPrefix("#")
            {
                return line.contains(" # ")
                    || (i > 0 && lines[i - 1].trimmingCharacters(in: .whitespaces).hasPrefix("#"))
            }
            i -= 1
        }
        return false
    }

    @Test("the contoso example has Microsoft's names and addresses")
    func contosoContent() throws {
        let t = try TopologyLoader.load(text: ExampleTopology.contoso, format: .yaml, source: "c.yaml").topology
        #expect(t.sipDomains == ["contoso.com"])
        #expect(t.pools.map(\.externalWebFqdn) == ["webext.contoso.com", "webdirext.contoso.com"])
        #expect(t.pools.map(\.role) == [.frontEnd, .director])
        #expect(t.officeWebApps?.fqdn == "officewebapps01.contoso.com")
        #expect(t.officeWebApps?.publishedExternally == true)
        let edge = try #require(t.edgePools.first)
        #expect(edge.fqdn == "lsedge.contoso.net")
        #expect(
            [edge.accessEdgeFqdn, edge.webConferencingFqdn, edge.avFqdn] == [
                "sip.contoso.com", "webcon.contoso.com", "av.contoso.com",
            ])
        #expect(
            edge.externalAddresses
                == EdgeAddresses(access: "131.107.155.10", webConferencing: "131.107.155.20", av: "131.107.155.30"))
        #expect(edge.internalAddresses == ["172.25.33.10"])
        #expect(edge.federation)
        #expect(t.reverseProxy.internalAddress == "172.25.33.40")
        #expect(t.reverseProxy.internalRoutes.map(\.subnet) == ["192.168.10.0/24"])
        #expect(t.simpleUrls.admin == "https://admin.contoso.com")
        // The listener address must be public (not RFC 1918), or the external DNS view flags it.
        let listener = try #require(t.reverseProxy.externalAddress)
        #expect(!listener.hasPrefix("10.") && !listener.hasPrefix("192.168.") && !listener.hasPrefix("172."))
    }

    @Test("the multi-domain example has two SIP domains with a Meet URL each, two Front End pools and a Director")
    func multiDomainContent() throws {
        let t = try TopologyLoader.load(text: ExampleTopology.multiDomain, format: .yaml, source: "m.yaml").topology
        #expect(t.sipDomains == ["contoso.com", "fabrikam.com"])
        #expect(t.simpleUrls.meet.map(\.domain) == ["contoso.com", "fabrikam.com"])
        #expect(t.pools.filter { $0.role == .frontEnd }.count == 2)
        #expect(t.directors.count == 1)
    }

    @Test("without FILE the example goes to stdout")
    func toStdout() async throws {
        let result = try await runLynccert(["init"])
        #expect(result.status == 0)
        #expect(result.stdout == ExampleTopology.contoso)
        let fabrikam = try await runLynccert(["init", "--example", "multi-domain"])
        #expect(fabrikam.stdout == ExampleTopology.multiDomain)
    }

    @Test("writes FILE, refuses to overwrite it, overwrites with --force")
    func writeAndOverwrite() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("topology.yaml").path
        let first = try await runLynccert(["init", "--example", "standard-edition", path])
        #expect(first.status == 0)
        #expect(first.stdout.isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == ExampleTopology.standardEdition)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o644)

        try "mine\n".write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try await runLynccert(["init", path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--force"))
        #expect(refused.stderr.contains(path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine\n")

        let forced = try await runLynccert(["init", path, "--force"])
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == ExampleTopology.contoso)

        // What init wrote, plan reads.
        let plan = try await runLynccert(["plan", path])
        #expect(plan.status != 2, "\(plan.stderr)")
    }

    @Test("--list names every example")
    func list() async throws {
        let result = try await runLynccert(["init", "--list"])
        #expect(result.status == 0)
        let names = result.stdout.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(names == ExampleTopology.all.map(\.name))
    }

    @Test("an unknown example is bad input: exit 2, the list of examples on stderr")
    func unknownExample() async throws {
        let dir = try TemporaryDirectory()
        let result = try await runLynccert(["init", "--example", "northwind", dir.file("t.yaml").path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("northwind"))
        #expect(result.stderr.contains("contoso, multi-domain, standard-edition"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("t.yaml").path))
    }

    @Test("an unwritable FILE is an I/O failure: exit 3")
    func unwritable() async throws {
        let dir = try TemporaryDirectory()
        let result = try await runLynccert(["init", dir.file("missing/sub/t.yaml").path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("cannot write"))
    }
}
