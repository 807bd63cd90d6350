import Foundation
import TestSupport
import Testing

@Suite("lynccert pfx")
struct PFXTests {
    @Test("default profile: 3DES + SHA-1 MAC that openssl opens, mode 0600, chain included")
    func windowsProfile() throws {
        let f = try CLIFixtures()
        let result = try f.lynccert(
            "pfx", "--key", "leaf.key", "--cert", "leaf.pem", "--chain", "ca.pem", "--out", "rp.pfx",
            "--passphrase-file",
            "pass.txt")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Windows Server 2008 R2/2012 R2 compatible"))
        // The certificate as Windows shows it: thumbprint, and notAfter with the days left.
        #expect(result.stdout.contains("  Thumbprint: \(try opensslThumbprint(f.path("leaf.pem")))\n"))
        let end = try f.openssl("x509", "-in", "leaf.pem", "-noout", "-enddate", "-dateopt", "iso_8601").stdout
        let iso = end.split(separator: "=")[1].trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: " ", with: "T")
        // The leaf is valid for 10 days from its issue a moment ago: 9 whole days left.
        #expect(result.stdout.contains("  Not after:  \(iso) (9 days left)"), "\(result.stdout)")
        let mode = try FileManager.default.attributesOfItem(atPath: f.path("rp.pfx"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let info = try f.openssl("pkcs12", "-info", "-nokeys", "-in", "rp.pfx", "-passin", "file:pass.txt")
        let text = info.stdout + info.stderr
        #expect(text.contains("MAC: sha1, Iteration 2048"))
        #expect(text.contains("PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048"))
        #expect(text.contains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048"))
        #expect(text.contains("subject=O = Contoso Test, CN = Contoso Test Root"))
        #expect(text.contains("friendlyName: webext.contoso.com"))
        // The key inside is the one given.
        let key = try f.openssl("pkcs12", "-in", "rp.pfx", "-nocerts", "-noenc", "-passin", "file:pass.txt").stdout
        try f.folder.write("extracted.key", key)
        let a = try f.openssl("pkey", "-in", "extracted.key", "-pubout").stdout
        let b = try f.openssl("pkey", "-in", "leaf.key", "-pubout").stdout
        #expect(a == b)
    }

    @Test("--modern: AES-256-CBC, PBKDF2, SHA-256 MAC")
    func modernProfile() throws {
        let f = try CLIFixtures()
        let result = try f.lynccert(
            "pfx", "--key", "leaf.key", "--cert", "leaf.pem", "--out", "m.pfx", "--passphrase-env", "PFXPASS",
            "--modern",
            environment: ["PFXPASS": "s3cret pass"])
        #expect(result.status == 0, "\(result.stderr)")
        let info = try f.openssl("pkcs12", "-info", "-nokeys", "-in", "m.pfx", "-passin", "file:pass.txt")
        let text = info.stdout + info.stderr
        #expect(text.contains("MAC: sha256, Iteration 2048"))
        #expect(text.contains("PBES2, PBKDF2, AES-256-CBC"))
        #expect(!text.contains("TripleDES"))
    }

    @Test("an encrypted key needs --key-passphrase-file; a bundle file's leaf is found by the key")
    func encryptedKeyAndBundle() throws {
        let f = try CLIFixtures()
        try f.folder.write("key.pass", "keypass\n")
        try f.openssl("pkey", "-in", "leaf.key", "-aes256", "-passout", "file:key.pass", "-out", "enc.key")
        let bundle = String(decoding: try f.bytes("ca.pem") + f.bytes("leaf.pem"), as: UTF8.self)
        try f.folder.write("bundle.pem", bundle)
        let refused = try f.lynccert(
            "pfx", "--key", "enc.key", "--cert", "bundle.pem", "--out", "b.pfx", "--passphrase-file", "pass.txt")
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains(
                "enc.key: the private key is encrypted; give its passphrase with --key-passphrase-file"))
        let ok = try f.lynccert(
            "pfx", "--key", "enc.key", "--key-passphrase-file", "key.pass", "--cert", "bundle.pem", "--out", "b.pfx",
            "--passphrase-file", "pass.txt")
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("CN=webext.contoso.com, O=Contoso Ltd with 1 chain certificate"))
    }

    @Test("a key that does not match the certificate is refused (exit 2) and nothing is written")
    func mismatch() throws {
        let f = try CLIFixtures()
        let result = try f.lynccert(
            "pfx", "--key", "ca.key", "--cert", "leaf.pem", "--out", "bad.pfx", "--passphrase-file", "pass.txt")
        #expect(result.status == 2)
        #expect(result.stderr.contains("ca.key does not match leaf.pem"))
        #expect(!FileManager.default.fileExists(atPath: f.path("bad.pfx")))
    }

    @Test("an existing output needs --force; without it the file stays byte-for-byte")
    func force() throws {
        let f = try CLIFixtures()
        try f.folder.write("rp.pfx", "precious")
        let refused = try f.lynccert(
            "pfx", "--key", "leaf.key", "--cert", "leaf.pem", "--out", "rp.pfx", "--passphrase-file", "pass.txt")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("rp.pfx already exists; pass --force"))
        #expect(try f.bytes("rp.pfx") == Data("precious".utf8))
        let forced = try f.lynccert(
            "pfx", "--key", "leaf.key", "--cert", "leaf.pem", "--out", "rp.pfx", "--passphrase-file", "pass.txt",
            "--force")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try f.bytes("rp.pfx") != Data("precious".utf8))
    }

    @Test("the passphrase never comes from argv: no option takes it, and one source is required")
    func passphraseSources() throws {
        let f = try CLIFixtures()
        let none = try f.lynccert("pfx", "--key", "leaf.key", "--cert", "leaf.pem", "--out", "x.pfx")
        #expect(none.status == 2)
        #expect(none.stderr.contains("--passphrase-file, --passphrase-env or --prompt-passphrase"))
        let argv = try f.lynccert(
            "pfx", "--key", "leaf.key", "--cert", "leaf.pem", "--out", "x.pfx", "--passphrase", "x")
        #expect(argv.status == 2)
        let two = try f.lynccert(
            "pfx", "--key", "leaf.key", "--cert", "leaf.pem", "--out", "x.pfx", "--passphrase-file", "pass.txt",
            "--passphrase-env", "HOME")
        #expect(two.status == 2)
        // A passphrase file's trailing newline is not part of the passphrase: openssl opens it with pass:.
        let ok = try f.lynccert(
            "pfx", "--key", "leaf.key", "--cert", "leaf.pem", "--out", "x.pfx", "--passphrase-file", "pass.txt")
        #expect(ok.status == 0)
        #expect(try f.openssl("pkcs12", "-in", "x.pfx", "-nokeys", "-passin", "pass:s3cret pass").status == 0)
    }
}
