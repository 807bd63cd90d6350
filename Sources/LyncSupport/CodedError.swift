/// An error whose `code` says which kind of failure it is and whose `reason` is for people.
///
/// Equality and hashing use the code only: callers and tests match on the kind of failure while
/// the reason carries the details (which differ from run to run: paths, OpenSSL's queue, errno).
public protocol CodedError: Error, Hashable, CustomStringConvertible {
    associatedtype Code: Hashable
    var code: Code { get }
    /// A sentence naming what failed and where.
    var reason: String { get }
}

extension CodedError {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
    /// The reason; a type with more to say (a library's own messages) gives its own.
    public var description: String { reason }
}
