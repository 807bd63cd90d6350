import ArgumentParser
import CertPlanner
import Crypto
import Exports
import Foundation
import Reports
import TopologyModel
import Workflows

extension KeyTypeOption: ExpressibleByArgument {}

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

    @OptionGroup var input: TopologyArgument

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
        if let fromEndpoint, AuditRun.parseEndpoint(fromEndpoint) == nil {
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
        if let caTemplate, let problem = Exporter.caTemplateProblem(caTemplate) {
            throw ValidationError("--ca-template \(problem)")
        }
    }

    func run() async throws {
        let loaded = try input.load()
        let plan = CertificatePlanner.plan(loaded.topology)
        let selected: [PlannedCertificate]
        var inService: (facts: CertificateFacts, source: String)?
        if let renew {
            let secret = try renewPassphraseFile.map {
                try PassphraseSource.file($0).read(purpose: "the certificate to renew")
            }
            inService = (
                try InServiceCertificate.certificate(
                    bytes: try CertificateFiles.read(renew), path: renew, passphrase: secret), renew
            )
        } else if let fromEndpoint {
            let (facts, display) = try await InServiceCertificate.certificate(endpoint: fromEndpoint)
            inService = (facts, display)
        }
        if let inService {
            selected = [
                try InServiceCertificate.planned(for: inService.facts, source: inService.source, id: cert, plan: plan)
            ]
        } else if let cert {
            guard let planned = plan.certificate(id: cert) else {
                let known = plan.certificates.map(\.id)
                throw CLIError.badInput(
                    "\(input.topology): no planned certificate '\(cert)'"
                        + (known.isEmpty
                            ? " (the plan holds no certificates)" : "; planned: \(known.joined(separator: ", "))"))
            }
            selected = [planned]
        } else {
            selected = plan.certificates
            if selected.isEmpty { throw CLIError.badInput("\(input.topology): the plan holds no certificates") }
        }
        let org = CSRRun.organization(
            loaded.topology.certificates.organization, O: organization, OU: organizationalUnit, L: locality,
            ST: state, C: country)

        // Refuse before generating anything, so a refused run leaves every file as it was.
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for certificate in selected {
            for path in CSRRun.paths(for: certificate.id, in: out).all { try refuseNonRegularDestination(path) }
        }
        if !force {
            for certificate in selected {
                for path in CSRRun.paths(for: certificate.id, in: out).all
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
            let keySpec = try CSRRun.keySpecification(
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
            let files = try CSRRun.make(
                for: certificate, organization: org, key: keySpec, passphrase: secret, caTemplate: caTemplate)
            let paths = CSRRun.paths(for: certificate.id, in: out)
            if let inService {
                let comparison = RenewalComparison.compare(
                    inService.facts, with: certificate, newKey: CSRRun.keyDescription(keySpec))
                report.append(comparison.text(source: inService.source, facts: inService.facts))
            }
            try writeAtomically(
                [
                    (paths.key, Array(files.key.utf8), 0o600), (paths.csr, Array(files.csr.utf8), 0o644),
                    (paths.inf, Array(files.inf.utf8), 0o644), (paths.cnf, Array(files.cnf.utf8), 0o644),
                ], replace: force)
            report.append(
                CSRRun.summary(
                    for: certificate, paths: paths, key: keySpec, encrypted: secret != nil, organization: org,
                    caTemplate: caTemplate, keyPassphraseFile: passphrase.passphraseFile))
        }
        progress?.finish()
        Console.text(report.joined(separator: "\n"))
    }
}
