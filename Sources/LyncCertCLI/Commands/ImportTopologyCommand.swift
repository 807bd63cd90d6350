import ArgumentParser
import Foundation
import Reports
import TopologyImport
import TopologyModel
import Workflows

/// `lynccert import-topology`: Convert Lync / Skype for Business topology XML to a topology file.
struct ImportTopologyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-topology",
        abstract: "Convert Lync / Skype for Business topology XML to a topology file.",
        discussion: """
            Reads a Topology Builder file (.tbxml) or a published topology (Get-CsTopology -AsXml) \
            and writes the topology YAML lynccert plans from. Values the XML cannot give (the reverse \
            proxy's address, simple URLs of a published topology, Edge public addresses) are filled \
            with Microsoft's defaults or left for you, each marked with a '# check' or '# needed' \
            comment and reported on stderr as a warning.

            EXAMPLES
              lynccert import-topology Contoso.tbxml --out topology.yaml
              lynccert import-topology published.xml > topology.yaml

            EXIT CODES
              0  imported (warnings, if any, on stderr)
              1  imported, with error-level findings
              2  the XML is malformed or not a Lync topology, or --out exists without --force
            """
    )

    @Argument(help: "Topology Builder .tbxml or published topology XML (Get-CsTopology -AsXml).")
    var file: String

    @Option(help: "Write the topology YAML to this file instead of standard output.")
    var out: String?

    @Flag(help: "Overwrite the --out file when it exists.")
    var force = false

    func run() async throws {
        if let out {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) {
                if isDirectory.boolValue { throw CLIError.badInput("\(out): is a directory") }
                if !force { throw CLIError.badInput("\(out): already exists; pass --force to overwrite it") }
            }
        }
        let data = try TopologyInput.readFile(file)
        let source = (file as NSString).lastPathComponent
        let imported: ImportedTopology
        do {
            imported = try TopologyXMLImporter.importTopology(data: data, source: source)
        } catch {
            throw CLIError.badInput(error.description)
        }
        let yaml = TopologyYAMLWriter.yaml(imported, source: source)
        for finding in imported.loaded.findings {
            let place = finding.path.map { "\($0): " } ?? ""
            Console.error("\(finding.severity.rawValue): \(finding.code): \(place)\(finding.message)")
        }
        if let out {
            try writeAtomically([(out, Array(yaml.utf8), 0o644)], replace: force)
        } else {
            Console.outRaw(yaml)
        }
        if imported.loaded.findings.hasErrors { throw CLIError.findings }
    }
}
