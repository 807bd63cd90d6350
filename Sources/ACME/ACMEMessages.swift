import Foundation

/// An RFC 7807 problem document as an ACME server sends it (RFC 8555 §6.7).
public struct ACMEProblem: Sendable, Decodable, Equatable {
    public struct Identifier: Sendable, Decodable, Equatable {
        public var type: String
        public var value: String
    }

    public struct Subproblem: Sendable, Decodable, Equatable {
        public var type: String?
        public var detail: String?
        public var identifier: Identifier?
    }

    public var type: String?
    public var detail: String?
    public var status: Int?
    public var subproblems: [Subproblem]?

    public init(type: String?, detail: String?, status: Int? = nil, subproblems: [Subproblem]? = nil) {
        self.type = type
        self.detail = detail
        self.status = status
        self.subproblems = subproblems
    }

    /// `urn:ietf:params:acme:error:badNonce` → `badNonce`.
    public var shortType: String? {
        guard let type else { return nil }
        let prefix = "urn:ietf:params:acme:error:"
        return type.hasPrefix(prefix) ? String(type.dropFirst(prefix.count)) : type
    }

    /// `type: detail` and each subproblem on a line of its own, as the CA wrote them (not escaped).
    public var text: String {
        var lines = ["\(type ?? "(no type)"): \(detail ?? "(no detail)")"]
        for sub in subproblems ?? [] {
            let who = sub.identifier.map { "\($0.type) \($0.value)" } ?? "?"
            lines.append("  \(who): \(sub.type ?? "(no type)"): \(sub.detail ?? "(no detail)")")
        }
        return lines.joined(separator: "\n")
    }
}

/// Why an ACME exchange did not end in a certificate.
public struct ACMEError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The CA answered with a problem document (the order, an authorization or a request).
        case problem
        /// No HTTP answer: the CA could not be reached, TLS failed, the connection broke.
        case network
        /// The CA's answer does not follow RFC 8555 (missing header, unreadable JSON).
        case protocolViolation
        /// The order was not ready before the deadline.
        case deadline
        /// The local side could not take part (responder port, webroot, key).
        case local
    }

    public var kind: Kind
    /// What lynccert was doing, for people.
    public var message: String
    /// The CA's own problem document, shown verbatim (escaped) to the admin.
    public var problem: ACMEProblem?

    public init(_ kind: Kind, _ message: String, problem: ACMEProblem? = nil) {
        self.kind = kind
        self.message = message
        self.problem = problem
    }

    public var description: String {
        guard let problem else { return message }
        return "\(message)\n\(problem.text)"
    }
}

/// The directory object (RFC 8555 §7.1.1).
struct ACMEDirectory: Decodable {
    struct Meta: Decodable {
        var termsOfService: String?
        var externalAccountRequired: Bool?
    }

    var newNonce: String
    var newAccount: String
    var newOrder: String
    var meta: Meta?
}

/// An order object (RFC 8555 §7.1.3).
public struct ACMEOrder: Sendable, Decodable {
    public var status: String
    public var identifiers: [ACMEProblem.Identifier]
    public var authorizations: [String]
    public var finalize: String
    public var certificate: String?
    public var error: ACMEProblem?
}

/// An authorization object (RFC 8555 §7.1.4).
public struct ACMEAuthorization: Sendable, Decodable {
    public struct Challenge: Sendable, Decodable {
        public var type: String
        public var url: String
        public var status: String
        public var token: String?
        public var error: ACMEProblem?
    }

    public var status: String
    public var identifier: ACMEProblem.Identifier
    public var challenges: [Challenge]
    public var wildcard: Bool?
}
