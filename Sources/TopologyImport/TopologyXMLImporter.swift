import Foundation
import TopologyModel

/// A topology read from Lync / Skype for Business topology XML, with notes for the user.
public struct ImportedTopology: Sendable, Equatable {
    public var loaded: LoadedTopology
    /// Comments keyed by field path (`reverseProxy.externalAddress`): defaults taken, values to fill in.
    public var annotations: [String: String] = [:]
}

/// Imports Topology Builder (`.tbxml`) and published topology XML documents (lync-rules.md §12).
///
/// Both shapes are read by namespace URI and local name: a Topology Builder file (root
/// `TopologyBuilder` › `NewTopology` › `PartialTopology`) and a published topology (root `Topology`,
/// what `Get-CsTopology -AsXml` returns). Unknown elements are skipped. What a Lync topology cannot
/// say — the reverse proxy's address, simple URLs of a published topology, Edge public addresses
/// that are not configured — becomes a `Finding` whose `path` names the field to fill in, and an
/// annotation (path → comment). Where the model needs a value the document lacks, Microsoft's
/// default is filled in and annotated, so the result is always a usable topology.
public enum TopologyXMLImporter {
    /// Reads `data` and maps it onto the `Topology` model.
    ///
    /// - Parameters:
    ///   - data: the document: UTF-8 with or without a byte order mark.
    ///   - source: a label for messages, usually the file name.
    /// - Returns: the topology with the importer's findings and annotations.
    /// - Throws: `TopologyLoadError` for malformed XML, a wrong root or namespace, missing required
    ///   attributes (a `Cluster` without `Fqdn`, an `InternalDomain` without `Name`), or a result that
    ///   breaks a topology rule.
    public static func importTopology(data: Data, source: String) throws(TopologyLoadError) -> ImportedTopology {
        let root = try XMLTreeParser.parse(data: data, source: source) { root in
            switch TopologyDocumentReader.shape(of: root) {
            case .shape: nil
            case .refused(let problem): problem
            }
        }
        let shape: TopologyShape
        switch TopologyDocumentReader.shape(of: root) {
        case .shape(let found): shape = found
        case .refused(let problem): throw TopologyLoadError(source: source, problems: [problem])
        }

        var reader = TopologyDocumentReader()
        let raw = reader.read(root: root, shape: shape)
        if !reader.problems.isEmpty { throw TopologyLoadError(source: source, problems: reader.problems) }

        var mapper = TopologyMapper(raw: raw)
        let topology = mapper.map()
        if !mapper.problems.isEmpty { throw TopologyLoadError(source: source, problems: mapper.problems) }

        // The same rules a hand-written topology file gets, and the same findings.
        let loaded = try TopologyLoader.validate(topology, source: source)
        var seen = Set<Finding>()
        let findings = (mapper.findings + loaded.findings).filter { seen.insert($0).inserted }
        return ImportedTopology(
            loaded: LoadedTopology(topology: loaded.topology, findings: findings), annotations: mapper.annotations)
    }
}
