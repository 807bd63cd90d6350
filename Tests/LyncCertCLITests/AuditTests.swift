import Foundation
import TestSupport
import Testing

/// Certificates for the `lynccert audit` tests, issued once by a test CA.
///
/// The topology has two SIP domains, so the reverse-proxy certificate must cover
/// webext.contoso.com, dialin.contoso.com, meet.contoso.com, meet.fabrikam.com,
/// lyncdiscover.contoso.com and lyncdiscover.fabrikam.com (lync-rules.md §4 rule 3).
enum AuditFixture {
    static let topologyYAML = """
        version: 1
        sipDomains: [contoso.com, fabrikam.com]
        simpleUrls:
          meet:
            - {domain: contoso.com, url: "https://meet.contoso.com"}
            - {domain: fabrikam.com, url: "https://meet.fabrikam.com"}
          dialin: "https://dialin.contoso.com"
        pools:
          - fqdn: pool01.contoso.net
            role: frontEnd
            externalWebFqdn: webext.contoso.com
        reverseProxy:
          externalAddress: 203.0.113.10
          autodiscover: https
          lyncdiscoverRecord: a
        certificates:
          wildcard: simpleUrlsAndAutodiscover
        """
    static let required = [
        "webext.contoso.com", "dialin.contoso.com", "meet.contoso.com", "meet.fabrikam.com",
        "lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com",
    ]

    private static let cachedDirectory = Cached("the audit folder") { try TemporaryDirectory(prefix: "lynccert-audit") }
    private static let cachedTopology = Cached("the audit topology") {
        try directory.write("topology.yaml", topologyYAML)
    }
    private static let cachedCA = Cached("the audit test CA") { try TestCA() }
    private static let leaves = CachedByName<TestCA.Issued>("the audit leaf")
    static var directory: TemporaryDirectory { get throws { try cachedDirectory.value } }
    static var topology: String { get throws { try cachedTopology.value } }
    static var ca: TestCA { get throws { try cachedCA.value } }
    static var caFile: String { get throws { try ca.rootCertificate.path } }

    /// The leaf `name`, issued by ``ca`` once.
    static func leaf(_ name: String, _ options: TestCA.Leaf) throws -> TestCA.Issued {
        try leaves.value(name) { try ca.issue(name, options) }
    }
    /// Leaf options naming `list`, then changed by `change`.
    static func names(_ list: [String] = required, _ change: (inout TestCA.Leaf) -> Void = { _ in }) -> TestCA.Leaf {
        var leaf = TestCA.Leaf(commonName: "webext.contoso.com", dnsNames: list)
        change(&leaf)
        return leaf
    }

    static var good: TestCA.Issued { get throws { try leaf("good", names()) } }
    static var missingDialin: TestCA.Issued {
        get throws { try leaf("missing", names(required.filter { $0 != "dialin.contoso.com" })) }
    }
    static var wildcard: TestCA.Issued {
        get throws { try leaf("wildcard", names(["webext.contoso.com", "*.contoso.com"])) }
    }
    static var expired: TestCA.Issued {
        get throws {
            try leaf(
                "expired",
                names {
                    $0.notBefore = "20240101000000Z"; $0.notAfter = "20250101000000Z"
                })
        }
    }
    static var notYetValid: TestCA.Issued {
        get throws {
            try leaf(
                "future",
                names {
                    $0.notBefore = "20400101000000Z"; $0.notAfter = "20410101000000Z"
                })
        }
    }
    static var sha1: TestCA.Issued { get throws { try leaf("sha1", names { $0.digest = "sha1" }) } }
    static var rsa1024: TestCA.Issued { get throws { try leaf("rsa1024", names { $0.key = "rsa:1024" }) } }
    static var noSAN: TestCA.Issued { get throws { try leaf("nosan", names([])) } }
    static var nulSAN: TestCA.Issued {
        get throws {
            try leaf(
                "nul",
                names {
                    $0.rawDNSNames =
                        required.map { Array($0.utf8) } + [Array("meet.contoso.com\0.evil.example".utf8)]
                })
        }
    }
    static var clientOnly: TestCA.Issued {
        get throws { try leaf("clientonly", names { $0.extendedKeyUsage = "clientAuth" }) }
    }
    static var pss: TestCA.Issued { get throws { try leaf("pss", names { $0.pss = true }) } }
    static var other: TestCA.Issued {
        get throws { try leaf("other", .init(commonName: "other.contoso.com", dnsNames: ["other.contoso.com"])) }
    }

    static func audit(_ files: [String], _ extra: [String] = [], timeout: TimeInterval = 120) async throws
        -> ProcessResult
    {
        try await runLynccert(
            ["audit", topology, "--cert", "reverse-proxy"] + files + ["--ca-file", caFile] + extra, timeout: timeout)
    }

    static func json(_ result: ProcessResult) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any]
        return try #require(object?["certificates"] as? [[String: Any]])
    }

    static func codes(_ certificate: [String: Any], severity: String? = nil) -> [String] {
        ((certificate["findings"] as? [[String: Any]]) ?? []).filter {
            severity == nil || $0["severity"] as? String == severity
        }
        .compactMap { $0["code"] as? String }
    }
}

private typealias A = AuditFixture

@Suite("lynccert audit: files")
struct AuditFileTests {
    @Test("a certificate covering every name passes in every file format", arguments: TestCA.Form.allCases)
    func fullCoverageEveryForm(_ form: TestCA.Form) async throws {
        let file = try A.ca.export(A.good, as: form)
        var args = [file.path]
        // DER and single PEM hold the leaf only: give the intermediate as a second file.
        if form == .der || form == .pem { args.append(try A.ca.intermediateCertificate.path) }
        let extra = form == .pfx || form == .pfxLegacy ? ["--passphrase-file", try A.ca.passphraseFile().path] : []
        let result = try await A.audit(args, extra + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)\(result.stdout)")
        let cert = try #require(try A.json(result).first)
        #expect(cert["subject"] as? String == "webext.contoso.com")
        #expect((cert["missing"] as? [String]) == [])
        let covered = (cert["covered"] as? [[String: String]])?.compactMap { $0["name"] }
        #expect(covered == A.required)
        #expect(cert["keyAlgorithm"] as? String == "RSA")
        #expect(cert["keySize"] as? Int == 2048)
        #expect(cert["signatureAlgorithm"] as? String == "sha256WithRSAEncryption")
        #expect(A.codes(cert, severity: "error").isEmpty)
        #expect(cert["source"] as? String == file.path)
    }

    @Test("text report: ✓ per name with the covering SAN, exit 0")
    func textReport() async throws {
        let result = try await A.audit([try A.ca.export(A.good, as: .pemBundle).path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("✓ meet.fabrikam.com"))
        #expect(result.stdout.contains("by lyncdiscover.contoso.com"))
        #expect(result.stdout.contains("OK: 0 missing names, 0 errors"))
    }

    @Test("a missing name: ✗ in the report, name-not-covered, exit 1")
    func missingName() async throws {
        let bundle = try A.ca.export(A.missingDialin, as: .pemBundle).path
        let text = try await A.audit([bundle])
        #expect(text.status == 1)
        #expect(text.stdout.contains("✗ dialin.contoso.com"))
        #expect(text.stdout.contains("name-not-covered"))
        let cert = try await #require(try A.json(try A.audit([bundle], ["--format", "json"])).first)
        #expect(cert["missing"] as? [String] == ["dialin.contoso.com"])
    }

    @Test("*.contoso.com covers the contoso.com names but not fabrikam.com's")
    func wildcardCoversSome() async throws {
        let result = try await A.audit([try A.ca.export(A.wildcard, as: .pemBundle).path], ["--format", "json"])
        #expect(result.status == 1)
        let cert = try #require(try A.json(result).first)
        #expect(cert["missing"] as? [String] == ["meet.fabrikam.com", "lyncdiscover.fabrikam.com"])
        let by = Dictionary(
            uniqueKeysWithValues: ((cert["covered"] as? [[String: String]]) ?? []).map { ($0["name"]!, $0["by"]!) })
        #expect(by["meet.contoso.com"] == "*.contoso.com")
        #expect(by["webext.contoso.com"] == "webext.contoso.com")
    }

    @Test(
        "each defective certificate gets its finding at its severity",
        arguments: [
            ("expired", "expired", "error", 1), ("future", "not-yet-valid", "error", 1),
            ("sha1", "sha1-signature", "warning", 0), ("rsa1024", "weak-key", "warning", 0),
            ("nosan", "subject-not-in-san", "error", 1), ("nul", "invalid-name", "error", 1),
            ("clientonly", "missing-server-auth-eku", "error", 1),
            ("pss", "unsupported-signature-algorithm", "error", 1),
        ])
    func defects(name: String, code: String, severity: String, status: Int32) async throws {
        let issued: TestCA.Issued =
            switch name {
            case "expired": try A.expired
            case "future": try A.notYetValid
            case "sha1": try A.sha1
            case "rsa1024": try A.rsa1024
            case "nosan": try A.noSAN
            case "nul": try A.nulSAN
            case "clientonly": try A.clientOnly
            default: try A.pss
            }
        let result = try await A.audit([try A.ca.export(issued, as: .pemBundle).path], ["--format", "json"])
        #expect(result.status == status, "\(result.stderr)")
        let cert = try #require(try A.json(result).first)
        #expect(A.codes(cert, severity: severity).contains(code), "\(A.codes(cert))")
    }

    /// A subjectAltName of broken DER (a SEQUENCE claiming 6 bytes, holding 4), issued by the test
    /// CA with `openssl ca`: its own finding, no CN fallback, and not blamed on the chain.
    @Test("a malformed subjectAltName is san-unreadable; the CN does not stand in; the chain is not blamed")
    func malformedSAN() async throws {
        var options = A.names()
        options.subjectAltNameDER = "30:06:82:05:61:62"
        let issued = try A.ca.issue("badsan", options)
        let text = try runProcess("openssl", ["x509", "-in", issued.certificate.path, "-noout", "-text"])
        #expect(text.stdout.contains("X509v3 Subject Alternative Name"), "\(text.stdout)")
        let result = try await A.audit([try A.ca.export(issued, as: .pemBundle).path], ["--format", "json"])
        #expect(result.status == 1, "\(result.stderr)")
        let cert = try #require(try A.json(result).first)
        #expect(A.codes(cert, severity: "error").contains("san-unreadable"), "\(A.codes(cert))")
        for blamed in ["chain-incomplete", "untrusted-chain", "subject-not-in-san"] {
            #expect(!A.codes(cert).contains(blamed), "\(blamed): \(A.codes(cert))")
        }
        // The CN webext.contoso.com is not matched in place of the unreadable SAN.
        #expect((cert["covered"] as? [Any])?.isEmpty == true, "\(cert["covered"] ?? "")")
        #expect((cert["missing"] as? [String])?.contains("webext.contoso.com") == true)
    }

    /// `--ca-file` may name an intermediate: it is a trust anchor of its own (X509_V_FLAG_PARTIAL_CHAIN),
    /// so "trust what the internal issuing CA issued" works without the root.
    @Test("--ca-file with only the intermediate: the chain is trusted (partial chain)")
    func intermediateAsAnchor() async throws {
        let result = try await runLynccert(
            [
                "audit", A.topology, "--cert", "reverse-proxy", A.good.certificate.path, "--ca-file",
                A.ca.intermediateCertificate.path, "--format", "json",
            ])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let cert = try #require(try A.json(result).first)
        #expect(cert["chainTrusted"] as? Bool == true)
        #expect(!A.codes(cert).contains("chain-incomplete") && !A.codes(cert).contains("untrusted-chain"))
        // A CA file that does not hold the issuer still fails.
        let other = try TestCA(name: "Other Test")
        let foreign = try await runLynccert(
            [
                "audit", A.topology, "--cert", "reverse-proxy", A.good.certificate.path, "--ca-file",
                other.intermediateCertificate.path, "--format", "json",
            ])
        #expect(foreign.status == 1)
        #expect(A.codes(try #require(try A.json(foreign).first)).contains("chain-incomplete"))
    }

    @Test("a NUL byte SAN is shown escaped and never covers the name before it")
    func nulShown() async throws {
        let result = try await A.audit([try A.ca.export(A.nulSAN, as: .pemBundle).path])
        #expect(result.stdout.contains("meet.contoso.com\\x00.evil.example"))
        // The real meet.contoso.com entry covers the name; the forged one is an invalid name.
        #expect(result.stdout.contains("✓ meet.contoso.com"))
        #expect(result.stdout.contains("by meet.contoso.com"))
    }

    @Test("a leaf without its intermediate is chain-incomplete; with --at two years on it is expired")
    func chainAndTime() async throws {
        let leafOnly = try await A.audit([A.good.certificate.path], ["--format", "json"])
        #expect(leafOnly.status == 1)
        #expect(A.codes(try #require(try A.json(leafOnly).first)).contains("chain-incomplete"))

        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(2 * 365 * 86_400))
        let result = try await A.audit(
            [try A.ca.export(A.good, as: .pemBundle).path], ["--at", later, "--format", "json"])
        #expect(result.status == 1)
        #expect(A.codes(try #require(try A.json(result).first)).contains("expired"))
        let soon = try await A.audit(
            [try A.ca.export(A.good, as: .pemBundle).path], ["--warn-days", "400", "--format", "json"])
        #expect(soon.status == 0)
        #expect(A.codes(try #require(try A.json(soon).first), severity: "warning").contains("expires-soon"))
    }

    @Test("thumbprint and days left: as Windows shows it, from --at; JSON thumbprint and daysUntilExpiry")
    func thumbprintAndExpiry() async throws {
        let bundle = try A.ca.export(A.expired, as: .pemBundle).path
        let expected = try opensslThumbprint(A.expired.certificate.path)
        // notAfter is 2025-01-01T00:00:00Z.
        let before = try await A.audit([bundle], ["--format", "json", "--at", "2024-12-01"])
        let cert = try #require(try A.json(before).first)
        #expect(cert["thumbprint"] as? String == expected)
        #expect(cert["daysUntilExpiry"] as? Int == 31)
        #expect(cert["notAfter"] as? String == "2025-01-01T00:00:00Z")
        let after = try await A.audit([bundle], ["--format", "json", "--at", "2025-01-03T12:00:00Z"])
        #expect(try A.json(after).first?["daysUntilExpiry"] as? Int == -3)
        let text = try await A.audit([bundle], ["--at", "2024-12-31T12:00:00Z"])
        #expect(text.stdout.contains("→ 2025-01-01T00:00:00Z (0 days left)"), "\(text.stdout)")
        #expect(text.stdout.contains("  thumbprint: \(expected)\n"))
        let expiredText = try await A.audit([bundle], ["--at", "2025-01-03T12:00:00Z"])
        #expect(expiredText.stdout.contains("→ 2025-01-01T00:00:00Z (expired 2 days ago)"), "\(expiredText.stdout)")
    }

    @Test("--key: the matching key passes, another key is key-mismatch")
    func keyMatch() async throws {
        let bundle = try A.ca.export(A.good, as: .pemBundle).path
        await #expect(try A.audit([bundle], ["--key", A.good.key.path]).status == 0)
        let wrong = try await A.audit([bundle], ["--key", A.other.key.path, "--format", "json"])
        #expect(wrong.status == 1)
        #expect(A.codes(try #require(try A.json(wrong).first)).contains("key-mismatch"))
    }

    @Test("--key encrypted: exit 2 asking for --key-passphrase-file; with it the key is matched")
    func encryptedKey() async throws {
        let bundle = try A.ca.export(A.good, as: .pemBundle).path
        let pass = try A.directory.write("key-pass.txt", "k3y\n")
        let locked = try A.directory.file("good-locked.key").path
        let made = try runProcess(
            "openssl", ["pkey", "-in", A.good.key.path, "-aes256", "-passout", "file:\(pass)", "-out", locked])
        try #require(made.status == 0, "\(made.stderr)")
        let asked = try await A.audit([bundle], ["--key", locked])
        #expect(asked.status == 2)
        #expect(
            asked.stderr.contains("the private key is encrypted; give its passphrase with --key-passphrase-file"),
            "\(asked.stderr)")
        let wrong = try A.directory.write("wrong-pass.txt", "nope\n")
        let refused = try await A.audit([bundle], ["--key", locked, "--key-passphrase-file", wrong])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("does not open the private key"), "\(refused.stderr)")
        await #expect(try A.audit([bundle], ["--key", locked, "--key-passphrase-file", pass]).status == 0)
        let mismatch = try await A.audit(
            [try A.ca.export(A.other, as: .pemBundle).path],
            ["--key", locked, "--key-passphrase-file", pass, "--format", "json"])
        #expect(A.codes(try #require(try A.json(mismatch).first)).contains("key-mismatch"))
    }

    @Test("unreadable input exits 2 naming the problem")
    func badInput() async throws {
        let garbage = try A.directory.write("garbage.pem", "not a certificate\n")
        let result = try await A.audit([garbage])
        #expect(result.status == 2)
        #expect(result.stderr.contains("garbage.pem"))
        #expect(result.stdout.isEmpty)

        let missing = try await A.audit([A.directory.file("nope.pem").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file"))

        let pfx = try await A.audit([try A.ca.export(A.good, as: .pfx).path])
        #expect(pfx.status == 2)

        let unknown = try await runLynccert(["audit", A.topology, "--cert", "no-such-cert", A.good.certificate.path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("reverse-proxy"))

        let both = try await runLynccert([
            "audit", A.topology, "--cert", "reverse-proxy", "--connect", "127.0.0.1:1", A.good.certificate.path,
        ])
        #expect(both.status == 2)
    }
}

@Suite("lynccert audit --connect (loopback nginx)", .serialized)
struct AuditConnectTests {
    static func server(wrongFor: String? = nil) throws -> TLSServer {
        let bundle = try A.ca.export(A.good, as: .pemBundle)
        var hosts = [
            TLSServer.VirtualHost(
                names: A.required.filter { $0 != wrongFor }, certificateChain: bundle, key: try A.good.key)
        ]
        if let wrongFor {
            hosts.append(try .init(names: [wrongFor], certificateChain: A.other.certificate, key: A.other.key))
        }
        return try TLSServer(defaultHost: .init(names: [], certificateChain: bundle, key: A.good.key), hosts: hosts)
    }

    @Test("every name gets the planned certificate: exit 0, each name ✓")
    func allGood() async throws {
        let server = try Self.server()
        let result = try await runLynccert(
            ["audit", A.topology, "--cert", "reverse-proxy", "--connect", server.address, "--ca-file", A.caFile])
        #expect(result.status == 0, "\(result.stderr)\(result.stdout)")
        for name in A.required { #expect(result.stdout.contains("✓ \(name)")) }
        #expect(result.stdout.contains("no SNI"))
    }

    @Test("a name served another certificate is reported with the one it got: exit 1")
    func wrongCertificateForOneName() async throws {
        let server = try Self.server(wrongFor: "meet.fabrikam.com")
        let result = try await runLynccert(
            [
                "audit", A.topology, "--cert", "reverse-proxy", "--connect", server.address, "--ca-file", A.caFile,
                "--format", "json",
            ])
        #expect(result.status == 1)
        let certs = try A.json(result)
        #expect(certs.count == 2)
        #expect(certs[0]["subject"] as? String == "webext.contoso.com")
        #expect((certs[0]["missing"] as? [String]) == [])
        #expect(certs[1]["subject"] as? String == "other.contoso.com")
        #expect(certs[1]["missing"] as? [String] == ["meet.fabrikam.com"])
        #expect((certs[1]["source"] as? String)?.contains("SNI meet.fabrikam.com") == true)
        #expect(A.codes(certs[1]).contains("different-certificate"))
    }

    @Test("a leaf served without its intermediate is chain-incomplete")
    func servedWithoutIntermediate() async throws {
        let server = try TLSServer(
            defaultHost: .init(names: [], certificateChain: A.good.certificate, key: A.good.key), hosts: [])
        let result = try await runLynccert(
            [
                "audit", A.topology, "--cert", "reverse-proxy", "--connect", server.address, "--ca-file", A.caFile,
                "--format", "json",
            ])
        #expect(result.status == 1)
        #expect(A.codes(try #require(try A.json(result).first)).contains("chain-incomplete"))
    }

    @Test("nothing listening: exit 3")
    func cannotConnect() async throws {
        let closed = try ClosedLoopbackPort()
        defer { closed.release() }
        let result = try await runLynccert(
            [
                "audit", A.topology, "--cert", "reverse-proxy", "--connect", closed.address,
                "--timeout", "2",
            ])
        #expect(result.status == 3)
        #expect(result.stderr.contains("no handshake succeeded"))
    }
}

/// `openssl x509 -fingerprint -sha1 -noout` with the colons stripped: the thumbprint Windows shows.
func opensslThumbprint(_ path: String) throws -> String {
    let result = try runProcess("openssl", ["x509", "-in", path, "-noout", "-fingerprint", "-sha1"])
    try #require(result.status == 0, "\(result.stderr)")
    // "SHA1 Fingerprint=AB:CD:…"
    let value = try #require(result.stdout.split(separator: "=", maxSplits: 1).last)
    let hex = value.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ":", with: "")
    try #require(hex.count == 40 && hex == hex.uppercased())
    return hex
}
