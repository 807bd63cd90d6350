import Foundation
import TestSupport
import Testing

/// `inspect` and `audit` refuse a PKCS#12 whose MAC asks for 2^31 - 1 iterations: exit 2 at
/// once, naming the file and the count, instead of minutes of key derivation.
@Suite("PKCS#12 iteration cap on the command line")
struct PKCS12CapTests {
    @Test("inspect and audit: exit 2 naming the file and the count, with or without a passphrase")
    func refused() async throws {
        let directory = try TemporaryDirectory()
        let made = directory.file("made.pfx").path
        let pass = try directory.write("pass.txt", "secret\n")
        let export = try runProcess(
            "openssl",
            [
                "pkcs12", "-export", "-inkey", AuditFixture.good.key.path, "-in", AuditFixture.good.certificate.path,
                "-passout", "pass:secret", "-iter", "2049", "-out", made,
            ])
        #expect(export.status == 0, "\(export.stderr)")
        let rewritten = DERRewriter.replaceInteger(
            in: Array(try Data(contentsOf: URL(fileURLWithPath: made))), region: .pkcs12MAC, from: 2049,
            to: 2_147_483_647)
        #expect(rewritten.replaced == 1)
        let hostile = directory.file("hostile.pfx")
        try Data(rewritten.der).write(to: hostile)

        let runs: [[String]] = [
            ["inspect", hostile.path],
            ["inspect", hostile.path, "--passphrase-file", pass],
            try ["audit", AuditFixture.topology, "--cert", "reverse-proxy", hostile.path, "--passphrase-file", pass],
        ]
        for arguments in runs {
            let result = try await runLynccert(arguments, timeout: 60)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("\(hostile.path): the PKCS#12 MAC asks for 2147483647"), "\(result.stderr)")
        }
        // The file as openssl made it still opens.
        #expect(try await runLynccert(["inspect", made, "--passphrase-file", pass]).status == 0)
    }
}
