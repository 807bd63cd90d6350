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

    /// The last (most specific) common name.
    public var commonName: String? { attributes.last { $0.type == "CN" }?.value }

    /// All values of one attribute type (`"OU"`).
    public func values(of type: String) -> [String] { attributes.filter { $0.type == type }.map(\.value) }

    /// RFC 4514 order (most specific first), the way Windows shows names: `CN=…, O=…, C=US`.
    public var description: String {
        attributes.reversed().map { "\($0.type)=\(Self.escape($0.value))" }.joined(separator: ", ")
    }

    /// RFC 4514 §2.4 escaping.
    static func escape(_ value: String) -> String {
        var out = ""
        for (index, ch) in value.enumerated() {
            let special = ",+\"\\<>;".contains(ch)
            let edge = (index == 0 && (ch == " " || ch == "#")) || (index == value.count - 1 && ch == " ")
            if special || edge { out.append("\\") }
            if ch == "\0" { out += "\\00" } else { out.append(ch) }
        }
        return out
    }
}
