internal import COpenSSL
import Foundation

/// Whatever a key, certificate, CSR or bundle file holds, detected from its content.
///
/// `lynccert inspect` shows it; an audit takes the certificates (and a PFX's key) from it. Items
/// keep the file's order.
public struct CryptoFile: Sendable {
    /// How the file is encoded.
    public enum Encoding: String, Sendable {
        case pem, der, pkcs7, pkcs12
    }

    /// One object found in the file.
    public enum Item: Sendable {
        case certificate(Certificate)
        case privateKey(PrivateKey, encrypted: Bool)
        /// An encrypted key that was not opened (no passphrase given).
        case lockedPrivateKey(label: String)
        case certificateSigningRequest(CertificateSigningRequest)
        case publicKey(PublicKeyInfo)
        /// A PEM block lynccert does not read (`X509 CRL`, `DH PARAMETERS` …).
        case unsupported(label: String)
    }

    public let encoding: Encoding
    public let items: [Item]
    /// For PKCS#12 files: MAC and encryption details and friendly names.
    public let pkcs12: PKCS12Contents?

    /// The certificates in file order.
    public var certificates: [Certificate] { items.compactMap { if case .certificate(let c) = $0 { c } else { nil } } }

    /// The private keys that were opened.
    public var privateKeys: [PrivateKey] {
        items.compactMap { if case .privateKey(let k, _) = $0 { k } else { nil } }
    }

    /// Reads `bytes`: PEM (any mix of blocks), or DER certificate, CSR, PKCS#7, PKCS#12, key or
    /// public key.
    ///
    /// - Parameter passphrase: opens encrypted keys and PKCS#12 files. Without one, encrypted PEM
    ///   keys are listed as `.lockedPrivateKey`, and a PKCS#12 file is tried with an empty password.
    /// - Throws: `CryptoError` `.malformedInput` naming the damaged block, `.wrongPassphrase`.
    public static func parse(_ bytes: [UInt8], passphrase: [UInt8]?) throws -> CryptoFile {
        if bytes.isEmpty { throw CryptoError(code: .malformedInput, reason: "the file is empty") }
        if PEMDocument.looksLikePEM(bytes) { return try parsePEM(bytes, passphrase: passphrase) }
        return try parseDER(bytes, passphrase: passphrase)
    }

    /// `parse(_:passphrase:)` of many files at once, with the same result for each file as
    /// `parse` gives it alone.
    ///
    /// The certificates of every file (PEM certificate blocks, whole-file DER certificates) are
    /// decoded together by `BulkCertificateDecoder`: the decoder's set-up and its provider loading
    /// then happen once, not once per file, and a thousand one-certificate files cost what a
    /// thousand-certificate bundle costs. Anything else takes `parse`'s own path.
    public static func parseAll(_ inputs: [[UInt8]], passphrase: [UInt8]?) -> [Result<CryptoFile, any Error>] {
        enum Plan {
            case pem(PEMDocument, bulk: [Int])
            case der
            case other
        }
        var plans: [Plan] = []
        var wanted: [(file: Int, block: Int?)] = []
        for (file, bytes) in inputs.enumerated() {
            if bytes.isEmpty {
                plans.append(.other)
            } else if PEMDocument.looksLikePEM(bytes) {
                guard let document = try? PEMDocument(bytes) else {
                    plans.append(.other)
                    continue
                }
                let bulk = bulkIndices(document.blocks)
                wanted += bulk.map { (file, $0) }
                plans.append(.pem(document, bulk: bulk))
            } else if bytes.first == 0x30 {
                wanted.append((file, nil))
                plans.append(.der)
            } else {
                plans.append(.other)
            }
        }
        let requests = wanted
        let planned = plans
        let decoded = BulkCertificateDecoder.decode(count: requests.count) { index in
            let (file, block) = requests[index]
            guard let block else { return inputs[file] }
            guard case .pem(let document, _) = planned[file] else { return nil }
            return document.blocks[block].strictBase64Body
        }
        var start = 0
        return zip(inputs, planned).map { bytes, plan in
            switch plan {
            case .pem(let document, let bulk):
                let mine = Array(decoded[start..<start + bulk.count])
                start += bulk.count
                return Result {
                    try parsePEM(
                        document, certificates: finishCertificates(document.blocks, bulk: bulk, decoded: mine),
                        passphrase: passphrase)
                }
            case .der:
                let certificate = decoded[start]
                start += 1
                // Only the decoder's exact path knows the input was one certificate and nothing more.
                if let certificate, let der = certificate.storage.der, der.count == bytes.count {
                    return .success(CryptoFile(encoding: .der, items: [.certificate(certificate)], pkcs12: nil))
                }
                return Result { try parseDER(bytes, passphrase: passphrase) }
            case .other:
                return Result { try parse(bytes, passphrase: passphrase) }
            }
        }
    }

    private static func parsePEM(_ bytes: [UInt8], passphrase: [UInt8]?) throws -> CryptoFile {
        let document = try PEMDocument(bytes)
        return try parsePEM(document, certificates: parseCertificates(document.blocks), passphrase: passphrase)
    }

    private static func parsePEM(
        _ document: PEMDocument, certificates: [Result<Certificate, any Error>?], passphrase: [UInt8]?
    ) throws -> CryptoFile {
        var items: [Item] = []
        var sawPKCS7 = false
        for (index, block) in document.blocks.enumerated() {
            do {
                if let certificate = certificates[index] {
                    items.append(.certificate(try certificate.get()))
                } else if PEMDocument.requestLabels.contains(block.label) {
                    items.append(.certificateSigningRequest(try CertificateSigningRequest(pemEncoded: block.text)))
                } else if PEMDocument.pkcs7Labels.contains(block.label) {
                    sawPKCS7 = true
                    items += try block.pkcs7Certificates().map(Item.certificate)
                } else if PEMDocument.privateKeyLabels.contains(block.label) {
                    let encrypted = block.label == "ENCRYPTED PRIVATE KEY" || block.hasEncryptionHeader
                    if encrypted && passphrase == nil {
                        // Locked, but whole: a damaged key is an error, not "locked".
                        try block.checkEncryptedKey()
                        items.append(.lockedPrivateKey(label: block.label))
                    } else {
                        items.append(
                            .privateKey(
                                try PrivateKey(pemEncoded: block.text, passphrase: passphrase), encrypted: encrypted))
                    }
                } else if block.label == "PUBLIC KEY" {
                    let pkey = try withMemoryBIO(block.text) { bio in
                        PassphraseRequest.refusing { PEM_read_bio_PUBKEY(bio, nil, $0, $1) }
                    }
                    guard let pkey else { throw CryptoError.withQueue(.malformedInput, "not a valid public key") }
                    defer { EVP_PKEY_free(pkey) }
                    items.append(.publicKey(PublicKeyInfo(borrowing: pkey)))
                } else {
                    items.append(.unsupported(label: block.label))
                }
            } catch let error as CryptoError {
                let reason = error.reason.hasPrefix("PEM block") ? error.reason : "\(block.place): \(error.reason)"
                throw CryptoError(code: error.code, reason: reason, openSSLErrors: error.openSSLErrors)
            }
        }
        guard !items.isEmpty else { throw CryptoError(code: .malformedInput, reason: "the PEM text holds no block") }
        return CryptoFile(
            encoding: sawPKCS7 && items.count == items.filter(\.isCertificate).count ? .pkcs7 : .pem,
            items: items, pkcs12: nil)
    }

    /// The certificates of the certificate blocks, by block index (`nil` for other blocks).
    ///
    /// Plain `CERTIFICATE` blocks are Base64-decoded here and read together by
    /// `BulkCertificateDecoder` (a large bundle on every core); any block it cannot read goes
    /// through the block's own reader, so the first damaged block is still the one reported.
    private static func parseCertificates(_ blocks: [PEMDocument.Block]) -> [Result<Certificate, any Error>?] {
        let bulk = bulkIndices(blocks)
        let decoded = BulkCertificateDecoder.decode(count: bulk.count) { blocks[bulk[$0]].strictBase64Body }
        return finishCertificates(blocks, bulk: bulk, decoded: decoded)
    }

    /// The blocks `BulkCertificateDecoder` reads.
    private static func bulkIndices(_ blocks: [PEMDocument.Block]) -> [Int] {
        blocks.indices.filter {
            PEMDocument.certificateLabels.contains(blocks[$0].label) && blocks[$0].label != "TRUSTED CERTIFICATE"
        }
    }

    /// `parseCertificates` once the `bulk` blocks are `decoded`.
    private static func finishCertificates(
        _ blocks: [PEMDocument.Block], bulk: [Int], decoded: [Certificate?]
    ) -> [Result<Certificate, any Error>?] {
        var results: [Result<Certificate, any Error>?] = Array(repeating: nil, count: blocks.count)
        // TRUSTED CERTIFICATE blocks carry trust settings after the certificate: their own reader.
        for (index, block) in blocks.enumerated() where block.label == "TRUSTED CERTIFICATE" {
            results[index] = Result { try block.certificate() }
        }
        for (index, certificate) in zip(bulk, decoded) {
            results[index] =
                if let certificate { .success(certificate) } else { Result { try blocks[index].certificate() } }
        }
        return results
    }

    private static func parseDER(_ bytes: [UInt8], passphrase: [UInt8]?) throws -> CryptoFile {
        guard bytes.first == 0x30 else {
            throw CryptoError(code: .malformedInput, reason: "neither PEM text nor DER (ASN.1 SEQUENCE) data")
        }
        if let certificate = try? Certificate(derEncoded: bytes) {
            return CryptoFile(encoding: .der, items: [.certificate(certificate)], pkcs12: nil)
        }
        if let request = try? CertificateSigningRequest(derEncoded: bytes) {
            return CryptoFile(encoding: .der, items: [.certificateSigningRequest(request)], pkcs12: nil)
        }
        if let certificates = try? PKCS7Reader.certificates(der: bytes) {
            return CryptoFile(encoding: .pkcs7, items: certificates.map(Item.certificate), pkcs12: nil)
        }
        ERR_clear_error()
        if isPKCS12(bytes) {
            let contents = try PKCS12.parse(bytes, passphrase: passphrase ?? [])
            let items: [Item] = contents.entries.map {
                switch $0 {
                case .certificate(let c, _): .certificate(c)
                case .privateKey(let k, _): .privateKey(k, encrypted: true)
                }
            }
            return CryptoFile(encoding: .pkcs12, items: items, pkcs12: contents)
        }
        // An encrypted key must be whole to be listed as locked (or opened).
        if EncryptedKeyCheck.isEncryptedPKCS8(bytes) { try EncryptedKeyCheck.checkPKCS8(bytes) }
        do {
            let key = try PrivateKey(derEncoded: bytes, passphrase: passphrase)
            return CryptoFile(encoding: .der, items: [.privateKey(key, encrypted: passphrase != nil)], pkcs12: nil)
        } catch let error as CryptoError where error.code == .wrongPassphrase {
            if passphrase == nil {
                return CryptoFile(
                    encoding: .der, items: [.lockedPrivateKey(label: "ENCRYPTED PRIVATE KEY")], pkcs12: nil)
            }
            throw error
        } catch {}
        let pubkey = bytes.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var pointer = buffer.baseAddress
            return d2i_PUBKEY(nil, &pointer, buffer.count)
        }
        if let pubkey {
            defer { EVP_PKEY_free(pubkey) }
            return CryptoFile(encoding: .der, items: [.publicKey(PublicKeyInfo(borrowing: pubkey))], pkcs12: nil)
        }
        throw CryptoError.withQueue(
            .malformedInput,
            "DER data that is no certificate, CSR, PKCS#7, PKCS#12, key or public key (truncated or damaged?)")
    }

    private static func isPKCS12(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var pointer = buffer.baseAddress
            guard let p12 = d2i_PKCS12(nil, &pointer, buffer.count) else {
                ERR_clear_error()
                return false
            }
            PKCS12_free(p12)
            return true
        }
    }
}

extension CryptoFile.Item {
    var isCertificate: Bool { if case .certificate = self { true } else { false } }
}
