import Foundation

/// A fixture made once, on first use, for every test that needs it (a test CA, a folder).
///
/// Unlike a `static let x = try! …`, a failure (a missing `openssl`, a full disk) does not crash
/// the test process: each test that asks gets the error, naming the fixture, and fails alone.
/// The failure is kept, so the next test fails at once instead of trying again.
public final class Cached<Value>: @unchecked Sendable {
    private let what: String
    private let make: () throws -> Value
    private let lock = NSLock()
    private var made: Result<Value, FixtureError>?

    /// - Parameters:
    ///   - what: the fixture, for the error message ("the audit test CA").
    ///   - make: makes it; runs at most once.
    public init(_ what: String, _ make: @escaping () throws -> Value) {
        self.what = what
        self.make = make
    }

    public var value: Value {
        get throws {
            try lock.withLock {
                if let made { return try made.get() }
                let result = Result { try make() }.mapError { FixtureError(what: what, underlying: $0) }
                made = result
                return try result.get()
            }
        }
    }
}

/// Fixtures made once each, by name (the leaves a test CA issues for one suite).
public final class CachedByName<Value>: @unchecked Sendable {
    private let what: String
    private let lock = NSLock()
    private var made: [String: Result<Value, FixtureError>] = [:]

    public init(_ what: String) { self.what = what }

    /// The fixture called `name`, made by `make` the first time it is asked for.
    public func value(_ name: String, _ make: () throws -> Value) throws -> Value {
        try lock.withLock {
            if let result = made[name] { return try result.get() }
            let result = Result { try make() }.mapError { FixtureError(what: "\(what) \(name)", underlying: $0) }
            made[name] = result
            return try result.get()
        }
    }
}

/// A fixture that could not be made, with the reason.
public struct FixtureError: Error, CustomStringConvertible {
    public var what: String
    public var underlying: any Error
    public var description: String { "test fixture \(what) could not be made: \(underlying)" }
}
