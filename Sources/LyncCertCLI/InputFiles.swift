import Foundation
import Topology
import TopologyImport

/// Reads a topology from a file the user names: YAML, JSON, or Lync topology XML.
enum TopologyInput {
    /// Files larger than this are refused before parsing: no real topology comes close.
    static let maximumSize = 64 * 1024 * 1024

    /// Loads and validates `path`; bad input becomes `CLIError.badInput` naming the file.
    static func load(_ path: String) throws -> LoadedTopology {
        let data = try readFile(path)
        let source = (path as NSString).lastPathComponent
        do {
            if isXML(path: path, data: data) {
                return try TopologyXMLImporter.importTopology(data: data, source: source).loaded
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CLIError.badInput("\(path): the file is not UTF-8 text")
            }
            let format: TopologyFormat = path.lowercased().hasSuffix(".json") ? .json : .yaml
            return try TopologyLoader.load(text: text, format: format, source: source)
        } catch let error as TopologyLoadError {
            throw CLIError.badInput(error.description)
        }
    }

    static func readFile(_ path: String) throws -> Data {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError.badInput("\(path): no such file")
        }
        if isDirectory.boolValue { throw CLIError.badInput("\(path): is a directory, not a topology file") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > maximumSize {
            throw CLIError.badInput(
                "\(path): the file is \(size) bytes; topology files over \(maximumSize) bytes are refused")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw CLIError.failed("\(path): cannot read: \(error.localizedDescription)")
        }
    }

    /// XML by extension, or by content for files without one (a byte order mark may come first).
    static func isXML(path: String, data: Data) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".xml") || lower.hasSuffix(".tbxml") { return true }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") { return false }
        var bytes = data.prefix(64)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "<")
    }
}
