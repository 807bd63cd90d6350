import ArgumentParser
import CertPlanner
import Crypto
import Foundation
import LyncSupport
import Reports
import TopologyModel
import Workflows

/// `lynccert audit`: audits an issued certificate (files or a live endpoint) against the plan.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit an issued certificate (file or served chain) against the plan.",
        discussion: """
            Files may be PEM (one certificate or a bundle with its chain), DER, PKCS#7 (.p7b) or \
            PKCS#12 (.pfx, legacy RC2/3DES included). Every end-entity certificate found is audited, \
            with the CA certificates of all files as its chain.

            With --connect, one TLS handshake is made per name the plan puts on the certificate \
            (SNI = the name; wildcards are expanded to the explicit names), plus one without SNI. \
            The chains are audited for the names that received them; the certificate served \
            without SNI must cover every name (clients without SNI get it for any name).

            EXAMPLES
              lynccert audit topology.yaml --cert reverse-proxy webext.pfx --passphrase-file pass.txt
              lynccert audit topology.yaml --cert reverse-proxy --connect 203.0.113.10:443
              lynccert audit topology.yaml --cert pool01.contoso.net/web-external \\
                  --connect lsweb.contoso.net:4443 --ca-file internal-root.pem --format json

            EXIT CODES
              0  every required name is covered and there is no error-level finding
              1  a name is missing, or an error-level finding exists
              2  bad input: unreadable topology or certificate file, unknown --cert, bad option
              3  could not connect at all (no handshake succeeded)
            """
    )

    @OptionGroup var input: TopologyArgument

    @Option(help: "The planned certificate to audit against (reverse-proxy, edge-external, <pool>/default …).")
    var cert: String

    @Argument(help: "Certificate files: PEM, DER, PKCS#7, PKCS#12.")
    var files: [String] = []

    @Option(help: "Audit what HOST[:PORT] serves (port 443 by default); an IP tests a server before DNS points at it.")
    var connect: String?

    @Option(help: "A private key (PEM) that must belong to the certificate.")
    var key: String?

    @Option(
        name: .customLong("key-passphrase-file"),
        help: "The passphrase of an encrypted --key (default: the --passphrase-file/-env/prompt one).")
    var keyPassphraseFile: String?

    @OptionGroup(title: "Passphrase (for PKCS#12 files and encrypted keys)")
    var passphrase: PassphraseOptions

    @Option(help: "PEM file of trust anchors (an internal root); default: the system trust store.")
    var caFile: String?

    @Option(help: "Warn when the certificate expires within this many days.")
    var warnDays: Int = 30

    @OptionGroup var time: TimeOption

    @Option(help: "Seconds for each whole handshake, TCP connect included (--connect).")
    var timeout: Double = 5

    @Option(help: "Handshakes in flight at once (--connect).")
    var concurrency: Int = 16

    @OptionGroup(title: "Output")
    var output: OutputOptions

    @Flag(help: "No progress line on standard error (shown only on a terminal, for runs over a second).")
    var quiet = false

    func validate() throws {
        if files.isEmpty == (connect == nil) {
            throw ValidationError("give certificate files or --connect HOST[:PORT], not both and not neither")
        }
        if warnDays < 0 { throw ValidationError("--warn-days must be 0 or more") }
        if !(timeout > 0 && timeout <= 300) { throw ValidationError("--timeout must be between 0 and 300 seconds") }
        if !(1...256).contains(concurrency) { throw ValidationError("--concurrency must be between 1 and 256") }
        if let connect, AuditRun.parseEndpoint(connect) == nil {
            throw ValidationError("--connect '\(connect)' is not HOST[:PORT]")
        }
    }

    func run() async throws {
        let loaded = try input.load()
        let plan = CertificatePlanner.plan(loaded.topology)
        guard let planned = plan.certificate(id: cert) else {
            let ids = plan.certificates.map(\.id).joined(separator: ", ")
            throw CLIError.badInput(
                "--cert \(cert): no such certificate in the plan (planned: \(ids.isEmpty ? "none" : ids))")
        }
        let now = time.now
        let chains = AuditChainBuilder(store: try readAnchors(), at: now)
        let secret = try passphrase.source?.read(purpose: "the certificate files")
        let keySecret = try keyPassphraseFile.map { try PassphraseSource.file($0).read(purpose: "the key") } ?? secret
        let privateKey = try readKey(passphrase: keySecret)

        let progress = ProgressLine(quiet: quiet)
        defer { progress?.finish() }
        progress?.update(
            connect.map { "auditing what \($0) serves" }
                ?? "auditing \(files.count) file\(files.count == 1 ? "" : "s")")
        let audits: [CertificateAudit]
        if let connect, let (host, port) = AuditRun.parseEndpoint(connect) {
            audits = try await AuditRun.endpoint(
                planned: planned, host: host, port: port, chains: chains, warnDays: warnDays,
                privateKey: privateKey, timeout: timeout, concurrency: concurrency)
        } else {
            // Read on every core: a thousand files are a thousand open/fstat/read/close rounds; the
            // first unreadable file in argument order is still the one reported.
            let inputs = try ConcurrentMap.map(files) { path in
                AuditRun.InputFile(path: path, bytes: try CertificateFiles.read(path))
            }
            let result = try AuditRun.files(
                inputs, planned: planned, chains: chains, warnDays: warnDays, passphrase: secret,
                privateKey: privateKey)
            ProcessLifetime.keepUntilExit(result.certificates)
            audits = result.audits
        }
        progress?.finish()
        let expiry = ExpiryEntry.summary(audits, at: now)
        switch output.format {
        case .text: Console.text(AuditReport.text(planned: planned, audits: audits, now: now, expiry: expiry))
        case .json:
            Console.out(
                try AuditReport.addingExpiry(expiry, to: AuditReport.json(planned: planned, audits: audits, now: now)))
        }
        ProcessLifetime.keepUntilExit(audits)
        if audits.contains(where: \.failed) { throw CLIError.findings }
    }

    // MARK: Inputs

    func readAnchors() throws -> TrustStore {
        guard let caFile else {
            do {
                return try TrustStore(anchors: .system)
            } catch {
                throw CLIError.failed("cannot load the system trust store: \(error)")
            }
        }
        let bytes = try CertificateFiles.read(caFile)
        do {
            return try TrustStore(anchors: .pem(bytes))
        } catch {
            throw CLIError.badInput("\(caFile): \(error)")
        }
    }

    func readKey(passphrase: [UInt8]?) throws -> PrivateKey? {
        guard let key else { return nil }
        let bytes = try CertificateFiles.read(key)
        let askForIt = "give its passphrase with --key-passphrase-file FILE"
        do {
            let parsed = try CryptoFile.parse(bytes, passphrase: passphrase)
            guard let privateKey = parsed.privateKeys.first else {
                let locked = parsed.items.contains { if case .lockedPrivateKey = $0 { true } else { false } }
                if locked && passphrase == nil {
                    throw CLIError.badInput("\(key): the private key is encrypted; \(askForIt)")
                }
                if locked {
                    throw CLIError.badInput("\(key): the passphrase given does not open the private key; \(askForIt)")
                }
                throw CLIError.badInput("\(key): holds no private key")
            }
            return privateKey
        } catch let error as CLIError {
            throw error
        } catch let error as CryptoError where error.code == .wrongPassphrase {
            throw CLIError.badInput(
                passphrase == nil
                    ? "\(key): the private key is encrypted; \(askForIt)"
                    : "\(key): the passphrase given does not open the private key; \(askForIt)")
        } catch {
            throw CLIError.badInput("\(key): \(error)")
        }
    }
}
