import ArgumentParser
import Crypto
import DNSResolver
import Foundation
import PublishingPlanner
import Reports
import Workflows

/// `lynccert verify`: Microsoft's "verify access through your reverse proxy" list, through a
/// reverse proxy given by address, before public DNS points at it.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check access through the reverse proxy (Microsoft's verify-access list).",
        discussion: """
            Every request names the published host in its URL, SNI and Host header, and is \
            sent to --connect instead of the address public DNS gives. Checks, per \
            published name: /abs and /GroupExpansion/service.svc challenge for credentials \
            (401 + WWW-Authenticate); /meet, /dialin and the Meet and Dial-in simple URLs \
            answer with a page; /autodiscover/autodiscoverservice.svc/root answers 200, \
            here and on every lyncdiscover name, and AccessLocation Internal there fails \
            (the rule forwards to the internal web site, 443, instead of 4443); \
            https://lyncdiscover.<domain>/ (http:// with autodiscover: http) returns the \
            autodiscover JSON, AccessLocation External; Office Web Apps Server's \
            /hosting/discovery answers 200; and the certificate served for each HTTPS \
            name covers it, audited with lynccert audit's checks (chain against --ca-file, \
            else the system's trust store). The HTTP requests themselves verify the \
            certificate only when --ca-file is given. Redirects are followed only on the \
            same host. Each certificate line shows the thumbprint (as Windows shows it), \
            notAfter and the days left (from --at when given). The text ends with GO or \
            NO-GO; --report puts what failed first.

            EXAMPLES
              lynccert verify topology.yaml --connect 203.0.113.10
              lynccert verify topology.yaml --connect 127.0.0.1:8443 --http-port 8080
              lynccert verify topology.yaml --connect 203.0.113.10 --format json
              lynccert verify topology.yaml --connect 203.0.113.10 --report cutover.html \\
                  --dns-server 203.0.113.53

            EXIT CODES
              0  every check passed (warnings allowed)
              1  at least one check failed (or, with --dns-server, a record is \
            missing, mismatched or in error)
              2  bad input or usage: malformed topology, --connect or option
              3  the address could not be reached at all
            """
    )

    @OptionGroup var input: TopologyArgument

    @Option(help: "The reverse proxy's listener: ADDR[:PORT] (HTTPS port, default 443); IPv6 as [ADDR]:PORT.")
    var connect: String

    @Option(help: "Port of the plain-HTTP listener at the same address (autodiscover: http).")
    var httpPort: Int = 80

    @Option(help: "PEM trust anchors for the certificate check; the HTTP requests then verify the chain too.")
    var caFile: String?

    @Option(help: "Seconds for each whole request (connect, TLS, answer and redirects) and each certificate handshake.")
    var timeout: Double = 10

    @Option(help: "Requests in flight at once.")
    var concurrency: Int = 8

    @Option(help: "Also write a self-contained HTML cut-over report to this file.")
    var report: String?

    @Option(help: "Also check the external DNS records against this server: ADDR[:PORT] (as dns check --server).")
    var dnsServer: String?

    @OptionGroup var time: TimeOption

    @OptionGroup(title: "Output")
    var output: OutputOptions

    /// Refuses a `--report` path whose folder is missing (or is not a folder), or that is a
    /// folder itself, before a single request is made: a cut-over run is not repeated for a typo.
    static func checkReportTarget(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError.badInput("--report \(path): is a folder; give a file name")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw CLIError.badInput("--report \(path): the folder \(folder) does not exist")
        }
        guard isDirectory.boolValue else {
            throw CLIError.badInput("--report \(path): \(folder) is not a folder")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw CLIError.badInput("--report \(path): the folder \(folder) is not writable")
        }
    }

    func validate() throws {
        guard VerifyEndpoint.parse(connect, defaultPort: 443) != nil else {
            throw ValidationError(
                "--connect '\(connect)': expected ADDR[:PORT], e.g. 203.0.113.10 or [2001:db8::1]:443")
        }
        guard (1...65535).contains(httpPort) else {
            throw ValidationError("--http-port \(httpPort): a port is 1 to 65535")
        }
        guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout \(timeout): 0 to 600 seconds") }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency \(concurrency): 1 to 64") }
        if let dnsServer, (try? DNSServer(parsing: dnsServer)) == nil {
            throw ValidationError(
                "--dns-server '\(dnsServer)': expected an IP address with an optional port, ADDR[:PORT]")
        }
        if let report, report.isEmpty { throw ValidationError("--report needs a file name") }
    }

    func run() async throws {
        let loaded = try input.load()
        if let report {
            try Self.checkReportTarget(report)
            try refuseNonRegularDestination(report)
        }
        if let caFile {
            _ = try TopologyInput.readFile(caFile)
        }
        guard let https = VerifyEndpoint.parse(connect, defaultPort: 443) else { throw CLIError.badInput("--connect") }
        let settings = VerifyRun.Settings(
            https: https, httpPort: UInt16(httpPort), caFile: caFile, trustStore: readAnchors(),
            timeout: timeout, concurrency: concurrency, dnsServer: try dnsServer.map { try DNSServer(parsing: $0) },
            now: time.now)
        let outcome = await VerifyRun.run(loaded: loaded, settings: settings)

        switch output.format {
        case .json: Console.out(try outcome.json())
        case .text: Console.text(outcome.text())
        }
        if let report {
            let html = CutoverReport(outcome: outcome, generated: Date(), generator: "lynccert \(lynccertVersion)")
                .html()
            // The report is replaced on every run, through the same writer as every other output.
            try writeAtomically([(report, Array(html.utf8), 0o644)], replace: true)
            // Standard output stays pure JSON with --format json.
            let line = "report written to \(report)"
            if output.format == .json { Console.error(line) } else { Console.out(line) }
        }
        if outcome.unreachable {
            throw CLIError.failed("no connection to \(https) for any request: is the reverse proxy listening there?")
        }
        if !outcome.go { throw CLIError.findings }
    }

    /// The certificate check's anchors: `--ca-file`, else the system's; a failure to load them
    /// fails every certificate check with the reason (the HTTP checks still run).
    func readAnchors() -> Result<TrustStore, WorkflowError> {
        Result {
            if let caFile {
                try TrustStore(anchors: .pem(try CertificateFiles.read(caFile)))
            } else {
                try TrustStore(anchors: .system)
            }
        }.mapError { WorkflowError.failed("\($0)") }
    }
}
