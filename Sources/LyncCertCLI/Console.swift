import Foundation
import Topology

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

/// One self-rewriting status line on standard error for work that outlasts `delay` (RSA 4096 keys
/// for every certificate, many handshakes): `lynccert: <text> (<seconds> s)`, redrawn while the
/// work runs and erased when it ends.
///
/// Only on a terminal and without `--quiet`: a pipe or a log file gets no carriage returns.
/// The delay keeps quick runs silent; `LYNCCERT_PROGRESS_DELAY` (seconds) overrides it.
final class ProgressLine: @unchecked Sendable {
    /// 1 s unless `LYNCCERT_PROGRESS_DELAY` holds a non-negative number of seconds.
    static var defaultDelay: TimeInterval {
        if let text = ProcessInfo.processInfo.environment["LYNCCERT_PROGRESS_DELAY"], let value = Double(text),
            value >= 0, value.isFinite
        {
            return value
        }
        return 1
    }

    private let lock = NSLock()
    private let start = Date()
    private let delay: TimeInterval
    private var text = ""
    private var drawn = false
    /// What is on the screen now; a tick with nothing new writes nothing.
    private var shown = ""
    private var finished = false

    /// `nil` when standard error is not a terminal or `quiet` is set: nothing to draw.
    init?(quiet: Bool, delay: TimeInterval = ProgressLine.defaultDelay, isTerminal: Bool = Console.stderrIsTerminal) {
        guard !quiet && isTerminal else { return nil }
        self.delay = delay
        // The work blocks its own thread (key generation), so a ticker redraws the elapsed time.
        Thread.detachNewThread { [weak self] in
            while let line = self, line.tick() { usleep(250_000) }
        }
    }

    /// Sets the text; drawn at once when the delay has passed.
    func update(_ text: String) {
        lock.withLock {
            self.text = text
            drawLocked()
        }
    }

    /// Erases the line so a message can be printed; the next update or tick draws it again.
    func erase() {
        lock.withLock {
            if drawn { Console.errorRaw("\r\u{1B}[K") }
            drawn = false
        }
    }

    /// Erases the line (if it was drawn); later updates draw nothing.
    func finish() {
        lock.withLock {
            finished = true
            if drawn { Console.errorRaw("\r\u{1B}[K") }
            drawn = false
        }
    }

    /// Redraws; `false` once finished (the ticker stops).
    private func tick() -> Bool {
        lock.withLock {
            drawLocked()
            return !finished
        }
    }

    private func drawLocked() {
        let elapsed = Date().timeIntervalSince(start)
        guard !finished, !text.isEmpty, elapsed >= delay else { return }
        let line = "lynccert: \(text) (\(Int(elapsed)) s)"
        guard !drawn || line != shown else { return }
        drawn = true
        shown = line
        // Through Console: a failed write is reported (exit 3), never a trap.
        Console.errorRaw("\r\u{1B}[K" + UntrustedText.terminalEscaped(line))
    }

    deinit { finish() }
}
