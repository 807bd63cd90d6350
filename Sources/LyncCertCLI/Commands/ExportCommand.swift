import ArgumentParser

/// `lynccert export`: Write artifacts for other tools: zone files, DNS PowerShell, IIS ARR, TMG, nginx, certreq INF.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write artifacts for other tools: zone files, DNS PowerShell, IIS ARR, TMG, nginx, certreq INF."
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var rest: [String] = []

    func run() async throws {
        throw CLIError.failed("lynccert export is not available in this build yet")
    }
}
