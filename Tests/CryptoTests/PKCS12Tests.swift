import Crypto
import Foundation
import TestSupport
import Testing

@Suite("PKCS#12: Windows-compatible and modern bundles, legacy files, cross-checked with openssl pkcs12")
struct PKCS12Tests {
    static let passphrase = Array("Pfx-Pass 1".utf8)

    @Test(
        "the default profile is 3DES + SHA-1 MAC, 2048 iterations; modern is AES-256/PBKDF2 + SHA-256",
        arguments: [PKCS12Builder.Profile.windowsCompatible, .modern])
    func profiles(profile: PKCS12Builder.Profile) throws {
        let fixtures = try OpenSSLFixtures()
        try fixtures.reverseProxyLeaf()
        let leaf = try Certificate.fromPEM(try fixtures.bytes("leaf.pem"))[0]
        let ca = try Certificate.fromPEM(try fixtures.bytes("ca.pem"))[0]
        let key = try PrivateKey(bytes: try fixtures.bytes("leaf.key"))
        let der = try PKCS12Builder(
            privateKey: key, certificate: leaf, chain: [ca], friendlyName: "Lync reverse proxy", profile: profile
        ).build(passphrase: Self.passphrase)
        try Data(der).write(to: fixtures.folder.file("out.pfx"))
        try fixtures.folder.write("pass.txt", "Pfx-Pass 1\n")

        let info = try fixtures.openssl(
            "pkcs12", "-info", "-nokeys", "-in", fixtures.path("out.pfx"), "-passin",
            "file:\(fixtures.path("pass.txt"))")
        let text = info.stdout + info.stderr
        switch profile {
        case .windowsCompatible:
            #expect(text.contains("MAC: sha1, Iteration 2048"))
            #expect(text.contains("PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048"))
            #expect(text.contains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048"))
        case .modern:
            #expect(text.contains("MAC: sha256, Iteration 2048"))
            #expect(
                text.contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256"))
            #expect(text.contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256"))
        }
        #expect(text.contains("friendlyName: Lync reverse proxy"))
        #expect(text.contains("subject=C = US, O = Contoso Ltd, CN = webext.contoso.com"))
        #expect(text.contains("subject=C = US, O = Contoso Test, CN = Contoso Test Root"))

        // The key comes out of openssl intact.
        let keyOut = try fixtures.openssl(
            "pkcs12", "-in", fixtures.path("out.pfx"), "-nocerts", "-noenc", "-passin",
            "file:\(fixtures.path("pass.txt"))")
        // The key bag tells Windows to import into the CAPI SChannel provider as an exchange key.
        #expect(keyOut.stdout.contains("Microsoft CSP Name: Microsoft RSA SChannel Cryptographic Provider"))
        #expect(keyOut.stdout.contains("X509v3 Key Usage: 10"))
        let extracted = try PrivateKey(pemEncoded: Array(keyOut.stdout.utf8))
        #expect(extracted.hasSamePublicKey(as: key))

        // And it reads back here, in order.
        let contents = try PKCS12.parse(der, passphrase: Self.passphrase)
        #expect(contents.certificates == [leaf, ca])
        #expect(contents.privateKey?.hasSamePublicKey(as: key) == true)
        #expect(contents.macDigest == (profile == .modern ? "sha256" : "sha1"))
        #expect(contents.macIterations == 2048)
    }

    @Test("a key that does not belong to the certificate is refused")
    func mismatch() throws {
        let fixtures = try OpenSSLFixtures()
        try fixtures.reverseProxyLeaf()
        let leaf = try Certificate.fromPEM(try fixtures.bytes("leaf.pem"))[0]
        let other = try PrivateKey(bytes: try fixtures.bytes("ca.key"))
        #expect(throws: CryptoError(code: .keyMismatch, reason: "")) {
            try PKCS12Builder(privateKey: other, certificate: leaf).build(passphrase: Self.passphrase)
        }
        let key = try PrivateKey(bytes: try fixtures.bytes("leaf.key"))
        #expect(throws: CryptoError(code: .malformedInput, reason: "")) {
            try PKCS12Builder(privateKey: key, certificate: leaf).build(passphrase: [])
        }
    }

    @Test("an RC2-40 file from openssl pkcs12 -export -legacy opens (legacy provider); a wrong passphrase is refused")
    func legacyFile() throws {
        let fixtures = try OpenSSLFixtures()
        try fixtures.reverseProxyLeaf()
        try fixtures.openssl(
            "pkcs12", "-export", "-legacy", "-inkey", fixtures.path("leaf.key"), "-in", fixtures.path("leaf.pem"),
            "-certfile", fixtures.path("ca.pem"), "-passout", "pass:legacy", "-out", fixtures.path("legacy.pfx"))
        let info = try fixtures.openssl(
            "pkcs12", "-info", "-legacy", "-nokeys", "-noout", "-in", fixtures.path("legacy.pfx"), "-passin",
            "pass:legacy")
        #expect((info.stdout + info.stderr).contains("pbeWithSHA1And40BitRC2-CBC"))

        let contents = try PKCS12.parse(try fixtures.bytes("legacy.pfx"), passphrase: Array("legacy".utf8))
        #expect(contents.certificates.map(\.commonName) == ["webext.contoso.com", "Contoso Test Root"])
        #expect(contents.privateKey != nil)
        #expect(contents.encryptionAlgorithms.contains("PBE-SHA1-RC2-40"))
        #expect(OpenSSLLibrary.legacyProviderAvailable)
        #expect(throws: CryptoError(code: .wrongPassphrase, reason: "")) {
            try PKCS12.parse(try fixtures.bytes("legacy.pfx"), passphrase: Array("wrong".utf8))
        }
        let detected = try CryptoFile.parse(try fixtures.bytes("legacy.pfx"), passphrase: Array("legacy".utf8))
        #expect(detected.encoding == .pkcs12)
        #expect(detected.certificates.count == 2)
    }
}
