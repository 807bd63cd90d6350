import ArgumentParser
import CertPlanner
import Crypto
import Exports
import Foundation
import Topology

/// `--key-type rsa|ecdsa`.
enum KeyTypeOption: String, ExpressibleByArgument, CaseIterable {
    case rsa
    case ecdsa
}

/// `--curve p256|p384`.
enum CurveOption: String, ExpressibleByArgument, CaseIterable {
    case p256
    case p384

    var curve: ECCurve { self == .p256 ? .p256 : .p384 }
}

/// `lynccert csr`: Generate a private key, a PKCS#10 CSR and a certreq INF for a planned certificate.
struct CSRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csr",
        abstract: "Generate a private key, a PKCS#10 CSR and a certreq INF for a planned certificate.",
        discussion: """
            For each certificate, writes into --out:
              <name>.key  the private key, PEM PKCS#8, mode 0600 (AES-256-CBC encrypted with a passphrase)
              <name>.csr  the PKCS#10 request (SHA-256) to submit to the CA
              <name>.inf  a certreq INF, to create the key on the Windows server instead
              <name>.cnf  an openssl req configuration for the same request

            <name> is the certificate id with every character other than letters, digits, '.', '-' \
            and '_' replaced by '_': pool01.contoso.net/default -> pool01.contoso.net_default. \
            An existing key is never replaced without --force.

            --renew FILE or --from-endpoint HOST[:PORT] renews a certificate in service: the request is for the \
            planned certificate that shares the most names with it (--cert ID when none or several do), and the \
            command first lists the names, key and EKU the new one adds and drops.

            EXAMPLES
              lynccert csr topology.yaml --cert reverse-proxy --out certs/
              lynccert csr topology.yaml --all --out certs/ --passphrase-file key.pass
              lynccert csr topology.yaml --cert pool01.contoso.net/default --out certs/ --ca-template WebServer
              lynccert csr topology.yaml --cert edge-external --out certs/ --key-size 4096 -O "Contoso Ltd" --country US
              lynccert csr topology.yaml --renew webext-2025.pem --out certs/
              lynccert csr topology.yaml --from-endpoint 203.0.113.10:443 --cert reverse-proxy --out certs/

            EXIT CODES
              0  files written
              2  bad input: unknown certificate id, bad option, an output file exists without --force
              3  could not write the files, OpenSSL failed, or --from-endpoint got no certificate
            """
    )

    @Argument(help: "The topology: YAML, JSON, Topology Builder .tbxml or published topology XML.")
    var topology: String

    @Option(help: "The planned certificate id (see `lynccert plan --only certs`).")
    var cert: String?

    @Flag(help: "Every planned certificate.")
    var all = false

    @Option(
        help: ArgumentHelp(
            "Renew the certificate in this file (PEM, DER, PKCS#7, PKCS#12): request the planned certificate it matches by its names (or --cert ID) and list what changes.",
            valueName: "file"))
    var renew: String?

    @Option(
        help: ArgumentHelp(
            "Renew the certificate HOST[:PORT] serves (port 443; SNI = HOST when it is a name), like --renew.",
            valueName: "host[:port]"))
    var fromEndpoint: String?

    @Option(help: ArgumentHelp("The passphrase of a PKCS#12 file given to --renew.", valueName: "file"))
    var renewPassphraseFile: String?

    @Option(help: "The folder to write into (created if missing).")
    var out: String

    @Option(name: .customLong("key-type"), help: "rsa or ecdsa (default: the plan's, RSA).")
    var keyType: KeyTypeOption?

    @Option(name: .customLong("key-size"), help: "RSA modulus bits: 2048, 3072 or 4096 (default: the plan's).")
    var keySize: Int?

    @Option(help: "ECDSA curve: p256 or p384 (default p256).")
    var curve: CurveOption?

    @OptionGroup(title: "Key passphrase (optional: encrypts the key)")
    var passphrase: PassphraseOptions

    @Flag(help: "Replace existing files, the private key included.")
    var force = false

    @Flag(help: "No progress line on standard error (shown only on a terminal, for runs over a second).")
    var quiet = false

    @Option(
        name: [.customShort("O"), .customLong("organization")], help: "Subject O (overrides certificates.organization)."
    )
    var organization: String?

    @Option(name: .customLong("ou"), help: "Subject OU.")
    var organizationalUnit: String?

    @Option(help: "Subject L.")
    var locality: String?

    @Option(help: "Subject ST.")
    var state: String?

    @Option(help: "Subject C (two letters).")
    var country: String?

    @Option(
        help: ArgumentHelp(
            "The enterprise CA's certificate template for the INF and the submit command (WebServer: internal pools).",
            valueName: "name"))
    var caTemplate: String?

    func validate() throws {
        if renew != nil && fromEndpoint != nil {
            throw ValidationError("give --renew FILE or --from-endpoint HOST[:PORT], not both")
        }
        if renew != nil || fromEndpoint != nil {
            if all { throw ValidationError("--renew and --from-endpoint renew one certificate: drop --all") }
        } else if all == (cert != nil) {
            throw ValidationError("give either --cert ID or --all (or --renew FILE, --from-endpoint HOST[:PORT])")
        }
        if renewPassphraseFile != nil && renew == nil {
            throw ValidationError("--renew-passphrase-file goes with --renew FILE")
        }
        if let fromEndpoint, AuditCommand.parseEndpoint(fromEndpoint) == nil {
            throw ValidationError("--from-endpoint '\(fromEndpoint)' is not HOST[:PORT]")
        }
        if let keySize, keyType != .ecdsa, !KeySpecification.offeredRSASizes.contains(keySize) {
            throw ValidationError("--key-size must be 2048, 3072 or 4096 for RSA")
        }
        if curve != nil && keyType != .ecdsa { throw ValidationError("--curve needs --key-type ecdsa") }
        if keyType == .ecdsa, let keySize, keySize != 256 && keySize != 384 {
            throw ValidationError("--key-size for ECDSA is 256 or 384 (or use --curve)")
        }
        if let country, country.count != 2 { throw ValidationError("--country takes a two-letter code such as US") }
        if let caTemplate, let problem = Exports.caTemplateProblem(caTemplate) {
            throw ValidationError("--ca-template \(problem)")
        }
    }

    func run() async throws {
        let loaded = try TopologyInput.load(topology)
        let plan = CertificatePlanner.plan(loaded.topology)
        let selected: [PlannedCertificate]
        var inService: (facts: CertificateFacts, source: String)?
        if let renew {
            let secret = try renewPassphraseFile.map {
                try PassphraseSource.file($0).read(purpose: "the certificate to renew")
            }
            inService = (try RenewalInput.certificate(file: renew, passphrase: secret), renew)
        } else if let fromEndpoint {
            let (facts, display) = try await RenewalInput.certificate(endpoint: fromEndpoint)
            inService = (facts, display)
        }
        if let inService {
            selected = [try RenewalInput.planned(for: inService.facts, source: inService.source, id: cert, plan: plan)]
        } else if let cert {
            guard let planned = plan.certificate(id: cert) else {
                let known = plan.certificates.map(\.id)
                throw CLIError.badInput(
                    "\(topology): no planned certificate '\(cert)'"
                        + (known.isEmpty
                            ? " (the plan holds no certificates)" : "; planned: \(known.joined(separator: ", "))"))
            }
            selected = [planned]
        } else {
            selected = plan.certificates
            if selected.isEmpty { throw CLIError.badInput("\(topology): the plan holds no certificates") }
        }
        let org = CSRFiles.organization(
            loaded.topology.certificates.organization, O: organization, OU: organizationalUnit, L: locality,
            ST: state, C: country)

        // Refuse before generating anything, so a refused run leaves every file as it was.
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for certificate in selected {
            for path in CSRFiles.paths(for: certificate.id, in: out).all { try refuseNonRegularDestination(path) }
        }
        if !force {
            for certificate in selected {
                for path in CSRFiles.paths(for: certificate.id, in: out).all
                where FileManager.default.fileExists(atPath: path) {
                    throw CLIError.badInput("\(path) already exists; pass --force to replace it (nothing was written)")
                }
            }
        }
        let secret = try passphrase.source?.read(purpose: "the new private key", confirm: true)

        var report: [String] = []
        let progress = ProgressLine(quiet: quiet)
        defer { progress?.finish() }
        for (index, planned) in selected.enumerated() {
            let keySpec = try CSRFiles.keySpecification(
                for: planned, keyType: keyType, keySize: keySize, curve: curve?.curve)
            progress?.update("csr \(index + 1)/\(selected.count): \(planned.id), \(keySpec) key")
            if case .ecdsa = keySpec, planned.role != .reverseProxy {
                progress?.erase()
                Console.error(
                    "WARNING rsa-required-for-lync-role: \(planned.id): Lync Server 2013 needs an RSA key for its "
                        + "server roles (Edge, Front End, Director); an ECDSA certificate will not be usable there")
            }
            var certificate = planned
            if case .rsa(let bits) = keySpec { certificate.keySize = bits }
            let files = try CSRFiles.make(
                for: certificate, organization: org, key: keySpec, passphrase: secret, caTemplate: caTemplate)
            let paths = CSRFiles.paths(for: certificate.id, in: out)
            if let inService {
                let comparison = RenewalComparison.compare(
                    inService.facts, with: certificate, newKey: CSRFiles.keyDescription(keySpec))
                report.append(RenewalInput.text(comparison, source: inService.source, facts: inService.facts))
            }
            try writeAtomically(
                [
                    (paths.key, Array(files.key.utf8), 0o600), (paths.csr, Array(files.csr.utf8), 0o644),
                    (paths.inf, Array(files.inf.utf8), 0o644), (paths.cnf, Array(files.cnf.utf8), 0o644),
                ], replace: force)
            report.append(
                CSRFiles.summary(
                    for: certificate, paths: paths, key: keySpec, encrypted: secret != nil, organization: org,
                    caTemplate: caTemplate, keyPassphraseFile: passphrase.passphraseFile))
        }
        progress?.finish()
        Console.text(report.joined(separator: "\n"))
    }
}

/// The pure parts of `lynccert csr`: names, the request specification, the next-steps text.
enum CSRFiles {
    struct Paths {
        let key: String
        let csr: String
        let inf: String
        let cnf: String
        var all: [String] { [key, csr, inf, cnf] }
    }

    struct Contents {
        let key: String
        let csr: String
        let inf: String
        let cnf: String
    }

    static func paths(for id: String, in folder: String) -> Paths {
        let base = URL(fileURLWithPath: folder).appendingPathComponent(Exports.requestFileName(for: id)).path
        return Paths(key: base + ".key", csr: base + ".csr", inf: base + ".inf", cnf: base + ".cnf")
    }

    /// The topology's organisation with each command-line value overriding its field.
    static func organization(
        _ base: Organization?, O: String?, OU: String?, L: String?, ST: String?, C: String?
    ) -> Organization? {
        var org = base ?? Organization()
        if let O { org.O = O }
        if let OU { org.OU = OU }
        if let L { org.L = L }
        if let ST { org.ST = ST }
        if let C { org.C = C }
        return [org.O, org.OU, org.L, org.ST, org.C].allSatisfy({ $0 == nil }) ? nil : org
    }

    /// The key to generate: the plan's (RSA, its size) unless the options say otherwise.
    static func keySpecification(
        for certificate: PlannedCertificate, keyType: KeyTypeOption?, keySize: Int?, curve: ECCurve?
    ) throws -> KeySpecification {
        let ecdsa = keyType == .ecdsa || (keyType == nil && certificate.keyAlgorithm.uppercased().hasPrefix("EC"))
        if ecdsa {
            if let curve { return .ecdsa(curve) }
            return .ecdsa(keySize == 384 || (keySize == nil && certificate.keySize == 384) ? .p384 : .p256)
        }
        let bits = keySize ?? certificate.keySize
        guard KeySpecification.rsaSizes.contains(bits) else {
            throw CLIError.badInput("\(certificate.id): RSA \(bits) is not offered; use --key-size 2048, 3072 or 4096")
        }
        return .rsa(bits: bits)
    }

    /// `RSA 2048`, `ECDSA 256`: the key as an audit names it, to compare with the one in service.
    static func keyDescription(_ spec: KeySpecification) -> String {
        switch spec {
        case .rsa(let bits): "RSA \(bits)"
        case .ecdsa(let curve): "ECDSA \(curve.bits)"
        }
    }

    /// The CSR contents the plan asks for.
    static func specification(for certificate: PlannedCertificate, organization: Organization?) throws
        -> CertificateSigningRequest.Specification
    {
        var usage = KeyUsage()
        for name in certificate.keyUsages {
            guard let bit = KeyUsage(name: name) else {
                throw CLIError.badInput("\(certificate.id): unknown key usage '\(name)'")
            }
            usage.insert(bit)
        }
        let ekus = try certificate.extendedKeyUsages.map { name in
            guard let eku = ExtendedKeyUsage(nameOrOID: name) else {
                throw CLIError.badInput("\(certificate.id): unknown extended key usage '\(name)'")
            }
            return eku
        }
        return CertificateSigningRequest.Specification(
            commonName: certificate.subject, organization: organization?.O, organizationalUnit: organization?.OU,
            locality: organization?.L, state: organization?.ST, country: organization?.C,
            dnsNames: certificate.sanNames, keyUsage: usage, keyUsageCritical: certificate.keyUsageCritical,
            extendedKeyUsages: ekus)
    }

    /// Generates the key and CSR and renders the INF and CNF (nothing is written here).
    static func make(
        for certificate: PlannedCertificate, organization: Organization?, key spec: KeySpecification,
        passphrase: [UInt8]?, caTemplate: String? = nil
    ) throws -> Contents {
        do {
            let key = try PrivateKey.generate(spec)
            let request = try CertificateSigningRequest.create(
                specification(for: certificate, organization: organization), signingKey: key)
            return Contents(
                key: try key.pemPKCS8(passphrase: passphrase), csr: request.pemEncoded,
                inf: Exports.certreqINF(for: certificate, organization: organization, caTemplate: caTemplate),
                cnf: Exports.opensslConfig(for: certificate, organization: organization))
        } catch let error as CryptoError where error.code == .malformedInput {
            throw CLIError.badInput("\(certificate.id): \(error)")
        } catch let error as CryptoError {
            throw CLIError.failed("\(certificate.id): \(error)")
        }
    }

    /// `Request-CsCertificate -Type` for the Lync roles; `nil` for the reverse proxy (not a Lync server).
    static func lyncCertificateType(_ role: CertificateRole) -> String? {
        switch role {
        case .reverseProxy: nil
        case .edgeExternal: "AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication"
        case .edgeInternal: "Internal"
        case .poolDefault: "Default"
        case .poolWebInternal: "WebServicesInternal"
        case .poolWebExternal: "WebServicesExternal"
        }
    }

    /// The `Request-CsCertificate` line that asks Lync to make the same request on the server.
    ///
    /// The cmdlet's switch for an exportable key is `-PrivateKeyExportable`; SANs go in
    /// `-DomainName` (the cmdlet adds the names it computes from the topology as well).
    static func requestCsCertificate(for certificate: PlannedCertificate, organization: Organization?) -> String? {
        guard let type = lyncCertificateType(certificate.role) else { return nil }
        let base = Exports.requestFileName(for: certificate.id)
        var parts = [
            "Request-CsCertificate -New -Type \(type)", "-Output \(psQuoted("C:\\certs\\\(base).req"))",
            "-ClientEku \(certificate.extendedKeyUsages.contains("clientAuth") ? "$true" : "$false")",
            "-PrivateKeyExportable \(certificate.exportablePrivateKey ? "$true" : "$false")",
            "-KeySize \(certificate.keySize)",
        ]
        if !certificate.sanNames.isEmpty {
            parts.append("-DomainName \(psQuoted(certificate.sanNames.joined(separator: ",")))")
        }
        parts.append("-FriendlyName \(psQuoted(Exports.friendlyName(for: certificate)))")
        if let o = organization?.O { parts.append("-Organization \(psQuoted(o))") }
        if let ou = organization?.OU { parts.append("-OU \(psQuoted(ou))") }
        if let l = organization?.L { parts.append("-City \(psQuoted(l))") }
        if let st = organization?.ST { parts.append("-State \(psQuoted(st))") }
        if let c = organization?.C { parts.append("-Country \(psQuoted(c))") }
        return parts.joined(separator: " ")
    }

    /// A POSIX shell word: as is when it is plain, else single-quoted.
    static func shellQuoted(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+:=@%,".unicodeScalars.contains($0))
            }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A PowerShell double-quoted string (backtick-escapes `"`, `$` and backticks).
    static func psQuoted(_ text: String) -> String {
        var out = "\""
        for ch in text {
            if ch == "\"" || ch == "$" || ch == "`" { out.append("`") }
            out.append(ch)
        }
        return out + "\""
    }

    static func summary(
        for certificate: PlannedCertificate, paths: Paths, key: KeySpecification, encrypted: Bool,
        organization: Organization?, caTemplate: String? = nil, keyPassphraseFile: String? = nil
    ) -> String {
        let name = Exports.requestFileName(for: certificate.id)
        // pfx reads an encrypted key's passphrase from a file only: the one csr read, else a placeholder.
        let keyPassphrase =
            encrypted ? " --key-passphrase-file \(shellQuoted(keyPassphraseFile ?? "KEY-PASSPHRASE-FILE"))" : ""
        var submit = [
            "  1. Submit \(name).csr to the \(certificate.issuer == .public ? "public" : "internal") CA. When the "
                + "certificate is issued, bundle it for Windows:"
        ]
        if let caTemplate {
            submit = [
                "  1. Submit \(name).csr to the enterprise CA with template \(caTemplate):",
                "     \(Exports.certreqSubmit(request: name + ".csr", template: caTemplate))",
                "     When the certificate is issued, bundle it for Windows:",
            ]
        }
        var lines = [
            "Certificate \(certificate.id) (subject \(certificate.subject), \(certificate.sanNames.count) SAN names)",
            "  \(paths.key)  private key, \(key), mode 0600\(encrypted ? ", encrypted (AES-256-CBC)" : ", not encrypted")",
            "  \(paths.csr)  PKCS#10 request, SHA-256",
            "  \(paths.inf)  certreq INF (key made on the Windows server)",
            "  \(paths.cnf)  openssl req configuration",
            "Next steps:",
        ]
        lines += submit
        lines += [
            "     lynccert pfx --key \(paths.key)\(keyPassphrase) --cert \(name).cer --chain intermediate.cer --out "
                + "\(name).pfx --prompt-passphrase",
            "  2. Or create the key on the Windows server itself (the .key and .csr above are then not used):",
            "     certreq -new \(name).inf \(name).req",
            caTemplate.map { "     \(Exports.certreqSubmit(request: name + ".req", template: $0))" }
                ?? "     (submit \(name).req to the CA, then: certreq -accept \(name).cer)",
        ]
        if caTemplate != nil { lines.append("     certreq -accept \(name).cer") }
        if !certificate.exportablePrivateKey {
            lines.append(
                "  The plan wants a non-exportable key on this server: prefer making the key there (2 or 3); if you "
                    + "import a PFX instead, leave \"Mark this key as exportable\" unchecked.")
        }
        if let command = requestCsCertificate(for: certificate, organization: organization) {
            lines.append("  3. Or let Lync make the request on the server (Lync Server Management Shell):")
            lines.append("     \(command)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
