import ACME
import ArgumentParser
import CertPlanner
import Crypto
import DNSResolver
import Exports
import Foundation
import Reports
import TopologyModel
import Workflows

/// `--challenge http-01|dns-01`.
enum ChallengeOption: String, ExpressibleByArgument, CaseIterable {
    case http01 = "http-01"
    case dns01 = "dns-01"
}

/// `lynccert issue`: gets a planned certificate from an ACME CA (RFC 8555), then audits it.
struct IssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue a planned certificate from an ACME CA (RFC 8555) and audit it against the plan.",
        discussion: """
            Orders exactly the names the plan puts on certificate --cert, proves control of each \
            with HTTP-01 or DNS-01, finalizes with a CSR for a new key made here, and writes into --out:
              <name>.key            the private key, PEM PKCS#8, mode 0600
              <name>.crt            the certificate
              <name>.chain.pem      the CA certificates the CA sent with it
              <name>.fullchain.pem  certificate and chain, the file most servers load

            Nothing is written until the certificate is issued, and then all four files at once; \
            existing files are never replaced without --force. The ACME account key (--account-key, \
            default <out>/acme-account.key) is made once, mode 0600, and reused.

            HTTP-01: the CA fetches http://<name>/.well-known/acme-challenge/<token> on port 80. \
            lynccert answers on --listen-address:--http-port for the order's tokens only, while \
            the order runs; or, with --webroot DIR, writes the files under DIR for a web server \
            that already holds port 80 (and removes them afterwards).

            DNS-01: TXT records _acme-challenge.<name>, added by RFC 2136 updates signed with a \
            TSIG key (--dns-update SERVER --tsig-key FILE; lynccert waits until that server and \
            each --dns-wait server answer them, and removes them afterwards), or printed for you \
            to add (--manual, then Enter). Wildcard names need DNS-01.

            Then the issued certificate is audited against the plan as `lynccert audit` does.

            EXAMPLES
              lynccert issue topology.yaml --cert reverse-proxy --out certs/ --agree-tos \\
                  --acme-directory https://acme-staging-v02.api.letsencrypt.org/directory \\
                  --email admin@contoso.com --challenge http-01
              lynccert issue topology.yaml --cert edge-external --out certs/ --agree-tos \\
                  --acme-directory https://acme-staging-v02.api.letsencrypt.org/directory \\
                  --challenge dns-01 --dns-update 192.0.2.53 --tsig-key acme.key

            EXIT CODES
              0  issued, and the audit found no gap
              1  issued, and the audit found a gap or an error-level finding
              2  bad input: unknown certificate id, a wildcard with http-01, an output file exists
              3  not issued: the CA refused (its problem document is shown), could not be reached, \
            validation failed, or the deadline passed
            """
    )

    @OptionGroup var input: TopologyArgument

    @Option(help: "The planned certificate id (see `lynccert plan --only certs`).")
    var cert: String

    @Option(name: .customLong("acme-directory"), help: "The ACME directory URL of the CA.")
    var acmeDirectory: String

    @Option(name: .customLong("acme-ca-file"), help: "PEM trust anchors for the CA's own TLS certificate.")
    var acmeCAFile: String?

    @Option(help: "Contact address for the ACME account (mailto:).")
    var email: String?

    @Flag(name: .customLong("agree-tos"), help: "Agree to the CA's terms of service (required).")
    var agreeTOS = false

    @Option(help: "How to prove control of the names: http-01, or dns-01 (with --manual).")
    var challenge: ChallengeOption = .http01

    @Flag(help: "dns-01: print the TXT records to add and wait for Enter before the CA checks them.")
    var manual = false

    @Option(name: .customLong("dns-update"), help: "dns-01: primary server for RFC 2136 updates, ADDRESS[:PORT].")
    var dnsUpdate: String?

    @Option(name: .customLong("tsig-key"), help: "dns-01: TSIG key file for the updates (BIND `key` clause).")
    var tsigKey: String?

    @Option(
        name: .customLong("dns-wait"),
        help: "dns-01: another server (ADDRESS[:PORT]) that must answer the TXT records before the CA checks them.")
    var dnsWait: [String] = []

    @Option(name: .customLong("http-port"), help: "Port of the built-in HTTP-01 responder.")
    var httpPort: Int = 80

    @Option(name: .customLong("listen-address"), help: "Address of the built-in HTTP-01 responder.")
    var listenAddress: String = "0.0.0.0"

    @Option(help: "Write the HTTP-01 files under DIR/.well-known/acme-challenge/ instead of answering.")
    var webroot: String?

    @Option(name: .customLong("account-key"), help: "ACME account key (PEM); made here if missing.")
    var accountKey: String?

    @Option(name: .customLong("key-size"), help: "RSA modulus bits of the new key: 2048, 3072 or 4096.")
    var keySize: Int?

    @Option(help: "The folder to write into (created if missing).")
    var out: String

    @Flag(help: "Replace existing certificate and key files.")
    var force = false

    @Option(help: "Seconds the whole order may take before giving up.")
    var timeout: Double = 300

    @Option(name: .customLong("audit-ca-file"), help: "PEM trust anchors for the audit (default: system store).")
    var auditCAFile: String?

    func validate() throws {
        if challenge == .dns01 && manual == (dnsUpdate != nil) {
            throw ValidationError("--challenge dns-01 needs either --manual or --dns-update SERVER --tsig-key FILE")
        }
        if (dnsUpdate != nil || tsigKey != nil || !dnsWait.isEmpty) && challenge != .dns01 {
            throw ValidationError("--dns-update, --tsig-key and --dns-wait go with --challenge dns-01")
        }
        if dnsUpdate != nil && tsigKey == nil { throw ValidationError("--dns-update needs --tsig-key FILE") }
        if manual && challenge != .dns01 { throw ValidationError("--manual goes with --challenge dns-01") }
        if webroot != nil && challenge != .http01 { throw ValidationError("--webroot goes with --challenge http-01") }
        if !agreeTOS { throw ValidationError("--agree-tos is required: the CA's terms must be accepted") }
        if !(1...65535).contains(httpPort) { throw ValidationError("--http-port must be between 1 and 65535") }
        if let keySize, !KeySpecification.rsaSizes.contains(keySize) {
            throw ValidationError("--key-size must be 2048, 3072 or 4096")
        }
        if !(timeout > 0 && timeout <= 86400) { throw ValidationError("--timeout must be between 0 and 86400 seconds") }
        guard let url = URLComponents(string: acmeDirectory), url.scheme?.lowercased() == "https", url.host != nil
        else { throw ValidationError("--acme-directory must be an https:// URL (RFC 8555 §6.1)") }
        if let email, email.isEmpty || email.contains(where: { $0.isWhitespace || $0 == "," }) {
            throw ValidationError("--email '\(UntrustedText.terminalEscaped(email))' is not one address")
        }
    }

    struct Paths {
        let key: String
        let certificate: String
        let chain: String
        let fullChain: String
        var all: [String] { [key, certificate, chain, fullChain] }

        init(id: String, folder: String) {
            let base = URL(fileURLWithPath: folder).appendingPathComponent(Exporter.requestFileName(for: id)).path
            key = base + ".key"
            certificate = base + ".crt"
            chain = base + ".chain.pem"
            fullChain = base + ".fullchain.pem"
        }
    }

    func run() async throws {
        let loaded = try input.load()
        let plan = CertificatePlanner.plan(loaded.topology)
        guard let planned = plan.certificate(id: cert) else {
            let known = plan.certificates.map(\.id)
            throw CLIError.badInput(
                "\(input.topology): no planned certificate '\(cert)'"
                    + (known.isEmpty
                        ? " (the plan holds no certificates)" : "; planned: \(known.joined(separator: ", "))"))
        }
        let names = Self.orderNames(planned)
        if challenge == .http01, let wildcard = names.first(where: { $0.hasPrefix("*.") }) {
            throw CLIError.badInput(
                "\(planned.id): \(wildcard) is a wildcard; ACME CAs validate wildcards only with dns-01, which "
                    + "--challenge http-01 cannot prove (use --challenge dns-01 --manual)")
        }
        for finding in Self.publicCAFindings(planned, names: names) { Console.error(Self.findingLine(finding)) }
        if let acmeCAFile, !FileManager.default.isReadableFile(atPath: acmeCAFile) {
            throw CLIError.badInput("--acme-ca-file \(acmeCAFile): cannot be read")
        }

        // Refuse before contacting the CA, so a refused run changes nothing.
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let paths = Paths(id: planned.id, folder: out)
        if !force {
            for path in paths.all where FileManager.default.fileExists(atPath: path) {
                throw CLIError.badInput("\(path) already exists; pass --force to replace it (nothing was written)")
            }
        }
        let keySpec = try CSRRun.keySpecification(for: planned, keyType: nil, keySize: keySize, curve: nil)
        let certificateKey: PrivateKey
        let csr: CertificateSigningRequest
        do {
            certificateKey = try PrivateKey.generate(keySpec)
            csr = try CertificateSigningRequest.create(
                CSRRun.specification(for: planned, organization: nil), signingKey: certificateKey)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError.failed("\(planned.id): cannot make the key and request: \(error)")
        }
        let updates = try dnsUpdateSetup()
        let account = try loadOrCreateAccountKey()

        let client = ACMEClient(
            directoryURL: acmeDirectory, caFile: acmeCAFile, accountKey: account,
            deadline: Date().addingTimeInterval(timeout))
        let pem: String
        defer {
            if client.badNonceRetriesMade > 0 {
                Console.error(
                    "the CA refused \(client.badNonceRetriesMade) nonce(s) as badNonce; each request was retried "
                        + "with the nonce that came with the refusal")
            }
        }
        do {
            pem = try issue(client: client, names: names, csr: csr, updates: updates)
        } catch let error as ACMEError {
            throw CLIError.failed("not issued: " + UntrustedText.terminalEscapedKeepingLayout(error.description))
        } catch {
            throw CLIError.failed("not issued: " + UntrustedText.terminalEscapedKeepingLayout("\(error)"))
        }

        let blocks = Self.pemBlocks(pem)
        guard let leaf = blocks.first else { throw CLIError.failed("the CA's chain holds no certificate") }
        let keyPEM: String
        do {
            keyPEM = try certificateKey.pemPKCS8()
        } catch {
            throw CLIError.failed("cannot encode the private key: \(error)")
        }
        try writeAtomically(
            [
                (paths.key, Array(keyPEM.utf8), 0o600), (paths.certificate, Array(leaf.utf8), 0o644),
                (paths.chain, Array(blocks.dropFirst().joined().utf8), 0o644),
                (paths.fullChain, Array(blocks.joined().utf8), 0o644),
            ], replace: force)
        Console.out(
            "Issued \(planned.id) for \(names.count) names\n  \(paths.key)  private key, \(keySpec), mode 0600\n"
                + "  \(paths.certificate)  certificate\n  \(paths.chain)  chain (\(blocks.count - 1) CA certificates)\n"
                + "  \(paths.fullChain)  certificate and chain\n")
        if let issued = try? Certificate.fromPEM(Array(leaf.utf8)).first,
            let finding = Self.validityFinding(planned, notBefore: issued.notBefore, notAfter: issued.notAfter)
        {
            Console.error(Self.findingLine(finding))
        }

        // The same audit `lynccert audit` runs, on the files just written.
        var arguments = [input.topology, "--cert", planned.id, paths.fullChain, "--key", paths.key]
        if let auditCAFile { arguments += ["--ca-file", auditCAFile] }
        let audit = try AuditCommand.parse(arguments)
        try await audit.run()
    }

    /// What a public ACME CA will not do for this certificate, said before the order is placed.
    ///
    /// Warnings, not refusals: an internal ACME CA (or another public one) may accept what
    /// Let's Encrypt does not. Severities come from the finding catalogue.
    static func publicCAFindings(_ planned: PlannedCertificate, names: [String]) -> [Finding] {
        var findings: [Finding] = []
        if planned.issuer == .internal {
            findings.append(
                Finding(
                    code: "acme-internal-certificate",
                    message:
                        "\(planned.id): the plan gets this certificate from the internal CA; a public ACME CA "
                        + "validates only names that resolve publicly (use an internal ACME CA, or lynccert csr for "
                        + "the enterprise CA)"))
        }
        if names.count > 100 {
            findings.append(
                Finding(
                    code: "acme-name-limit",
                    message:
                        "\(planned.id): \(names.count) names; Let's Encrypt issues at most 100 names per "
                        + "certificate"))
        }
        return findings
    }

    /// The issued certificate's lifetime, when it is as short as public ACME CAs make them
    /// (Let's Encrypt: 90 days): every renewal means a new PFX on the reverse proxy or Edge.
    static func validityFinding(_ planned: PlannedCertificate, notBefore: Date, notAfter: Date) -> Finding? {
        let days = Int(notAfter.timeIntervalSince(notBefore) / 86_400)
        guard days <= 100 else { return nil }
        return Finding(
            code: "acme-short-validity",
            message:
                "\(planned.id): valid for \(days) days, until \(AuditFormat.date(notAfter)); run lynccert issue again "
                + "before then and import the new certificate where this one is bound (the reverse proxy's listener, "
                + "Set-CsCertificate on an Edge)")
    }

    static func findingLine(_ finding: Finding) -> String {
        "\(finding.severity.rawValue): \(finding.code): \(finding.message)"
    }

    /// The names to order: the subject first, then every SAN name, each once, lower-cased.
    ///
    /// Exactly the CSR's names (a CA refuses to finalize when they differ); the explicit hosts a
    /// planned wildcard stands for (`requiredNames`) are not ordered, since CAs refuse names a
    /// wildcard in the same order already covers.
    static func orderNames(_ planned: PlannedCertificate) -> [String] {
        var names: [String] = []
        for name in [planned.subject] + planned.sanNames {
            let lower = name.lowercased()
            if !lower.isEmpty && !names.contains(lower) { names.append(lower) }
        }
        return names
    }

    /// The order, its authorizations and challenges, finalization and download.
    /// Where RFC 2136 updates go, signed with which key, and which servers must answer them.
    struct DNSUpdateSetup {
        var server: DNSServer
        var key: TSIGKey
        var waitFor: [DNSServer]
    }

    func dnsUpdateSetup() throws -> DNSUpdateSetup? {
        guard let dnsUpdate, let tsigKey else { return nil }
        func server(_ text: String, _ option: String) throws -> DNSServer {
            do {
                return try DNSServer(parsing: text)
            } catch {
                throw CLIError.badInput("\(option) '\(UntrustedText.terminalEscaped(text))': \(error)")
            }
        }
        let primary = try server(dnsUpdate, "--dns-update")
        let others = try dnsWait.map { try server($0, "--dns-wait") }
        let text = String(decoding: try CertificateFiles.read(tsigKey), as: UTF8.self)
        guard let key = TSIGKey(bindKeyFile: text) else {
            throw CLIError.badInput("\(tsigKey): no `key \"name\" { algorithm …; secret \"…\"; };` clause")
        }
        return DNSUpdateSetup(server: primary, key: key, waitFor: [primary] + others.filter { $0 != primary })
    }

    func issue(client: ACMEClient, names: [String], csr: CertificateSigningRequest, updates: DNSUpdateSetup?) throws
        -> String
    {
        let accountURL = try client.register(contact: email.map { ["mailto:\($0)"] } ?? [], agreeToTerms: true)
        Console.error("ACME account \(UntrustedText.terminalEscaped(accountURL))")
        let (orderURL, order) = try client.newOrder(names)
        Console.error("order \(UntrustedText.terminalEscaped(orderURL)) for \(names.joined(separator: ", "))")

        let thumbprint: String
        do {
            thumbprint = try client.accountKey.jwkThumbprint()
        } catch {
            throw ACMEError(.local, "cannot compute the account key thumbprint: \(error)")
        }
        var responder: HTTP01Responder? = nil
        var written: [String] = []
        var added: [(name: String, value: String)] = []
        defer {
            responder?.stop()
            for file in written { try? FileManager.default.removeItem(atPath: file) }
            // Removed on success and on failure alike: a stale token is a standing proof of control.
            if let updates {
                for record in added {
                    do {
                        try DNSUpdate.txt(
                            record.name, value: record.value, add: false, server: updates.server, key: updates.key)
                        Console.error("removed TXT \(UntrustedText.terminalEscaped(record.name))")
                    } catch {
                        Console.error(
                            "WARNING: could not remove TXT \(UntrustedText.terminalEscaped(record.name)): "
                                + UntrustedText.terminalEscapedKeepingLayout("\(error)"))
                    }
                }
            }
        }
        if webroot == nil && challenge == .http01 {
            responder = try HTTP01Responder(address: listenAddress, port: UInt16(httpPort))
        }

        var pending: [(name: String, url: String)] = []
        var ready: [String] = []
        var records: [(name: String, value: String)] = []
        for url in order.authorizations {
            let authz = try client.authorization(url)
            // Only names this order asked for: a DNS-01 update is signed with the admin's TSIG key,
            // so a name the CA made up must never become an update (or a file, or a log line).
            let asked =
                names.contains(authz.identifier.value.lowercased())
                || (authz.wildcard == true && names.contains("*." + authz.identifier.value.lowercased()))
            guard asked else {
                throw ACMEError(
                    .protocolViolation,
                    "the CA sent an authorization for "
                        + "\(UntrustedText.terminalEscaped(authz.identifier.value)), which this order did not ask for")
            }
            if authz.status == "valid" { continue }
            guard authz.status == "pending" else {
                throw ACMEError(.problem, "the authorization for \(authz.identifier.value) is \(authz.status)")
            }
            guard let http = authz.challenges.first(where: { $0.type == challenge.rawValue }), let token = http.token
            else {
                throw ACMEError(
                    .problem, "the CA offers no \(challenge.rawValue) challenge for \(authz.identifier.value)")
            }
            guard token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
                token.allSatisfy(\.isASCII)
            else { throw ACMEError(.protocolViolation, "the CA sent a token that is not base64url") }
            let keyAuthorization = "\(token).\(thumbprint)"
            if challenge == .dns01 {
                // RFC 8555 §8.4: the TXT value is base64url(SHA-256(key authorization)).
                records.append(
                    (
                        "_acme-challenge.\(authz.identifier.value).",
                        Base64URL.encode(Digest.sha256(Array(keyAuthorization.utf8)))
                    ))
            } else if let webroot {
                let folder = URL(fileURLWithPath: webroot).appendingPathComponent(".well-known/acme-challenge")
                let file = folder.appendingPathComponent(token).path
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    throw ACMEError(.local, "cannot write \(file): \(error.localizedDescription)")
                }
                do {
                    // Through the one writer: atomic, and a link or device at the token's name is refused.
                    try writeAtomically([(file, Array(keyAuthorization.utf8), 0o644)], replace: true)
                } catch let error as CLIError {
                    throw ACMEError(.local, error.message)
                }
                written.append(file)
            } else {
                responder?.add(token: token, keyAuthorization: keyAuthorization)
            }
            ready.append(http.url)
            pending.append((authz.identifier.value, url))
        }
        if !records.isEmpty {
            if let updates {
                for record in records {
                    try DNSUpdate.txt(
                        record.name, value: record.value, add: true, server: updates.server, key: updates.key)
                    added.append(record)
                }
                try waitUntilServed(records, by: updates.waitFor, until: client.deadline)
            } else {
                try waitForManualRecords(records)
            }
        }
        for url in ready { try client.respond(toChallenge: url) }
        for (name, url) in pending {
            let authz = try client.waitForAuthorization(url)
            guard authz.status == "valid" else {
                let failed = authz.challenges.first(where: { $0.type == challenge.rawValue })
                throw ACMEError(
                    .problem, "the CA could not validate \(name) (authorization \(authz.status))",
                    problem: failed?.error)
            }
            Console.error("validated \(UntrustedText.terminalEscaped(name))")
        }
        let issued = try client.finalize(orderURL: orderURL, order: order, csrDER: csr.derEncoded)
        guard let certificateURL = issued.certificate else {
            throw ACMEError(.protocolViolation, "the order is valid but names no certificate URL")
        }
        return try client.downloadCertificate(certificateURL)
    }

    /// Polls each server (directly, no recursion) until it answers every record, or the deadline.
    func waitUntilServed(_ records: [(name: String, value: String)], by servers: [DNSServer], until deadline: Date)
        throws
    {
        var missing = servers.flatMap { server in records.map { (server, $0) } }
        while true {
            // Each query gets at most what is left of the deadline (and 2 s), so a silent server
            // cannot carry the wait past it.
            missing = missing.filter {
                let left = deadline.timeIntervalSinceNow
                return left <= 0
                    || !DNSUpdate.answersTXT($0.1.name, value: $0.1.value, server: $0.0, timeout: min(2, left))
            }
            if missing.isEmpty { break }
            guard Date() < deadline else {
                let first = missing[0]
                throw ACMEError(
                    .deadline, "\(first.0) still does not answer TXT \(first.1.name) when the deadline passed")
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
        Console.error(
            "every server answers the \(records.count) TXT record(s): \(servers.map(\.description).joined(separator: ", "))"
        )
    }

    /// `--manual`: prints the TXT records (zone-file lines) and waits for Enter on standard input.
    func waitForManualRecords(_ records: [(name: String, value: String)]) throws {
        Console.out(
            records.map { "\(UntrustedText.terminalEscaped($0.name)) 300 IN TXT \"\($0.value)\"" }.joined(
                separator: "\n"))
        Console.error(
            "add the \(records.count) TXT record(s) above, wait until every authoritative server answers them, "
                + "then press Enter (--timeout keeps running meanwhile)")
        guard Console.readLine() != nil else {
            throw ACMEError(.local, "standard input ended before Enter; the CA was not asked to check the records")
        }
        Console.error("asking the CA to check the TXT records; remove them once the certificate is issued")
    }

    /// The account key from --account-key (or <out>/acme-account.key), made (P-256, 0600) when missing.
    func loadOrCreateAccountKey() throws -> PrivateKey {
        let path = accountKey ?? URL(fileURLWithPath: out).appendingPathComponent("acme-account.key").path
        if FileManager.default.fileExists(atPath: path) {
            let bytes = try CertificateFiles.read(path)
            do {
                let key = try PrivateKey(bytes: bytes)
                _ = try key.jwsAlgorithm()
                return key
            } catch {
                throw CLIError.badInput("\(path): not a usable ACME account key: \(error)")
            }
        }
        do {
            let key = try PrivateKey.generate(.ecdsa(.p256))
            try writeAtomically([(path, Array(try key.pemPKCS8().utf8), 0o600)], replace: false)
            Console.error("new ACME account key \(path) (ECDSA P-256, mode 0600)")
            return key
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError.failed("cannot create the account key \(path): \(error)")
        }
    }

    /// Each `-----BEGIN CERTIFICATE-----` block of a PEM chain, with its trailing newline.
    static func pemBlocks(_ pem: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]? = nil
        for line in pem.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "-----BEGIN CERTIFICATE-----" { current = [] }
            if current != nil { current?.append(Substring(trimmed)) }
            if trimmed == "-----END CERTIFICATE-----", let lines = current {
                blocks.append(lines.joined(separator: "\n") + "\n")
                current = nil
            }
        }
        return blocks
    }
}
