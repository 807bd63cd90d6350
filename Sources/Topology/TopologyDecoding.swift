import Foundation

/// Reads and validates topology files (YAML or JSON, DESIGN.md's shape).
public enum TopologyLoader {
    /// Parses `text` and validates it against lync-rules.md.
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - format: YAML or JSON.
    ///   - source: a label for messages, usually the file name.
    /// - Throws: `TopologyLoadError` listing every problem, each with its field path and line.
    public static func load(text: String, format: TopologyFormat, source: String) throws(TopologyLoadError)
        -> LoadedTopology
    {
        throw TopologyLoadError(source: source, problems: [TopologyProblem(path: "", message: "not implemented")])
    }
}
