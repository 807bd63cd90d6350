import ArgumentParser
import Foundation

/// Where a passphrase comes from. Never from argv: a command line is visible to every user on the
/// machine (`ps`) and lands in shell history.
enum PassphraseSource: Equatable {
    /// A file; trailing CR/LF characters are removed (editors add them).
    case file(String)
    /// An environment variable's value, taken as is.
    case environment(String)
    /// Asked on the terminal with echo off.
    case prompt

    /// Reads the passphrase.
    ///
    /// - Parameters:
    ///   - purpose: what it protects, for the prompt and messages ("the private key").
    ///   - confirm: ask twice at the prompt (for a new passphrase).
    /// - Throws: `CLIError.badInput` naming the file or variable when it is missing or empty.
    func read(purpose: String, confirm: Bool = false, allowEmpty: Bool = false) throws -> [UInt8] {
        let value: [UInt8]
        switch self {
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError.badInput("\(path): cannot read the passphrase file")
            }
            value = Passphrase.strippingTrailingNewlines(Array(data))
            if value.isEmpty && !allowEmpty { throw CLIError.badInput("\(path): the passphrase file is empty") }
        case .environment(let name):
            guard let text = Console.io.environment[name] else {
                throw CLIError.badInput("the environment variable \(name) is not set")
            }
            value = Array(text.utf8)
            if value.isEmpty && !allowEmpty { throw CLIError.badInput("the environment variable \(name) is empty") }
        case .prompt:
            value = try Passphrase.prompt("Passphrase for \(purpose): ")
            if confirm {
                let again = try Passphrase.prompt("Repeat the passphrase: ")
                guard again == value else { throw CLIError.badInput("the two passphrases differ") }
            }
            if value.isEmpty && !allowEmpty { throw CLIError.badInput("an empty passphrase was entered") }
        }
        if value.contains(0) { throw CLIError.badInput("the passphrase contains a NUL byte") }
        return value
    }
}

/// `--passphrase-file F | --passphrase-env VAR | --prompt-passphrase`, shared by csr, pfx and inspect.
struct PassphraseOptions: ParsableArguments {
    @Option(
        name: .customLong("passphrase-file"), help: "Read the passphrase from this file (trailing newline removed).")
    var passphraseFile: String?

    @Option(name: .customLong("passphrase-env"), help: "Read the passphrase from this environment variable.")
    var passphraseEnv: String?

    @Flag(name: .customLong("prompt-passphrase"), help: "Ask for the passphrase on the terminal (echo off).")
    var promptPassphrase = false

    func validate() throws {
        let given = [passphraseFile != nil, passphraseEnv != nil, promptPassphrase].filter { $0 }.count
        if given > 1 {
            throw ValidationError("give at most one of --passphrase-file, --passphrase-env and --prompt-passphrase")
        }
    }

    /// The chosen source, or `nil` when none was given.
    var source: PassphraseSource? {
        if let passphraseFile { return .file(passphraseFile) }
        if let passphraseEnv { return .environment(passphraseEnv) }
        return promptPassphrase ? .prompt : nil
    }
}

enum Passphrase {
    /// Removes trailing `\n` and `\r` bytes.
    static func strippingTrailingNewlines(_ bytes: [UInt8]) -> [UInt8] {
        var end = bytes.count
        while end > 0 && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
        return Array(bytes[0..<end])
    }

    /// Reads one line from the controlling terminal with echo turned off (restored afterwards,
    /// also when reading fails).
    ///
    /// Echo goes off before the prompt is written: `TCSAFLUSH` discards what was typed before it,
    /// so with the prompt first, a passphrase typed as soon as the prompt shows could be echoed
    /// and then lost.
    static func prompt(_ text: String) throws -> [UInt8] {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else {
            throw CLIError.badInput("--prompt-passphrase needs a terminal; use --passphrase-file or --passphrase-env")
        }
        defer { close(fd) }
        var original = termios()
        guard tcgetattr(fd, &original) == 0 else { throw CLIError.badInput("cannot read the terminal settings") }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ICANON)
        guard tcsetattr(fd, TCSAFLUSH, &silent) == 0 else { throw CLIError.badInput("cannot turn terminal echo off") }
        defer {
            var restore = original
            _ = tcsetattr(fd, TCSAFLUSH, &restore)
            _ = write(fd, "\n", 1)
        }
        _ = text.withCString { write(fd, $0, strlen($0)) }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1 {
            if byte == 0x0A || byte == 0x0D { break }
            line.append(byte)
            if line.count > 4096 { throw CLIError.badInput("the passphrase is longer than 4096 bytes") }
        }
        return line
    }
}
