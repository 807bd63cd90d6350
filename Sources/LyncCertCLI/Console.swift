import Foundation
import Topology

/// DESIGN.md's exit codes, the same for every command.
public enum ExitStatus: Int32, Sendable {
    /// Done, nothing wrong.
    case ok = 0
    /// Done, and it found gaps or error-level findings.
    case findings = 1
    /// Bad input or usage.
    case badInput = 2
    /// Could not complete: I/O, network, library failure.
    case failed = 3
}

/// An error the command layer reports on stderr and turns into an exit status.
public struct CLIError: Error, Sendable, CustomStringConvertible {
    public var status: ExitStatus
    public var message: String

    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Bad input or usage (exit 2).
    public static func badInput(_ message: String) -> CLIError { CLIError(.badInput, message) }
    /// Could not complete (exit 3).
    public static func failed(_ message: String) -> CLIError { CLIError(.failed, message) }
    /// Finished with gaps or error-level findings; the report is already printed (exit 1).
    public static let findings = CLIError(.findings, "")

    public var description: String { message }
}

/// Writes to standard output and standard error without interleaving partial lines.
///
/// Reports for people go through `text`, and everything on standard error is escaped too: the
/// last guard that no control character from a certificate, an HTTP answer or a topology file
/// reaches the terminal raw (ESC shows as `\x1b`). Renderers escape untrusted values themselves
/// first (newlines included, so a value cannot fake a line); this guard keeps their layout.
///
/// Writes go straight to `write(2)`: Foundation's `FileHandle.write` traps when the write fails
/// (a full disk, `> /dev/full`, a closed pipe). A failed stream is remembered and not written
/// again; `LyncCertMain.run` then exits 3 with a message on the other stream.
public enum Console {
    public static func out(_ text: String) {
        // Plans can be tens of megabytes: write the text as is, and the newline on its own,
        // rather than building a second copy with the newline appended.
        write(text, to: STDOUT_FILENO)
        if !text.hasSuffix("\n") { write("\n", to: STDOUT_FILENO) }
    }

    /// A report for people: control characters other than the line breaks and tabs of its layout
    /// are escaped. JSON and exported files go through `out` unchanged (their encoders escape).
    public static func text(_ text: String) {
        out(UntrustedText.terminalEscapedKeepingLayout(text))
    }

    /// Writes `text` to standard output exactly as given (no newline added).
    public static func outRaw(_ text: String) { write(text, to: STDOUT_FILENO) }

    public static func error(_ raw: String) {
        let text = UntrustedText.terminalEscapedKeepingLayout(raw)
        let line = text.hasPrefix("lynccert:") || text.hasPrefix("Error:") ? text : "lynccert: " + text
        write(line.hasSuffix("\n") ? line : line + "\n", to: STDERR_FILENO)
    }

    /// Writes `text` to standard error exactly as given (progress lines).
    public static func errorRaw(_ text: String) { write(text, to: STDERR_FILENO) }

    /// Whether standard error is a terminal (progress indicators only then).
    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// A stream that could not be written: which, and `errno`'s text.
    public struct WriteFailure: Sendable, Equatable {
        public var fileDescriptor: Int32
        public var reason: String

        public var streamName: String { fileDescriptor == STDOUT_FILENO ? "standard output" : "standard error" }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var failures: [WriteFailure] = []

    /// Returns and forgets the streams that failed since the last call, standard output first.
    public static func takeWriteFailures() -> [WriteFailure] {
        lock.withLock {
            defer { failures = [] }
            return failures.sorted { $0.fileDescriptor < $1.fileDescriptor }
        }
    }

    /// Reports failed streams on a stream that still works; returns whether any stream failed.
    static func reportWriteFailures() -> Bool {
        let failed = takeWriteFailures()
        for failure in failed {
            let other = failure.fileDescriptor == STDOUT_FILENO ? STDERR_FILENO : STDOUT_FILENO
            write("lynccert: cannot write to \(failure.streamName): \(failure.reason)\n", to: other)
        }
        _ = takeWriteFailures()  // a report that failed too has nowhere left to go
        return !failed.isEmpty
    }

    private static func write(_ text: String, to fd: Int32) {
        lock.withLock {
            guard !failures.contains(where: { $0.fileDescriptor == fd }) else { return }
            var text = text
            let error: Int32? = text.withUTF8 { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return written < 0 ? errno : EIO
                    }
                }
                return nil
            }
            if let error {
                failures.append(WriteFailure(fileDescriptor: fd, reason: String(cString: strerror(error))))
            }
        }
    }
}
