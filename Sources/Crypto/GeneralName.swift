internal import COpenSSL
import Foundation
import LyncSupport

/// One entry of a subjectAltName (RFC 5280 §4.2.1.6).
///
/// String-valued entries keep their raw bytes: a dNSName such as `www.contoso.com\0.evil.example`
/// must be detectable, not silently cut at the NUL the way C strings would.
public enum GeneralName: Sendable, Hashable, CustomStringConvertible {
    case dnsName(RawText)
    case rfc822Name(RawText)
    case uri(RawText)
    case ipAddress(IPAddress)
    case directoryName(DistinguishedName)
    /// otherName, x400Address, ediPartyName, registeredID: the context tag and the DER of the entry.
    case other(tag: Int, der: [UInt8])

    /// IA5String content, byte for byte.
    public struct RawText: Sendable, Hashable, CustomStringConvertible {
        public let bytes: [UInt8]
        public init(bytes: [UInt8]) { self.bytes = bytes }
        /// The bytes as text (invalid UTF-8 is replaced).
        public var string: String { String(decoding: bytes, as: UTF8.self) }
        /// Whether a NUL byte hides inside (a classic name-truncation attack).
        public var containsNUL: Bool { bytes.contains(0) }
        /// Whether every byte is printable ASCII, as IA5String names should be.
        public var isPrintableASCII: Bool { bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
        /// The text with NUL and control bytes shown as `\xNN`.
        public var description: String {
            bytes.map { $0 >= 0x20 && $0 < 0x7F ? String(UnicodeScalar($0)) : String(format: "\\x%02x", $0) }
                .joined()
        }
    }

    /// An iPAddress entry: 4 or 16 octets (other lengths are kept as they are).
    public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
        public let bytes: [UInt8]
        public init(bytes: [UInt8]) { self.bytes = bytes }
        /// The canonical text the rest of lynccert uses (RFC 5952 for IPv6); other lengths in hex.
        public var description: String { LyncSupport.IPAddress(bytes: bytes)?.description ?? "0x" + hex(bytes) }
    }

    /// The dNSName text, or `nil` for other kinds.
    public var dnsName: String? {
        if case .dnsName(let text) = self { return text.string }
        return nil
    }

    /// `DNS:www.contoso.com`, `IP Address:203.0.113.10` — OpenSSL's `-text` spelling.
    public var description: String {
        switch self {
        case .dnsName(let t): "DNS:\(t)"
        case .rfc822Name(let t): "email:\(t)"
        case .uri(let t): "URI:\(t)"
        case .ipAddress(let ip): "IP Address:\(ip)"
        case .directoryName(let dn): "DirName:\(dn)"
        case .other(let tag, _): "othername (tag \(tag))"
        }
    }

    /// Reads a borrowed `GENERAL_NAME`.
    init(borrowing name: UnsafeMutablePointer<GENERAL_NAME>) {
        var type: Int32 = -1
        let value = GENERAL_NAME_get0_value(name, &type)
        func text() -> RawText {
            RawText(bytes: asn1StringBytes(value.map { UnsafePointer($0.assumingMemoryBound(to: ASN1_STRING.self)) }))
        }
        switch type {
        case GEN_DNS: self = .dnsName(text())
        case GEN_EMAIL: self = .rfc822Name(text())
        case GEN_URI: self = .uri(text())
        case GEN_IPADD: self = .ipAddress(IPAddress(bytes: text().bytes))
        case GEN_DIRNAME where value != nil: self = .directoryName(DistinguishedName(borrowing: OpaquePointer(value!)))
        default:
            var pointer: UnsafeMutablePointer<UInt8>?
            let length = i2d_GENERAL_NAME(name, &pointer)
            var der: [UInt8] = []
            if length > 0, let pointer {
                der = Array(UnsafeBufferPointer(start: pointer, count: Int(length)))
                lync_OPENSSL_free(pointer)
            }
            self = .other(tag: Int(type), der: der)
        }
    }

    /// Reads every entry of a borrowed `GENERAL_NAMES` stack.
    static func list(borrowing names: OpaquePointer?) -> [GeneralName] {
        guard let names else { return [] }
        return (0..<lync_sk_GENERAL_NAME_num(names)).compactMap { index in
            lync_sk_GENERAL_NAME_value(names, index).map(GeneralName.init(borrowing:))
        }
    }
}

/// A subjectAltName extension: its entries in order and whether it is critical.
public struct SubjectAlternativeNames: Sendable, Hashable, RandomAccessCollection {
    public let entries: [GeneralName]
    public let critical: Bool

    public var startIndex: Int { entries.startIndex }
    public var endIndex: Int { entries.endIndex }
    public subscript(position: Int) -> GeneralName { entries[position] }

    /// The dNSName entries as text, in order.
    public var dnsNames: [String] { entries.compactMap(\.dnsName) }
}
