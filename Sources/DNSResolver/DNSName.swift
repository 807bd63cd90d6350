/// Checks of a DNS name before it reaches ldns.
///
/// ldns parses presentation-format names with escapes (`\.`, `\065`) and asserts on some
/// malformed input, so lynccert only hands it names it has checked: at most 253 characters
/// (without the trailing dot), labels of 1–63 characters made of letters, digits, hyphens and
/// underscores (underscores for SRV owners such as `_sip._tls`). Nothing else, no escapes.
enum DNSName {
    static let maximumLength = 253
    static let maximumLabelLength = 63

    /// The name lower-cased and without a trailing dot, or an ``DNSError/Code/invalidName`` error.
    static func normalize(_ name: String) -> Result<String, DNSError> {
        var text = name
        if text.hasSuffix(".") { text.removeLast() }
        guard !text.isEmpty else { return .failure(.invalidName(name, "the name is empty")) }
        guard text.utf8.count <= maximumLength else {
            return .failure(.invalidName(name, "longer than \(maximumLength) characters"))
        }
        var lowered = [UInt8]()
        lowered.reserveCapacity(text.utf8.count)
        var labelLength = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "."):
                guard labelLength > 0 else { return .failure(.invalidName(name, "empty label")) }
                labelLength = 0
                lowered.append(byte)
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                lowered.append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
                UInt8(ascii: "_"):
                lowered.append(byte)
            default:
                let shown =
                    byte >= 0x21 && byte < 0x7F
                    ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
                return .failure(.invalidName(name, "\(shown) is not allowed (letters, digits, '-' and '_' only)"))
            }
            labelLength += 1
            if labelLength > maximumLabelLength {
                return .failure(.invalidName(name, "a label is longer than \(maximumLabelLength) characters"))
            }
        }
        guard labelLength > 0 else { return .failure(.invalidName(name, "empty label")) }
        return .success(String(decoding: lowered, as: UTF8.self))
    }
}
