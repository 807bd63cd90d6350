import Foundation
import TestSupport
import Testing

@testable import LyncCertCLI
@testable import Workflows

/// `LyncCert.run(arguments:io:)`: commands run in this process with injected streams and
/// environment, giving what the binary gives.
@Suite("lynccert in-process: injected standard streams and environment")
struct InProcessRunTests {
    private static let cachedFolder = Cached("the in-process run folder") { try TemporaryDirectory() }
    static var folder: TemporaryDirectory { get throws { try cachedFolder.value } }
    private static let cachedTopology = Cached("the in-process run topology") {
        try folder.write("contoso.yaml", ExampleTopology.contoso)
    }
    static var topology: String { get throws { try cachedTopology.value } }

    @Test("plan in-process writes byte for byte what the binary writes, with the same exit status")
    func sameAsBinary() async throws {
        let topology = try Self.topology
        for arguments in [["plan", topology], ["plan", topology, "--format", "json", "--only", "dns"]] {
            let io = CommandIO.captured()
            let status = await LyncCert.run(arguments: arguments, io: io)
            let binary = try runLynccertProcess(arguments)  // the reference: the built binary
            #expect(status == binary.status)
            #expect(io.outputText == binary.stdout)
            #expect(io.errorText == binary.stderr)
            #expect(!io.outputText.isEmpty)
        }
    }

    @Test("bad usage: exit 2, the message on the injected standard error, nothing on its output")
    func usage() async throws {
        let io = CommandIO.captured()
        #expect(await LyncCert.run(arguments: [], io: io) == 2)
        #expect(io.outputText.isEmpty)
        #expect(io.errorText.contains("USAGE: lynccert"))
        let missing = CommandIO.captured()
        let none = try Self.folder.file("none.yaml").path
        #expect(await LyncCert.run(arguments: ["plan", none], io: missing) == 2)
        #expect(missing.errorText == "lynccert: \(none): no such file\n")
    }

    @Test("--passphrase-env reads the injected environment, not the process's")
    func environment() async throws {
        let ca = try TestCA()
        let issued = try ca.issue("pfx", .init(commonName: "webext.contoso.com", dnsNames: ["webext.contoso.com"]))
        let pfx = try ca.export(issued, as: .pfx).path
        let variable = "LYNCCERT_IN_PROCESS_TEST_PASSPHRASE"
        #expect(ProcessInfo.processInfo.environment[variable] == nil)
        let opened = CommandIO.captured(environment: [variable: TestCA.passphrase])
        #expect(await LyncCert.run(arguments: ["inspect", pfx, "--passphrase-env", variable], io: opened) == 0)
        #expect(opened.outputText.contains("webext.contoso.com"))
        let unset = CommandIO.captured()
        #expect(await LyncCert.run(arguments: ["inspect", pfx, "--passphrase-env", variable], io: unset) == 2)
        #expect(unset.errorText == "lynccert: the environment variable \(variable) is not set\n")
    }

    @Test("runs at once keep their own streams")
    func concurrent() async throws {
        let folder = try Self.folder
        let topologies = try (0..<4).map { index in
            try folder.write(
                "t\(index).yaml",
                ExampleTopology.standardEdition.replacingOccurrences(of: "contoso.com", with: "domain\(index).com"))
        }
        let outputs = await withTaskGroup(of: (Int, Int32, String).self) { group in
            for (index, path) in topologies.enumerated() {
                group.addTask {
                    let io = CommandIO.captured()
                    let status = await LyncCert.run(arguments: ["plan", path, "--only", "certs"], io: io)
                    return (index, status, io.outputText)
                }
            }
            var all: [(Int, Int32, String)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(outputs.count == 4)
        for (index, status, text) in outputs {
            #expect(status == 0)
            #expect(text.contains("domain\(index).com"))
            for other in 0..<4 where other != index { #expect(!text.contains("domain\(other).com")) }
        }
    }
}
