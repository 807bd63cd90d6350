import ArgumentParser

/// `lynccert csr`: Generate a private key, a PKCS#10 CSR and a certreq INF for a planned certificate.
struct CSRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csr",
        abstract: "Generate a private key, a PKCS#10 CSR and a certreq INF for a planned certificate."
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var rest: [String] = []

    func run() async throws {
        throw CLIError.failed("lynccert csr is not available in this build yet")
    }
}
