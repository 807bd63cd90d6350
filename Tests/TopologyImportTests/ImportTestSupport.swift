import Foundation
import TestSupport
import Testing
import TopologyImport
import TopologyModel

/// The three real topology documents (see `Samples/README.md`).
enum Sample: String, CaseIterable, CustomStringConvertible, Sendable {
    case contoso = "AutomatedLab-SfBAutomatedLab-Contoso.tbxml"
    case published = "rlevchenko-powershell-skype-DefaultTopology.xml"
    case otc = "alvinchen1-ExchangeSkypeMDTAutomate-OTC.tbxml"

    var description: String { rawValue }

    /// The copy inside this test target (present in every clone).
    var url: URL { TestSupport.packageRoot.appendingPathComponent("Tests/TopologyImportTests/Samples/\(rawValue)") }

    /// The shared original, when the shared folder sits beside the package (the main checkout and CI).
    var sharedURL: URL { TestSupport.packageRoot.appendingPathComponent("../shared/samples/topology-xml/\(rawValue)") }

    var sha256: String {
        switch self {
        case .contoso: "b41060d8b1893c9deae7d2dcfd600d9b8d1eb744d6907f993095b40de19e39fd"
        case .published: "48c8edbb9699ff6948f33488bbe94a7ded2db343fc1ffa22a22791a7c7a0bc36"
        case .otc: "97d6be58c3132c4fc842a4eb1bd5971dd03a813ea62023cd2e343c406067df9a"
        }
    }

    func data() throws -> Data { try Data(contentsOf: url) }

    func text() throws -> String { String(decoding: try data(), as: UTF8.self) }

    func imported() throws -> ImportedTopology {
        try TopologyXMLImporter.importTopology(data: try data(), source: rawValue)
    }
}

/// Imports `text` as UTF-8.
func importXML(_ text: String, source: String = "test.xml") throws(TopologyLoadError) -> ImportedTopology {
    try TopologyXMLImporter.importTopology(data: Data(text.utf8), source: source)
}

/// The error importing `data` throws, or `nil` (recorded as a test failure) when it imports.
func importError(_ data: Data, source: String = "test.xml", sourceLocation: SourceLocation = #_sourceLocation)
    -> TopologyLoadError?
{
    do {
        let imported = try TopologyXMLImporter.importTopology(data: data, source: source)
        Issue.record("expected an error, imported \(imported.loaded.topology)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

func importError(_ text: String, source: String = "test.xml", sourceLocation: SourceLocation = #_sourceLocation)
    -> TopologyLoadError?
{
    importError(Data(text.utf8), source: source, sourceLocation: sourceLocation)
}

/// Namespace URIs, spelled out for inline documents.
enum NS {
    static let tb = "urn:schema:Microsoft.Rtc.Management.Deploy.TopologyBuilder.2008"
    static let wt = "urn:schema:Microsoft.Rtc.Management.Deploy.WritableTopology.2008"
    static let t = "urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008"
    static let su = "urn:schema:Microsoft.Rtc.Management.Settings.SimpleUrl.2008"
    static let sr = "urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008"
}
