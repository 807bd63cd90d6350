import ArgumentParser

/// `lynccert verify`: Check access through the reverse proxy (Microsoft's verify-access list).
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check access through the reverse proxy (Microsoft's verify-access list)."
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var rest: [String] = []

    func run() async throws {
        throw CLIError.failed("lynccert verify is not available in this build yet")
    }
}
