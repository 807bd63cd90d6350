import Foundation
import Topology

/// A topology read from Lync / Skype for Business topology XML, with notes for the user.
public struct ImportedTopology: Sendable, Equatable {
    public var loaded: LoadedTopology
    /// Comments keyed by field path (`reverseProxy.externalAddress`): defaults taken, values to fill in.
    public var annotations: [String: String]

    public init(loaded: LoadedTopology, annotations: [String: String] = [:]) {
        self.loaded = loaded
        self.annotations = annotations
    }
}

/// Imports Topology Builder (`.tbxml`) and published topology XML documents (lync-rules.md §12).
public enum TopologyXMLImporter {
    /// - Throws: `TopologyLoadError` for malformed XML, a wrong root or namespace, missing attributes.
    public static func importTopology(data: Data, source: String) throws(TopologyLoadError) -> ImportedTopology {
        throw TopologyLoadError(source: source, problems: [TopologyProblem(path: "", message: "not implemented")])
    }
}
