import Foundation
import TestSupport
import Testing

@Suite("lynccert --version")
struct VersionTests {
    @Test("prints lynccert's version and the OpenSSL and ldns versions it runs with")
    func versionNamesLibraries() async throws {
        let result = try await runLynccert(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("lynccert 0."))
        // The runtime versions must match what the system's own tools report.
        let openssl = try runProcess("openssl", ["version"]).stdout.split(separator: " ")[1]
        #expect(result.stdout.contains("OpenSSL: OpenSSL \(openssl)"))
        let ldns = try runProcess("pkg-config", ["--modversion", "ldns"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(result.stdout.contains("ldns: \(ldns)"))
    }

    @Test("libcurl is not a link-time dependency: only verify's HTTP checks open it")
    func libcurlOpenedOnDemand() throws {
        let needed = try runProcess("ldd", [TestSupport.lynccertBinary.path])
        #expect(needed.status == 0)
        #expect(needed.stdout.contains("libcrypto"))
        #expect(!needed.stdout.contains("libcurl"))
    }

    @Test("no arguments: the overview on stderr, exit 2")
    func noArguments() async throws {
        let result = try await runLynccert([])
        #expect(result.status == 2)
        #expect(result.stderr.contains("USAGE: lynccert <subcommand>"))
        #expect(result.stderr.contains("verify") && result.stderr.contains("audit"))
        #expect(result.stdout.isEmpty)
    }

    @Test("an unknown option is a usage error: exit 2, message on stderr")
    func unknownOptionExitsTwo() async throws {
        let result = try await runLynccert(["--no-such-option"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no-such-option"))
        #expect(result.stdout.isEmpty)
    }
}
