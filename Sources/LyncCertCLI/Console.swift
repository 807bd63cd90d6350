import Foundation
import TopologyModel

/// A command's standard input, output and error and its environment: the process's, or a
/// caller's (`LyncCert.run(arguments:io:)` runs commands in-process, e.g. in tests).
///
/// Writes go straight to `write(2)` for the process's streams: Foundation's `FileHandle.write`
/// traps when the write fails (a full disk, `> /dev/full`, a closed pipe). A failed stream is
/// remembered and not written again; `LyncCertMain.run` then exits 3 with a message on the other
/// stream. A captured stream collects the bytes instead.
public final class CommandIO: @unchecked Sendable {
    /// The environment commands read (`--passphrase-env`, `LYNCCERT_PROGRESS_DELAY`).
    public let environment: [String: String]
    /// Whether standard error is a terminal (progress indicators only then).
    public let stderrIsTerminal: Bool

    private enum Sink {
        case descriptor(Int32)
        case captured
    }

    private let output: Sink
    private let error: Sink
    private var input: [UInt8]?
    private let lock = NSLock()
    private var capturedOutput: [UInt8] = []
    private var capturedError: [UInt8] = []
    private var failures: [WriteFailure] = []

    private init(output: Sink, error: Sink, input: [UInt8]?, environment: [String: String], stderrIsTerminal: Bool) {
        self.output = output
        self.error = error
        self.input = input
        self.environment = environment
        self.stderrIsTerminal = stderrIsTerminal
    }

    /// The process's own streams and environment.
    public static let process = CommandIO(
        output: .descriptor(STDOUT_FILENO), error: .descriptor(STDERR_FILENO), input: nil,
        environment: ProcessInfo.processInfo.environment, stderrIsTerminal: isatty(STDERR_FILENO) != 0)

    /// Streams held in memory: `input` is standard input; what is written is `output` and `error`.
    public static func captured(input: [UInt8] = [], environment: [String: String] = [:]) -> CommandIO {
        CommandIO(output: .captured, error: .captured, input: input, environment: environment, stderrIsTerminal: false)
    }

    /// What was written to a captured standard output.
    public var outputText: String { lock.withLock { String(decoding: capturedOutput, as: UTF8.self) } }
    /// What was written to a captured standard error.
    public var errorText: String { lock.withLock { String(decoding: capturedError, as: UTF8.self) } }
    /// The bytes written to a captured standard output, as written.
    public var outputBytes: [UInt8] { lock.withLock { capturedOutput } }

    /// A stream that could not be written: which, and `errno`'s text.
    public struct WriteFailure: Sendable, Equatable {
        public var fileDescriptor: Int32
        public var reason: String

        public var streamName: String { fileDescriptor == STDOUT_FILENO ? "standard output" : "standard error" }
    }

    /// Returns and forgets the streams that failed since the last call, standard output first.
    public func takeWriteFailures() -> [WriteFailure] {
        lock.withLock {
            defer { failures = [] }
            return failures.sorted { $0.fileDescriptor < $1.fileDescriptor }
        }
    }

    /// One line of standard input without its newline; `nil` at its end.
    func readLine() -> String? {
        guard let pending = lock.withLock({ input }) else { return Swift.readLine(strippingNewline: true) }
        guard !pending.isEmpty else { return nil }
        let end = pending.firstIndex(of: 0x0A) ?? pending.endIndex
        lock.withLock { input = Array(pending[min(end + 1, pending.endIndex)...]) }
        return String(decoding: pending[..<end], as: UTF8.self)
    }

    func write(_ text: String, toError: Bool) {
        let sink = toError ? error : output
        let fd = toError ? STDERR_FILENO : STDOUT_FILENO
        lock.withLock {
            guard case .descriptor(let descriptor) = sink else {
                if toError { capturedError += Array(text.utf8) } else { capturedOutput += Array(text.utf8) }
                return
            }
            guard !failures.contains(where: { $0.fileDescriptor == fd }) else { return }
            var text = text
            let error: Int32? = text.withUTF8 { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
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

/// Writes to the running command's standard output and standard error (`CommandIO`) without
/// interleaving partial lines.
///
/// Reports for people go through `text`, and everything on standard error is escaped too: the
/// last guard that no control character from a certificate, an HTTP answer or a topology file
/// reaches the terminal raw (ESC shows as `\x1b`). Renderers escape untrusted values themselves
/// first (newlines included, so a value cannot fake a line); this guard keeps their layout.
public enum Console {
    /// The streams of the command running in this task: the process's unless
    /// `LyncCert.run(arguments:io:)` gave others. Work that leaves the task (a thread of its own)
    /// captures `Console.io` first.
    @TaskLocal public static var io: CommandIO = .process

    public static func out(_ text: String) {
        // Plans can be tens of megabytes: write the text as is, and the newline on its own,
        // rather than building a second copy with the newline appended.
        let io = io
        io.write(text, toError: false)
        if !text.hasSuffix("\n") { io.write("\n", toError: false) }
    }

    /// A report for people: control characters other than the line breaks and tabs of its layout
    /// are escaped. JSON and exported files go through `out` unchanged (their encoders escape).
    public static func text(_ text: String) {
        out(UntrustedText.terminalEscapedKeepingLayout(text))
    }

    /// Writes `text` to standard output exactly as given (no newline added).
    public static func outRaw(_ text: String) { io.write(text, toError: false) }

    public static func error(_ raw: String) {
        let text = UntrustedText.terminalEscapedKeepingLayout(raw)
        let line = text.hasPrefix("lynccert:") || text.hasPrefix("Error:") ? text : "lynccert: " + text
        io.write(line.hasSuffix("\n") ? line : line + "\n", toError: true)
    }

    /// Writes `text` to standard error exactly as given (progress lines).
    public static func errorRaw(_ text: String) { io.write(text, toError: true) }

    /// Whether standard error is a terminal (progress indicators only then).
    public static var stderrIsTerminal: Bool { io.stderrIsTerminal }

    /// Returns and forgets the streams that failed since the last call, standard output first.
    public static func takeWriteFailures() -> [CommandIO.WriteFailure] { io.takeWriteFailures() }

    /// Reports failed streams on a stream that still works; returns whether any stream failed.
    static func reportWriteFailures() -> Bool {
        let io = io
        let failed = io.takeWriteFailures()
        for failure in failed {
            io.write(
                "lynccert: cannot write to \(failure.streamName): \(failure.reason)\n",
                toError: failure.fileDescriptor == STDOUT_FILENO)
        }
        _ = io.takeWriteFailures()  // a report that failed too has nowhere left to go
        return !failed.isEmpty
    }

    /// One line of standard input without its newline; `nil` at its end.
    static func readLine() -> String? { io.readLine() }
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
        if let text = Console.io.environment["LYNCCERT_PROGRESS_DELAY"], let value = Double(text),
            value >= 0, value.isFinite
        {
            return value
        }
        return 1
    }

    private let lock = NSLock()
    private let start = Date()
    private let delay: TimeInterval
    /// The command's standard error: the ticker thread is outside the command's task.
    private let io = Console.io
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
            if drawn { io.write("\r\u{1B}[K", toError: true) }
            drawn = false
        }
    }

    /// Erases the line (if it was drawn); later updates draw nothing.
    func finish() {
        lock.withLock {
            finished = true
            if drawn { io.write("\r\u{1B}[K", toError: true) }
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
        io.write("\r\u{1B}[K" + UntrustedText.terminalEscaped(line), toError: true)
    }

    deinit { finish() }
}
