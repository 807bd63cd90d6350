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
        OpenSSLLibrary.initialiseForCommandLine()
        ProcessLifetime.commandEndsProcess()
        let status = await run(arguments: arguments)
        exit(status)
    }

    /// Parses and runs; returns the exit status instead of exiting.
    public static func run(arguments: [String]? = nil) async -> Int32 {
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
