internal import COpenSSL

/// An X.500 distinguished name (a certificate's subject or issuer).
public struct DistinguishedName: Sendable, Hashable, CustomStringConvertible {
    /// One attribute of the name: `CN=webext.contoso.com`.
    public struct Attribute: Sendable, Hashable {
        /// OpenSSL's short name (`CN`, `O`, `OU`, `L`, `ST`, `C`), or the dotted OID when it has none.
        public let type: String
        /// The dotted OID.
        public let oid: String
        /// The value as UTF-8 text.
        public let value: String
    }

    /// The attributes in encoding order (most significant first: `C`, `ST`, … `CN`).
    public let attributes: [Attribute]
    /// The DER encoding.
    public let der: [UInt8]

    /// Reads a borrowed `X509_NAME`.
    init(borrowing name: OpaquePointer) {
        var attributes: [Attribute] = []
        let count = X509_NAME_entry_count(name)
        for index in 0..<count {
            guard let entry = X509_NAME_get_entry(name, index) else { continue }
            let object = X509_NAME_ENTRY_get_object(entry)
            let oid = oidString(object)
            let type = shortName(nid: OBJ_obj2nid(object)) ?? oid
            let value = asn1StringText(X509_NAME_ENTRY_get_data(entry))
            attributes.append(Attribute(type: type, oid: oid, value: value))
        }
        self.attributes = attributes
        der =
            (try? derBytes("a name") { bio in
                var pointer: UnsafeMutablePointer<UInt8>?
                let length = i2d_X509_NAME(name, &pointer)
                guard length > 0, let pointer else { return 0 }
                defer { lync_OPENSSL_free(pointer) }
                return BIO_write(bio, pointer, length) == length ? 1 : 0
            }) ?? []
    }

    /// A name from attributes already read (tests, and names built without OpenSSL).
    init(attributes: [Attribute], der: [UInt8] = []) {
        self.attributes = attributes
        self.der = der
    }

    /// The last (most specific) common name.
    public var commonName: String? { attributes.last { $0.type == "CN" }?.value }

    /// All values of one attribute type (`"OU"`).
    public func values(of type: String) -> [String] { attributes.filter { $0.type == type }.map(\.value) }

    /// Longest attribute value shown in full by `description`. X.509 caps a common name at 64
    /// characters (RFC 5280 ub-common-name) and no CA issues longer values; a certificate built to
    /// flood a report with a 160 KB name is shown cut, with the full length said.
    public static let maximumShownValueLength = 1024

    /// RFC 4514 order (most specific first), the way Windows shows names: `CN=…, O=…, C=US`.
    ///
    /// Values longer than `maximumShownValueLength` characters are cut there and marked
    /// `…[cut: N characters in all]`. `attributes` keeps the full values.
    public var description: String {
        attributes.reversed().map { "\($0.type)=\(Self.shown($0.value))" }.joined(separator: ", ")
    }

    /// A value escaped for `description`, cut when over-long.
    static func shown(_ value: String) -> String {
        // Most values are short printable ASCII with nothing to escape: returned as they are
        // (the general path walks Characters, 36,000 instructions per subject in a bundle audit).
        if value.utf8.count <= maximumShownValueLength, let first = value.utf8.first, let last = value.utf8.last,
            first != UInt8(ascii: " "), first != UInt8(ascii: "#"), last != UInt8(ascii: " "),
            value.utf8.allSatisfy({ byte in
                byte >= 0x20 && byte < 0x7F && !",+\"\\<>;".utf8.contains(byte)
            })
        {
            return value
        }
        guard
            let cut = value.index(value.startIndex, offsetBy: maximumShownValueLength, limitedBy: value.endIndex),
            cut < value.endIndex
        else { return escape(value) }
        return escape(String(value[..<cut]), trailingIsEdge: false) + "…[cut: \(value.count) characters in all]"
    }

    /// RFC 4514 §2.4 escaping, in one pass: `,+"\<>;` always, `#` and space at the start, space
    /// at the end (unless `trailingIsEdge` is false, for a value that was cut), NUL as `\00`.
    static func escape(_ value: String, trailingIsEdge: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        let last = value.indices.last
        var index = value.startIndex
        while index < value.endIndex {
            let ch = value[index]
            let special = ",+\"\\<>;".contains(ch)
            let edge =
                (index == value.startIndex && (ch == " " || ch == "#"))
                || (trailingIsEdge && index == last && ch == " ")
            if special || edge { out.append("\\") }
            if ch == "\0" { out += "\\00" } else { out.append(ch) }
            index = value.index(after: index)
        }
        return out
    }
}
