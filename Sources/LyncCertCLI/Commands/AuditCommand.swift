import ArgumentParser

/// `lynccert audit`: Audit an issued certificate (file or served chain) against the plan.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit an issued certificate (file or served chain) against the plan."
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var rest: [String] = []

    func run() async throws {
        throw CLIError.failed("lynccert audit is not available in this build yet")
    }
}
