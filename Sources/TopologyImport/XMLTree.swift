import Foundation
import TopologyModel

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The XML namespaces of Lync Server 2013 / Skype for Business topology documents (lync-rules.md §12).
///
/// Elements are matched by namespace URI and local name, never by prefix: a document may bind any
/// prefix (or none) to these URIs.
enum LyncNamespace {
    /// `TopologyBuilder` and `NewTopology` in a Topology Builder (`.tbxml`) file.
    static let topologyBuilder = "urn:schema:Microsoft.Rtc.Management.Deploy.TopologyBuilder.2008"
    /// `PartialTopology` and the sites, clusters and services inside it in a `.tbxml` file.
    static let writableTopology = "urn:schema:Microsoft.Rtc.Management.Deploy.WritableTopology.2008"
    /// The published topology (`Topology` root), and `InternalDomains`, `Name`, `NetInterface` in both shapes.
    static let topology = "urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008"
    /// `SimpleUrlConfiguration` and its `SimpleUrl` / `SimpleUrlEntry` children.
    static let simpleUrl = "urn:schema:Microsoft.Rtc.Management.Settings.SimpleUrl.2008"
    /// `Ports`/`Port`, `RegistrarService`, `WebService`, `WacService` inside a `Service`.
    static let serviceRoles = "urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008"
}

/// One element of a topology document, reduced to what the importer reads.
final class XNode {
    let namespace: String
    let name: String
    let attributes: [String: String]
    /// 1-based line of the start tag, as the parser reports it.
    let line: Int
    var children: [XNode] = []
    var text = ""

    init(namespace: String, name: String, attributes: [String: String], line: Int) {
        self.namespace = namespace
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    func `is`(_ namespace: String, _ name: String) -> Bool { self.namespace == namespace && self.name == name }

    /// Child elements with this namespace URI and local name, in document order.
    func children(_ namespace: String, _ name: String) -> [XNode] { children.filter { $0.is(namespace, name) } }

    /// The first child element with this namespace URI and local name.
    func child(_ namespace: String, _ name: String) -> XNode? { children.first { $0.is(namespace, name) } }

    /// An attribute's value with surrounding white space removed; `nil` when absent or blank.
    func attribute(_ name: String) -> String? {
        guard let value = attributes[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// A boolean attribute (`true`/`false`, any case, or `1`/`0`); `nil` when absent or not a boolean.
    func boolAttribute(_ name: String) -> Bool? {
        switch attribute(name)?.lowercased() {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }
}

/// Parses topology XML into a tree of the elements the importer knows, skipping everything else.
///
/// Built on Foundation's `XMLParser` (libxml2 on Linux) with namespace processing on and external
/// entities off, so a hostile DTD cannot make it read files or fetch URLs; libxml2's own entity
/// loop and amplification checks stop "billion laughs" documents. The parser is fed from a stream:
/// libxml2 refuses a single in-memory buffer over 10 MB, which would turn a large but valid
/// document into an "internal error".
///
/// Only elements whose local name the importer reads are kept (their namespaces are checked later):
/// a document padded with megabytes of unknown elements costs parse time, not memory. Text is kept
/// only for `Name` (the site name), and at most `maximumTextLength` characters of it.
enum XMLTreeParser {
    static let keptNames: Set<String> = [
        "TopologyBuilder", "NewTopology", "PartialTopology", "Topology", "InternalDomains", "InternalDomain",
        "SimpleUrlConfiguration", "SimpleUrl", "SimpleUrlEntry", "CentralSites", "CentralSite", "RemoteSites",
        "RemoteSite", "BranchSite", "Sites", "Name", "Clusters", "Cluster", "ClusterId", "Machines", "Machine",
        "NetInterface", "SqlInstances", "SqlInstance", "SqlInstanceId", "Services", "Service", "ServiceId",
        "DependsOn", "Dependency", "InstalledOn", "Ports", "Port", "RegistrarService", "WebService",
        "ExternalSettings", "InternalSettings", "WacService",
    ]
    static let textNames: Set<String> = ["Name"]
    static let maximumTextLength = 1024
    /// Deepest element nesting accepted. Topology documents are under 20 deep; 64 leaves room and
    /// keeps a document of 50 000 nested elements from building (and recursively freeing) a tree
    /// that deep.
    static let maximumDepth = 64

    /// Why the bytes cannot be handed to the XML parser, or `nil`.
    ///
    /// Foundation's `XMLParser` traps (SIGILL) when libxml2 passes it an element or attribute name
    /// that is not valid UTF-8, so the bytes are checked first: UTF-16 with a byte order mark must
    /// have every surrogate paired; anything else must be UTF-8. A document in another single-byte
    /// encoding (ISO-8859-1, Windows-1252) with non-ASCII bytes is refused: Topology Builder and
    /// `Get-CsTopology -AsXml` write UTF-8 or UTF-16, and refusing is safer than guessing.
    static func encodingProblem(_ data: Data) -> TopologyProblem? {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let offset = firstInvalidUTF16(bytes, bigEndian: bytes[0] == 0xFE) else { return nil }
            return TopologyProblem(
                path: "", line: nil,
                message:
                    "the document is not valid UTF-16: an unpaired surrogate or an odd byte at byte offset \(offset)")
        }
        let valid = bytes.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) != nil }
        if valid { return nil }
        let offset = firstInvalidUTF8(bytes) ?? 0
        let before = bytes[..<offset]
        let line = before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let column = offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
        let hex = String(bytes[offset], radix: 16, uppercase: true)
        return TopologyProblem(
            path: "", line: line,
            message:
                "the document is not valid UTF-8: byte 0x\(hex.count < 2 ? "0" + hex : hex) at column \(column) (byte offset \(offset)); topology XML is UTF-8 or UTF-16, convert the file"
        )
    }

    /// Offset of the first byte that does not start or continue a well-formed UTF-8 sequence
    /// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            if !(low...high).contains(bytes[i + 1]) { return i }
            for k in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[i + k]) { return i }
            i += length
        }
        return nil
    }

    /// Offset of the first code unit that is not part of well-formed UTF-16 (after the BOM).
    static func firstInvalidUTF16(_ bytes: [UInt8], bigEndian: Bool) -> Int? {
        if bytes.count % 2 != 0 { return bytes.count - 1 }
        func unit(_ i: Int) -> UInt16 {
            bigEndian ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i])
        }
        var i = 2
        while i < bytes.count {
            let u = unit(i)
            if (0xD800...0xDBFF).contains(u) {
                guard i + 3 < bytes.count, (0xDC00...0xDFFF).contains(unit(i + 2)) else { return i }
                i += 4
            } else if (0xDC00...0xDFFF).contains(u) {
                return i
            } else {
                i += 2
            }
        }
        return nil
    }

    /// The document's root element with the kept elements below it.
    ///
    /// - Parameters:
    ///   - data: the document's bytes: UTF-8 with or without a byte order mark (UTF-16 with a BOM
    ///     also works, as libxml2 detects it).
    ///   - source: the label for error messages.
    ///   - acceptRoot: decides, at the first element, whether to go on; returns the problem otherwise.
    /// - Throws: `TopologyLoadError` for an empty document, malformed XML, entity abuse, or a root
    ///   `acceptRoot` refuses.
    static func parse(
        data: Data, source: String, acceptRoot: @escaping (XNode) -> TopologyProblem?
    ) throws(TopologyLoadError) -> XNode {
        var body = data[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            let what =
                data.isEmpty ? "the file is empty" : "the file holds no XML (only white space or a byte order mark)"
            throw TopologyLoadError(source: source, problems: [TopologyProblem(path: "", message: what)])
        }

        if let problem = encodingProblem(data) {
            throw TopologyLoadError(source: source, problems: [problem])
        }

        let builder = TreeBuilder(acceptRoot: acceptRoot)
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let finished = parser.parse()

        if let problem = builder.refusal {
            throw TopologyLoadError(source: source, problems: [problem])
        }
        if let failure = builder.failure ?? (finished ? nil : builder.fallbackFailure(parser)) {
            throw TopologyLoadError(source: source, problems: [failure])
        }
        guard let root = builder.root else {
            throw TopologyLoadError(
                source: source, problems: [TopologyProblem(path: "", message: "the document has no root element")])
        }
        return root
    }

    /// Words for libxml2's error numbers (`xmlParserErrors`, which `XMLParser` passes through).
    static func describe(code: Int) -> String {
        switch code {
        case 1: "the XML parser gave up: the document nests too deeply, or an entity expands too far"
        case 2: "the XML parser ran out of memory: an entity expands too far or the document is too large"
        case 4: "the document has no root element (a '<' start tag is expected)"
        case 5: "the document ends before every element is closed"
        case 9: "the document contains a character that is not allowed in XML"
        case 23: "an entity reference lacks its closing ';'"
        case 26, 27: "the document uses an entity it never declares"
        case 31, 32, 81: "the document's character encoding is unknown or does not match its bytes"
        case 38, 39, 40, 41, 42: "an attribute is malformed"
        case 45: "a comment is not closed"
        case 68: "an element or attribute name is expected here"
        case 73: "'>' is expected here"
        case 76: "a closing tag does not match the element it should close (an unclosed tag?)"
        case 77: "a start tag is not finished"
        case 85: "the elements are not balanced"
        case 86: "there is content after the root element"
        case 88, 89: "an entity definition refers back to itself or expands too far (entity expansion attack?)"
        case 200...205: "a namespace declaration or prefix is wrong (an undeclared prefix?)"
        default: "the document is not well-formed XML"
        }
    }
}

/// `XMLParserDelegate` that keeps the known elements and records the first error.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    let acceptRoot: (XNode) -> TopologyProblem?
    var root: XNode?
    var stack: [XNode] = []
    /// Depth inside a skipped (unknown) subtree; 0 when not skipping.
    var skipDepth = 0
    var failure: TopologyProblem?
    var refusal: TopologyProblem?

    init(acceptRoot: @escaping (XNode) -> TopologyProblem?) { self.acceptRoot = acceptRoot }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        if stack.count + skipDepth >= XMLTreeParser.maximumDepth {
            if failure == nil {
                failure = TopologyProblem(
                    path: elementName, line: parser.lineNumber,
                    message:
                        "elements are nested more than \(XMLTreeParser.maximumDepth) levels deep; a topology document needs fewer than 20"
                )
            }
            parser.abortParsing()
            return
        }
        if skipDepth > 0 {
            skipDepth += 1
            return
        }
        let node = XNode(
            namespace: namespaceURI ?? "", name: elementName, attributes: attributeDict, line: parser.lineNumber)
        guard let parent = stack.last else {
            if root == nil {
                root = node
                stack.append(node)
                if let problem = acceptRoot(node) {
                    refusal = problem
                    parser.abortParsing()
                }
            }
            return
        }
        guard XMLTreeParser.keptNames.contains(elementName) else {
            skipDepth = 1
            return
        }
        parent.children.append(node)
        stack.append(node)
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        if !stack.isEmpty { stack.removeLast() }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard skipDepth == 0, let top = stack.last, XMLTreeParser.textNames.contains(top.name) else { return }
        if top.text.count + string.count > XMLTreeParser.maximumTextLength {
            failure = TopologyProblem(
                path: top.name, line: parser.lineNumber,
                message: "the element's text is longer than \(XMLTreeParser.maximumTextLength) characters")
            parser.abortParsing()
            return
        }
        top.text += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        guard failure == nil, refusal == nil else { return }
        let code = (parseError as NSError).code
        failure = TopologyProblem(
            path: "", line: parser.lineNumber,
            message: "\(XMLTreeParser.describe(code: code)) (column \(parser.columnNumber), XML parser error \(code))")
    }

    func parser(_ parser: XMLParser, validationErrorOccurred validationError: Error) {
        self.parser(parser, parseErrorOccurred: validationError)
    }

    /// A problem for a parse that failed without telling the delegate.
    func fallbackFailure(_ parser: XMLParser) -> TopologyProblem {
        let code = (parser.parserError as NSError?)?.code ?? 1
        return TopologyProblem(
            path: "", line: parser.lineNumber,
            message: "\(XMLTreeParser.describe(code: code)) (XML parser error \(code))")
    }
}
