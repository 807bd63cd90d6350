import Foundation
import TopologyModel

/// Writes a `Topology` as DESIGN.md's topology YAML, with a `#` comment on every annotated value.
///
/// A small emitter for this one shape, block style throughout so every value has its own line for
/// a comment. Strings are written plain only when they look like a host name and cannot be read
/// as anything else (a number, a boolean, null); everything else is double-quoted with escapes.
/// An annotated field that has no value (the reverse proxy's address) is written as a commented-out
/// key, so the file still loads and the user sees what to fill in. Annotations whose path the
/// writer does not reach are listed at the end, so none is lost.
public enum TopologyYAMLWriter {
    /// The YAML text of `topology`.
    ///
    /// - Parameters:
    ///   - topology: the topology to write.
    ///   - annotations: comments by field path (`pools[0].externalWebFqdn`), usually from the importer.
    ///   - header: comment lines for the top of the file (without `#`).
    public static func yaml(_ topology: Topology, annotations: [String: String] = [:], header: [String] = [])
        -> String
    {
        var writer = Writer(annotations: annotations)
        for line in header { writer.comment(line, indent: 0) }
        writer.write(topology)
        return writer.finish()
    }

    /// The YAML of an import: its topology and annotations, under a header naming the source.
    public static func yaml(_ imported: ImportedTopology, source: String) -> String {
        var header = [
            "Topology for lynccert, imported from \(source) by lynccert import-topology.",
            "Review every line with a comment: 'check' marks a default or a guess, 'needed' a value",
            "the topology XML cannot give (remove the leading '#' and write the value after the colon).",
        ]
        if imported.annotations.isEmpty { header.removeLast(2) }
        return yaml(imported.loaded.topology, annotations: imported.annotations, header: header)
    }

    // MARK: - Scalars

    private static let reservedWords: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ]

    /// `text` as a YAML scalar: plain when it is unambiguously a string, else double-quoted.
    static func scalar(_ text: String) -> String {
        if isPlainSafe(text) { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF
                {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A host-name-like word: starts with a letter, then letters, digits, `-` and `.`; not a
    /// YAML boolean or null.
    private static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCIILetter else { return false }
        guard
            text.unicodeScalars.allSatisfy({
                $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "-" || $0 == "."
            })
        else { return false }
        if text.hasSuffix(".") { return false }
        return !reservedWords.contains(text.lowercased())
    }

    // MARK: - Writer

    private struct Writer {
        let annotations: [String: String]
        var used = Set<String>()
        var lines: [String] = []

        init(annotations: [String: String]) { self.annotations = annotations }

        mutating func comment(_ text: String, indent: Int) {
            lines.append(String(repeating: " ", count: indent) + "# " + Self.oneLine(text))
        }

        static func oneLine(_ text: String) -> String {
            text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        }

        private mutating func suffix(_ path: String) -> String {
            guard let note = annotations[path] else { return "" }
            used.insert(path)
            return "  # " + Self.oneLine(note)
        }

        /// `key: value` with the path's comment; `prefix` is the indentation or `- ` of a list item.
        mutating func pair(_ prefix: String, _ key: String, _ value: String, path: String) {
            lines.append("\(prefix)\(key): \(value)\(suffix(path))")
        }

        mutating func string(_ prefix: String, _ key: String, _ value: String?, path: String) {
            if let value {
                pair(prefix, key, TopologyYAMLWriter.scalar(value), path: path)
            } else if annotations[path] != nil {
                let indent = String(repeating: " ", count: prefix.count)
                lines.append("\(indent)# \(key):\(suffix(path))")
            }
        }

        mutating func header(_ indent: String, _ key: String, path: String) {
            lines.append("\(indent)\(key):\(suffix(path))")
        }

        mutating func list(_ indent: String, _ key: String, _ values: [String], path: String) {
            if values.isEmpty {
                lines.append("\(indent)\(key): []\(suffix(path))")
                return
            }
            header(indent, key, path: path)
            for (index, value) in values.enumerated() {
                lines.append("\(indent)  - \(TopologyYAMLWriter.scalar(value))\(suffix("\(path)[\(index)]"))")
            }
        }

        /// One address as a scalar, several as a list (DNS load balancing), none as a comment.
        mutating func addresses(_ prefix: String, _ key: String, _ values: [String], path: String) {
            if values.count > 1 {
                list(prefix, key, values, path: path)
            } else {
                string(prefix, key, values.first, path: path)
            }
        }

        mutating func write(_ t: Topology) {
            pair("", "version", String(t.version), path: "version")
            list("", "sipDomains", t.sipDomains, path: "sipDomains")

            header("", "simpleUrls", path: "simpleUrls")
            header("  ", "meet", path: "simpleUrls.meet")
            for (index, meet) in t.simpleUrls.meet.enumerated() {
                let path = "simpleUrls.meet[\(index)]"
                string("    - ", "domain", meet.domain, path: "\(path).domain")
                string("      ", "url", meet.url, path: "\(path).url")
            }
            string("  ", "dialin", t.simpleUrls.dialin, path: "simpleUrls.dialin")
            string("  ", "admin", t.simpleUrls.admin, path: "simpleUrls.admin")

            if t.pools.isEmpty {
                pair("", "pools", "[]", path: "pools")
            } else {
                header("", "pools", path: "pools")
            }
            for (index, pool) in t.pools.enumerated() {
                let path = "pools[\(index)]"
                string("  - ", "fqdn", pool.fqdn, path: "\(path).fqdn")
                let i = "    "
                pair(i, "role", pool.role.rawValue, path: "\(path).role")
                string(i, "site", pool.site, path: "\(path).site")
                list(i, "machines", pool.machines, path: "\(path).machines")
                string(i, "internalWebFqdn", pool.internalWebFqdn, path: "\(path).internalWebFqdn")
                string(i, "externalWebFqdn", pool.externalWebFqdn, path: "\(path).externalWebFqdn")
                string(i, "internalWebAddress", pool.internalWebAddress, path: "\(path).internalWebAddress")
                header(i, "ports", path: "\(path).ports")
                pair(i + "  ", "httpListen", String(pool.ports.httpListen), path: "\(path).ports.httpListen")
                pair(i + "  ", "httpsListen", String(pool.ports.httpsListen), path: "\(path).ports.httpsListen")
                pair(i + "  ", "httpPublished", String(pool.ports.httpPublished), path: "\(path).ports.httpPublished")
                pair(
                    i + "  ", "httpsPublished", String(pool.ports.httpsPublished), path: "\(path).ports.httpsPublished")
            }

            if let owa = t.officeWebApps {
                header("", "officeWebApps", path: "officeWebApps")
                string("  ", "fqdn", owa.fqdn, path: "officeWebApps.fqdn")
                pair(
                    "  ", "publishedExternally", String(owa.publishedExternally),
                    path: "officeWebApps.publishedExternally")
                string("  ", "externalAddress", owa.externalAddress, path: "officeWebApps.externalAddress")
                string("  ", "internalAddress", owa.internalAddress, path: "officeWebApps.internalAddress")
            }

            if !t.edgePools.isEmpty {
                header("", "edgePools", path: "edgePools")
            }
            for (index, edge) in t.edgePools.enumerated() {
                let path = "edgePools[\(index)]"
                let i = "    "
                string("  - ", "fqdn", edge.fqdn, path: "\(path).fqdn")
                string(i, "accessEdgeFqdn", edge.accessEdgeFqdn, path: "\(path).accessEdgeFqdn")
                string(i, "webConferencingFqdn", edge.webConferencingFqdn, path: "\(path).webConferencingFqdn")
                string(i, "avFqdn", edge.avFqdn, path: "\(path).avFqdn")
                header(i, "externalAddresses", path: "\(path).externalAddresses")
                let a = edge.externalAddresses
                addresses(i + "  ", "access", a.access, path: "\(path).externalAddresses.access")
                addresses(
                    i + "  ", "webConferencing", a.webConferencing, path: "\(path).externalAddresses.webConferencing")
                addresses(i + "  ", "av", a.av, path: "\(path).externalAddresses.av")
                list(i, "internalAddresses", edge.internalAddresses, path: "\(path).internalAddresses")
                pair(i, "federation", String(edge.federation), path: "\(path).federation")
                pair(i, "xmpp", String(edge.xmpp), path: "\(path).xmpp")
                string(i, "nextHop", edge.nextHop, path: "\(path).nextHop")
                if let port = edge.accessEdgePort {
                    pair(i, "accessEdgePort", String(port), path: "\(path).accessEdgePort")
                }
            }

            let rp = t.reverseProxy
            header("", "reverseProxy", path: "reverseProxy")
            string("  ", "externalAddress", rp.externalAddress, path: "reverseProxy.externalAddress")
            pair("  ", "autodiscover", rp.autodiscover.rawValue, path: "reverseProxy.autodiscover")
            pair("  ", "lyncdiscoverRecord", rp.lyncdiscoverRecord.rawValue, path: "reverseProxy.lyncdiscoverRecord")
            string("  ", "externalGateway", rp.externalGateway, path: "reverseProxy.externalGateway")
            if let prefix = rp.externalPrefixLength {
                pair("  ", "externalPrefixLength", String(prefix), path: "reverseProxy.externalPrefixLength")
            }
            string("  ", "internalAddress", rp.internalAddress, path: "reverseProxy.internalAddress")
            if let prefix = rp.internalPrefixLength {
                pair("  ", "internalPrefixLength", String(prefix), path: "reverseProxy.internalPrefixLength")
            }
            string("  ", "internalGateway", rp.internalGateway, path: "reverseProxy.internalGateway")
            if !rp.internalRoutes.isEmpty {
                header("  ", "internalRoutes", path: "reverseProxy.internalRoutes")
                for (index, route) in rp.internalRoutes.enumerated() {
                    let path = "reverseProxy.internalRoutes[\(index)]"
                    string("    - ", "subnet", route.subnet, path: "\(path).subnet")
                    string("      ", "via", route.via, path: "\(path).via")
                }
            }

            let c = t.certificates
            header("", "certificates", path: "certificates")
            pair("  ", "keySize", String(c.keySize), path: "certificates.keySize")
            pair("  ", "wildcard", c.wildcard.rawValue, path: "certificates.wildcard")
            if let o = c.organization {
                header("  ", "organization", path: "certificates.organization")
                string("    ", "O", o.O, path: "certificates.organization.O")
                string("    ", "OU", o.OU, path: "certificates.organization.OU")
                string("    ", "L", o.L, path: "certificates.organization.L")
                string("    ", "ST", o.ST, path: "certificates.organization.ST")
                string("    ", "C", o.C, path: "certificates.organization.C")
            }
            pair(
                "  ", "maxSubjectAlternativeNames", String(c.maxSubjectAlternativeNames),
                path: "certificates.maxSubjectAlternativeNames")
        }

        mutating func finish() -> String {
            let rest = annotations.keys.filter { !used.contains($0) }.sorted()
            if !rest.isEmpty {
                lines.append("")
                lines.append("# Further notes:")
                for path in rest { lines.append("#   \(path): \(Self.oneLine(annotations[path] ?? ""))") }
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
