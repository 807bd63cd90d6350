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
            // A plain CERTIFICATE block is decoded here and handed to d2i_X509 directly; anything
            // else (TRUSTED CERTIFICATE's trust settings, headers, damage) goes through OpenSSL's
            // PEM reader, which also words the errors.
            if label != "TRUSTED CERTIFICATE", let der = strictBase64Body,
                let certificate = Certificate(leadingDER: der)
            {
                return certificate
            }
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
    /// Lines end at LF; a CR before it is dropped, as are spaces and tabs around each line, so
    /// a file saved with Windows line ends (CRLF) reads the same as one with LF.
    ///
    /// - Throws: `.malformedInput` for a BEGIN without its END, or an END that names another label.
    init(_ bytes: [UInt8]) throws {
        var blocks: [Block] = []
        var open: (label: String, line: Int)?
        var body: [UInt8] = []
        var lineNumber = 0
        var start = 0
        let count = bytes.count
        while start <= count {
            var end = start
            while end < count && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var low = start
            var high = end
            if high > low && bytes[high - 1] == 0x0D { high -= 1 }
            while low < high && (bytes[low] == 0x20 || bytes[low] == 0x09) { low += 1 }
            while high > low && (bytes[high - 1] == 0x20 || bytes[high - 1] == 0x09) { high -= 1 }
            let line = bytes[low..<high]
            if let label = Self.label(of: line, marker: Self.beginMarker) {
                if let open {
                    throw CryptoError(
                        code: .malformedInput,
                        reason: "PEM block \(blocks.count + 1) (\(open.label), line \(open.line)) has no END line")
                }
                open = (label, lineNumber)
                body = Array(line)
                body.append(0x0A)
            } else if let label = Self.label(of: line, marker: Self.endMarker) {
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
                body.append(contentsOf: line)
                body.append(0x0A)
                blocks.append(Block(label: label, text: body, line: current.line, index: blocks.count + 1))
                open = nil
                body = []
            } else if open != nil {
                body.append(contentsOf: line)
                body.append(0x0A)
            }
            start = end + 1
        }
        if let open {
            throw CryptoError(
                code: .malformedInput,
                reason: "PEM block \(blocks.count + 1) (\(open.label), line \(open.line)) has no END line")
        }
        self.blocks = blocks
    }

    private static let beginMarker = Array("-----BEGIN ".utf8)
    private static let endMarker = Array("-----END ".utf8)
    private static let dashes = Array("-----".utf8)

    /// The label of a `-----BEGIN X-----` (or END) line, or `nil` when the line is not one.
    private static func label(of line: ArraySlice<UInt8>, marker: [UInt8]) -> String? {
        guard line.count > marker.count + dashes.count, line.starts(with: marker),
            line.suffix(dashes.count).elementsEqual(dashes)
        else { return nil }
        return String(decoding: line.dropFirst(marker.count).dropLast(dashes.count), as: UTF8.self)
    }
}

extension PEMDocument.Block {
    /// `EncryptedKeyCheck` for an encrypted key block: PKCS#8 or a traditional encrypted PEM key.
    func checkEncryptedKey() throws(CryptoError) {
        if label == "ENCRYPTED PRIVATE KEY" {
            guard let der = strictBase64Body else {
                throw CryptoError(code: .malformedInput, reason: "the encrypted private key is not valid Base64")
            }
            try EncryptedKeyCheck.checkPKCS8(der)
        } else {
            try EncryptedKeyCheck.checkTraditionalPEM(text)
        }
    }

    /// The DER bytes of a block without headers, decoded here; `nil` when the block has a header
    /// line or anything that is not strict Base64 (OpenSSL's reader then decides, and words the error).
    var strictBase64Body: [UInt8]? {
        text.withUnsafeBufferPointer { text -> [UInt8]? in
            // The text is BEGIN line, body lines, END line, each ending in LF.
            guard let firstLF = text.firstIndex(of: 0x0A) else { return nil }
            var last = text.count - 1  // the final LF
            while last > firstLF && text[last - 1] != 0x0A { last -= 1 }
            let bodyStart = firstLF + 1
            let bodyEnd = last  // start of the END line
            guard bodyStart < bodyEnd else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity((bodyEnd - bodyStart) / 4 * 3)
            var accumulator: UInt32 = 0
            var digits = 0
            var padding = 0
            var finished = false
            for index in bodyStart..<bodyEnd {
                let c = text[index]
                if c == 0x0A { continue }
                if finished { return nil }
                let value: UInt32
                if c == 0x3D {  // '='
                    padding += 1
                    value = 0
                } else {
                    if padding > 0 { return nil }
                    let decoded = PEMDocument.base64Values[Int(c)]
                    if decoded == 0xFF { return nil }
                    value = UInt32(decoded)
                }
                accumulator = accumulator << 6 | value
                digits += 1
                if digits == 4 {
                    guard padding <= 2 else { return nil }
                    out.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                    if padding < 2 { out.append(UInt8(truncatingIfNeeded: accumulator >> 8)) }
                    if padding < 1 { out.append(UInt8(truncatingIfNeeded: accumulator)) }
                    accumulator = 0
                    digits = 0
                    finished = padding > 0
                }
            }
            return digits == 0 && !out.isEmpty ? out : nil
        }
    }
}

extension PEMDocument {
    /// Base64 digit values by byte; 0xFF for bytes that are no digit.
    static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8).enumerated()
        {
            table[Int(byte)] = UInt8(value)
        }
        return table
    }()
}
