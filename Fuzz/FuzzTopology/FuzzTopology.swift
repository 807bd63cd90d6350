// libFuzzer target: topology files (YAML and JSON) through the loader the CLI uses, validation
// included. A file that loads must survive the YAML writer and load back to the same topology.
// Built by scripts/fuzz.sh; a plain `swift build` makes a replayer that runs the named files.

import Foundation
import FuzzSupport
import TopologyImport
import TopologyModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // As `TopologyInput.load`: only UTF-8 text reaches the loader.
    guard let text = String(data: Data(UnsafeBufferPointer(start: data, count: size)), encoding: .utf8) else {
        return 0
    }
    for format in TopologyFormat.allCases {
        do {
            let loaded = try TopologyLoader.load(text: text, format: format, source: "fuzz.\(format.rawValue)")
            _ = loaded.findings.map { "\($0.code) \($0.path ?? "") \($0.message)" }
            let yaml = TopologyYAMLWriter.yaml(loaded.topology)
            let again = try? TopologyLoader.load(text: yaml, format: .yaml, source: "written.yaml")
            if again?.topology != loaded.topology {
                fatalError("the written YAML does not load back to the same topology:\n\(yaml)")
            }
        } catch {
            _ = error.description
        }
    }
    return 0
}

@main enum Main {
    static func main() { FuzzMain.run(fuzz) }
}
