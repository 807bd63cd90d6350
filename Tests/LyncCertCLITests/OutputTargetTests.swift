import Foundation
import TestSupport
import Testing

/// `--force` replaces regular files only: a FIFO, a device reached through a symbolic link, or a
/// symbolic link at all, is refused (exit 2) by the one writer every command uses, and left as is.
@Suite("output targets that are not regular files")
struct OutputTargetTests {
    enum Target: String, CaseIterable, Sendable {
        case fifo, symlinkToDevice, symlinkToFile
    }

    /// Makes the target in `directory` and returns its path; `/dev/null` is only ever pointed at.
    static func make(_ target: Target, in directory: TemporaryDirectory) throws -> String {
        let path = directory.file("out-\(target.rawValue)").path
        switch target {
        case .fifo:
            #expect(mkfifo(path, 0o644) == 0)
        case .symlinkToDevice:
            #expect(symlink("/dev/null", path) == 0)
        case .symlinkToFile:
            let real = try directory.write("real.txt", "keep me\n")
            #expect(symlink(real, path) == 0)
        }
        return path
    }

    static func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    @Test("init, export, import-topology --force refuse it: exit 2, the target unchanged", arguments: Target.allCases)
    func forceRefused(_ target: Target) async throws {
        let directory = try TemporaryDirectory()
        let topology = try directory.write("topology.yaml", AuditFixture.topologyYAML)
        let xml = try directory.write(
            "topology.xml",
            String(
                decoding: try Data(
                    contentsOf: TestSupport.fixture(
                        "Tests/TopologyImportTests/Samples/rlevchenko-powershell-skype-DefaultTopology.xml")),
                as: UTF8.self))
        let commands: [(String) -> [String]] = [
            { ["init", $0, "--force"] },
            { ["export", topology, "--to", "nginx", "--out", $0, "--force"] },
            { ["import-topology", xml, "--out", $0, "--force"] },
        ]
        for command in commands {
            let path = try Self.make(target, in: directory)
            let before = Self.kind(path)
            let result = try await runLynccert(command(path))
            #expect(result.status == 2, "\(command(path)): \(result.stderr)")
            #expect(result.stderr.contains("\(path) is a "), "\(result.stderr)")
            #expect(result.stderr.contains("only writes or replaces regular files"))
            #expect(Self.kind(path) == before, "\(path) was replaced")
            unlink(path)
        }
        if target == .symlinkToFile {
            #expect(try String(contentsOfFile: directory.file("real.txt").path, encoding: .utf8) == "keep me\n")
        }
    }

    @Test("csr --force with a FIFO where the key goes: exit 2, no key written anywhere")
    func csrKeyOnFIFO() async throws {
        let directory = try TemporaryDirectory()
        let topology = try directory.write("topology.yaml", AuditFixture.topologyYAML)
        let out = directory.file("certs").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let key = "\(out)/reverse-proxy.key"
        #expect(mkfifo(key, 0o600) == 0)
        let result = try await runLynccert(["csr", topology, "--cert", "reverse-proxy", "--out", out, "--force"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("\(key) is a FIFO"))
        #expect(Self.kind(key) == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["reverse-proxy.key"])
    }

    @Test("verify --report on a FIFO: exit 2, the FIFO left alone")
    func verifyReportOnFIFO() async throws {
        let directory = try TemporaryDirectory()
        let topology = try directory.write("t.yaml", verifyTopology)
        let report = directory.file("report.html").path
        #expect(mkfifo(report, 0o644) == 0)
        // Nothing listens: every check fails quickly, then the report is written (or refused).
        let closed = try ClosedLoopbackPort()
        defer { closed.release() }
        let result = try await runLynccert(
            ["verify", topology, "--connect", closed.address, "--http-port", "\(closed.port)", "--report", report])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("\(report) is a FIFO"))
        #expect(Self.kind(report) == S_IFIFO)
    }
}
