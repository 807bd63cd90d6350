import ArgumentParser

/// `lynccert pfx`: Bundle a key, certificate and chain into a PKCS#12 file for Windows import.
struct PFXCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pfx",
        abstract: "Bundle a key, certificate and chain into a PKCS#12 file for Windows import."
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var rest: [String] = []

    func run() async throws {
        throw CLIError.failed("lynccert pfx is not available in this build yet")
    }
}
