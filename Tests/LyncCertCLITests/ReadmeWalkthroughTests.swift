import Foundation
import TestSupport
import Testing

/// The shell blocks of README.md and docs/*.md marked `<!-- runnable -->`, run as printed with the
/// built `lynccert` first on `PATH`.
///
/// README's "Cut-over walkthrough" section runs in order in one empty folder. Its steps an admin does by
/// hand are `<!-- walkthrough: NAME ARGS -->` comments the test carries out itself, on loopback
/// only: `ca-signs` (a throw-away CA signs the request as submitted), `dns-serves` (NSD serves the
/// exported zone files), `internal-root` (the CA that issued the stand-in pool's certificate),
/// `nginx-serves` (nginx runs the exported server blocks). The walkthrough's site variables are set
/// to those servers: `DNS_SERVER` (NSD), `PROXY` (nginx), `POOL_WEB` (the Lync web stand-in).
/// Every other runnable block runs in a fresh folder holding the contoso example as `topology.yaml`.
@Suite("README: every runnable block runs as printed", .serialized)
struct ReadmeWalkthroughTests {
    static let readme = TestSupport.packageRoot.appendingPathComponent("README.md")

    /// README.md and every Markdown file of docs/, by path relative to the package root.
    static func documents() throws -> [String] {
        let docs = TestSupport.packageRoot.appendingPathComponent("docs")
        let names = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }
        return ["README.md"] + names.sorted().map { "docs/" + $0 }
    }

    @Test(
        "the cut-over walkthrough runs in order on loopback: init, plan, export, csr, CA, pfx, audit, dns check, verify"
    )
    func walkthrough() throws {
        let script = try ReadmeScript(markdown: try String(contentsOf: Self.readme, encoding: .utf8))
        #expect(script.problems.isEmpty, "\(script.problems)")
        let steps = script.walkthrough
        // The admin's order, so an emptied or reordered walkthrough cannot pass by running nothing.
        let expectedOrder = [
            "lynccert init", "lynccert plan", "lynccert export", "lynccert csr", "walkthrough: ca-signs",
            "lynccert pfx", "lynccert audit", "walkthrough: dns-serves", "lynccert dns check",
            "walkthrough: nginx-serves", "lynccert verify",
        ]
        #expect(isSubsequence(expectedOrder, of: steps.map(\.summary)), "\(steps.map(\.summary))")
        #expect(
            steps.contains { $0.summary == "lynccert export" && $0.text.contains("--to bind") }
                && steps.contains { $0.summary == "lynccert export" && $0.text.contains("--to windows-dns") }
                && steps.contains { $0.summary == "lynccert export" && $0.text.contains("--to iis-arr") }
                && steps.contains { $0.summary == "lynccert export" && $0.text.contains("--to nginx") })

        let runner = try WalkthroughRunner()
        for step in steps {
            // Later commands need what this one should have made.
            guard try runner.run(step) else { return }
        }
        // verify's report exists and says GO: the walkthrough reached a ready cut-over.
        let report = runner.folder.file("cutover.html")
        let page = try ReportPage(try String(contentsOf: report, encoding: .utf8))
        #expect(page.verdict.hasPrefix("GO"), "\(page.verdict)")
    }

    @Test("every other runnable block, in README.md and docs/*.md, runs in a folder holding the contoso example")
    func otherBlocks() throws {
        let documents = try Self.documents()
        #expect(documents.contains("docs/commands.md"), "\(documents)")
        var blocks = 0
        for document in documents {
            let script = try ReadmeScript(
                markdown: try String(contentsOf: TestSupport.fixture(document), encoding: .utf8))
            #expect(script.problems.isEmpty, "\(document): \(script.problems)")
            if document != "README.md" {
                #expect(script.walkthrough.isEmpty, "\(document) has a walkthrough section of its own")
            }
            blocks += script.elsewhere.count
            for block in script.elsewhere {
                let folder = try TemporaryDirectory(prefix: "lynccert-readme")
                // A process: a relative path in the block's working directory.
                #expect(try runLynccertProcess(["init", "topology.yaml"], currentDirectory: folder.url).status == 0)
                for command in block {
                    let result = try runShell(command.text, in: folder.url, environment: [:])
                    #expect(
                        result.status == command.expectedStatus,
                        "\(document):\(command.line): \(command.text)\nexit \(result.status)\n\(result.stdout)\(result.stderr)"
                    )
                }
            }
        }
        #expect(blocks > 0)
    }

    @Test("the parser reads markers, continuations, comments and expected exits, and flags a stray marker")
    func parser() throws {
        let markdown = """
            ## Intro
            <!-- runnable -->
            ```sh
            # a comment line
            lynccert plan topology.yaml   # trailing comment
            lynccert export topology.yaml --to nginx \\
                --out x.conf
            ```
            <!-- runnable: exit 1 -->
            ```sh
            lynccert plan broken.yaml
            ```
            ```sh
            lynccert not-marked
            ```
            ## Cut-over walkthrough
            <!-- walkthrough: ca-signs a.csr a.cer ca.pem -->
            <!-- runnable -->
            ```sh
            lynccert verify topology.yaml --connect "$PROXY"
            ```
            ## Exit codes
            <!-- runnable -->
            Not a fence.
            """
        let script = try ReadmeScript(markdown: markdown)
        #expect(
            script.elsewhere.map { $0.map(\.text) } == [
                [
                    "lynccert plan topology.yaml   # trailing comment",
                    "lynccert export topology.yaml --to nginx --out x.conf",
                ],
                ["lynccert plan broken.yaml"],
            ])
        #expect(script.elsewhere.last?.first?.expectedStatus == 1)
        #expect(script.elsewhere.first?.last?.line == 6)
        #expect(script.walkthrough.map(\.summary) == ["walkthrough: ca-signs", "lynccert verify"])
        #expect(script.walkthrough.first?.arguments == ["a.csr", "a.cer", "ca.pem"])
        #expect(script.problems == ["line 23: <!-- runnable --> is not followed by a ```sh fence"])
    }
}

/// Whether `items` appear in `sequence` in the same order (others may come between).
func isSubsequence(_ items: [String], of sequence: [String]) -> Bool {
    var rest = sequence[...]
    for item in items {
        guard let index = rest.firstIndex(of: item) else { return false }
        rest = rest[(index + 1)...]
    }
    return true
}

/// `/bin/sh -c text` in `folder`, with the built `lynccert` first on `PATH`.
func runShell(_ text: String, in folder: URL, environment: [String: String]) throws -> ProcessResult {
    let bin = TestSupport.lynccertBinary.deletingLastPathComponent().path
    let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    var env = environment
    env["PATH"] = path
    return try runProcess("/bin/sh", ["-c", text], environment: env, currentDirectory: folder, timeout: 60)
}

/// The runnable parts of a Markdown document.
struct ReadmeScript {
    struct Command {
        var text: String
        /// The line of the document the command starts on.
        var line: Int
        var expectedStatus: Int32
    }

    /// A walkthrough step: a command, or a hook (`walkthrough: NAME ARGS`) the test carries out.
    struct Step {
        var command: Command?
        var hook: String?
        var arguments: [String] = []
        var line: Int

        var text: String { command?.text ?? "walkthrough: \(hook ?? "")" }

        /// `lynccert SUBCOMMAND` (`lynccert dns check` for the two-word one), or `walkthrough: NAME`.
        var summary: String {
            if let hook { return "walkthrough: \(hook)" }
            let words = text.split(separator: " ").map(String.init)
            guard words.first == "lynccert", words.count > 1 else { return words.first ?? "" }
            if words[1] == "dns", words.count > 2 { return "lynccert dns \(words[2])" }
            return "lynccert \(words[1])"
        }
    }

    /// Runnable blocks outside the walkthrough section, in document order.
    var elsewhere: [[Command]] = []
    /// The walkthrough section's commands and hooks, in document order.
    var walkthrough: [Step] = []
    /// Markers that mark nothing.
    var problems: [String] = []

    init(markdown: String) throws {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var inWalkthrough = false
        var inFence = false
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                inFence.toggle()
                index += 1
                continue
            }
            if !inFence && line.hasPrefix("## ") { inWalkthrough = line == "## Cut-over walkthrough" }
            if !inFence, let marker = Self.comment(line, keyword: "runnable") {
                let expected = Self.expectedStatus(marker)
                guard index + 1 < lines.count, lines[index + 1].trimmingCharacters(in: .whitespaces) == "```sh"
                else {
                    problems.append("line \(index + 1): \(line) is not followed by a ```sh fence")
                    index += 1
                    continue
                }
                var commands: [Command] = []
                var current = ""
                var start = 0
                index += 2
                while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "```" {
                    let text = lines[index].trimmingCharacters(in: .whitespaces)
                    if current.isEmpty {
                        if text.isEmpty || text.hasPrefix("#") {
                            index += 1
                            continue
                        }
                        start = index + 1
                    }
                    if text.hasSuffix("\\") {
                        current += text.dropLast().trimmingCharacters(in: .whitespaces) + " "
                    } else {
                        current += text
                        commands.append(Command(text: current, line: start, expectedStatus: expected))
                        current = ""
                    }
                    index += 1
                }
                index += 1  // the closing fence
                if inWalkthrough {
                    walkthrough += commands.map { Step(command: $0, line: $0.line) }
                } else {
                    elsewhere.append(commands)
                }
                continue
            }
            if !inFence, inWalkthrough, let hook = Self.comment(line, keyword: "walkthrough:") {
                let words = hook.split(separator: " ").map(String.init)
                walkthrough.append(
                    Step(hook: words.first ?? "", arguments: Array(words.dropFirst()), line: index + 1))
            }
            index += 1
        }
    }

    /// What follows `keyword` in an HTML comment line `<!-- keyword … -->`, else nil.
    static func comment(_ line: String, keyword: String) -> String? {
        guard line.hasPrefix("<!--"), line.hasSuffix("-->") else { return nil }
        let body = line.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
        guard body.hasPrefix(keyword) else { return nil }
        let rest = body.dropFirst(keyword.count)
        guard rest.isEmpty || rest.first == " " || rest.first == ":" else { return nil }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    /// `runnable: exit N` expects N; a plain `runnable` expects 0.
    static func expectedStatus(_ marker: String) -> Int32 {
        let words = marker.drop { $0 == ":" }.split(separator: " ")
        guard words.count == 2, words[0] == "exit", let status = Int32(words[1]) else { return 0 }
        return status
    }
}

/// Carries out the walkthrough: commands in one folder, hooks with loopback servers.
final class WalkthroughRunner {
    let folder: TemporaryDirectory
    let standIn: LyncWebStandIn
    let internalCA: RehearsalCA
    /// README's commands write it into the nginx configuration, so nginx cannot be retried on another.
    let proxyPort: UInt16
    var environment: [String: String]
    var nsd: NSDServer?
    var proxy: NginxReverseProxy?
    /// The CAs' own folder, apart from the walkthrough's, so the README's files are all it sees.
    let caFolder: TemporaryDirectory

    init() throws {
        proxyPort = try LoopbackPorts.allocate()
        folder = try TemporaryDirectory(prefix: "lynccert-walkthrough")
        caFolder = try TemporaryDirectory(prefix: "lynccert-walkthrough-ca")
        internalCA = try RehearsalCA(in: try TemporaryDirectory(prefix: "lynccert-walkthrough-internal-ca"))
        // The pool's external web site (and Office Web Apps), certified by the internal CA under
        // the internal names the reverse proxy forwards to and the published names it serves.
        let backend = try internalCA.issue(
            "pool",
            dnsNames: [
                "lsweb.contoso.net", "dirpool01.contoso.net", "officewebapps01.contoso.com", "webext.contoso.com",
                "webdirext.contoso.com", "meet.contoso.com", "dialin.contoso.com", "lyncdiscover.contoso.com",
            ])
        standIn = try LyncWebStandIn(
            names: [
                "webext.contoso.com", "webdirext.contoso.com", "meet.contoso.com", "dialin.contoso.com",
                "officewebapps01.contoso.com", "lyncdiscover.contoso.com",
            ], externalWebFqdn: "webext.contoso.com", certificate: backend.certificate, key: backend.key)
        environment = ["PROXY": "127.0.0.1:\(proxyPort)", "POOL_WEB": "127.0.0.1:\(standIn.port)"]
    }

    /// Runs one step; false when it failed (recorded as a test issue).
    func run(_ step: ReadmeScript.Step) throws -> Bool {
        if let command = step.command {
            let result = try runShell(command.text, in: folder.url, environment: environment)
            #expect(
                result.status == command.expectedStatus,
                "README.md:\(command.line): \(command.text)\nexit \(result.status)\n\(result.stdout)\(result.stderr)\(proxy?.errorLog ?? "")"
            )
            return result.status == command.expectedStatus
        }
        switch (step.hook ?? "", step.arguments.count) {
        case ("ca-signs", 3):
            // The CA signs the request as submitted (its own subject and SAN).
            let ca = try RehearsalCA(in: caFolder)
            let issued = try ca.sign(folder.file(step.arguments[0]))
            try FileManager.default.copyItem(at: issued, to: folder.file(step.arguments[1]))
            try FileManager.default.copyItem(at: ca.certificate, to: folder.file(step.arguments[2]))
        case ("dns-serves", 1):
            let directory = folder.file(step.arguments[0])
            var zones: [String: String] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path)
            where name.hasSuffix(".zone") {
                zones[String(name.dropLast(5))] = try String(
                    contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            }
            #expect(!zones.isEmpty, "README.md:\(step.line): no zone files in \(step.arguments[0])")
            let server = try NSDServer(zones: zones)
            nsd = server
            environment["DNS_SERVER"] = server.address
        case ("internal-root", 1):
            try FileManager.default.copyItem(at: internalCA.certificate, to: folder.file(step.arguments[0]))
        case ("nginx-serves", 1):
            proxy = try NginxReverseProxy(
                httpBlock: "include \(folder.file(step.arguments[0]).path);", ports: [proxyPort])
        default:
            Issue.record("README.md:\(step.line): unknown walkthrough step \(step.text) \(step.arguments)")
            return false
        }
        return true
    }
}
