import ArgumentParser
import Crypto
import DNSResolver
import Foundation
import Reports
import Workflows

/// The version of lynccert itself.
public let lynccertVersion = "0.1.0"

/// DESIGN.md's exit codes, the same for every command.
public enum ExitStatus: Int32, Sendable {
    /// Done, nothing wrong.
    case ok = 0
    /// Done, and it found gaps or error-level findings.
    case findings = 1
    /// Bad input or usage.
    case badInput = 2
    /// Could not complete: I/O, network, library failure.
    case failed = 3
}

/// An error the command layer reports on stderr and turns into an exit status.
public struct CLIError: Error, Sendable, CustomStringConvertible {
    public var status: ExitStatus
    public var message: String

    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Bad input or usage (exit 2).
    public static func badInput(_ message: String) -> CLIError { CLIError(.badInput, message) }
    /// Could not complete (exit 3).
    public static func failed(_ message: String) -> CLIError { CLIError(.failed, message) }
    /// Finished with gaps or error-level findings; the report is already printed (exit 1).
    public static let findings = CLIError(.findings, "")

    public var description: String { message }

    /// A use case's error, with the same message: bad input exits 2, anything else 3.
    init(_ error: WorkflowError) {
        self.init(error.kind == .badInput ? .badInput : .failed, error.message)
    }
}

/// The `lynccert` root command.
public struct LyncCert: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "lynccert",
        abstract:
            "Plan and verify Lync Server 2013 / Skype for Business certificates, DNS and reverse-proxy publishing.",
        discussion: """
            EXIT CODES
              0  done, nothing wrong
              1  done, and gaps or error-level findings were found
              2  bad input or usage (message on stderr)
              3  could not complete (I/O, network, library failure)
            """,
        version: versionText,
        subcommands: [
            InitCommand.self, PlanCommand.self, ExportCommand.self, CSRCommand.self, PFXCommand.self,
            InspectCommand.self, AuditCommand.self, IssueCommand.self, DNSCommand.self, VerifyCommand.self,
            ImportTopologyCommand.self,
        ]
    )

    public init() {}

    /// lynccert's version and the versions of the C libraries it runs with.
    public static var versionText: String {
        """
        lynccert \(lynccertVersion)
        OpenSSL: \(OpenSSLLibrary.version)
        ldns: \(LDNSLibrary.version)
        """
    }
}

extension LyncCert {
    /// Runs `arguments` (without the program name) in this process with `io`'s standard input,
    /// output, error and environment instead of the process's; returns the exit status. Nothing
    /// is shared between runs: several may run at once.
    public static func run(arguments: [String], io: CommandIO) async -> Int32 {
        await Console.$io.withValue(io) { await LyncCertMain.run(arguments: arguments) }
    }
}

/// Runs the command line and maps every outcome to DESIGN.md's exit codes.
public enum LyncCertMain {
    public static func main(arguments: [String]? = nil) async {
        // A peer that closes a TLS connection, or a closed pipe on stdout, must be an error to
        // report (EPIPE), not a silent death by SIGPIPE (exit 141). OpenSSL's socket writes do
        // not pass MSG_NOSIGNAL, so the signal is ignored process-wide.
        signal(SIGPIPE, SIG_IGN)
        OpenSSLLibrary.initialiseForCommandLine()
        ProcessLifetime.commandEndsProcess()
        let status = await run(arguments: arguments)
        exit(status)
    }

    /// Parses and runs; returns the exit status instead of exiting.
    ///
    /// When standard output or standard error could not be written, the status is 3 (could not
    /// complete), with a message on the other stream if that one still works.
    public static func run(arguments: [String]? = nil) async -> Int32 {
        // No arguments at all is a usage error: the overview, on standard error, exit 2.
        if (arguments ?? Array(CommandLine.arguments.dropFirst())).isEmpty {
            Console.errorRaw(LyncCert.helpMessage() + "\n")
            return Console.reportWriteFailures() ? ExitStatus.failed.rawValue : ExitStatus.badInput.rawValue
        }
        let status = await runCommand(arguments: arguments)
        return Console.reportWriteFailures() ? ExitStatus.failed.rawValue : status
    }

    /// Placeholder for a run of certificate files while the rest of the command line is parsed;
    /// no command-line argument can hold a NUL.
    static let fileRunPlaceholder = "\u{0}lynccert-files"

    /// `LyncCert.parseAsRoot`, with the same result, but without its cost for many files.
    ///
    /// swift-argument-parser copies a repeated positional argument's values for each value it
    /// adds: 1,000 certificate files took 55 ms (0.31 G instructions) to parse. So in a long run
    /// of plain arguments after `audit`, everything after the run's first two (which may be an
    /// option's value and the topology) is parsed as one placeholder and put back where the
    /// placeholder lands among the files. Any other outcome, including an error, parses the
    /// command line as given.
    static func parse(_ arguments: [String]?) throws -> ParsableCommand {
        let given = arguments ?? Array(CommandLine.arguments.dropFirst())
        guard given.first == "audit", let (start, end) = longestPlainRun(given), end - start >= 32,
            !given.contains(fileRunPlaceholder)
        else { return try LyncCert.parseAsRoot(arguments) }
        let reduced = Array(given[..<(start + 2)]) + [fileRunPlaceholder] + given[end...]
        if var audit = (try? LyncCert.parseAsRoot(reduced)) as? AuditCommand,
            audit.files.filter({ $0 == fileRunPlaceholder }).count == 1,
            let at = audit.files.firstIndex(of: fileRunPlaceholder)
        {
            audit.files.replaceSubrange(at...at, with: given[(start + 2)..<end])
            return audit
        }
        return try LyncCert.parseAsRoot(arguments)
    }

    /// The longest run of arguments after the first that do not start with `-`, as `start..<end`.
    /// No audit option takes more than one value, so only a run's first member can be an option's.
    static func longestPlainRun(_ arguments: [String]) -> (Int, Int)? {
        var best: (Int, Int)?
        var start = 1
        for index in 1...arguments.count {
            if index == arguments.count || arguments[index].hasPrefix("-") {
                if index - start > (best.map { $0.1 - $0.0 } ?? 0) { best = (start, index) }
                start = index + 1
            }
        }
        return best
    }

    private static func runCommand(arguments: [String]?) async -> Int32 {
        do {
            var command = try parse(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.ok.rawValue
        } catch let error as CLIError {
            if !error.message.isEmpty { Console.error(error.message) }
            return error.status.rawValue
        } catch let error as WorkflowError {
            Console.error(error.message)
            return CLIError(error).status.rawValue
        } catch let error as ExitCode {
            return error.rawValue
        } catch {
            let code = LyncCert.exitCode(for: error)
            if code == .success {
                // --help and --version.
                Console.out(LyncCert.fullMessage(for: error))
                return ExitStatus.ok.rawValue
            }
            // Usage and validation errors are bad input: exit 2, message on stderr.
            Console.error(LyncCert.fullMessage(for: error))
            return ExitStatus.badInput.rawValue
        }
    }
}

/// Large results a command is done with, kept until the process exits instead of freed.
///
/// A command-line run ends right after its output; freeing a thousand audited certificates
/// (`X509_free` each, then every fact and finding) on the way out took longer than printing
/// them. Like clang's `-disable-free`, the memory is left to the exit. Only `LyncCertMain.main`,
/// which exits after the command, turns this on: in-process callers (tests) free as usual.
enum ProcessLifetime {
    nonisolated(unsafe) private static var kept: [Any] = []
    nonisolated(unsafe) private static var exitsAfterCommand = false
    private static let lock = NSLock()

    /// Called by `LyncCertMain.main` before the command runs.
    static func commandEndsProcess() {
        lock.withLock { exitsAfterCommand = true }
    }

    /// Keeps `value` alive until exit when the process ends with the command; a no-op otherwise.
    static func keepUntilExit(_ value: Any) {
        lock.withLock {
            if exitsAfterCommand { kept.append(value) }
        }
    }
}
