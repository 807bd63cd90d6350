import ArgumentParser

/// `lynccert import-topology`: Convert Lync / Skype for Business topology XML to a topology file.
struct ImportTopologyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-topology",
        abstract: "Convert Lync / Skype for Business topology XML to a topology file."
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var rest: [String] = []

    func run() async throws {
        throw CLIError.failed("lynccert import-topology is not available in this build yet")
    }
}
