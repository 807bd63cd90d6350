import ArgumentParser
import Crypto
import DNSResolver
import Foundation

/// The version of lynccert itself.
public let lynccertVersion = "0.1.0"

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

    private static func runCommand(arguments: [String]?) async -> Int32 {
        do {
            var command = try LyncCert.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.ok.rawValue
        } catch let error as CLIError {
            if !error.message.isEmpty { Console.error(error.message) }
            return error.status.rawValue
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
