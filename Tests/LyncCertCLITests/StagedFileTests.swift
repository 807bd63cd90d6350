import Foundation
import TestSupport
import Testing

@testable import LyncCertCLI

/// The atomic writer leaves no hidden copy of a key behind: the staged file is anonymous
/// (`O_TMPFILE`) until it is linked into place, and `.NAME.tmp-XXXXXX` files that a killed run
/// left (where `O_TMPFILE` is missing) are removed by the next run writing NAME.
@Suite("staged output files")
struct StagedFileTests {
    static func entries(_ directory: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test("a staged key has no name in its folder until committed, then mode 0600", arguments: [false, true])
    func anonymousUntilCommitted(_ replace: Bool) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("k.key").path
        if replace { try directory.write("k.key", "old\n") }
        let before = try Self.entries(directory)
        let staged = try StagedFile.stage(Array("PRIVATE KEY\n".utf8), for: path, mode: 0o600)
        // What SIGKILL at this moment would leave: the folder as it was.
        #expect(try Self.entries(directory) == before)
        #expect(staged.temporaryPath == nil)
        try staged.commit(replace: replace)
        #expect(try Self.entries(directory) == ["k.key"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "PRIVATE KEY\n")
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    @Test("without replace, an existing file stays and the error says --force")
    func noReplace() throws {
        let directory = try TemporaryDirectory()
        try directory.write("k.key", "old\n")
        let staged = try StagedFile.stage(Array("new\n".utf8), for: directory.file("k.key").path, mode: 0o600)
        #expect(throws: CLIError.self) { try staged.commit(replace: false) }
        #expect(try String(contentsOfFile: directory.file("k.key").path, encoding: .utf8) == "old\n")
        #expect(try Self.entries(directory) == ["k.key"])
    }

    @Test("csr removes the .NAME.tmp-XXXXXX files a killed run left, and nothing else")
    func staleTemporariesRemoved() async throws {
        let directory = try TemporaryDirectory()
        let topology = try directory.write("topology.yaml", AuditFixture.topologyYAML)
        let out = directory.file("certs")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let stale = out.appendingPathComponent(".reverse-proxy.key.tmp-Ab3xYz").path
        try "-----BEGIN PRIVATE KEY-----\nleft by a killed run\n".write(
            toFile: stale, atomically: false, encoding: .utf8)
        let unrelated = [".reverse-proxy.key.tmp-notours", "notes.tmp-Ab3xYz"]
        for name in unrelated {
            try "keep\n".write(to: out.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }

        let result = try await runLynccert(["csr", topology, "--cert", "reverse-proxy", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!left.contains(".reverse-proxy.key.tmp-Ab3xYz"))
        #expect(!left.contains { $0.contains(".tmp-") && !unrelated.contains($0) }, "\(left)")
        for name in unrelated { #expect(left.contains(name)) }
        #expect(left.contains("reverse-proxy.key"))
    }
}
