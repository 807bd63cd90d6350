import Foundation
import TestSupport
import Testing

/// An encrypted key without its passphrase is "locked" only when it is whole: a damaged one is an
/// error (exit 2 naming the block), and one asking for more key-derivation iterations than the
/// cap is refused before any derivation, with or without the passphrase.
@Suite("inspect: damaged encrypted keys")
struct EncryptedKeyInspectTests {
    let directory: TemporaryDirectory
    let pkcs8: String
    let traditional: String

    init() throws {
        directory = try TemporaryDirectory()
        let plain = directory.file("plain.key").path
        try #require(
            try runProcess(
                "openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", plain]
            )
            .status == 0)
        let pkcs8Result = try runProcess(
            "openssl",
            ["pkcs8", "-topk8", "-in", plain, "-v2", "aes-256-cbc", "-iter", "2049", "-passout", "pass:secret"])
        pkcs8 = pkcs8Result.stdout
        let traditionalResult = try runProcess(
            "openssl", ["ec", "-in", plain, "-aes256", "-passout", "pass:secret"])
        traditional = traditionalResult.stdout
        #expect(pkcs8.contains("BEGIN ENCRYPTED PRIVATE KEY"))
        #expect(traditional.contains("Proc-Type: 4,ENCRYPTED"))
    }

    /// The DER inside a single-block PEM text.
    static func der(_ pem: String) throws -> [UInt8] {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Array(try #require(Data(base64Encoded: body)))
    }

    static func pem(_ der: [UInt8], label: String) -> String {
        "-----BEGIN \(label)-----\n"
            + Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            + "\n-----END \(label)-----\n"
    }

    func inspect(_ text: String, _ extra: [String] = []) async throws -> ProcessResult {
        let path = try directory.write("k-\(UUID().uuidString).key", text)
        return try await runLynccert(["inspect", path] + extra, timeout: 60)
    }

    @Test("whole encrypted keys, PKCS#8 and traditional, are listed as needing a passphrase: exit 0")
    func wholeKeysLocked() async throws {
        for text in [pkcs8, traditional] {
            let result = try await inspect(text)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("give its passphrase with --passphrase-file to open it"), "\(result.stdout)")
        }
    }

    @Test("damaged encrypted keys are errors, not locked: exit 2 naming the damage")
    func damagedKeys() async throws {
        let der = try Self.der(pkcs8)
        // PKCS#8 cut short (the DER no longer ends where its length says).
        let truncated = Self.pem(Array(der.dropLast(16)), label: "ENCRYPTED PRIVATE KEY")
        // Traditional PEM: a cipher no one knows, and encrypted data a byte short of a block.
        let unknownCipher = traditional.replacingOccurrences(of: "DEK-Info: AES-256-CBC", with: "DEK-Info: AES-999-CBC")
        #expect(unknownCipher != traditional)
        let lines = traditional.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines.prefix { !$0.isEmpty }  // BEGIN, Proc-Type, DEK-Info
        let body = lines.drop { !$0.isEmpty }.filter { !$0.isEmpty && !$0.hasPrefix("-----END") }.joined()
        var bytes = Array(try #require(Data(base64Encoded: body)))
        bytes.removeLast()
        let shortBlock =
            header.joined(separator: "\n") + "\n\n"
            + Data(bytes).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            + "\n-----END EC PRIVATE KEY-----\n"
        let cases: [(String, String)] = [
            (truncated, "not a complete PKCS#8 EncryptedPrivateKeyInfo"),
            (unknownCipher, "Proc-Type/DEK-Info header is damaged"),
            (shortBlock, "not a whole number of 16-byte cipher blocks"),
        ]
        for (text, reason) in cases {
            let result = try await inspect(text)
            #expect(result.status == 2, "\(reason): \(result.stdout)")
            #expect(result.stderr.contains("PEM block 1"), "\(result.stderr)")
            #expect(result.stderr.contains(reason), "\(result.stderr)")
            #expect(!result.stdout.contains("give its passphrase with --passphrase-file to open it"))
        }
        // The DER form too.
        let derPath = directory.file("truncated.der")
        try Data(der.dropLast(16)).write(to: derPath)
        #expect(try await runLynccert(["inspect", derPath.path]).status == 2)
    }

    @Test("a PKCS#8 key asking for 2^31 - 1 PBKDF2 iterations: exit 2 at once, with or without a passphrase")
    func iterationCap() async throws {
        let rewritten = DERRewriter.replaceInteger(
            in: try Self.der(pkcs8), region: .everywhere, from: 2049, to: 2_147_483_647)
        #expect(rewritten.replaced == 1)
        let pass = try directory.write("pass.txt", "secret\n")
        for der in [true, false] {
            let path = directory.file("hostile-\(der).key")
            if der {
                try Data(rewritten.der).write(to: path)
            } else {
                try Self.pem(rewritten.der, label: "ENCRYPTED PRIVATE KEY").write(
                    to: path, atomically: true, encoding: .utf8)
            }
            for extra in [[], ["--passphrase-file", pass]] {
                let result = try await runLynccert(["inspect", path.path] + extra, timeout: 60)
                #expect(result.status == 2, "\(result.stderr)")
                #expect(result.stderr.contains("asks for 2147483647 key-derivation iterations"), "\(result.stderr)")
            }
        }
    }
}
