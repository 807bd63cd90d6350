import ArgumentParser
import Testing

@testable import LyncCertCLI

/// Many certificate files are parsed with a placeholder for most of them; the parsed command must
/// be the one swift-argument-parser gives for the whole command line.
@Suite("lynccert audit: parsing many file arguments")
struct AuditArgumentTests {
    static let files = (0..<200).map { "certs/c\($0).pem" }

    /// The audit a plain `parseAsRoot` gives, and the one `LyncCertMain.parse` gives.
    func both(_ arguments: [String]) throws -> (plain: AuditCommand, fast: AuditCommand) {
        let plain = try #require(try LyncCert.parseAsRoot(arguments) as? AuditCommand)
        let fast = try #require(try LyncCertMain.parse(arguments) as? AuditCommand)
        return (plain, fast)
    }

    static let arrangements: [[String]] = {
        var list: [[String]] = []
        list.append(
            ["audit", "t.yaml", "--cert", "reverse-proxy"] + files + ["--ca-file", "ca.pem", "--format", "json"])
        list.append(["audit", "--cert", "reverse-proxy", "t.yaml"] + files)
        list.append(["audit", "--ca-file", "ca.pem"] + files + ["--cert", "edge-external", "t.yaml", "x.pem"])
        let repeated: [String] = ["--cert", "reverse-proxy"] + Array(files.prefix(50)) + ["--warn-days", "10"]
        list.append(["audit", "t.yaml"] + files + repeated)
        list.append(["audit", "t.yaml", "--cert", "reverse-proxy", "--"] + files + ["-odd-name.pem"])
        return list
    }()

    @Test(
        "files after options, before options, around the topology, repeated, after --: same topology, files and options",
        arguments: arrangements)
    func sameAsPlain(_ arguments: [String]) throws {
        let (plain, fast) = try both(arguments)
        #expect(fast.input.topology == plain.input.topology)
        #expect(fast.files == plain.files)
        #expect(fast.cert == plain.cert)
        #expect(fast.caFile == plain.caFile)
        #expect(fast.warnDays == plain.warnDays)
        #expect(fast.output.format == plain.output.format)
        // The lists really were long: the placeholder path was taken and undone.
        #expect(fast.files.count >= 200)
        #expect(!fast.files.contains(LyncCertMain.fileRunPlaceholder))
    }

    @Test("a bad option among many files is the same usage error")
    func errorsUnchanged() {
        let arguments = ["audit", "t.yaml", "--cert", "reverse-proxy"] + Self.files + ["--warn-days", "soon"]
        #expect(throws: (any Error).self) { try LyncCertMain.parse(arguments) }
        let plain = Result { try LyncCert.parseAsRoot(arguments) }
        let fast = Result { try LyncCertMain.parse(arguments) }
        guard case .failure(let a) = plain, case .failure(let b) = fast else {
            Issue.record("both parsers must refuse --warn-days soon")
            return
        }
        #expect(LyncCert.fullMessage(for: a) == LyncCert.fullMessage(for: b))
    }

    @Test("the longest run of plain arguments")
    func runs() {
        #expect(LyncCertMain.longestPlainRun(["audit", "a", "-x", "b", "c", "d"])! == (3, 6))
        #expect(LyncCertMain.longestPlainRun(["audit", "a", "b", "--x"])! == (1, 3))
        #expect(LyncCertMain.longestPlainRun(["audit", "--x"]) == nil)
    }
}
