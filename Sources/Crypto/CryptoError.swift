internal import COpenSSL
import LyncSupport

/// An error from the Crypto module: what lynccert was doing and what OpenSSL said.
///
/// `code` says which kind of failure it is; `reason` is for people. Equality uses the code only
/// (``CodedError``).
public struct CryptoError: CodedError, Sendable {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Kind: String, Sendable, Hashable {
            case openSSL, malformedInput, wrongPassphrase, keyMismatch, unsupported, io
        }
        fileprivate let kind: Kind
        /// OpenSSL reported a failure (its error queue is in the reason).
        public static let openSSL = Code(kind: .openSSL)
        /// The input is not a valid key, certificate, CSR or bundle.
        public static let malformedInput = Code(kind: .malformedInput)
        /// A passphrase was missing or did not open the file.
        public static let wrongPassphrase = Code(kind: .wrongPassphrase)
        /// A private key does not belong to the certificate.
        public static let keyMismatch = Code(kind: .keyMismatch)
        /// A valid input lynccert does not handle.
        public static let unsupported = Code(kind: .unsupported)
        /// Reading or writing failed.
        public static let io = Code(kind: .io)
        public var description: String { kind.rawValue }
    }

    public let code: Code
    public let reason: String
    /// OpenSSL's own messages, oldest first (from its error queue).
    public let openSSLErrors: [String]
    public let file: String
    public let line: Int

    public init(
        code: Code, reason: String, openSSLErrors: [String] = [], file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.reason = reason
        self.openSSLErrors = openSSLErrors
        self.file = file
        self.line = line
    }

    public var description: String {
        openSSLErrors.isEmpty ? reason : "\(reason): \(openSSLErrors.joined(separator: "; "))"
    }

    /// An `.openSSL` error carrying (and clearing) OpenSSL's error queue for this thread.
    public static func openSSL(_ reason: String, file: String = #fileID, line: Int = #line) -> CryptoError {
        CryptoError(code: .openSSL, reason: reason, openSSLErrors: drainErrorQueue(), file: file, line: line)
    }

    /// An error of `code` that also carries (and clears) OpenSSL's error queue.
    public static func withQueue(
        _ code: Code, _ reason: String, file: String = #fileID, line: Int = #line
    ) -> CryptoError {
        CryptoError(code: code, reason: reason, openSSLErrors: drainErrorQueue(), file: file, line: line)
    }

    /// Empties OpenSSL's per-thread error queue into readable strings.
    static func drainErrorQueue() -> [String] {
        var messages: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            buffer.withUnsafeMutableBufferPointer { ERR_error_string_n(code, $0.baseAddress, $0.count) }
            let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            messages.append(String(decoding: bytes, as: UTF8.self))
        }
        return messages
    }
}
