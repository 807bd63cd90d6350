import Foundation
import Topology

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
