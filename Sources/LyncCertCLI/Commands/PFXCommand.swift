import ArgumentParser
import CertPlanner
import Crypto
import Foundation
import Reports
import Workflows

/// `lynccert pfx`: Bundle a key, certificate and chain into a PKCS#12 file for Windows import.
struct PFXCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pfx",
        abstract: "Bundle a key, certificate and chain into a PKCS#12 file for Windows import.",
        discussion: """
            The default protection (PBE-SHA1-3DES, SHA-1 MAC, 2048 iterations) is what Windows \
            Server 2008 R2 and 2012 R2 — where Lync Server 2013 runs — can import. --modern uses \
            AES-256-CBC with PBKDF2 and a SHA-256 MAC, which needs Windows Server 2019 or later. \
            RSA keys carry the "Microsoft RSA SChannel Cryptographic Provider" attribute, so Windows \
            imports them as CAPI keys (Lync cannot use CNG keys). The key must belong to the \
            certificate. The file is written atomically with mode 0600.

            EXAMPLES
              lynccert pfx --key certs/reverse-proxy.key --cert issued.cer --chain intermediate.cer \\
                  --out reverse-proxy.pfx --prompt-passphrase
              lynccert pfx --key k.pem --key-passphrase-file k.pass --cert c.pem --out c.pfx --passphrase-env PFX_PASS

            EXIT CODES
              0  written
              2  bad input: unreadable key or certificate, key does not match, output exists without --force
              3  could not write the file
            """
    )

    @Option(help: "The private key (PEM or DER; encrypted keys need --key-passphrase-file).")
    var key: String

    @Option(help: "The certificate (PEM, DER or PKCS#7; a bundle's extra certificates join the chain).")
    var cert: String

    @Option(help: "Chain certificates (intermediates, optionally the root); repeatable.")
    var chain: [String] = []

    @Option(help: "The PKCS#12 file to write.")
    var out: String

    @OptionGroup(title: "PFX passphrase (required)")
    var passphrase: PassphraseOptions

    @Option(name: .customLong("key-passphrase-file"), help: "The passphrase of an encrypted --key.")
    var keyPassphraseFile: String?

    @Option(name: .customLong("friendly-name"), help: "The Windows friendly name (default: the subject CN).")
    var friendlyName: String?

    @Flag(help: "AES-256/PBKDF2/SHA-256 protection (Windows Server 2019+) instead of 3DES/SHA-1.")
    var modern = false

    @Flag(help: "Replace an existing output file.")
    var force = false

    func validate() throws {
        if passphrase.source == nil {
            throw ValidationError(
                "give the PFX passphrase with --passphrase-file, --passphrase-env or --prompt-passphrase")
        }
    }

    func run() async throws {
        if !force && FileManager.default.fileExists(atPath: out) {
            throw CLIError.badInput("\(out) already exists; pass --force to replace it")
        }
        let keyPassphrase = try keyPassphraseFile.map { try PassphraseSource.file($0).read(purpose: "the key") }
        let privateKey: PrivateKey
        do {
            privateKey = try PrivateKey(bytes: try CryptoInput.read(key), passphrase: keyPassphrase)
        } catch let error as CryptoError {
            if error.code == .wrongPassphrase && keyPassphrase == nil {
                throw CLIError.badInput(
                    "\(key): the private key is encrypted; give its passphrase with --key-passphrase-file")
            }
            throw CryptoInput.error(error, path: key)
        }

        let certFile = try CryptoInput.parse(cert, passphrase: nil)
        let certificates = certFile.certificates
        guard !certificates.isEmpty else { throw CLIError.badInput("\(cert): holds no certificate") }
        guard let leaf = certificates.first(where: { $0.matches(privateKey: privateKey) }) else {
            throw CLIError.badInput(
                "\(key) does not match \(cert): the key's public half is not the one certified for "
                    + "'\(certificates[0].subject)' (key-mismatch)")
        }
        var chainCertificates = certificates.filter { $0 != leaf }
        for path in chain { chainCertificates += try CryptoInput.parse(path, passphrase: nil).certificates }

        let secret = try passphrase.source!.read(purpose: "the PFX file", confirm: true)
        let builder = PKCS12Builder(
            privateKey: privateKey, certificate: leaf, chain: chainCertificates,
            friendlyName: friendlyName ?? leaf.commonName, profile: modern ? .modern : .windowsCompatible)
        let der: [UInt8]
        do {
            der = try builder.build(passphrase: secret)
        } catch let error as CryptoError {
            throw CryptoInput.error(error, path: out)
        }
        try writeAtomically([(out, der, 0o600)], replace: force)
        Console.out(
            """
            Wrote \(out) (mode 0600): \(leaf.subject) with \(chainCertificates.count) chain certificate\(chainCertificates.count == 1 ? "" : "s")
              Protection: \(modern ? "AES-256-CBC, PBKDF2, SHA-256 MAC (Windows Server 2019 or later)" : "3DES, SHA-1 MAC, 2048 iterations (Windows Server 2008 R2/2012 R2 compatible)")
              Thumbprint: \(leaf.thumbprint)
              Not after:  \(AuditFormat.expiry(leaf.notAfter, from: Date()))
            """)
    }
}
