// libFuzzer target: Lync topology XML through the importer `import-topology` and every command
// use. An import must survive the YAML writer: the written file loads back to the same topology.
// Built by scripts/fuzz.sh; a plain `swift build` makes a replayer that runs the named files.

import Foundation
import FuzzSupport
import TopologyImport
import TopologyModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    do {
        let imported = try TopologyXMLImporter.importTopology(data: Data(bytes), source: "fuzz.xml")
        let yaml = TopologyYAMLWriter.yaml(imported, source: "fuzz.xml")
        let again = try? TopologyLoader.load(text: yaml, format: .yaml, source: "written.yaml")
        if again?.topology != imported.loaded.topology {
            fatalError("the written YAML does not load back to the imported topology:\n\(yaml)")
        }
    } catch {
        _ = error.description
    }
    return 0
}

@main enum Main {
    static func main() { FuzzMain.run(fuzz) }
}
