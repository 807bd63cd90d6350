internal import CLDNS
import LyncSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Owned Swift wrappers for the ldns objects the resolver uses. ldns types import as
// `UnsafeMutablePointer<ldns_struct_*>`; each owning class holds one and frees it (deeply) in
// `deinit`. Views into a packet (its sections, their records, their rdata fields) are borrowed:
// they hold a strong reference to the packet, which keeps the memory alive, and never free.

extension DNSError {
    /// An ldns status other than LDNS_STATUS_OK, with ldns's own message.
    init(status: ldns_status, context: String, file: String = #fileID, line: Int = #line) {
        let message = ldns_get_errorstr_by_id(status).map { String(cString: $0) } ?? "unknown ldns status"
        self.init(
            code: .ldnsStatus, reason: "\(context): \(message) (ldns status \(status.rawValue))",
            status: Int32(truncatingIfNeeded: status.rawValue), file: file, line: line)
    }
}

/// An owned domain name (`ldns_rdf` of type DNAME).
final class LDNSName {
    private var pointer: UnsafeMutablePointer<ldns_rdf>?

    /// Parses a name that ``DNSName/normalize(_:)`` has accepted.
    init(checked name: String) throws {
        guard let rdf = ldns_dname_new_frm_str(name) else {
            throw DNSError(code: .invalidName, reason: "ldns could not read the name \"\(name)\"")
        }
        pointer = rdf
    }

    /// Gives up ownership: the caller (an ldns function documented to take the rdf) frees it.
    func release() -> UnsafeMutablePointer<ldns_rdf> {
        let p = pointer!
        pointer = nil
        return p
    }

    deinit { if let pointer { ldns_rdf_deep_free(pointer) } }
}

/// An owned DNS message. `ldns_pkt_free` releases the packet and every section, record and field.
final class LDNSPacket {
    let pointer: UnsafeMutablePointer<ldns_pkt>

    /// Wraps `pointer` and becomes its only owner: nothing else may free it.
    init(takingOwnership pointer: UnsafeMutablePointer<ldns_pkt>) { self.pointer = pointer }

    deinit { ldns_pkt_free(pointer) }

    /// A query for `name` (already checked) and `type`, recursion desired, with EDNS0 advertising
    /// `udpSize` (RFC 6891 §6.2.5; 1232 is the DNS flag day 2020 size that avoids fragmentation).
    static func query(name: String, type: DNSQueryType, id: UInt16, udpSize: UInt16) throws -> LDNSPacket {
        let owner = try LDNSName(checked: name)
        // ldns_pkt_query_new takes ownership of the name: it becomes the question's owner.
        guard
            let pkt = ldns_pkt_query_new(
                owner.release(), ldns_rr_type(rawValue: UInt32(type.code)), LDNS_RR_CLASS_IN, lync_ldns_flag_rd())
        else { throw DNSError(code: .ldnsStatus, reason: "ldns could not build a query for \(name)") }
        let packet = LDNSPacket(takingOwnership: pkt)
        ldns_pkt_set_id(pkt, id)
        ldns_pkt_set_edns_udp_size(pkt, udpSize)
        return packet
    }

    /// The wire form of ``query(name:type:id:udpSize:)``, put together directly around the name
    /// ldns reads (`ldns_dname_new_frm_str`): `ldns_pkt2wire` builds a compression tree for the
    /// single name and took a quarter of the resolver's instructions. Tests compare the bytes with
    /// `query(...).wire()` for every type, many names, IDs and sizes.
    static func queryWire(name: String, type: DNSQueryType, id: UInt16, udpSize: UInt16) throws -> [UInt8] {
        guard let rdf = ldns_dname_new_frm_str(name) else {
            throw DNSError(code: .invalidName, reason: "ldns could not read the name \"\(name)\"")
        }
        defer { ldns_rdf_deep_free(rdf) }
        let size = ldns_rdf_size(rdf)
        guard let data = ldns_rdf_data(rdf), size > 0 else {
            throw DNSError(code: .invalidName, reason: "ldns could not read the name \"\(name)\"")
        }
        var wire: [UInt8] = []
        wire.reserveCapacity(12 + size + 4 + 11)
        // Header: ID; RD (the low bit of the third byte, RFC 1035 §4.1.1); one question, no answer
        // or authority, one additional (the OPT).
        wire += [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 1]
        wire += UnsafeBufferPointer(start: data, count: size)
        wire += [UInt8(type.code >> 8), UInt8(type.code & 0xFF), 0, 1]
        // OPT (RFC 6891): root owner, type 41, class = UDP payload size, TTL 0, no options.
        wire += [0, 0, 41, UInt8(udpSize >> 8), UInt8(udpSize & 0xFF), 0, 0, 0, 0, 0, 0]
        return wire
    }

    /// Reads a message from the wire. Garbage, truncated and otherwise broken input is an error.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<LDNSPacket, DNSError> {
        guard bytes.count >= 12, let base = bytes.baseAddress else {
            return .failure(.malformed("\(bytes.count) bytes is shorter than a DNS header"))
        }
        var pkt: UnsafeMutablePointer<ldns_pkt>?
        let status = ldns_wire2pkt(&pkt, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        guard status == LDNS_STATUS_OK, let pkt else {
            if let pkt { ldns_pkt_free(pkt) }
            return .failure(DNSError(status: status, context: "malformed answer"))
        }
        return .success(LDNSPacket(takingOwnership: pkt))
    }

    /// The message in wire format.
    func wire() throws -> [UInt8] {
        var buffer: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status = ldns_pkt2wire(&buffer, pointer, &size)
        defer { if let buffer { lync_ldns_free(buffer) } }
        guard status == LDNS_STATUS_OK, let buffer else { throw DNSError(status: status, context: "encoding a query") }
        return Array(UnsafeBufferPointer(start: buffer, count: size))
    }

    var id: UInt16 { ldns_pkt_id(pointer) }
    var isResponse: Bool { ldns_pkt_qr(pointer) != 0 }
    var isTruncated: Bool { ldns_pkt_tc(pointer) != 0 }
    var rcode: DNSRcode { DNSRcode(rawValue: UInt8(truncatingIfNeeded: ldns_pkt_get_rcode(pointer).rawValue)) }
    var question: LDNSRecordList { LDNSRecordList(packet: self, pointer: ldns_pkt_question(pointer)) }
    var answer: LDNSRecordList { LDNSRecordList(packet: self, pointer: ldns_pkt_answer(pointer)) }
}

/// A section of a packet: borrowed, kept alive by the packet.
struct LDNSRecordList: RandomAccessCollection {
    let packet: LDNSPacket
    let pointer: UnsafeMutablePointer<ldns_rr_list>?

    var startIndex: Int { 0 }
    var endIndex: Int { pointer.map { ldns_rr_list_rr_count($0) } ?? 0 }

    subscript(position: Int) -> LDNSRecord {
        LDNSRecord(packet: packet, pointer: ldns_rr_list_rr(pointer, position))
    }
}

/// One record of a packet: borrowed, kept alive by the packet.
struct LDNSRecord {
    let packet: LDNSPacket
    let pointer: UnsafeMutablePointer<ldns_rr>

    var typeCode: UInt16 { UInt16(truncatingIfNeeded: ldns_rr_get_type(pointer).rawValue) }
    var isClassIN: Bool { ldns_rr_get_class(pointer) == LDNS_RR_CLASS_IN }
    var ttl: UInt32 { ldns_rr_ttl(pointer) }
    var owner: String? { ldns_rr_owner(pointer).flatMap(LDNSRecord.nameText) }
    var fieldCount: Int { ldns_rr_rd_count(pointer) }

    func field(_ index: Int) -> UnsafeMutablePointer<ldns_rdf>? {
        index < fieldCount ? ldns_rr_rdf(pointer, index) : nil
    }

    /// A domain name field as lower-case text without the trailing dot ("" for the root).
    ///
    /// Reads the field's wire form directly, escaping as `ldns_rdf2str` does; that function
    /// formats each character through `printf` and took a tenth of a `dns check`'s instructions.
    /// Any form it does not expect goes through `ldns_rdf2str` (``nameTextThroughLDNS(_:)``), and
    /// tests compare the two on every byte value.
    static func nameText(_ rdf: UnsafeMutablePointer<ldns_rdf>) -> String? {
        guard ldns_rdf_get_type(rdf) == LDNS_RDF_TYPE_DNAME, let data = ldns_rdf_data(rdf) else { return nil }
        let size = ldns_rdf_size(rdf)
        guard size >= 1, size <= 255 else { return nameTextThroughLDNS(rdf) }
        var text: [UInt8] = []
        text.reserveCapacity(size + 8)
        var position = 0
        while true {
            let length = Int(data[position])
            if length == 0 { break }
            // A label past the end or a compression pointer: not what a read packet holds.
            guard length < 64, position + 1 + length < size else { return nameTextThroughLDNS(rdf) }
            if position > 0 { text.append(UInt8(ascii: ".")) }
            for byte in UnsafeBufferPointer(start: data + position + 1, count: length) {
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"):
                    text.append(UInt8(ascii: "\\"))
                    text.append(byte)
                case 0x21...0x7E:
                    // isgraph in the C locale; upper case folded as the name is compared.
                    text.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                default:
                    text.append(UInt8(ascii: "\\"))
                    text.append(0x30 + byte / 100)
                    text.append(0x30 + byte / 10 % 10)
                    text.append(0x30 + byte % 10)
                }
            }
            position += 1 + length
        }
        guard position == size - 1 else { return nameTextThroughLDNS(rdf) }
        return String(decoding: text, as: UTF8.self)
    }

    /// ``nameText(_:)`` through `ldns_rdf2str`: the plain path, kept for what the fast one does
    /// not expect and for comparing the two.
    static func nameTextThroughLDNS(_ rdf: UnsafeMutablePointer<ldns_rdf>) -> String? {
        guard ldns_rdf_get_type(rdf) == LDNS_RDF_TYPE_DNAME, let text = ldns_rdf2str(rdf) else { return nil }
        defer { lync_ldns_free(text) }
        var name = String(cString: text).lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        return name
    }

    /// Decodes the record, or explains why its data does not fit its type.
    func decode() -> Result<DNSResourceRecord, DNSError> {
        guard let owner else { return .failure(.malformed("a record without a readable owner name")) }
        func bytes(_ index: Int, type: ldns_rdf_type, size: Int) -> UnsafeBufferPointer<UInt8>? {
            guard let rdf = field(index), ldns_rdf_get_type(rdf) == type, ldns_rdf_size(rdf) == size,
                let data = ldns_rdf_data(rdf)
            else { return nil }
            return UnsafeBufferPointer(start: data, count: size)
        }
        func uint16(_ index: Int) -> UInt16? {
            guard let b = bytes(index, type: LDNS_RDF_TYPE_INT16, size: 2) else { return nil }
            return UInt16(b[0]) << 8 | UInt16(b[1])
        }
        let bad = DNSError.malformed(
            "the \(DNSQueryType.allCases.first { $0.code == typeCode }?.rawValue ?? "") record for \(owner) has unreadable data"
        )
        switch typeCode {
        case DNSQueryType.A.code:
            guard fieldCount == 1, let b = bytes(0, type: LDNS_RDF_TYPE_A, size: 4) else { return .failure(bad) }
            return .success(
                DNSResourceRecord(name: owner, type: .A, ttl: ttl, data: .address(Self.address(b))))
        case DNSQueryType.AAAA.code:
            guard fieldCount == 1, let b = bytes(0, type: LDNS_RDF_TYPE_AAAA, size: 16) else { return .failure(bad) }
            return .success(
                DNSResourceRecord(name: owner, type: .AAAA, ttl: ttl, data: .address(Self.address(b))))
        case DNSQueryType.CNAME.code:
            guard fieldCount == 1, let rdf = field(0), let target = Self.nameText(rdf) else { return .failure(bad) }
            return .success(DNSResourceRecord(name: owner, type: .CNAME, ttl: ttl, data: .target(target)))
        case DNSQueryType.SRV.code:
            guard fieldCount == 4, let priority = uint16(0), let weight = uint16(1), let port = uint16(2),
                let rdf = field(3), let target = Self.nameText(rdf)
            else { return .failure(bad) }
            return .success(
                DNSResourceRecord(
                    name: owner, type: .SRV, ttl: ttl,
                    data: .service(priority: priority, weight: weight, port: port, target: target)))
        default:
            return .success(DNSResourceRecord(name: owner, type: nil, ttl: ttl, data: .other(typeCode: typeCode)))
        }
    }

    /// The canonical text of 4 or 16 address bytes (the caller checked the size).
    private static func address(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        IPAddress(bytes: Array(bytes))?.description ?? ""
    }
}

/// Both ways of turning a wire-form domain name into text, for tests that compare them.
package enum DNSNameTextComparison {
    /// (``LDNSRecord/nameText(_:)``, ``LDNSRecord/nameTextThroughLDNS(_:)``) of `wire`, an
    /// uncompressed name as it stands in a record's data.
    package static func both(_ wire: [UInt8]) -> (fast: String?, plain: String?) {
        guard
            let rdf = wire.withUnsafeBufferPointer({
                ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, $0.count, $0.baseAddress)
            })
        else { return (nil, nil) }
        defer { ldns_rdf_deep_free(rdf) }
        return (LDNSRecord.nameText(rdf), LDNSRecord.nameTextThroughLDNS(rdf))
    }
}

/// Both ways of writing a query, for tests that compare them.
package enum DNSQueryWireComparison {
    /// (`LDNSPacket.queryWire`, `LDNSPacket.query(...).wire()`); nil where either throws.
    package static func both(name: String, type: DNSQueryType, id: UInt16, udpSize: UInt16) -> (
        fast: [UInt8]?, plain: [UInt8]?
    ) {
        (
            try? LDNSPacket.queryWire(name: name, type: type, id: id, udpSize: udpSize),
            try? LDNSPacket.query(name: name, type: type, id: id, udpSize: udpSize).wire()
        )
    }
}
