#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The record types lynccert asks for.
public enum DNSQueryType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case A
    case AAAA
    case CNAME
    case SRV

    /// The RR type number (RFC 1035 §3.2.2, RFC 3596, RFC 2782).
    public var code: UInt16 {
        switch self {
        case .A: 1
        case .AAAA: 28
        case .CNAME: 5
        case .SRV: 33
        }
    }

    public var description: String { rawValue }
}

/// A response code (RFC 1035 §4.1.1, RFC 6895).
public struct DNSRcode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let noError = DNSRcode(rawValue: 0)
    public static let formatError = DNSRcode(rawValue: 1)
    public static let serverFailure = DNSRcode(rawValue: 2)
    public static let nameError = DNSRcode(rawValue: 3)
    public static let notImplemented = DNSRcode(rawValue: 4)
    public static let refused = DNSRcode(rawValue: 5)

    /// `NOERROR`, `NXDOMAIN`, `SERVFAIL`, … or `RCODE17`.
    public var description: String {
        switch rawValue {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        case 6: "YXDOMAIN"
        case 7: "YXRRSET"
        case 8: "NXRRSET"
        case 9: "NOTAUTH"
        case 10: "NOTZONE"
        default: "RCODE\(rawValue)"
        }
    }
}

/// One resource record from an answer section.
public struct DNSResourceRecord: Sendable, Hashable, CustomStringConvertible {
    /// The record's data, decoded for the types lynccert checks.
    public enum Data: Sendable, Hashable {
        /// A or AAAA: the address in canonical text form.
        case address(String)
        /// CNAME: the target name (lower-case, no trailing dot).
        case target(String)
        /// SRV (RFC 2782).
        case service(priority: UInt16, weight: UInt16, port: UInt16, target: String)
        /// Any other type: its number only.
        case other(typeCode: UInt16)
    }

    /// Owner name, lower-case, no trailing dot.
    public var name: String
    /// The type, when it is one lynccert knows; `nil` for ``Data/other(typeCode:)``.
    public var type: DNSQueryType?
    public var ttl: UInt32
    public var data: Data

    /// Zone-file presentation: `www.example.com. 300 IN A 192.0.2.1`.
    public var description: String {
        let owner = name.isEmpty ? "." : name + "."
        switch data {
        case .address(let a): return "\(owner) \(ttl) IN \(type?.rawValue ?? "A") \(a)"
        case .target(let t): return "\(owner) \(ttl) IN CNAME \(t.isEmpty ? "." : t + ".")"
        case .service(let p, let w, let port, let t):
            return "\(owner) \(ttl) IN SRV \(p) \(w) \(port) \(t.isEmpty ? "." : t + ".")"
        case .other(let code): return "\(owner) \(ttl) IN TYPE\(code)"
        }
    }
}

/// What to ask, and whom.
public struct DNSQuestion: Sendable, Hashable {
    public var name: String
    public var type: DNSQueryType
    public var server: DNSServer

    public init(name: String, type: DNSQueryType, server: DNSServer) {
        self.name = name
        self.type = type
        self.server = server
    }
}

/// The outcome of one question, with CNAME chains already followed.
///
/// `records` holds the chain's CNAME records in order, then the records of the asked type at the
/// chain's end. When a later step of the chain fails (the server refuses to answer for the
/// target's zone, say), `records` keeps what was learnt and `error` says why it stops there.
public struct DNSAnswer: Sendable, Hashable {
    public var question: DNSQuestion
    /// The last response's code; `nil` when no server response was accepted at all.
    public var rcode: DNSRcode?
    public var records: [DNSResourceRecord]
    /// Whether any step had to be repeated over TCP because the UDP answer was truncated.
    public var usedTCP: Bool
    /// Why the answer is incomplete or absent.
    public var error: DNSError?
    /// Whether the server sent anything back at all (even garbage): false after time-outs and
    /// socket errors only.
    public var serverResponded: Bool

    /// The CNAME targets followed, in order.
    public var cnameChain: [String] {
        records.compactMap { if case .target(let t) = $0.data { return t } else { return nil } }
    }

    /// The addresses (A/AAAA) at the end of the chain.
    public var addresses: [String] {
        records.compactMap { if case .address(let a) = $0.data { return a } else { return nil } }
    }
}
