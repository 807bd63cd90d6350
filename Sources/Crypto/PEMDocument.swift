internal import COpenSSL

/// PEM text split into its `-----BEGIN X-----` … `-----END X-----` blocks, in order.
///
/// Text outside blocks (such as an `openssl x509 -text` dump above a certificate) is ignored.
/// Each block keeps its own text so the matching OpenSSL reader parses exactly that block.
struct PEMDocument {
    struct Block {
        /// The label between `BEGIN ` and the dashes: `CERTIFICATE`, `PRIVATE KEY` …
        let label: String
        /// The block's text, BEGIN and END lines included.
        let text: [UInt8]
        /// 1-based line of the BEGIN line.
        let line: Int
        /// 1-based position among the blocks.
        let index: Int

        var place: String { "PEM block \(index) (\(label), line \(line))" }

        /// Whether a traditional PEM header says the body is encrypted.
        var hasEncryptionHeader: Bool {
            String(decoding: text, as: UTF8.self).contains("Proc-Type: 4,ENCRYPTED")
        }

        func certificate() throws -> Certificate {
            let x509 = try withMemoryBIO(text) { bio in
                label == "TRUSTED CERTIFICATE"
                    ? PassphraseRequest.refusing { PEM_read_bio_X509_AUX(bio, nil, $0, $1) }
                    : PassphraseRequest.refusing { PEM_read_bio_X509(bio, nil, $0, $1) }
            }
            guard let x509 else { throw CryptoError.withQueue(.malformedInput, "\(place) is not a valid certificate") }
            return Certificate(takingOwnership: x509)
        }

        func pkcs7Certificates() throws -> [Certificate] {
            let p7 = try withMemoryBIO(text) { bio in
                PassphraseRequest.refusing { PEM_read_bio_PKCS7(bio, nil, $0, $1) }
            }
            guard let p7 else {
                throw CryptoError.withQueue(.malformedInput, "\(place) is not a valid PKCS#7 structure")
            }
            defer { PKCS7_free(p7) }
            return try PKCS7Reader.certificates(borrowing: p7)
        }
    }

    static let certificateLabels: Set<String> = ["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"]
    static let requestLabels: Set<String> = ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"]
    static let pkcs7Labels: Set<String> = ["PKCS7", "PKCS #7 SIGNED DATA"]
    static let privateKeyLabels: Set<String> = [
        "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY",
    ]

    let blocks: [Block]

    /// Whether `bytes` contains a PEM BEGIN line (the rest may still be damaged).
    static func looksLikePEM(_ bytes: [UInt8]) -> Bool {
        let marker = Array("-----BEGIN ".utf8)
        guard bytes.count >= marker.count else { return false }
        for start in 0...(bytes.count - marker.count) where bytes[start] == 0x2D {
            if Array(bytes[start..<start + marker.count]) == marker { return true }
        }
        return false
    }

    /// Splits `bytes` into blocks.
    ///
    /// - Throws: `.malformedInput` for a BEGIN without its END, or an END that names another label.
    init(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        var blocks: [Block] = []
        var open: (label: String, line: Int, lines: [Substring])?
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.trimmingSpaces
            if let label = Self.label(of: trimmed, marker: "BEGIN") {
                if let open {
                    throw CryptoError(
                        code: .malformedInput,
                        reason: "PEM block \(blocks.count + 1) (\(open.label), line \(open.line)) has no END line")
                }
                open = (label, lineNumber, [trimmed])
            } else if let label = Self.label(of: trimmed, marker: "END") {
                guard let current = open else {
                    throw CryptoError(code: .malformedInput, reason: "line \(lineNumber): END \(label) without BEGIN")
                }
                guard current.label == label else {
                    throw CryptoError(
                        code: .malformedInput,
                        reason:
                            "PEM block \(blocks.count + 1) (\(current.label), line \(current.line)) ends with END \(label)"
                    )
                }
                let body = (current.lines + [trimmed]).joined(separator: "\n") + "\n"
                blocks.append(Block(label: label, text: Array(body.utf8), line: current.line, index: blocks.count + 1))
                open = nil
            } else if open != nil {
                open!.lines.append(trimmed)
            }
        }
        if let open {
            throw CryptoError(
                code: .malformedInput,
                reason: "PEM block \(blocks.count + 1) (\(open.label), line \(open.line)) has no END line")
        }
        self.blocks = blocks
    }

    private static func label(of line: Substring, marker: String) -> String? {
        let prefix = "-----\(marker) "
        guard line.hasPrefix(prefix), line.hasSuffix("-----"), line.count > prefix.count + 5 else { return nil }
        return String(line.dropFirst(prefix.count).dropLast(5))
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
