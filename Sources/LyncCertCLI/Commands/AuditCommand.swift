import ArgumentParser
import CertPlanner
import Crypto
import Foundation
import LyncSupport
import Topology

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

    @Argument(help: "The topology: YAML, JSON, Topology Builder .tbxml or published topology XML.")
    var topology: String

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

    @Option(help: "Evaluate at this time instead of now (2027-01-31 or 2027-01-31T12:00:00Z).")
    var at: String?

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
        if let at, Self.parseDate(at) == nil {
            throw ValidationError("--at '\(at)' is not a date (use 2027-01-31 or 2027-01-31T12:00:00Z)")
        }
        if let connect, Self.parseEndpoint(connect) == nil {
            throw ValidationError("--connect '\(connect)' is not HOST[:PORT]")
        }
    }

    func run() async throws {
        let loaded = try TopologyInput.load(topology)
        let plan = CertificatePlanner.plan(loaded.topology)
        guard let planned = plan.certificate(id: cert) else {
            let ids = plan.certificates.map(\.id).joined(separator: ", ")
            throw CLIError.badInput(
                "--cert \(cert): no such certificate in the plan (planned: \(ids.isEmpty ? "none" : ids))")
        }
        let now = at.flatMap(Self.parseDate) ?? Date()
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
        if let connect, let (host, port) = Self.parseEndpoint(connect) {
            audits = try await auditEndpoint(
                planned: planned, host: host, port: port, chains: chains, at: now, privateKey: privateKey)
        } else {
            audits = try auditFiles(
                planned: planned, chains: chains, at: now, passphrase: secret, privateKey: privateKey)
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

    // MARK: Files

    func auditFiles(
        planned: PlannedCertificate, chains: AuditChainBuilder, at: Date, passphrase: [UInt8]?, privateKey: PrivateKey?
    ) throws -> [CertificateAudit] {
        // Every file is read first and all are decoded together: a thousand one-certificate
        // files cost what one bundle of them does.
        let contents = try files.map(AuditFiles.read)
        var loaded: [(path: String, certificates: [Certificate])] = []
        for (path, result) in zip(files, CryptoFile.parseAll(contents, passphrase: passphrase)) {
            let parsed: CryptoFile
            do {
                parsed = try result.get()
            } catch let error as CryptoError where error.code == .wrongPassphrase {
                throw CLIError.badInput(
                    "\(path): \(error.description)\(passphrase == nil ? " (give --passphrase-file)" : "")")
            } catch {
                throw CLIError.badInput("\(path): \(error)")
            }
            guard !parsed.certificates.isEmpty else { throw CLIError.badInput("\(path): holds no certificate") }
            loaded.append((path, parsed.certificates))
        }
        // Copies of one certificate (the same DER, by SHA-256) count once: a CA certificate
        // repeated in every file or 2,000 times in one bundle is one chain member, not 2,000 in
        // each leaf's chain (which grew as leaves × CA certificates: 2,000 copies of a leaf and
        // its intermediate took 3.9 GB).
        var seenAuthorities = Set<[UInt8]>()
        let authorities = loaded.flatMap { $0.certificates.filter(\.isCA) }.filter {
            seenAuthorities.insert($0.sha256Fingerprint).inserted
        }
        // End-entity certificates are audited; a file of CA certificates only supplies the chain,
        // unless no file holds an end-entity certificate at all. Each distinct leaf is audited
        // (and its chain verified) once, and the result reported for every copy under the copy's
        // own file name. Distinct leaves are independent, so a large bundle uses every core.
        let warnDays = warnDays
        let authorityFacts = authorities.map(chains.facts(of:))
        let jobs = loaded.flatMap { file in file.certificates.filter { !$0.isCA }.map { (file.path, $0) } }
        var distinctIndex: [[UInt8]: Int] = [:]
        var distinct: [(String, Certificate)] = []
        let copyOf = jobs.map { job -> Int in
            let key = job.1.sha256Fingerprint
            if let known = distinctIndex[key] { return known }
            distinctIndex[key] = distinct.count
            distinct.append(job)
            return distinct.count - 1
        }
        // Each leaf's chain holds its own path's CA certificates, not every other leaf's.
        let selection = AuthoritySelection(authorities: authorities, leaves: distinct.map(\.1))
        let distinctAudits = try ConcurrentMap.map(distinct) { path, leaf in
            let kept = selection.indices(for: leaf)
            return try Self.audit(
                leaf, warnDays: warnDays, path: path, authorities: kept.map { authorities[$0] },
                authorityFacts: kept.map { authorityFacts[$0] }, planned: planned, chains: chains, at: at,
                privateKey: privateKey)
        }
        var audits = zip(jobs, copyOf).map { job, index in
            var audit = distinctAudits[index]
            audit.source = job.0
            return audit
        }
        ProcessLifetime.keepUntilExit(loaded)
        if audits.isEmpty, let first = loaded.first, let leaf = first.certificates.first {
            audits.append(
                try Self.audit(
                    leaf, warnDays: warnDays, path: first.path, authorities: authorities.filter { $0 != leaf },
                    planned: planned, chains: chains, at: at, privateKey: privateKey))
        }
        return audits
    }

    private static func audit(
        _ leaf: Certificate, warnDays: Int, path: String, authorities: [Certificate],
        authorityFacts: [CertificateFacts]? = nil, planned: PlannedCertificate, chains: AuditChainBuilder,
        at: Date, privateKey: PrivateKey?
    ) throws -> CertificateAudit {
        let chain =
            if let authorityFacts {
                try chains.chain(leaf: leaf, others: authorities, otherFacts: authorityFacts)
            } else {
                try chains.chain(leaf: leaf, others: authorities)
            }
        let context = AuditContext(
            planned: planned, facts: chain.certificates[0], chain: chain, at: at, warnDays: warnDays,
            privateKeyMatches: privateKey.map { leaf.matches(privateKey: $0) })
        return CertificateAuditor.audit(context, source: path)
    }

    // MARK: Live endpoint

    func auditEndpoint(
        planned: PlannedCertificate, host: String, port: UInt16, chains: AuditChainBuilder, at: Date,
        privateKey: PrivateKey?
    ) async throws -> [CertificateAudit] {
        var names: [String] = []
        for name in planned.requiredNames where !names.contains(name) { names.append(name) }
        let targets =
            names.map { TLSProbeTarget(host: host, port: port, serverName: $0) }
            + [TLSProbeTarget(host: host, port: port, serverName: nil)]
        let results = await TLSProbe.fetchChains(targets, concurrency: concurrency, timeout: timeout)
        let endpoint = TLSProbeTarget.display(host: host, port: port)
        if results.allSatisfy({ if case .failure = $0 { true } else { false } }) {
            let reasons = Set(results.compactMap { if case .failure(let e) = $0 { e.description } else { nil } })
            throw CLIError.failed(
                "cannot audit \(endpoint): no handshake succeeded: \(reasons.sorted().joined(separator: "; "))")
        }
        // Most names get the same chain: parse and verify each distinct chain once.
        var verified: [[[UInt8]]: Handshake.Outcome] = [:]
        var handshakes: [Handshake] = []
        var keyMatches: Bool?
        for (target, result) in zip(targets, results) {
            switch result {
            case .failure(let error):
                handshakes.append(Handshake(serverName: target.serverName, outcome: .failed(error.description)))
            case .success(let probe):
                if let known = verified[probe.chain] {
                    handshakes.append(Handshake(serverName: target.serverName, outcome: known))
                    continue
                }
                let outcome: Handshake.Outcome
                do {
                    let certificates = try probe.chain.map { der throws in try Certificate(derEncoded: der) }
                    if let leaf = certificates.first {
                        outcome = .served(try chains.chain(leaf: leaf, others: Array(certificates.dropFirst())))
                        if let privateKey, keyMatches != true { keyMatches = leaf.matches(privateKey: privateKey) }
                    } else {
                        outcome = .failed("the server sent no certificate")
                    }
                } catch {
                    outcome = .failed("the server sent a certificate that cannot be read: \(error)")
                }
                verified[probe.chain] = outcome
                handshakes.append(Handshake(serverName: target.serverName, outcome: outcome))
            }
        }
        return LiveAudit.audit(
            planned: planned, endpoint: endpoint, handshakes: handshakes, at: at, warnDays: warnDays,
            privateKeyMatches: keyMatches)
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
        let bytes = try AuditFiles.read(caFile)
        do {
            return try TrustStore(anchors: .pem(bytes))
        } catch {
            throw CLIError.badInput("\(caFile): \(error)")
        }
    }

    func readKey(passphrase: [UInt8]?) throws -> PrivateKey? {
        guard let key else { return nil }
        let bytes = try AuditFiles.read(key)
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

    /// `2027-01-31` (midnight UTC) or a full ISO 8601 date-time.
    static func parseDate(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }

    /// `host`, `host:port`, `[v6]`, `[v6]:port`; the port defaults to 443.
    static func parseEndpoint(_ text: String) -> (String, UInt16)? {
        guard let endpoint = try? Endpoint(parsing: text, defaultPort: 443), let port = endpoint.port else {
            return nil
        }
        return (endpoint.host, port)
    }
}

extension TLSProbeTarget {
    static func display(host: String, port: UInt16) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
