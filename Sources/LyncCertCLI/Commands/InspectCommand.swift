import ArgumentParser

/// `lynccert inspect`: Show what a key, CSR, certificate, PKCS#7 or PKCS#12 file holds.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what a key, CSR, certificate, PKCS#7 or PKCS#12 file holds."
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var rest: [String] = []

    func run() async throws {
        throw CLIError.failed("lynccert inspect is not available in this build yet")
    }
}
