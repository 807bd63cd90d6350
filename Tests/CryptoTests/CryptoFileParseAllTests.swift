import Foundation
import TestSupport
import Testing

@testable import Crypto

/// `CryptoFile.parseAll` (every file's certificates decoded together) against `parse` file by
/// file: the same items, encodings and errors.
@Suite("CryptoFile.parseAll reads each file as parse does")
struct CryptoFileParseAllTests {
    private static let cachedCa = Cached("the parseAll test CA") {
        try TestCA()
    }
    static var ca: TestCA { get throws { try cachedCa.value } }
    private static let cachedRsaLeaf = Cached("the parseAll rsaLeaf") {
        try ca.issue(
            "all-rsa", .init(commonName: "webext.contoso.test", dnsNames: ["webext.contoso.test"]))
    }
    static var rsaLeaf: TestCA.Issued { get throws { try cachedRsaLeaf.value } }
    private static let cachedEcLeaf = Cached("the parseAll ecLeaf") {
        try ca.issue(
            "all-ec", .init(commonName: "ec.contoso.test", dnsNames: ["ec.contoso.test"], key: "ec:P-256"))
    }
    static var ecLeaf: TestCA.Issued { get throws { try cachedEcLeaf.value } }

    /// What a parse result shows: encoding and items (certificates by DER), or the error text.
    func summary(_ result: Result<CryptoFile, any Error>) -> String {
        switch result {
        case .failure(let error): return "error: \(error)"
        case .success(let file):
            let items = file.items.map { item -> String in
                switch item {
                case .certificate(let c): "certificate \(c.derEncoded)"
                case .privateKey(let k, let encrypted): "key \(k.publicKey.subjectPublicKeyInfo) \(encrypted)"
                case .lockedPrivateKey(let label): "locked \(label)"
                case .certificateSigningRequest: "csr"
                case .publicKey(let key): "public key \(key.subjectPublicKeyInfo)"
                case .unsupported(let label): "unsupported \(label)"
                }
            }
            return "\(file.encoding): \(items)"
        }
    }

    @Test("PEM, DER, bundles, keys, damaged and empty files: the same result as parse, file by file")
    func sameAsParse() throws {
        let sources = try [
            Self.rsaLeaf.certificate, Self.ecLeaf.certificate, Self.ca.intermediateCertificate,
            Self.ca.rootCertificate,
        ]
        var inputs: [[UInt8]] = []
        for source in sources {
            inputs.append(try pemBytes(source))
            inputs.append(try derOf(source))
        }
        // A bundle with a key in it, a DER certificate with a trailing byte, a damaged block,
        // a lone key, an empty file and text that is neither.
        inputs.append(
            try pemBytes(Self.rsaLeaf.certificate) + pemBytes(Self.rsaLeaf.key) + pemBytes(Self.ca.rootCertificate))
        inputs.append(try derOf(Self.rsaLeaf.certificate) + [0])
        var damaged = try pemBytes(Self.ecLeaf.certificate)
        damaged[damaged.count / 2] = UInt8(ascii: "!")
        inputs.append(try pemBytes(Self.rsaLeaf.certificate) + damaged)
        inputs.append(try pemBytes(Self.ecLeaf.key))
        inputs.append([])
        inputs.append(Array("hello".utf8))
        // Enough files that the decoder hands them to several threads.
        let many = Array(repeating: inputs, count: 5).flatMap { $0 }
        let bulk = CryptoFile.parseAll(many, passphrase: nil)
        #expect(bulk.count == many.count)
        for (input, result) in zip(many, bulk) {
            #expect(summary(result) == summary(Result { try CryptoFile.parse(input, passphrase: nil) }))
        }
        // The inputs really were the mix described: certificates read, errors reported.
        #expect(bulk.filter { if case .failure = $0 { true } else { false } }.count == 5 * 4)
        let certificates = try bulk.prefix(8).map { try $0.get().certificates }
        #expect(certificates.map(\.count) == Array(repeating: 1, count: 8))
    }

    @Test("one-certificate files decoded together take the bulk path")
    func bulkPath() throws {
        let files = try (0..<40).map { _ in try pemBytes(Self.rsaLeaf.certificate) }
        let parsed = try CryptoFile.parseAll(files, passphrase: nil).map { try $0.get() }
        #expect(parsed.allSatisfy { $0.certificates.first?.storage.context != nil })
        let der = try CryptoFile.parseAll([try derOf(Self.rsaLeaf.certificate)], passphrase: nil)[0].get()
        #expect(der.encoding == .der)
        #expect(der.certificates.first?.storage.context != nil)
    }
}
