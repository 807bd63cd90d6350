import ArgumentParser

/// `lynccert plan`: Show the certificate, DNS and publishing plans and the findings.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the certificate, DNS and publishing plans and the findings."
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var rest: [String] = []

    func run() async throws {
        throw CLIError.failed("lynccert plan is not available in this build yet")
    }
}
