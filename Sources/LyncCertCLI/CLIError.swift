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
public enum Console {
    public static func out(_ text: String) {
        // Plans can be tens of megabytes: write the text as is, and the newline on its own,
        // rather than building a second copy with the newline appended.
        FileHandle.standardOutput.write(Data(text.utf8))
        if !text.hasSuffix("\n") { FileHandle.standardOutput.write(Data([0x0A])) }
    }

    /// A report for people: control characters other than the line breaks and tabs of its layout
    /// are escaped. JSON and exported files go through `out` unchanged (their encoders escape).
    public static func text(_ text: String) {
        out(UntrustedText.terminalEscapedKeepingLayout(text))
    }

    public static func error(_ raw: String) {
        let text = UntrustedText.terminalEscapedKeepingLayout(raw)
        let line = text.hasPrefix("lynccert:") || text.hasPrefix("Error:") ? text : "lynccert: " + text
        FileHandle.standardError.write(Data((line.hasSuffix("\n") ? line : line + "\n").utf8))
    }

    /// Whether standard error is a terminal (progress indicators only then).
    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
