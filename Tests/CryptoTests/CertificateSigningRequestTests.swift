import Crypto
import Foundation
import TestSupport
import Testing

@Suite("CertificateSigningRequest: built here, accepted by openssl req -verify")
struct CertificateSigningRequestTests {
    /// A reverse-proxy request as lync-rules.md §4 describes it: SAN repeats the subject, KU
    /// digitalSignature + keyEncipherment (critical), EKU serverAuth + clientAuth (not critical).
    static let reverseProxy = CertificateSigningRequest.Specification(
        commonName: "webext.contoso.com", organization: "Contoso Ltd", organizationalUnit: "IT",
        locality: "Redmond", state: "WA", country: "US",
        dnsNames: [
            "webext.contoso.com", "webdirext.contoso.com", "dialin.contoso.com", "meet.contoso.com",
            "officewebapps01.contoso.com", "lyncdiscover.contoso.com",
        ],
        keyUsage: [.digitalSignature, .keyEncipherment], keyUsageCritical: true,
        extendedKeyUsages: [.serverAuth, .clientAuth])

    @Test(
        "openssl req -verify accepts the CSR and shows exactly the planned SANs, KU (critical) and EKU",
        arguments: [KeySpecification.rsa(bits: 2048), .ecdsa(.p256)])
    func opensslAccepts(key spec: KeySpecification) throws {
        let fixtures = try OpenSSLFixtures()
        let key = try PrivateKey.generate(spec)
        let csr = try CertificateSigningRequest.create(Self.reverseProxy, signingKey: key)
        try fixtures.folder.write("r.csr", csr.pemEncoded)
        let result = try fixtures.openssl("req", "-in", fixtures.path("r.csr"), "-verify", "-noout", "-text")
        #expect(result.stderr.contains("verify OK") || result.stdout.contains("verify OK"))
        let text = result.stdout
        #expect(
            text.contains("Subject: C = US, ST = WA, L = Redmond, O = Contoso Ltd, OU = IT, CN = webext.contoso.com"))
        #expect(
            text.contains(
                "Signature Algorithm: \(spec == .rsa(bits: 2048) ? "sha256WithRSAEncryption" : "ecdsa-with-SHA256")"))
        #expect(text.contains("X509v3 Key Usage: critical"))
        #expect(text.contains("Digital Signature, Key Encipherment"))
        #expect(text.contains("X509v3 Extended Key Usage: \n"))  // not critical
        #expect(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"))
        let sanLine = try #require(
            text.split(separator: "\n").drop { !$0.contains("X509v3 Subject Alternative Name") }.dropFirst().first)
        let sans = Set(sanLine.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(sans == Set(Self.reverseProxy.dnsNames.map { "DNS:\($0)" }))
    }

    @Test("a CSR reads back: subject, SANs in order, KU, EKU, key, signature; DER round-trips")
    func readBack() throws {
        let key = try PrivateKey.generate(.rsa(bits: 2048))
        let csr = try CertificateSigningRequest.create(Self.reverseProxy, signingKey: key)
        let parsed = try CertificateSigningRequest(pemEncoded: Array(csr.pemEncoded.utf8))
        #expect(parsed.subject.commonName == "webext.contoso.com")
        #expect(parsed.subject.description == "CN=webext.contoso.com, OU=IT, O=Contoso Ltd, L=Redmond, ST=WA, C=US")
        #expect(parsed.subjectAlternativeNames?.dnsNames == Self.reverseProxy.dnsNames)
        #expect(parsed.keyUsage?.usage == [.digitalSignature, .keyEncipherment])
        #expect(parsed.keyUsage?.critical == true)
        #expect(parsed.extendedKeyUsages?.usages == [.serverAuth, .clientAuth])
        #expect(parsed.extendedKeyUsages?.critical == false)
        #expect(parsed.verifySignature())
        #expect(parsed.matches(privateKey: key))
        #expect(!parsed.matches(privateKey: try PrivateKey.generate(.ecdsa(.p256))))
        let der = try CertificateSigningRequest(derEncoded: csr.derEncoded)
        #expect(der.pemEncoded == csr.pemEncoded)
    }

    @Test("reads a CSR that openssl made")
    func readsOpenSSLRequest() throws {
        let fixtures = try OpenSSLFixtures()
        try fixtures.openssl(
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-noenc", "-keyout",
            fixtures.path("o.key"), "-out", fixtures.path("o.csr"), "-subj", "/CN=sip.contoso.com", "-addext",
            "subjectAltName=DNS:sip.contoso.com,DNS:webcon.contoso.com", "-addext", "extendedKeyUsage=serverAuth")
        let csr = try CertificateSigningRequest(pemEncoded: try fixtures.bytes("o.csr"))
        #expect(csr.subject.commonName == "sip.contoso.com")
        #expect(csr.subjectAlternativeNames?.dnsNames == ["sip.contoso.com", "webcon.contoso.com"])
        #expect(csr.extendedKeyUsages?.usages == [.serverAuth])
        #expect(csr.keyUsage == nil)
        #expect(csr.publicKey?.curve == "P-384")
        #expect(csr.verifySignature())
    }

    @Test(
        "values OpenSSL or RFC 5280 refuse are malformed input",
        arguments: [
            CertificateSigningRequest.Specification(commonName: "a.contoso.com", country: "USA"),
            CertificateSigningRequest.Specification(commonName: "a.contoso.com", dnsNames: ["bad name.contoso.com"]),
            CertificateSigningRequest.Specification(commonName: "a.contoso.com", dnsNames: ["bücher.contoso.com"]),
            CertificateSigningRequest.Specification(commonName: String(repeating: "a", count: 65)),
        ])
    func refused(spec: CertificateSigningRequest.Specification) throws {
        let key = try PrivateKey.generate(.ecdsa(.p256))
        #expect(throws: CryptoError(code: .malformedInput, reason: "")) {
            try CertificateSigningRequest.create(spec, signingKey: key)
        }
    }
}
