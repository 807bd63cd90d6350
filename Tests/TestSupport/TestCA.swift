import Foundation

/// A throw-away certificate authority made with the `openssl` command: a root, an intermediate,
/// and leaf certificates issued per test case from an extension file.
///
/// Leaves are issued with `openssl ca` (a minimal CA config, so start and end dates can be
/// set exactly: OpenSSL 3.0's `x509 -req` cannot). Every file lives in the CA's temporary
/// folder, removed with the CA.
public final class TestCA: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public let rootCertificate: URL
    public let rootKey: URL
    public let intermediateCertificate: URL
    public let intermediateKey: URL
    /// Serialises `openssl ca` runs on this CA's database.
    private let signing = NSLock()

    /// A leaf to issue: its subject, names, key, digest, extensions and dates.
    public struct Leaf: Sendable {
        /// The subject CN; `nil` gives a subject with only `O=Contoso Test`.
        public var commonName: String?
        /// dNSName entries (`subjectAltName = DNS:…`); empty for no SAN extension.
        public var dnsNames: [String]
        /// Raw dNSName octets, encoded by hand (`DER:`) so they may hold a NUL byte; replaces `dnsNames`.
        public var rawDNSNames: [[UInt8]]?
        /// `rsa:2048`, `rsa:1024`, `ec:P-256`.
        public var key: String
        /// `sha256`, `sha1` …
        public var digest: String
        /// Sign with RSASSA-PSS.
        public var pss: Bool
        /// extendedKeyUsage value; `nil` omits the extension.
        public var extendedKeyUsage: String?
        /// keyUsage value; `nil` omits the extension.
        public var keyUsage: String?
        public var crlDistributionPoint: Bool
        /// `YYYYMMDDHHMMSSZ`; defaults: one day ago, one year ahead.
        public var notBefore: String?
        public var notAfter: String?
        /// Self-signed instead of issued by the intermediate.
        public var selfSigned: Bool
        /// The subjectAltName extension's value as raw DER hex (`30:06:82:…`), written with `DER:`
        /// so it may be malformed; replaces `dnsNames` and `rawDNSNames`.
        public var subjectAltNameDER: String?

        public init(
            commonName: String?, dnsNames: [String] = [], rawDNSNames: [[UInt8]]? = nil, key: String = "rsa:2048",
            digest: String = "sha256", pss: Bool = false, extendedKeyUsage: String? = "serverAuth, clientAuth",
            keyUsage: String? = "critical, digitalSignature, keyEncipherment", crlDistributionPoint: Bool = true,
            notBefore: String? = nil, notAfter: String? = nil, selfSigned: Bool = false,
            subjectAltNameDER: String? = nil
        ) {
            self.subjectAltNameDER = subjectAltNameDER
            self.commonName = commonName
            self.dnsNames = dnsNames
            self.rawDNSNames = rawDNSNames
            self.key = key
            self.digest = digest
            self.pss = pss
            self.extendedKeyUsage = extendedKeyUsage
            self.keyUsage = keyUsage
            self.crlDistributionPoint = crlDistributionPoint
            self.notBefore = notBefore
            self.notAfter = notAfter
            self.selfSigned = selfSigned
        }
    }

    /// An issued leaf: its files.
    public struct Issued: Sendable {
        public let name: String
        public let certificate: URL
        public let key: URL
        /// The intermediate (for bundles and servers); `nil` for a self-signed leaf.
        public let intermediate: URL?
    }

    /// Output forms for `export`.
    public enum Form: String, Sendable, CaseIterable {
        /// The leaf alone, PEM.
        case pem
        /// Leaf then intermediate, PEM.
        case pemBundle
        /// The leaf, DER.
        case der
        /// Leaf and intermediate in a PKCS#7 (`openssl crl2pkcs7 -nocrl`), DER.
        case p7b
        /// PKCS#12 with RC2/3DES and SHA-1 (`-legacy`), key + leaf + intermediate.
        case pfxLegacy
        /// PKCS#12 with AES-256 and PBKDF2 (OpenSSL 3 default).
        case pfx
    }

    /// The passphrase `export` protects PFX files with.
    public static let passphrase = "audit-test-passphrase"

    /// Makes the root (RSA 2048, 10 years) and the intermediate it signs (5 years).
    public init(name: String = "Contoso Test") throws {
        directory = try TemporaryDirectory(prefix: "lynccert-testca")
        rootKey = directory.file("root.key")
        rootCertificate = directory.file("root.pem")
        intermediateKey = directory.file("intermediate.key")
        intermediateCertificate = directory.file("intermediate.pem")
        try directory.write(
            "ca-ext.cnf",
            """
            [root]
            basicConstraints = critical, CA:true
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            [intermediate]
            basicConstraints = critical, CA:true, pathlen:0
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            """)
        try Self.openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", rootKey.path])
        try Self.openssl([
            "req", "-x509", "-new", "-key", rootKey.path, "-subj", "/O=\(name)/CN=\(name) Root CA", "-days", "3650",
            "-sha256", "-config", directory.file("ca-ext.cnf").path, "-extensions", "root", "-out",
            rootCertificate.path,
        ])
        try Self.openssl([
            "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", intermediateKey.path,
        ])
        try Self.openssl([
            "req", "-new", "-key", intermediateKey.path, "-subj", "/O=\(name)/CN=\(name) Issuing CA", "-out",
            directory.file("intermediate.csr").path,
        ])
        try Self.openssl([
            "x509", "-req", "-in", directory.file("intermediate.csr").path, "-CA", rootCertificate.path, "-CAkey",
            rootKey.path, "-CAcreateserial", "-days", "1825", "-sha256", "-extfile", directory.file("ca-ext.cnf").path,
            "-extensions", "intermediate", "-out", intermediateCertificate.path,
        ])
        try FileManager.default.createDirectory(at: directory.file("issued"), withIntermediateDirectories: true)
        try directory.write("index.txt", "")
        try directory.write("serial", "1000\n")
        try directory.write(
            "ca.cnf",
            """
            [ca]
            default_ca = leafca
            [leafca]
            dir = \(directory.path)
            database = $dir/index.txt
            new_certs_dir = $dir/issued
            serial = $dir/serial
            certificate = \(intermediateCertificate.path)
            private_key = \(intermediateKey.path)
            default_md = sha256
            default_days = 365
            policy = anything
            unique_subject = no
            email_in_dn = no
            [anything]
            organizationName = optional
            commonName = optional
            """)
    }

    /// Issues (or self-signs) `leaf` as `name`; files are `<name>.pem` and `<name>.key`.
    @discardableResult
    public func issue(_ name: String, _ leaf: Leaf) throws -> Issued {
        let key = directory.file("\(name).key")
        let csr = directory.file("\(name).csr")
        let cert = directory.file("\(name).pem")
        let ext = directory.file("\(name).ext")
        let parts = leaf.key.split(separator: ":")
        if parts[0] == "ec" {
            try Self.openssl([
                "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:\(parts[1])", "-out", key.path,
            ])
        } else {
            try Self.openssl([
                "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(parts[1])", "-out", key.path,
            ])
        }
        let subject = leaf.commonName.map { "/O=Contoso Test/CN=\($0)" } ?? "/O=Contoso Test"
        var lines = ["[leaf]", "basicConstraints = critical, CA:false"]
        if let der = leaf.subjectAltNameDER {
            lines.append("subjectAltName = DER:\(der)")
        } else if let raw = leaf.rawDNSNames {
            lines.append("subjectAltName = DER:\(Self.subjectAltNameDER(raw))")
        } else if !leaf.dnsNames.isEmpty {
            lines.append("subjectAltName = " + leaf.dnsNames.map { "DNS:\($0)" }.joined(separator: ", "))
        }
        if let eku = leaf.extendedKeyUsage { lines.append("extendedKeyUsage = \(eku)") }
        if let ku = leaf.keyUsage { lines.append("keyUsage = \(ku)") }
        if leaf.crlDistributionPoint { lines.append("crlDistributionPoints = URI:http://crl.contoso.test/issuing.crl") }
        try (lines.joined(separator: "\n") + "\n").write(to: ext, atomically: true, encoding: .utf8)

        try Self.openssl(["req", "-new", "-key", key.path, "-subj", subject, "-out", csr.path])
        var sign: [String]
        if leaf.selfSigned {
            sign = [
                "x509", "-req", "-in", csr.path, "-signkey", key.path, "-days", "365", "-\(leaf.digest)", "-extfile",
                ext.path, "-extensions", "leaf", "-out", cert.path,
            ]
        } else {
            sign = [
                "ca", "-batch", "-notext", "-config", directory.file("ca.cnf").path, "-in", csr.path, "-out", cert.path,
                "-extfile", ext.path, "-extensions", "leaf", "-md", leaf.digest,
                "-startdate", leaf.notBefore ?? Self.timestamp(Date().addingTimeInterval(-86_400)),
                "-enddate", leaf.notAfter ?? Self.timestamp(Date().addingTimeInterval(365 * 86_400)),
            ]
        }
        if leaf.pss { sign += ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"] }
        // `openssl ca` rewrites the CA's serial and index files by rename: two signings at once
        // (tests issue their leaves concurrently) lose one of the renames.
        _ = try signing.withLock { try Self.openssl(sign) }
        return Issued(
            name: name, certificate: cert, key: key, intermediate: leaf.selfSigned ? nil : intermediateCertificate)
    }

    /// Writes `issued` in `form` and returns the path.
    public func export(_ issued: Issued, as form: Form) throws -> URL {
        let base = directory.file("\(issued.name)-\(form.rawValue)")
        let chain = issued.intermediate.map { ["-certfile", $0.path] } ?? []
        switch form {
        case .pem:
            let out = base.appendingPathExtension("pem")
            try FileManager.default.copyItem(at: issued.certificate, to: out)
            return out
        case .pemBundle:
            let out = base.appendingPathExtension("pem")
            var data = try Data(contentsOf: issued.certificate)
            if let intermediate = issued.intermediate { data += try Data(contentsOf: intermediate) }
            try data.write(to: out)
            return out
        case .der:
            let out = base.appendingPathExtension("cer")
            try Self.openssl(["x509", "-in", issued.certificate.path, "-outform", "DER", "-out", out.path])
            return out
        case .p7b:
            let out = base.appendingPathExtension("p7b")
            try Self.openssl(
                ["crl2pkcs7", "-nocrl", "-certfile", issued.certificate.path] + chain + [
                    "-outform", "DER", "-out", out.path,
                ])
            return out
        case .pfxLegacy, .pfx:
            let out = base.appendingPathExtension("pfx")
            let pass = try passphraseFile()
            try Self.openssl(
                ["pkcs12", "-export"] + (form == .pfxLegacy ? ["-legacy"] : []) + [
                    "-inkey", issued.key.path, "-in", issued.certificate.path,
                ] + chain + ["-passout", "file:\(pass.path)", "-out", out.path])
            return out
        }
    }

    /// A file holding `TestCA.passphrase` (mode 0600).
    public func passphraseFile() throws -> URL {
        let url = directory.file("passphrase.txt")
        if !FileManager.default.fileExists(atPath: url.path) {
            try (Self.passphrase + "\n").write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        }
        return url
    }

    /// `openssl ca` date form, UTC.
    public static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss'Z'"
        return formatter.string(from: date)
    }

    /// Hex of a SubjectAltName value whose dNSNames are `names`, octets verbatim (a NUL included).
    public static func subjectAltNameDER(_ names: [[UInt8]]) -> String {
        func length(_ n: Int) -> [UInt8] {
            n < 0x80 ? [UInt8(n)] : n < 0x100 ? [0x81, UInt8(n)] : [0x82, UInt8(n >> 8), UInt8(n & 0xFF)]
        }
        var body: [UInt8] = []
        for name in names { body += [0x82] + length(name.count) + name }
        let der = [0x30] + length(body.count) + body
        return der.map { String(format: "%02X", $0) }.joined()
    }

    /// Runs `openssl` and fails with its stderr when it fails.
    @discardableResult
    public static func openssl(_ arguments: [String], stdin: Data? = nil) throws -> ProcessResult {
        let result = try runProcess("openssl", arguments, stdin: stdin)
        guard result.status == 0 else {
            throw TestCAError(message: "openssl \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result
    }
}

/// A failed `openssl` step while building test certificates.
public struct TestCAError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
