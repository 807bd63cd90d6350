import LyncSupport

/// Why a DNS query produced no usable answer.
///
/// Every failure of the resolver is a value of this one type: a library status from ldns, a
/// time-out, a server that answered SERVFAIL or REFUSED, a hostile or broken answer, a CNAME loop.
/// Equality compares only the ``code``, so tests and callers can match on the kind of failure
/// while the ``reason`` carries the details for a human.
public struct DNSError: CodedError, Sendable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case ldnsStatus = "ldns-status"
            case timedOut = "timed-out"
            case serverFailure = "servfail"
            case refused = "refused"
            case unexpectedRcode = "unexpected-rcode"
            case malformedAnswer = "malformed-answer"
            case cnameLoop = "cname-loop"
            case cnameChainTooLong = "cname-chain-too-long"
            case invalidName = "invalid-name"
            case invalidServer = "invalid-server"
            case network = "network"
        }

        fileprivate let base: Base

        /// ldns reported a status other than LDNS_STATUS_OK.
        public static let ldnsStatus = Code(base: .ldnsStatus)
        /// No answer arrived within the time-out, after every retry.
        public static let timedOut = Code(base: .timedOut)
        /// The server answered SERVFAIL (after every retry).
        public static let serverFailure = Code(base: .serverFailure)
        /// The server answered REFUSED (after every retry).
        public static let refused = Code(base: .refused)
        /// The server answered with another error rcode (FORMERR, NOTIMP, …).
        public static let unexpectedRcode = Code(base: .unexpectedRcode)
        /// Only unparseable or non-matching answers arrived (garbage, wrong ID, wrong question).
        public static let malformedAnswer = Code(base: .malformedAnswer)
        /// A CNAME chain came back to a name it had already visited.
        public static let cnameLoop = Code(base: .cnameLoop)
        /// A CNAME chain was longer than ``DNSClient/maximumChainLength``.
        public static let cnameChainTooLong = Code(base: .cnameChainTooLong)
        /// The name asked for is not a valid DNS name; nothing was sent.
        public static let invalidName = Code(base: .invalidName)
        /// A server address is not `ADDR[:PORT]` with an IPv4 or IPv6 address.
        public static let invalidServer = Code(base: .invalidServer)
        /// A socket call failed (connection refused, network unreachable, …).
        public static let network = Code(base: .network)

        /// A stable kebab-case spelling, e.g. `timed-out`.
        public var description: String { base.rawValue }
    }

    public let code: Code
    /// A human explanation, naming what and where.
    public let reason: String
    /// The ldns status code, when ldns reported the failure.
    public let status: Int32?
    public let file: String
    public let line: Int

    init(code: Code, reason: String, status: Int32? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.status = status
        self.file = file
        self.line = line
    }

    static func timedOut(
        _ server: DNSServer, after attempts: Int, seconds: Double, file: String = #fileID, line: Int = #line
    )
        -> DNSError
    {
        DNSError(
            code: .timedOut,
            reason:
                "no answer from \(server) within \(formatSeconds(seconds)) (\(attempts) attempt\(attempts == 1 ? "" : "s"))",
            file: file, line: line)
    }

    static func serverFailure(_ server: DNSServer, file: String = #fileID, line: Int = #line) -> DNSError {
        DNSError(code: .serverFailure, reason: "\(server) answered SERVFAIL", file: file, line: line)
    }

    static func refused(_ server: DNSServer, file: String = #fileID, line: Int = #line) -> DNSError {
        DNSError(code: .refused, reason: "\(server) answered REFUSED", file: file, line: line)
    }

    static func malformed(_ reason: String, file: String = #fileID, line: Int = #line) -> DNSError {
        DNSError(code: .malformedAnswer, reason: "malformed answer: \(reason)", file: file, line: line)
    }

    static func invalidName(_ name: String, _ why: String, file: String = #fileID, line: Int = #line) -> DNSError {
        DNSError(code: .invalidName, reason: "invalid DNS name \"\(name)\": \(why)", file: file, line: line)
    }

    static func invalidServer(_ text: String, _ why: String, file: String = #fileID, line: Int = #line) -> DNSError {
        DNSError(code: .invalidServer, reason: "invalid server \"\(text)\": \(why)", file: file, line: line)
    }

    static func network(_ what: String, errno code: Int32, file: String = #fileID, line: Int = #line) -> DNSError {
        DNSError(code: .network, reason: "\(what): \(String(cString: strerror(code)))", file: file, line: line)
    }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
