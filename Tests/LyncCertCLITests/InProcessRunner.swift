import Foundation
import TestSupport

@testable import LyncCertCLI

/// Runs `lynccert arguments` in this process (`LyncCert.run(arguments:io:)`) with `stdin` as its
/// standard input and the test process's environment plus `environment`; returns what the binary
/// would leave: exit status, standard output and standard error.
///
/// There is no working directory parameter: the working directory is process-wide, so a run that
/// needs one (relative paths) is a `runLynccertProcess`.
///
/// - Parameter timeout: guards against a hang; the test fails after it (the run cannot be killed).
@discardableResult
func runLynccert(
    _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil, timeout: TimeInterval = 120
) async throws -> ProcessResult {
    InProcessHost.prepare()
    let io = CommandIO.captured(
        input: Array(stdin ?? Data()),
        environment: ProcessInfo.processInfo.environment.merging(environment ?? [:]) { _, new in new })
    let status = try await InProcessHost.withTimeout(timeout, arguments) {
        await LyncCert.run(arguments: arguments, io: io)
    }
    let output = io.outputBytes
    return ProcessResult(
        status: status, stdout: String(decoding: output, as: UTF8.self), stderr: io.errorText,
        stdoutData: Data(output))
}

enum InProcessHost {
    /// What `LyncCertMain.main` does for the process before a command: a peer that closes a TLS
    /// connection must be an EPIPE error to report, not SIGPIPE killing the test process.
    private static let prepared: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    static func prepare() { _ = prepared }

    /// `body`'s result, or an error once `seconds` have passed without one.
    static func withTimeout(
        _ seconds: TimeInterval, _ arguments: [String], _ body: @escaping @Sendable () async -> Int32
    ) async throws -> Int32 {
        let once = Once()
        return try await withCheckedThrowingContinuation { continuation in
            let timer = Task {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                if !Task.isCancelled && once.claim() {
                    continuation.resume(throwing: InProcessTimeout(arguments: arguments, seconds: seconds))
                }
            }
            Task {
                let status = await body()
                timer.cancel()
                if once.claim() { continuation.resume(returning: status) }
            }
        }
    }

    private final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var claimed = false
        func claim() -> Bool {
            lock.withLock {
                defer { claimed = true }
                return !claimed
            }
        }
    }
}

/// An in-process run that did not finish in time.
struct InProcessTimeout: Error, CustomStringConvertible {
    var arguments: [String]
    var seconds: TimeInterval
    var description: String { "lynccert \(arguments.joined(separator: " ")) did not finish within \(Int(seconds)) s" }
}
