import ArgumentParser
import DNSPlanner
import DNSResolver
import Foundation
import Reports
import TopologyModel
import Workflows

/// `lynccert dns`: live DNS checks.
struct DNSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns",
        abstract: "Check live DNS against the plan.",
        subcommands: [DNSCheckCommand.self, DNSQueryCommand.self]
    )
}

/// `lynccert dns check`: resolves every planned record live and flags gaps.
struct DNSCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Resolve every planned record live and flag gaps.",
        discussion: """
            Asks the given DNS servers (or the system's resolvers) for every record the plan puts in the chosen view, all at once, and compares the answers with the plan. Point --server at the public DNS provider's servers (external) or a domain controller (internal) before the cut-over; with several --server options the report also shows where they disagree. In the external view the internal-only discovery names (lyncdiscoverinternal, _sipinternaltls._tcp) are checked too: they must not answer.

            STATUSES
              ok        as planned
              missing   NXDOMAIN, or no record of that type
              mismatch  another address, CNAME target, SRV target or port
              error     time-out, SERVFAIL, REFUSED after the retries, bad answer
              warning   as planned, but: extra addresses; a CNAME where the plan has an A record; a lyncdiscover \
            CNAME into another domain; a private address in external DNS; an internal-only name answering \
            externally; servers that disagree

            EXAMPLES
              lynccert dns check topology.yaml --view external --server 192.0.2.53
              lynccert dns check topology.yaml --view internal \\
                --server 10.0.0.10 --server 10.0.0.11
              lynccert dns check topology.yaml --view external \\
                --server [2001:db8::53]:53 --format json

            EXIT CODES
              0  every record as planned (warnings allowed)
              1  something is missing, mismatched or in error
              2  bad flags (a malformed --server) or a bad topology
              3  no server answered at all
            """
    )

    @OptionGroup var input: TopologyArgument

    @Option(help: "The view to check: external or internal.")
    var view: DNSView

    @OptionGroup(title: "Resolver")
    var resolver: ResolverOptions

    @OptionGroup(title: "Output")
    var output: OutputOptions

    @Flag(help: "No progress line on standard error (shown only on a terminal, for 200 queries or more).")
    var quiet = false

    func run() async throws {
        let loaded = try input.load()
        let dnsServers = try resolver.resolvedServers()
        let plan = DNSPlanning.plan(loaded.topology)
        let showProgress =
            !quiet && Console.stderrIsTerminal
            && DNSCheckRun.questionCount(plan: plan, view: view, servers: dnsServers) >= 200
        let outcome = await DNSCheckRun.run(
            plan: plan, view: view, servers: dnsServers, client: resolver.client(servers: dnsServers),
            progress: showProgress ? Self.progress(to: Console.io) : nil)
        if showProgress { Console.errorRaw("\r\u{1B}[K") }

        if let reason = outcome.noServerAnswered {
            throw CLIError.failed(
                "no DNS server answered (\(dnsServers.map(\.description).joined(separator: ", "))): \(reason)")
        }
        for server in outcome.silentServers {
            Console.error("warning: \(server) did not answer any query")
        }
        let report = outcome.report
        let rendering = DNSCheckOutput(outcome)
        switch output.format {
        case .json: Console.out(try rendering.json())
        case .text: Console.text(rendering.text())
        }
        if report.hasProblems { throw CLIError.findings }
    }

    /// Writes "resolving n/total" over itself on `io`'s standard error (called from the
    /// resolver's threads, outside the command's task).
    static func progress(to io: CommandIO) -> @Sendable (Int, Int) -> Void {
        { done, total in io.write("\rlynccert: resolving \(done)/\(total)", toError: true) }
    }
}

/// `lynccert dns query`: asks for names directly, through the same resolver `dns check` uses.
///
/// For troubleshooting a check result and for benchmarks: `--file` takes dnsperf's query-file
/// format (`name TYPE` per line, `#` comments).
struct DNSQueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Resolve names with lynccert's resolver (CNAMEs followed, TCP when truncated).",
        discussion: """
            EXAMPLES
              lynccert dns query --server 127.0.0.1:5353 lyncdiscover.contoso.com
              lynccert dns query --server 127.0.0.1:5353 --type SRV _sip._tls.contoso.com
              lynccert dns query --server 127.0.0.1:5353 --file queries.txt --format json

            EXIT CODES
              0  every query answered (NXDOMAIN counts as an answer)
              1  some queries ended in an error (time-out, SERVFAIL, REFUSED, malformed answer)
              2  bad flags or a bad query file
              3  no server answered at all
            """
    )

    @Argument(help: "Names to resolve.")
    var names: [String] = []

    @Option(help: "Record type for the names given as arguments: A, AAAA, CNAME or SRV.")
    var type: String = "A"

    @Option(help: "A file of queries, one 'name TYPE' per line (dnsperf's format).")
    var file: String?

    @OptionGroup(title: "Resolver")
    var resolver: ResolverOptions

    @OptionGroup(title: "Output")
    var output: OutputOptions

    func validate() throws {
        guard DNSQueryType(rawValue: type.uppercased()) != nil else {
            throw ValidationError("--type must be A, AAAA, CNAME or SRV")
        }
        guard !names.isEmpty || file != nil else { throw ValidationError("give names to resolve, or --file") }
    }

    func run() async throws {
        var queries = names.map { ($0, DNSQueryType(rawValue: type.uppercased())!) }
        if let file { queries += try Self.readQueryFile(file) }
        let dnsServers = try resolver.resolvedServers()
        let questions = queries.flatMap { q in dnsServers.map { DNSQuestion(name: q.0, type: q.1, server: $0) } }
        let client = resolver.client(servers: dnsServers)
        let answers = await client.resolve(questions)
        if !answers.isEmpty && !answers.contains(where: \.serverResponded) {
            throw CLIError.failed("no DNS server answered: \(answers[0].error?.reason ?? "no answer")")
        }
        switch output.format {
        case .json:
            Console.out(try JSONOutput.encode(["answers": answers.map(DNSAnswerJSON.init)]))
        case .text:
            Console.text(answers.map { UntrustedText.terminalEscaped(Self.line($0)) }.joined(separator: "\n"))
        }
        if answers.contains(where: { $0.error != nil }) { throw CLIError.findings }
    }

    static func line(_ a: DNSAnswer) -> String {
        var text = "\(a.question.name) \(a.question.type) @\(a.question.server): \(a.rcode?.description ?? "no answer")"
        if a.usedTCP { text += " (TCP)" }
        let shown = DNSCheckMapping.observation(a).records.map(\.shown)
        if !shown.isEmpty { text += " " + shown.joined(separator: ", ") }
        if let error = a.error { text += " [\(error.code)] \(error.reason)" }
        return text
    }

    /// dnsperf's query-file format: `name TYPE` per line; blank lines and `#` comments skipped.
    static func readQueryFile(_ path: String) throws -> [(String, DNSQueryType)] {
        let data = try TopologyInput.readFile(path)
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError.badInput("\(path): not UTF-8 text") }
        var result: [(String, DNSQueryType)] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.isEmpty { continue }
            guard fields.count <= 2, let type = DNSQueryType(rawValue: fields.count == 2 ? fields[1].uppercased() : "A")
            else {
                throw CLIError.badInput("\(path):\(number + 1): expected 'name TYPE' with TYPE A, AAAA, CNAME or SRV")
            }
            result.append((String(fields[0]), type))
        }
        return result
    }
}

/// One answer of `dns query --format json`.
struct DNSAnswerJSON: Encodable {
    let name: String
    let type: String
    let server: String
    let rcode: String?
    let records: [String]
    let tcp: Bool
    let error: String?
    let errorCode: String?

    init(_ a: DNSAnswer) {
        name = a.question.name
        type = a.question.type.rawValue
        server = a.question.server.description
        rcode = a.rcode?.description
        records = a.records.map(\.description)
        tcp = a.usedTCP
        error = a.error?.reason
        errorCode = a.error?.code.description
    }
}

/// `--server`, `--timeout`, `--retries`, `--concurrency`: how `dns check` and `dns query` ask.
struct ResolverOptions: ParsableArguments {
    @Option(
        name: .customLong("server"),
        help: ArgumentHelp(
            "A DNS server to ask, ADDR[:PORT] ([IPv6]:PORT); repeat for several (each is asked). Default: the system's resolvers.",
            valueName: "addr[:port]"))
    var servers: [String] = []

    @Option(help: "Seconds to wait for each attempt.")
    var timeout: Double = 2

    @Option(help: "Further attempts after a time-out, SERVFAIL or REFUSED.")
    var retries: Int = 2

    @Option(help: "Queries in flight at once.")
    var concurrency: Int = 256

    init() {}

    func validate() throws {
        guard timeout > 0 && timeout <= 60 else {
            throw ValidationError("--timeout must be more than 0 and at most 60 seconds")
        }
        guard (0...10).contains(retries) else { throw ValidationError("--retries must be from 0 to 10") }
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 4096") }
        for text in servers {
            do { _ = try DNSServer(parsing: text) } catch let error as DNSError {
                throw ValidationError("--server: \(error.reason)")
            }
        }
    }

    /// The `--server`s, else the system's resolvers (real use only: tests always pass `--server`).
    func resolvedServers() throws -> [DNSServer] {
        let given = try servers.map { text in
            do { return try DNSServer(parsing: text) } catch let error as DNSError {
                throw CLIError.badInput("--server: \(error.reason)")
            }
        }
        if !given.isEmpty { return given }
        do { return try DNSClient.systemServers() } catch let error as DNSError {
            throw CLIError.failed("no --server given and \(error.reason)")
        }
    }

    func client(servers: [DNSServer]) -> DNSClient {
        DNSClient(servers: servers, timeout: timeout, retries: retries, concurrency: concurrency)
    }
}
