import ArgumentParser
import Crypto
import Foundation
import Reports
import Workflows

/// `lynccert inspect`: Show what a key, CSR, certificate, PKCS#7 or PKCS#12 file holds.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what a key, CSR, certificate, PKCS#7 or PKCS#12 file holds.",
        discussion: """
            Reads PEM (any mix of certificates, keys, CSRs), DER, PKCS#7 (.p7b, PEM or DER) and \
            PKCS#12 (.pfx/.p12, including RC2-40 files from older Windows). A private key is matched \
            against the certificates and CSRs given alongside it.

            EXAMPLES
              lynccert inspect certs/reverse-proxy.csr
              lynccert inspect issued.cer certs/reverse-proxy.key
              lynccert inspect reverse-proxy.pfx --passphrase-file pfx.pass --format json

            EXIT CODES
              0  every file was read
              2  a file is missing, malformed or the passphrase does not open it (the others are still shown)
            """
    )

    @Argument(help: "Files to inspect.")
    var files: [String]

    @OptionGroup(title: "Passphrase (for encrypted keys and PKCS#12 files)")
    var passphrase: PassphraseOptions

    @OptionGroup var time: TimeOption

    @OptionGroup(title: "Output")
    var output: OutputOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file") }
    }

    func run() async throws {
        let secret = try passphrase.source?.read(purpose: "the files", allowEmpty: true)
        var parsed: [(String, CryptoFile)] = []
        var errors: [CLIError] = []
        for path in files {
            do {
                parsed.append((path, try CryptoInput.parse(path, passphrase: secret)))
            } catch let error as CLIError {
                errors.append(error)
            }
        }
        let keys = parsed.flatMap { $0.1.privateKeys }
        let certificates = parsed.flatMap { $0.1.certificates }
        let now = time.now
        let reports = parsed.map {
            InspectedFile(path: $0.0, file: $0.1, allKeys: keys, allCertificates: certificates, now: now)
        }
        switch output.format {
        case .json:
            struct Report: Encodable {
                let files: [InspectedFile]
                let errors: [String]
            }
            Console.out(try JSONOutput.encode(Report(files: reports, errors: errors.map(\.message))))
        case .text:
            if !reports.isEmpty { Console.text(reports.map(\.text).joined(separator: "\n")) }
        }
        for error in errors { Console.error(error.message) }
        if let worst = errors.max(by: { $0.status.rawValue < $1.status.rawValue }) {
            throw CLIError(worst.status, "")
        }
    }
}
