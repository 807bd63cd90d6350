import Foundation
import TestSupport
import Testing

/// The floors of docs/architecture.md, checked on the source tree: what each floor may import and
/// do. The compiler already refuses an import Package.swift does not allow; these catch what it
/// cannot (printing or writing files below the command layer, C or the network in the rules).
@Suite("Architecture: each floor does only its own work (docs/architecture.md)")
struct ArchitectureTests {
    static let sources = TestSupport.packageRoot.appendingPathComponent("Sources")

    /// Every `.swift` file of a module, with its text.
    static func files(of module: String) throws -> [(name: String, text: String)] {
        let folder = sources.appendingPathComponent(module)
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        var result: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            result.append(
                (
                    url.path.replacingOccurrences(of: sources.path + "/", with: ""),
                    try String(contentsOf: url, encoding: .utf8)
                ))
        }
        #expect(!result.isEmpty, "no Swift files in Sources/\(module)")
        return result.sorted { $0.0 < $1.0 }
    }

    static func imports(_ text: String) -> Set<String> {
        Set(
            text.split(separator: "\n").compactMap { line -> String? in
                let words = line.split(separator: " ")
                guard let index = words.firstIndex(of: "import"),
                    index == words.startIndex || words[words.startIndex].hasPrefix("@")
                else {
                    return nil
                }
                return words.count > index + 1 ? String(words[index + 1]) : nil
            })
    }

    /// Code with comments and string literals' contents left out, so a doc comment that says
    /// "print" does not count.
    static func code(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            let trimmed = line.drop { $0 == " " }
            return trimmed.hasPrefix("//") ? "" : line
        }.joined(separator: "\n")
    }

    static let ruleModules = [
        "TopologyModel", "TopologyImport", "CertPlanner", "DNSPlanner", "PublishingPlanner", "Exports",
    ]
    static let outsideWorld: Set<String> = ["Crypto", "DNSResolver", "HTTPProbe", "ACME", "COpenSSL", "CLDNS", "CCurl"]

    @Test("the command layer: at most three files without ArgumentParser")
    func commandLayer() throws {
        let plain = try Self.files(of: "LyncCertCLI").filter { !Self.imports($0.text).contains("ArgumentParser") }
        #expect(plain.count <= 3, "files without ArgumentParser: \(plain.map(\.name))")
    }

    @Test("use cases and renderings neither print nor write files", arguments: ["Workflows", "Reports"])
    func noOutput(module: String) throws {
        let forbidden = ["print(", "FileHandle", "FileManager", "fopen(", "fwrite(", ".write(to:", "createFile("]
        for file in try Self.files(of: module) {
            let code = Self.code(file.text)
            for word in forbidden where code.contains(word) {
                Issue.record("\(file.name) uses \(word): output belongs to LyncCertCLI")
            }
            #expect(!Self.imports(file.text).contains("ArgumentParser"), "\(file.name) imports ArgumentParser")
        }
    }

    @Test("the rules touch no C library, network, file or terminal", arguments: ruleModules)
    func rulesArePure(module: String) throws {
        for file in try Self.files(of: module) {
            let imported = Self.imports(file.text)
            #expect(
                imported.isDisjoint(with: Self.outsideWorld),
                "\(file.name) imports \(imported.intersection(Self.outsideWorld))")
            let code = Self.code(file.text)
            for word in ["print(", "FileHandle", "fopen(", "socket("] where code.contains(word) {
                Issue.record("\(file.name) uses \(word)")
            }
        }
    }

    @Test("the ground stands on Foundation alone")
    func ground() throws {
        let allowed: Set<String> = ["Foundation", "Glibc", "Darwin", "Dispatch", "Synchronization"]
        for file in try Self.files(of: "LyncSupport") {
            let imported = Self.imports(file.text)
            #expect(imported.isSubset(of: allowed), "\(file.name) imports \(imported.subtracting(allowed))")
        }
    }

    @Test("no type is named like its module")
    func typeNames() throws {
        let modules = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter {
            !$0.hasPrefix("C") || $0 == "CertPlanner" || $0 == "Crypto"
        }
        for module in modules {
            for file in try Self.files(of: module) {
                for kind in ["struct", "enum", "class", "actor", "protocol", "typealias"] {
                    let code = Self.code(file.text)
                    #expect(
                        code.range(of: "\\b\(kind) \(module)\\b", options: .regularExpression) == nil,
                        "\(file.name) declares \(kind) \(module), the module's own name")
                }
            }
        }
    }
}
