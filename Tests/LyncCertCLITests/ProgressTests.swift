import Foundation
import TestSupport
import Testing

/// The progress line of long runs: on a terminal only (a pty from `script`), never in a pipe, never
/// with `--quiet`. `LYNCCERT_PROGRESS_DELAY=0` shows it at once, so small keys keep the test quick.
@Suite("Progress on standard error")
struct ProgressTests {
    static let erase = "\r\u{1B}[K"

    func topology(in directory: TemporaryDirectory) async throws -> String {
        let path = directory.file("contoso.yaml").path
        let result = try await runLynccert(["init", "--example", "contoso", path])
        try #require(result.status == 0, "\(result.stderr)")
        return path
    }

    /// Runs lynccert under `script`, which gives it a pseudo-terminal as stdin, stdout and stderr;
    /// returns everything written to the terminal.
    func onTerminal(_ arguments: [String]) throws -> ProcessResult {
        let quoted = ([TestSupport.lynccertBinary.path] + arguments).map {
            "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        return try runProcess(
            "script", ["-qec", quoted.joined(separator: " "), "/dev/null"],
            environment: ["LYNCCERT_PROGRESS_DELAY": "0"])
    }

    @Test("csr --all on a terminal: a line per certificate, erased before the report")
    func terminal() async throws {
        let tmp = try TemporaryDirectory()
        let topology = try await topology(in: tmp)
        let result = try onTerminal(["csr", topology, "--all", "--key-type", "ecdsa", "--out", tmp.file("a").path])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains(Self.erase + "lynccert: csr 1/9: reverse-proxy, ECDSA P-256 key (0 s)"))
        #expect(result.stdout.contains(Self.erase + "lynccert: csr 9/9: "))
        // Erased before the report: the report starts on a clean line.
        let lastDraw = try #require(result.stdout.range(of: "lynccert: csr ", options: .backwards))
        let report = try #require(result.stdout.range(of: "Certificate reverse-proxy"))
        #expect(lastDraw.upperBound < report.lowerBound)
        #expect(result.stdout[lastDraw.upperBound..<report.lowerBound].contains(Self.erase), "\(result.stdout)")
        let audit = try onTerminal([
            "audit", topology, "--cert", "reverse-proxy", tmp.file("a/reverse-proxy.csr").path,
        ])
        #expect(audit.stdout.contains(Self.erase + "lynccert: auditing 1 file (0 s)"), "\(audit.stdout)")
    }

    @Test("--quiet on a terminal, and any run whose standard error is a pipe: no progress bytes")
    func quietAndPiped() async throws {
        let tmp = try TemporaryDirectory()
        let topology = try await topology(in: tmp)
        let quiet = try onTerminal([
            "csr", topology, "--all", "--key-type", "ecdsa", "--out", tmp.file("q").path, "--quiet",
        ])
        #expect(quiet.status == 0, "\(quiet.stdout)")
        #expect(quiet.stdout.contains("Certificate reverse-proxy"))
        #expect(!quiet.stdout.contains("lynccert: csr") && !quiet.stdout.contains("\u{1B}[K"))

        // A process: what is tested is standard error being a real pipe (isatty).
        let piped = try runLynccertProcess(
            ["csr", topology, "--all", "--key-type", "ecdsa", "--out", tmp.file("p").path],
            environment: ["LYNCCERT_PROGRESS_DELAY": "0"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stderr.contains("rsa-required-for-lync-role"))  // stderr is written to, just not progress
        #expect(!piped.stderr.contains("\r") && !piped.stderr.contains("\u{1B}"), "\(piped.stderr)")
        #expect(!piped.stderr.contains("lynccert: csr "))
    }

    @Test("dns check: a counter on a terminal for 200 queries or more, none with --quiet")
    func dnsCheck() async throws {
        let tmp = try TemporaryDirectory()
        // 41 SIP domains: about 300 questions. Nothing listens on the port, so every one is refused at once.
        let domains = (0..<40).map { "d\($0).example" }
        let text = try String(contentsOfFile: try await topology(in: tmp), encoding: .utf8)
            .replacingOccurrences(
                of: "sipDomains: [contoso.com]",
                with: "sipDomains: [contoso.com, \(domains.joined(separator: ", "))]"
            )
            .replacingOccurrences(
                of: "    - {domain: contoso.com, url: \"https://meet.contoso.com\"}\n",
                with: "    - {domain: contoso.com, url: \"https://meet.contoso.com\"}\n"
                    + domains.map { "    - {domain: \($0), url: \"https://meet.\($0)\"}\n" }.joined())
        let topology = try tmp.write("big.yaml", text)
        let server = "127.0.0.1:\(try LoopbackPorts.allocate(udp: true))"
        let arguments = ["dns", "check", topology, "--view", "external", "--server", server, "--timeout", "1"]
        let shown = try onTerminal(arguments)
        #expect(shown.status == 3, "\(shown.stdout)")
        #expect(shown.stdout.contains("\rlynccert: resolving 1/"), "\(shown.stdout)")
        let quiet = try onTerminal(arguments + ["--quiet"])
        #expect(quiet.status == 3 && quiet.stdout.contains("no DNS server answered"), "\(quiet.stdout)")
        #expect(!quiet.stdout.contains("resolving"), "\(quiet.stdout)")
    }
}
