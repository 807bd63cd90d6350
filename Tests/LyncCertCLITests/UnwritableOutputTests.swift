import Foundation
import TestSupport
import Testing

/// Runs the built `lynccert` with standard output and/or standard error opened on `path`
/// (`/dev/full`: every write fails with ENOSPC); the other stream is a pipe read back.
private func runWithStreams(
    _ arguments: [String], stdoutPath: String?, stderrPath: String?
) throws -> (status: Int32, reason: Process.TerminationReason, captured: String) {
    let process = Process()
    process.executableURL = TestSupport.lynccertBinary
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = try stdoutPath.map { try FileHandle(forWritingTo: URL(fileURLWithPath: $0)) } ?? pipe
    process.standardError = try stderrPath.map { try FileHandle(forWritingTo: URL(fileURLWithPath: $0)) } ?? pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    try? pipe.fileHandleForWriting.close()
    let captured = pipe.fileHandleForReading.readDataToEndOfFile()
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline { usleep(5_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return (process.terminationStatus, process.terminationReason, String(decoding: captured, as: UTF8.self))
}

@Suite("unwritable standard output and standard error")
struct UnwritableOutputTests {
    private static let cachedDirectory = Cached("the unwritable-output directory") {
        try TemporaryDirectory(prefix: "lynccert-full")
    }
    static var directory: TemporaryDirectory { get throws { try cachedDirectory.value } }
    private static let cachedTopology = Cached("the unwritable-output topology") {
        try directory.write("topology.yaml", AuditFixture.topologyYAML)
    }
    static var topology: String { get throws { try cachedTopology.value } }

    @Test("plan > /dev/full: exit 3, the reason on stderr, no crash")
    func stdoutFull() throws {
        let result = try runWithStreams(["plan", Self.topology], stdoutPath: "/dev/full", stderrPath: nil)
        #expect(result.reason == .exit, "killed by signal \(result.status)")
        #expect(result.status == 3)
        #expect(result.captured.contains("lynccert: cannot write to standard output: No space left on device"))
    }

    @Test("a bad-input message to a full stderr: exit 3 (not 2), said on stdout")
    func stderrFull() throws {
        let result = try runWithStreams(
            ["plan", Self.directory.file("missing.yaml").path], stdoutPath: nil, stderrPath: "/dev/full")
        #expect(result.reason == .exit, "killed by signal \(result.status)")
        #expect(result.status == 3)
        #expect(result.captured.contains("lynccert: cannot write to standard error: No space left on device"))
    }

    @Test("both streams full: exit 3 and nothing else happens", arguments: [["plan"], ["--help"], ["--version"]])
    func bothFull(_ command: [String]) throws {
        let arguments = command == ["plan"] ? try ["plan", Self.topology, "--format", "json"] : command
        let result = try runWithStreams(arguments, stdoutPath: "/dev/full", stderrPath: "/dev/full")
        #expect(result.reason == .exit, "killed by signal \(result.status)")
        #expect(result.status == 3)
    }
}
