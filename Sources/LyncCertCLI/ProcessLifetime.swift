import Foundation

/// Large results a command is done with, kept until the process exits instead of freed.
///
/// A command-line run ends right after its output; freeing a thousand audited certificates
/// (`X509_free` each, then every fact and finding) on the way out took longer than printing
/// them. Like clang's `-disable-free`, the memory is left to the exit. Only `LyncCertMain.main`,
/// which exits after the command, turns this on: in-process callers (tests) free as usual.
enum ProcessLifetime {
    nonisolated(unsafe) private static var kept: [Any] = []
    nonisolated(unsafe) private static var exitsAfterCommand = false
    private static let lock = NSLock()

    /// Called by `LyncCertMain.main` before the command runs.
    static func commandEndsProcess() {
        lock.withLock { exitsAfterCommand = true }
    }

    /// Keeps `value` alive until exit when the process ends with the command; a no-op otherwise.
    static func keepUntilExit(_ value: Any) {
        lock.withLock {
            if exitsAfterCommand { kept.append(value) }
        }
    }
}
