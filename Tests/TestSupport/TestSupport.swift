import Foundation

/// Helpers shared by the test targets: the package root, temporary folders, child processes.
public enum TestSupport {
    /// The package's root folder (found from this file's location).
    public static let packageRoot: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// The built `lynccert` executable: `LYNCCERT_BIN`, else beside the running test bundle.
    public static var lynccertBinary: URL {
        if let path = ProcessInfo.processInfo.environment["LYNCCERT_BIN"] { return URL(fileURLWithPath: path) }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // The test runner lives in <bin>/lynccertPackageTests.xctest (a file on Linux).
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("lynccert")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/lynccert")
    }

    /// A file under `Examples/` or the shared samples, by path relative to the package root.
    public static func fixture(_ relativePath: String) -> URL {
        packageRoot.appendingPathComponent(relativePath)
    }
}

/// What a finished child process left behind.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var stdoutData: Data

    public init(status: Int32, stdout: String, stderr: String, stdoutData: Data) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutData = stdoutData
    }
}

/// Runs a program to completion, feeding `stdin` and collecting its output.
///
/// - Parameters:
///   - executable: an absolute path, or a name looked up in `PATH` (`openssl`, `nsd-checkzone`).
///   - timeout: the child is killed after this many seconds; a test never hangs.
@discardableResult
public func runProcess(
    _ executable: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil,
    currentDirectory: URL? = nil, timeout: TimeInterval = 120
) throws -> ProcessResult {
    let process = Process()
    if executable.hasPrefix("/") {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
    }
    if let environment {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let outPipe = Pipe()
    let errPipe = Pipe()
    let inPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = inPipe
    try process.run()
    if let stdin { inPipe.fileHandleForWriting.write(stdin) }
    try? inPipe.fileHandleForWriting.close()

    // Read both pipes concurrently so a chatty child never blocks on a full pipe.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
        errData = errPipe.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(5_000) }
    if process.isRunning {
        process.terminate()
        kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
    group.wait()
    return ProcessResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
}

/// Runs the built `lynccert` executable with `arguments` as a child process. Command tests run
/// in-process (`runLynccert` in LyncCertCLITests); this is for what needs a process of its own:
/// signals, a working directory, real standard streams, the executable itself.
@discardableResult
public func runLynccertProcess(
    _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil, currentDirectory: URL? = nil,
    timeout: TimeInterval = 120
) throws -> ProcessResult {
    try runProcess(
        TestSupport.lynccertBinary.path, arguments, stdin: stdin, environment: environment,
        currentDirectory: currentDirectory, timeout: timeout)
}

/// A fresh folder under the system temporary directory, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init(prefix: String = "lynccert-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var path: String { url.path }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Writes `text` to `name` inside the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: target, atomically: true, encoding: .utf8)
        return target.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
