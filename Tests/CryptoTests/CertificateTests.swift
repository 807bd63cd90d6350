import Crypto
import Foundation
import TestSupport
import Testing

@Suite("Certificate: X.509 reading, cross-checked with openssl x509")
struct CertificateTests {
    @Test("accessors agree with openssl x509 on an issued leaf")
    func accessors() throws {
        let fixtures = try OpenSSLFixtures()
        let leafPath = try fixtures.reverseProxyLeaf()
        let certificates = try Certificate.fromPEM(try fixtures.bytes("leaf.pem"))
        let leaf = try #require(certificates.first)
        #expect(certificates.count == 1)

        #expect(leaf.subject.description == "CN=webext.contoso.com, O=Contoso Ltd, C=US")
        #expect(leaf.commonName == "webext.contoso.com")
        #expect(leaf.issuer.description == "CN=Contoso Test Root, O=Contoso Test, C=US")
        let serial = try fixtures.openssl("x509", "-in", leafPath, "-noout", "-serial").stdout
        #expect(serial.trimmingCharacters(in: .whitespacesAndNewlines) == "serial=\(leaf.serialNumber)")
        #expect(leaf.serialNumber == "1A2B3C")
        let end = try fixtures.openssl("x509", "-in", leafPath, "-noout", "-enddate", "-dateopt", "iso_8601").stdout
        let formatter = ISO8601DateFormatter()
        let opensslEnd = end.split(separator: "=")[1].trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: " ", with: "T")
        #expect(formatter.date(from: opensslEnd) == leaf.notAfter)
        #expect(leaf.notAfter.timeIntervalSince(leaf.notBefore) == 10 * 86_400)

        #expect(leaf.publicKey.algorithm == .rsa)
        #expect(leaf.publicKey.bits == 2048)
        #expect(leaf.signatureAlgorithm.name == "sha256WithRSAEncryption")
        #expect(leaf.signatureAlgorithm.digest == .sha256)

        let sans = try #require(leaf.subjectAlternativeNames)
        #expect(sans.dnsNames == ["webext.contoso.com", "meet.contoso.com", "dialin.contoso.com"])
        #expect(sans.entries.last == .ipAddress(.init(bytes: [203, 0, 113, 10])))
        #expect(sans.entries.last?.description == "IP Address:203.0.113.10")
        #expect(!sans.critical)
        #expect(leaf.keyUsage?.usage == [.digitalSignature, .keyEncipherment])
        #expect(leaf.keyUsage?.critical == true)
        #expect(leaf.extendedKeyUsages?.usages.map(\.oid) == ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"])
        #expect(leaf.basicConstraints?.isCA == false)
        #expect(!leaf.isCA)
        #expect(leaf.crlDistributionPoints == ["http://pki.contoso.com/root.crl"])
        #expect(leaf.caIssuersURIs == ["http://pki.contoso.com/root.cer"])
        #expect(leaf.ocspURIs == ["http://ocsp.contoso.com"])
        #expect(leaf.undecodableExtensions.isEmpty)
        #expect(!leaf.isSelfSigned)

        for (flag, digest) in [("-sha1", leaf.sha1Fingerprint), ("-sha256", leaf.sha256Fingerprint)] {
            let line = try fixtures.openssl("x509", "-in", leafPath, "-noout", "-fingerprint", flag).stdout
            #expect(line.hasSuffix("=\(Digest.colonHex(digest))\n"))
        }
        #expect(leaf.thumbprint == Digest.colonHex(leaf.sha1Fingerprint).replacingOccurrences(of: ":", with: ""))

        let ca = try Certificate.fromPEM(try fixtures.bytes("ca.pem"))[0]
        #expect(ca.isCA)
        #expect(ca.isSelfSigned)
        #expect(leaf.isIssued(by: ca))
        #expect(!ca.isIssued(by: leaf))
        #expect(leaf.authorityKeyIdentifier == ca.subjectKeyIdentifier)

        let key = try PrivateKey(bytes: try fixtures.bytes("leaf.key"))
        #expect(leaf.matches(privateKey: key))
        #expect(key.matches(leaf))
        #expect(!leaf.matches(privateKey: try PrivateKey(bytes: try fixtures.bytes("ca.key"))))
    }

    @Test("DER and PEM output round-trip and match openssl's")
    func encodings() throws {
        let fixtures = try OpenSSLFixtures()
        try fixtures.reverseProxyLeaf()
        try fixtures.openssl(
            "x509", "-in", fixtures.path("leaf.pem"), "-outform", "DER", "-out", fixtures.path("leaf.der"))
        let fromDER = try Certificate(derEncoded: try fixtures.bytes("leaf.der"))
        let fromPEM = try Certificate.fromPEM(try fixtures.bytes("leaf.pem"))[0]
        #expect(fromDER == fromPEM)
        #expect(fromDER.derEncoded == (try fixtures.bytes("leaf.der")))
        #expect(fromDER.pemEncoded == String(decoding: try fixtures.bytes("leaf.pem"), as: UTF8.self))
    }

    @Test("bundles keep file order: PEM, PKCS#7 PEM and PKCS#7 DER")
    func bundles() throws {
        let fixtures = try OpenSSLFixtures()
        try fixtures.reverseProxyLeaf()
        let leafText = String(decoding: try fixtures.bytes("leaf.pem"), as: UTF8.self)
        let caText = String(decoding: try fixtures.bytes("ca.pem"), as: UTF8.self)
        // Text before, between and after the blocks is ignored (openssl -text dumps often precede).
        try fixtures.folder.write("bundle.pem", "leaf:\n" + leafText + "root:\n" + caText + "end\n")
        let bundle = try Certificate.fromPEM(try fixtures.bytes("bundle.pem"))
        #expect(bundle.map(\.commonName) == ["webext.contoso.com", "Contoso Test Root"])

        try fixtures.openssl(
            "crl2pkcs7", "-nocrl", "-certfile", fixtures.path("leaf.pem"), "-certfile", fixtures.path("ca.pem"), "-out",
            fixtures.path("chain.p7b"))
        try fixtures.openssl(
            "crl2pkcs7", "-nocrl", "-certfile", fixtures.path("leaf.pem"), "-certfile", fixtures.path("ca.pem"),
            "-outform", "DER", "-out", fixtures.path("chain.p7b.der"))
        let fromPEM = try Certificate.fromPKCS7(try fixtures.bytes("chain.p7b"))
        let fromDER = try Certificate.fromPKCS7(try fixtures.bytes("chain.p7b.der"))
        #expect(fromPEM.map(\.commonName) == ["webext.contoso.com", "Contoso Test Root"])
        #expect(fromDER == fromPEM)
        let detected = try CryptoFile.parse(try fixtures.bytes("chain.p7b.der"), passphrase: nil)
        #expect(detected.encoding == .pkcs7)
        #expect(detected.certificates == fromPEM)
    }

    @Test("a large bundle with Windows line ends reads in file order; a damaged block is the one named")
    func largeCRLFBundle() throws {
        let fixtures = try OpenSSLFixtures()
        try fixtures.reverseProxyLeaf()
        let leafText = String(decoding: try fixtures.bytes("leaf.pem"), as: UTF8.self)
        let caText = String(decoding: try fixtures.bytes("ca.pem"), as: UTF8.self)
        // 40 blocks: enough to be read on several threads.
        let blocks = (0..<40).map { $0 % 3 == 2 ? caText : leafText }
        let crlf = blocks.joined().replacingOccurrences(of: "\n", with: "\r\n")
        let parsed = try CryptoFile.parse(Array(crlf.utf8), passphrase: nil)
        #expect(parsed.encoding == .pem)
        #expect(
            parsed.certificates.map(\.commonName)
                == (0..<40).map { $0 % 3 == 2 ? "Contoso Test Root" : "webext.contoso.com" })
        #expect(parsed.certificates[0] == (try Certificate.fromPEM(try fixtures.bytes("leaf.pem")))[0])

        var damaged = blocks
        damaged[34] = damaged[34].replacingOccurrences(of: "MII", with: "M!I")
        damaged[37] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
        do {
            _ = try CryptoFile.parse(Array(damaged.joined().utf8), passphrase: nil)
            Issue.record("parsed a damaged bundle")
        } catch let error as CryptoError {
            #expect(error.code == .malformedInput)
            #expect(error.description.contains("PEM block 35 (CERTIFICATE"))
        }
    }

    @Test("a certificate's SubjectPublicKeyInfo is the one openssl x509 -pubkey shows")
    func subjectPublicKeyInfo() throws {
        let fixtures = try OpenSSLFixtures()
        try fixtures.reverseProxyLeaf()
        try fixtures.openssl(
            "x509", "-in", fixtures.path("leaf.pem"), "-noout", "-pubkey", "-out", fixtures.path("pub.pem"))
        try fixtures.openssl(
            "pkey", "-pubin", "-in", fixtures.path("pub.pem"), "-outform", "DER", "-out", fixtures.path("pub.der"))
        let leaf = try Certificate.fromPEM(try fixtures.bytes("leaf.pem"))[0]
        let key = leaf.publicKey
        #expect(key.subjectPublicKeyInfo == (try fixtures.bytes("pub.der")))
        #expect(key == leaf.publicKey)
        #expect(key.summary == "RSA 2048")
    }

    @Test("signature algorithms are told apart: sha1, sha256, md5, RSASSA-PSS, ECDSA")
    func signatureAlgorithms() throws {
        let fixtures = try OpenSSLFixtures()
        let cases: [(String, [String], String, SignatureAlgorithm.DigestKind, Bool)] = [
            ("-sha1", [], "sha1WithRSAEncryption", .sha1, false),
            ("-sha256", [], "sha256WithRSAEncryption", .sha256, false),
            ("-md5", [], "md5WithRSAEncryption", .md5, false),
            ("-sha256", ["-sigopt", "rsa_padding_mode:pss"], "rsassaPss", .sha256, true),
        ]
        for (index, (digest, options, name, kind, pss)) in cases.enumerated() {
            let path = try fixtures.issue(
                "s\(index)", subject: "/CN=s\(index).contoso.com", extensions: ["basicConstraints=CA:FALSE"],
                digest: digest, signatureOptions: options)
            let certificate = try Certificate.fromPEM(Array(try Data(contentsOf: URL(fileURLWithPath: path))))[0]
            #expect(certificate.signatureAlgorithm.name == name, "\(digest) \(options)")
            #expect(certificate.signatureAlgorithm.digest == kind, "\(digest) \(options)")
            #expect(certificate.signatureAlgorithm.isRSASSAPSS == pss)
        }
        try fixtures.openssl(
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-noenc", "-keyout",
            fixtures.path("ec.key"), "-out", fixtures.path("ec.pem"), "-subj", "/CN=ec.contoso.com", "-days", "1")
        let ec = try Certificate.fromPEM(try fixtures.bytes("ec.pem"))[0]
        #expect(ec.signatureAlgorithm.name == "ecdsa-with-SHA256")
        #expect(ec.publicKey.algorithm == .ecdsa)
        #expect(ec.publicKey.curve == "P-256")
        #expect(ec.isSelfSigned)
    }

    /// SAN entries of the crafted certificate:
    /// - `www.contoso.com\0.evil.example`: a dNSName with an embedded NUL (C-string truncation attack);
    /// - `meet.contoso.com`: an ordinary dNSName after it, which must still be read;
    /// - `2001:db8::1`: an IPv6 iPAddress.
    @Test("a NUL byte inside a dNSName is kept and detectable")
    func nulInDNSName() throws {
        let fixtures = try OpenSSLFixtures()
        func tlv(_ tag: UInt8, _ body: [UInt8]) -> [UInt8] { [tag, UInt8(body.count)] + body }
        let evil = Array("www.contoso.com".utf8) + [0] + Array(".evil.example".utf8)
        let ipv6: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]
        let san = tlv(0x30, tlv(0x82, evil) + tlv(0x82, Array("meet.contoso.com".utf8)) + tlv(0x87, ipv6))
        let hex = san.map { String(format: "%02X", $0) }.joined()
        try fixtures.issue("nul", subject: "/CN=www.contoso.com", extensions: ["subjectAltName=DER:\(hex)"])
        let certificate = try Certificate.fromPEM(try fixtures.bytes("nul.pem"))[0]
        let entries = try #require(certificate.subjectAlternativeNames).entries
        #expect(entries.count == 3)
        guard case .dnsName(let first) = entries[0] else {
            Issue.record("first SAN is not a dNSName")
            return
        }
        #expect(first.bytes == evil)
        #expect(first.containsNUL)
        #expect(first.description == "www.contoso.com\\x00.evil.example")
        #expect(entries[1] == .dnsName(.init(bytes: Array("meet.contoso.com".utf8))))
        #expect(entries[2].description == "IP Address:2001:db8::1")
    }

    @Test(
        "malformed input is refused with a message naming the block",
        arguments: [
            (
                "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n",
                "PEM block 1 (CERTIFICATE, line 1)"
            ),
            ("-----BEGIN CERTIFICATE-----\nMIIB\n", "has no END line"),
            ("hello world\n", "neither PEM text nor DER"),
        ])
    func malformed(text: String, mentions: String) {
        do {
            _ = try CryptoFile.parse(Array(text.utf8), passphrase: nil)
            Issue.record("parsed garbage")
        } catch let error as CryptoError {
            #expect(error.code == .malformedInput)
            #expect(error.description.contains(mentions))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("truncated DER is refused as malformed input")
    func truncatedDER() throws {
        let fixtures = try OpenSSLFixtures()
        try fixtures.reverseProxyLeaf()
        try fixtures.openssl(
            "x509", "-in", fixtures.path("leaf.pem"), "-outform", "DER", "-out", fixtures.path("leaf.der"))
        let der = try fixtures.bytes("leaf.der")
        for length in [1, 4, 100, der.count - 1] {
            #expect(throws: CryptoError(code: .malformedInput, reason: "")) {
                try Certificate(derEncoded: Array(der.prefix(length)))
            }
            #expect(throws: CryptoError(code: .malformedInput, reason: "")) {
                try CryptoFile.parse(Array(der.prefix(length)), passphrase: nil)
            }
        }
        // Trailing bytes are refused too.
        #expect(throws: CryptoError(code: .malformedInput, reason: "")) { try Certificate(derEncoded: der + [0]) }
    }
}
