// libFuzzer target: key, certificate, CSR, PKCS#7 and PKCS#12 bytes through `CryptoFile.parse`,
// what `inspect` and `audit` call on a file, then every property `inspect` shows.
// Built by scripts/fuzz.sh; a plain `swift build` makes a replayer that runs the named files.

import Crypto
import Foundation
import FuzzSupport

/// The passphrase of the PKCS#12 and encrypted-key seeds (Fuzz/Corpus/FuzzCrypto).
let passphrase = Array("fuzz-passphrase".utf8)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if KnownIssues.skip(bytes) { return 0 }
    for secret in [passphrase, nil] {
        let file: CryptoFile
        do {
            file = try CryptoFile.parse(bytes, passphrase: secret)
        } catch {
            _ = "\(error)"
            continue
        }
        let keys = file.privateKeys
        for certificate in file.certificates {
            touch(certificate)
            for key in keys { _ = certificate.matches(privateKey: key) }
        }
        for item in file.items {
            switch item {
            case .certificateSigningRequest(let request):
                touch(request.subject)
                _ = request.publicKey?.summary
                _ = request.verifySignature()
                _ = request.signatureAlgorithm
                _ = request.subjectAlternativeNames.map { $0.entries.map(\.description) }
                _ = request.keyUsage
                _ = request.extendedKeyUsages
                for key in keys { _ = request.matches(privateKey: key) }
            case .privateKey(let key, _):
                _ = (key.algorithm, key.bitSize, key.publicKey.summary)
            case .publicKey(let info):
                _ = (info.summary, info.spkiSHA256)
            case .certificate, .lockedPrivateKey, .unsupported:
                break
            }
        }
        if let pkcs12 = file.pkcs12 { _ = (pkcs12.macDigest, pkcs12.macIterations, pkcs12.encryptionAlgorithms) }
    }
    return 0
}

func touch(_ certificate: Certificate) {
    touch(certificate.subject)
    touch(certificate.issuer)
    _ = (certificate.serialNumber, certificate.version, certificate.notBefore, certificate.notAfter)
    _ = (certificate.publicKey.summary, certificate.signatureAlgorithm.description)
    _ = certificate.subjectAlternativeNames.map { $0.entries.map(\.description) }
    _ = (certificate.keyUsage, certificate.extendedKeyUsages, certificate.basicConstraints)
    _ = (certificate.crlDistributionPoints, certificate.ocspURIs, certificate.caIssuersURIs)
    _ = (certificate.undecodableExtensions, certificate.subjectKeyIdentifier, certificate.authorityKeyIdentifier)
    _ = (certificate.isSelfSigned, certificate.sha1Fingerprint, certificate.pemEncoded)
}

func touch(_ name: DistinguishedName) {
    _ = name.commonName
    _ = name.description
}

/// Inputs the harness steps around so a campaign looks for new problems rather than slow ones.
enum KnownIssues {
    /// Iteration counts over 10,000,000 are refused before any key derivation (PKCS12Tests cover
    /// it). Counts between a million and the cap open correctly but take a second or more under
    /// ASan, which would trip the per-input timeout and reach no other code.
    static func skip(_ bytes: [UInt8]) -> Bool {
        if bytes.first == 0x30 { return DER.largestIterationCount(bytes[...]) > 1_000_000 }
        // PEM: the DER inside each block (PKCS#8 ENCRYPTED PRIVATE KEY, say).
        let text = String(decoding: bytes, as: UTF8.self)
        for block in text.components(separatedBy: "-----BEGIN ").dropFirst() {
            guard let header = block.range(of: "-----") else { continue }
            let body = block[header.upperBound...].components(separatedBy: "-----END")[0]
            if let der = Data(base64Encoded: body, options: .ignoreUnknownCharacters),
                DER.largestIterationCount([UInt8](der)[...]) > 1_000_000
            {
                return true
            }
        }
        return false
    }
}

/// Just enough DER walking to find iteration counts: an INTEGER right after an OCTET STRING in
/// the same SEQUENCE (PKCS#5 PBE and PBKDF2 parameters, PKCS#12 MacData), looking inside OCTET
/// STRINGs that hold DER.
enum DER {
    static func largestIterationCount(_ bytes: ArraySlice<UInt8>, depth: Int = 0) -> Int {
        guard depth < 32 else { return 0 }
        var largest = 0
        var index = bytes.startIndex
        var previousTag: UInt8 = 0
        while let (tag, content) = element(bytes, at: &index) {
            switch tag {
            case 0x02 where previousTag == 0x04:
                largest = max(largest, content.count > 4 ? Int.max : content.reduce(0) { $0 << 8 | Int($1) })
            case 0x04:
                largest = max(largest, largestIterationCount(content, depth: depth + 1))
            case let constructed where constructed & 0x20 != 0:
                largest = max(largest, largestIterationCount(content, depth: depth + 1))
            default:
                break
            }
            previousTag = tag
        }
        return largest
    }

    /// The next tag and content, definite lengths only; nil at the end or at anything else.
    static func element(_ bytes: ArraySlice<UInt8>, at index: inout Int) -> (UInt8, ArraySlice<UInt8>)? {
        guard index + 2 <= bytes.endIndex else { return nil }
        let tag = bytes[index]
        var length = Int(bytes[index + 1])
        var start = index + 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count > 0, count <= 4, start + count <= bytes.endIndex else { return nil }
            length = bytes[start..<start + count].reduce(0) { $0 << 8 | Int($1) }
            start += count
        }
        guard length <= bytes.endIndex - start else { return nil }
        index = start + length
        return (tag, bytes[start..<start + length])
    }
}

@main enum Main {
    static func main() { FuzzMain.run(fuzz) }
}
