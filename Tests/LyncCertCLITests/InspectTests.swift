import Foundation
import TestSupport
import Testing

/// Certificates and keys made with the `openssl` command in a temporary folder, for the CLI tests:
/// a self-signed test root and a reverse-proxy leaf it issued (`leaf.pem`/`leaf.key`).
final class CLIFixtures: @unchecked Sendable {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory(prefix: "lynccert-cli-crypto")
        try openssl(
            "req", "-x509", "-newkey", "rsa:2048", "-noenc", "-keyout", "ca.key", "-out", "ca.pem", "-subj",
            "/O=Contoso Test/CN=Contoso Test Root", "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE")
        try openssl(
            "req", "-new", "-newkey", "rsa:2048", "-noenc", "-keyout", "leaf.key", "-out", "leaf.req", "-subj",
            "/O=Contoso Ltd/CN=webext.contoso.com")
        try folder.write(
            "leaf.ext",
            """
            subjectAltName=DNS:webext.contoso.com,DNS:meet.contoso.com,DNS:dialin.contoso.com
            keyUsage=critical,digitalSignature,keyEncipherment
            extendedKeyUsage=serverAuth,clientAuth
            crlDistributionPoints=URI:http://pki.contoso.com/root.crl

            """)
        try openssl(
            "x509", "-req", "-in", "leaf.req", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "4660", "-days",
            "10", "-sha256", "-extfile", "leaf.ext", "-out", "leaf.pem")
        try folder.write("pass.txt", "s3cret pass\n")
    }

    func path(_ name: String) -> String { folder.file(name).path }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: folder.file(name)) }

    @discardableResult
    func openssl(_ arguments: String...) throws -> ProcessResult {
        let result = try runProcess("openssl", arguments, currentDirectory: folder.url)
        if result.status != 0 { Issue.record("openssl \(arguments.joined(separator: " ")) failed: \(result.stderr)") }
        return result
    }

    /// A process: the arguments are paths relative to the fixture folder, the working directory.
    func lynccert(_ arguments: String..., environment: [String: String]? = nil) throws -> ProcessResult {
        try runLynccertProcess(arguments, environment: environment, currentDirectory: folder.url)
    }
}

@Suite("lynccert inspect")
struct InspectTests {
    @Test("a certificate, its key and a CSR: subject, SANs, usages, CRL DP, fingerprints, key match")
    func certificateKeyAndRequest() throws {
        let f = try CLIFixtures()
        let result = try f.lynccert("inspect", "leaf.pem", "leaf.key", "leaf.req")
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("leaf.pem: PEM, 1 item"))
        #expect(out.contains("Subject:     CN=webext.contoso.com, O=Contoso Ltd"))
        #expect(out.contains("Issuer:      CN=Contoso Test Root, O=Contoso Test"))
        #expect(out.contains("Serial:      1234"))
        #expect(out.contains("SAN:         DNS:webext.contoso.com, DNS:meet.contoso.com, DNS:dialin.contoso.com"))
        #expect(out.contains("Key usage:   digitalSignature, keyEncipherment (critical)"))
        #expect(out.contains("EKU:         serverAuth, clientAuth"))
        #expect(out.contains("CRL DP:      http://pki.contoso.com/root.crl"))
        let sha256 = try f.openssl("x509", "-in", "leaf.pem", "-noout", "-fingerprint", "-sha256").stdout
        let digest = try #require(sha256.split(separator: "=").last).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(out.contains("SHA-256:     \(digest)"))
        #expect(out.contains("Private key: RSA 2048\n      Matches:     CN=webext.contoso.com, O=Contoso Ltd"))
        #expect(out.contains("Certificate signing request"))
        #expect(out.contains("sha256WithRSAEncryption (verifies)"))
    }

    @Test("thumbprint as Windows shows it and days left from --at, in text and JSON")
    func thumbprintAndDaysLeft() throws {
        let f = try CLIFixtures()
        let thumbprint = try opensslThumbprint(f.path("leaf.pem"))
        // notAfter=2026-12-13 07:50:00Z
        let end = try f.openssl("x509", "-in", "leaf.pem", "-noout", "-enddate", "-dateopt", "iso_8601").stdout
        let iso = try #require(end.split(separator: "=").last).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: " ", with: "T")
        let notAfter = try #require(ISO8601DateFormatter().date(from: iso))
        // 3 days and 5 hours before notAfter: 3 whole days left.
        let at = ISO8601DateFormatter().string(from: notAfter.addingTimeInterval(-(3 * 86_400 + 5 * 3600)))
        let text = try f.lynccert("inspect", "leaf.pem", "--at", at)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Thumbprint:  \(thumbprint)\n"), "\(text.stdout)")
        #expect(text.stdout.contains("Not after:   \(iso) (3 days left)"), "\(text.stdout)")
        let json = try f.lynccert("inspect", "leaf.pem", "--at", at, "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        let item = try #require(((object["files"] as? [[String: Any]])?.first?["items"] as? [[String: Any]])?.first)
        #expect(item["thumbprint"] as? String == thumbprint)
        #expect(item["daysUntilExpiry"] as? Int == 3)
        let later = ISO8601DateFormatter().string(from: notAfter.addingTimeInterval(86_400 + 60))
        let expired = try f.lynccert("inspect", "leaf.pem", "--at", later, "--format", "json")
        let expiredObject = try #require(
            try JSONSerialization.jsonObject(with: expired.stdoutData) as? [String: Any])
        let expiredItem = (expiredObject["files"] as? [[String: Any]])?.first?["items"] as? [[String: Any]]
        #expect(expiredItem?.first?["daysUntilExpiry"] as? Int == -2)
        #expect(try f.lynccert("inspect", "leaf.pem", "--at", "tomorrow").status == 2)
    }

    @Test("a PFX without a passphrase: exit 2 saying a passphrase is needed and which option gives it")
    func pfxNeedsPassphrase() throws {
        let f = try CLIFixtures()
        try f.openssl(
            "pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-passout", "file:pass.txt", "-out", "p.pfx")
        let result = try f.lynccert("inspect", "p.pfx")
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("p.pfx: the file is protected by a passphrase; give it with --passphrase-file FILE"),
            "\(result.stderr)")
        let wrong = try f.folder.write("wrong.txt", "nope\n")
        let refused = try f.lynccert("inspect", "p.pfx", "--passphrase-file", wrong)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("the passphrase does not open"), "\(refused.stderr)")
        #expect(try f.lynccert("inspect", "p.pfx", "--passphrase-file", "pass.txt").status == 0)
        // An encrypted PEM key is listed as locked, naming the option that opens it.
        try f.openssl("pkey", "-in", "leaf.key", "-aes256", "-passout", "file:pass.txt", "-out", "locked.key")
        let locked = try f.lynccert("inspect", "locked.key")
        #expect(locked.stdout.contains("give its passphrase with --passphrase-file to open it"), "\(locked.stdout)")
    }

    @Test("--format json: the fields an audit script reads")
    func json() throws {
        let f = try CLIFixtures()
        try f.openssl("x509", "-in", "leaf.pem", "-outform", "DER", "-out", "leaf.cer")
        let result = try f.lynccert("inspect", "leaf.cer", "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.first?["format"] as? String == "der")
        let item = try #require((files.first?["items"] as? [[String: Any]])?.first)
        #expect(item["type"] as? String == "certificate")
        #expect(item["commonName"] as? String == "webext.contoso.com")
        #expect(
            item["subjectAlternativeNames"] as? [String] == [
                "webext.contoso.com", "meet.contoso.com", "dialin.contoso.com",
            ])
        #expect(item["keyAlgorithm"] as? String == "RSA")
        #expect(item["keySize"] as? Int == 2048)
        #expect(item["extendedKeyUsages"] as? [String] == ["serverAuth", "clientAuth"])
        #expect(item["keyUsageCritical"] as? Bool == true)
        #expect(item["isCA"] as? Bool == false)
        #expect(item["selfSigned"] as? Bool == false)
        #expect(item["signatureAlgorithm"] as? String == "sha256WithRSAEncryption")
        let end = try f.openssl("x509", "-in", "leaf.pem", "-noout", "-enddate", "-dateopt", "iso_8601").stdout
        let iso = end.split(separator: "=")[1].trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: " ", with: "T")
        #expect(item["notAfter"] as? String == iso)
    }

    @Test("a PKCS#7 bundle and a legacy RC2-40 PKCS#12 (openssl -export -legacy) list their certificates in order")
    func bundles() throws {
        let f = try CLIFixtures()
        try f.openssl("crl2pkcs7", "-nocrl", "-certfile", "leaf.pem", "-certfile", "ca.pem", "-out", "chain.p7b")
        let p7 = try f.lynccert("inspect", "chain.p7b")
        #expect(p7.status == 0, "\(p7.stderr)")
        #expect(p7.stdout.contains("chain.p7b: PKCS7, 2 items"))
        let leafAt = try #require(p7.stdout.range(of: "[1] Certificate\n      Subject:     CN=webext.contoso.com"))
        let rootAt = try #require(p7.stdout.range(of: "[2] Certificate\n      Subject:     CN=Contoso Test Root"))
        #expect(leafAt.lowerBound < rootAt.lowerBound)

        try f.openssl(
            "pkcs12", "-export", "-legacy", "-inkey", "leaf.key", "-in", "leaf.pem", "-certfile", "ca.pem", "-passout",
            "file:pass.txt", "-out", "legacy.pfx")
        let pfx = try f.lynccert("inspect", "legacy.pfx", "--passphrase-file", "pass.txt")
        #expect(pfx.status == 0, "\(pfx.stderr)")
        #expect(pfx.stdout.contains("legacy.pfx: PKCS12, 3 items"))
        #expect(pfx.stdout.contains("PBE-SHA1-RC2-40"))
        #expect(pfx.stdout.contains("[3] Private key: RSA 2048, encrypted\n      Matches:     CN=webext.contoso.com"))

        let env = try f.lynccert(
            "inspect", "legacy.pfx", "--passphrase-env", "LYNC_TEST_PASS",
            environment: ["LYNC_TEST_PASS": "s3cret pass"])
        #expect(env.status == 0, "\(env.stderr)")
    }

    @Test("malformed inputs: a clear error naming the file, exit 2, the good files still shown")
    func malformed() throws {
        let f = try CLIFixtures()
        try f.openssl("x509", "-in", "leaf.pem", "-outform", "DER", "-out", "leaf.cer")
        try f.bytes("leaf.cer").prefix(200).write(to: f.folder.file("truncated.cer"))
        try f.folder.write(
            "garbage.pem", "-----BEGIN CERTIFICATE-----\nthis is not base64!\n-----END CERTIFICATE-----\n")
        try f.folder.write("notes.txt", "just some text\n")
        try f.openssl(
            "pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-passout", "file:pass.txt", "-out", "x.pfx")
        try f.folder.write("wrong.txt", "not the passphrase\n")

        let cases: [([String], String)] = [
            (["truncated.cer"], "truncated.cer: DER data that is no certificate"),
            (["garbage.pem"], "garbage.pem: PEM block 1 (CERTIFICATE, line 1) is not a valid certificate"),
            (["notes.txt"], "notes.txt: neither PEM text nor DER"),
            (["x.pfx", "--passphrase-file", "wrong.txt"], "x.pfx: the passphrase does not open the PKCS#12 file"),
            (["missing.pem"], "missing.pem: no such file"),
        ]
        for (arguments, message) in cases {
            // A process: paths relative to the working directory, named as given in the messages.
            let result = try runLynccertProcess(["inspect"] + arguments, currentDirectory: f.folder.url)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
        let mixed = try f.lynccert("inspect", "leaf.pem", "garbage.pem")
        #expect(mixed.status == 2)
        #expect(mixed.stdout.contains("CN=webext.contoso.com"))
        #expect(mixed.stderr.contains("garbage.pem"))
    }

    @Test("an encrypted key without a passphrase is shown as locked; with it, opened")
    func encryptedKey() throws {
        let f = try CLIFixtures()
        try f.openssl("pkey", "-in", "leaf.key", "-aes256", "-passout", "file:pass.txt", "-out", "enc.key")
        let locked = try f.lynccert("inspect", "enc.key")
        #expect(locked.status == 0)
        #expect(
            locked.stdout.contains(
                "Private key (ENCRYPTED PRIVATE KEY; give its passphrase with --passphrase-file to open it)"))
        let opened = try f.lynccert("inspect", "enc.key", "--passphrase-file", "pass.txt")
        #expect(opened.stdout.contains("Private key: RSA 2048, encrypted"))
        try f.folder.write("wrong.txt", "nope\n")
        let wrong = try f.lynccert("inspect", "enc.key", "--passphrase-file", "wrong.txt")
        #expect(wrong.status == 2)
        #expect(
            wrong.stderr.contains("enc.key: PEM block 1 (ENCRYPTED PRIVATE KEY, line 1): the passphrase does not open"))
    }

    /// Runs lynccert on a pseudo-terminal (its controlling terminal); `input`, when given, is typed
    /// once the passphrase prompt shows (and, with `waitForEchoOff`, echo is off).
    static func onTerminal(
        _ f: CLIFixtures, _ arguments: [String], input: String?, waitForEchoOff: Bool = true
    ) throws -> ProcessResult {
        try runOnTerminal(
            TestSupport.lynccertBinary.path, arguments,
            answers: input.map { [(prompt: "Passphrase for ", input: $0)] } ?? [], waitForEchoOff: waitForEchoOff,
            currentDirectory: f.folder.url, timeout: 30)
    }

    @Test("--prompt-passphrase reads from the terminal with echo off")
    func prompt() throws {
        let f = try CLIFixtures()
        try f.openssl("pkey", "-in", "leaf.key", "-aes256", "-passout", "file:pass.txt", "-out", "enc.key")
        let result = try Self.onTerminal(f, ["inspect", "enc.key", "--prompt-passphrase"], input: "s3cret pass")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("Passphrase for the files: "))
        #expect(result.stdout.contains("Private key: RSA 2048, encrypted"))
        #expect(!result.stdout.contains("s3cret"))  // not echoed
    }

    /// Echo goes off before the prompt shows: with the prompt first, an answer typed at once could
    /// land before echo-off (echoed, then discarded by TCSAFLUSH, and the run waits for input).
    @Test("--prompt-passphrase: a passphrase typed the moment the prompt shows is read and not echoed")
    func promptTypedAtOnce() throws {
        let f = try CLIFixtures()
        try f.openssl("pkey", "-in", "leaf.key", "-aes256", "-passout", "file:pass.txt", "-out", "enc.key")
        for _ in 0..<5 {
            let result = try Self.onTerminal(
                f, ["inspect", "enc.key", "--prompt-passphrase"], input: "s3cret pass", waitForEchoOff: false)
            #expect(result.status == 0, "\(result.stdout)")
            #expect(result.stdout.contains("Private key: RSA 2048, encrypted"))
            #expect(!result.stdout.contains("s3cret"), "\(result.stdout)")
        }
    }

    @Test("a certificate block claiming to be encrypted is refused without prompting on the terminal")
    func noPromptForCertificates() throws {
        let f = try CLIFixtures()
        let pem = String(decoding: try f.bytes("leaf.pem"), as: UTF8.self)
        let tampered = pem.replacingOccurrences(
            of: "-----BEGIN CERTIFICATE-----\n",
            with:
                "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\n"
        )
        try f.folder.write("tampered.pem", tampered)
        // No answer is typed: a prompt would wait until the 30 s guard kills it.
        let result = try Self.onTerminal(f, ["inspect", "tampered.pem"], input: nil)
        #expect(result.status == 2, "\(result.stdout)")
        #expect(result.stdout.contains("tampered.pem: PEM block 1 (CERTIFICATE, line 1) is not a valid certificate"))
        #expect(!result.stdout.contains("Enter PEM pass phrase"))
    }

    @Test("a subject with ESC and BEL: inspect and audit show \\x1b and \\x07, never the raw bytes")
    func controlCharactersInSubject() throws {
        let f = try CLIFixtures()
        let esc = "\u{1B}"
        try f.openssl(
            "req", "-x509", "-newkey", "rsa:2048", "-noenc", "-keyout", "esc.key", "-out", "esc.pem", "-days", "2",
            "-subj", "/O=Cont\(esc)]0;owned\u{07}oso/CN=webext.contoso.com\(esc)[2J", "-addext",
            "subjectAltName=DNS:webext.contoso.com,DNS:evil\(esc)[31m.contoso.com")
        let inspect = try f.lynccert("inspect", "esc.pem")
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(!inspect.stdoutData.contains(0x1B) && !inspect.stdoutData.contains(0x07))
        #expect(inspect.stdout.contains(#"Subject:     CN=webext.contoso.com\x1b[2J, O=Cont\x1b]0\;owned\x07oso"#))
        #expect(inspect.stdout.contains(#"DNS:evil\x1b[31m.contoso.com"#))

        let topology = try f.folder.write("topology.yaml", BadTopologyTests.good)
        let audit = try f.lynccert("audit", topology, "--cert", "reverse-proxy", "esc.pem")
        #expect(audit.status == 1, "\(audit.stderr)")
        #expect(!audit.stdoutData.contains(0x1B) && !audit.stdoutData.contains(0x07))
        #expect(!audit.stderr.utf8.contains(0x1B))
        #expect(audit.stdout.contains(#"subject:   CN=webext.contoso.com\x1b[2J, O=Cont\x1b]0\;owned\x07oso"#))
        #expect(audit.stdout.contains(#"the subject CN is webext.contoso.com\x1b[2J"#))
    }
}
