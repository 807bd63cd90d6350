import Foundation

/// Runs a program with a pseudo-terminal as its controlling terminal and its stdin, stdout and
/// stderr, answering prompts as they appear; returns everything it wrote to the terminal (as
/// `stdout`) and its exit status (128 + the signal when killed).
///
/// Each answer is typed once its prompt text has appeared and, with `waitForEchoOff`, the
/// terminal's echo is off: a passphrase reader that writes its prompt before turning echo off
/// with `TCSAFLUSH` discards anything typed in between. Without `waitForEchoOff` the answer is
/// typed as soon as the prompt shows, as a person might: a reader must have turned echo off
/// first. A program that prompts for something not in `answers` waits until `timeout` and is
/// killed: its output then shows the prompt.
public func runOnTerminal(
    _ executable: String, _ arguments: [String], answers: [(prompt: String, input: String)] = [],
    waitForEchoOff: Bool = true, environment: [String: String] = [:], currentDirectory: URL? = nil,
    timeout: TimeInterval = 60
) throws -> ProcessResult {
    // posix_openpt and friends are not in Swift's Glibc module: /dev/ptmx and its ioctls directly.
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard master >= 0 else { throw TerminalError("/dev/ptmx: \(String(cString: strerror(errno)))") }
    defer { close(master) }
    var unlock: Int32 = 0
    var number: UInt32 = 0
    let TIOCSPTLCK: UInt = 0x4004_5431
    let TIOCGPTN: UInt = 0x8004_5430
    guard ioctl(master, TIOCSPTLCK, &unlock) == 0, ioctl(master, TIOCGPTN, &number) == 0 else {
        throw TerminalError("cannot set up the pseudo-terminal: \(String(cString: strerror(errno)))")
    }
    let slavePath = "/dev/pts/\(number)"

    // The child: a new session (setsid) whose first opened terminal, the pty, becomes its
    // controlling terminal; signals unblocked and at their defaults.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc)
    posix_spawnattr_setflags(&attributes, Int16(setsid | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var signals = sigset_t()
    sigemptyset(&signals)
    posix_spawnattr_setsigmask(&attributes, &signals)
    for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP] { sigaddset(&signals, signal) }
    posix_spawnattr_setsigdefault(&attributes, &signals)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)

    // env(1) finds the program in PATH and changes directory (-C) in the child.
    var argv = ["/usr/bin/env"]
    if let currentDirectory { argv += ["-C", currentDirectory.path] }
    argv += [executable] + arguments
    let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let envp = merged.map { "\($0.key)=\($0.value)" }
    var pid: pid_t = 0
    let spawned = withCStrings(argv) { cArgv in
        withCStrings(envp) { cEnvp in posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, cArgv, cEnvp) }
    }
    guard spawned == 0 else { throw TerminalError("posix_spawn \(executable): \(String(cString: strerror(spawned)))") }

    var output = Data()
    var pending = answers[...]
    var searchFrom = 0
    let deadline = Date().addingTimeInterval(timeout)
    var killed = false
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        if Date() >= deadline && !killed {
            kill(pid, SIGKILL)
            killed = true
        }
        if let next = pending.first {
            let text = String(decoding: output[searchFrom...], as: UTF8.self)
            var settings = termios()
            if let found = text.range(of: next.prompt),
                !waitForEchoOff || (tcgetattr(master, &settings) == 0 && settings.c_lflag & tcflag_t(ECHO) == 0)
            {
                searchFrom += text[..<found.upperBound].utf8.count
                let line = Array((next.input + "\n").utf8)
                _ = line.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
                pending = pending.dropFirst()
                continue
            }
        }
        var entry = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        // A short wait while a prompt's echo-off is awaited (no output marks it), longer otherwise.
        guard poll(&entry, 1, pending.isEmpty ? 200 : 10) >= 0 || errno == EINTR else { break }
        guard entry.revents != 0 else { continue }
        let n = read(master, &buffer, buffer.count)
        if n > 0 {
            output.append(contentsOf: buffer[0..<n])
        } else if n < 0 && errno == EINTR {
            continue
        } else {
            break  // EIO: every descriptor of the terminal's other side is closed (the child exited)
        }
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exited = status & 0x7F == 0
    let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return ProcessResult(
        status: code, stdout: String(decoding: output, as: UTF8.self), stderr: "", stdoutData: output)
}

/// A pseudo-terminal run that could not start.
public struct TerminalError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Calls `body` with `strings` as a NULL-terminated C array.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}
