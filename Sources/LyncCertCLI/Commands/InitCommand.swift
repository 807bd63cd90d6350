import ArgumentParser
import Foundation
import Reports
import Workflows

/// `lynccert init`: Write a commented example topology.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented example topology.",
        discussion: """
            Writes one of the bundled example topologies, every key commented with what it is and \
            which rule it follows. Without FILE the example goes to standard output.

            EXAMPLES
              lynccert init --list
              lynccert init topology.yaml
              lynccert init --example multi-domain topology.yaml --force

            EXIT CODES
              0  written (or listed)
              2  unknown example, or FILE exists and --force was not given
              3  FILE could not be written
            """
    )

    @Option(help: "The example to write (see --list).")
    var example: String = ExampleTopology.all[0].name

    @Argument(help: "Where to write the topology (default: standard output).")
    var file: String?

    @Flag(help: "Overwrite FILE if it exists.")
    var force = false

    @Flag(help: "List the bundled examples and exit.")
    var list = false

    func run() async throws {
        if list {
            let width = ExampleTopology.all.map(\.name.count).max() ?? 0
            Console.out(
                ExampleTopology.all.map {
                    $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary
                }
                .joined(separator: "\n"))
            return
        }
        guard let chosen = ExampleTopology.named(example) else {
            let names = ExampleTopology.all.map(\.name).joined(separator: ", ")
            throw CLIError.badInput("init: no example named '\(example)'; the examples are: \(names)")
        }
        guard let file else {
            Console.outRaw(chosen.text)
            return
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw CLIError.badInput("init: \(file) is a directory") }
            if !force { throw CLIError.badInput("init: \(file) already exists; pass --force to overwrite it") }
        }
        try writeAtomically([(file, Array(chosen.text.utf8), 0o644)], replace: force)
        Console.error("wrote the \(chosen.name) example topology to \(file)")
    }
}
