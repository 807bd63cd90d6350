import ArgumentParser

/// `lynccert dns`: live DNS checks.
struct DNSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns",
        abstract: "Check live DNS against the plan.",
        subcommands: [DNSCheckCommand.self]
    )
}

/// `lynccert dns check`: resolves every planned record live and flags gaps.
struct DNSCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Resolve every planned record live and flag gaps."
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var rest: [String] = []

    func run() async throws {
        throw CLIError.failed("lynccert dns check is not available in this build yet")
    }
}
