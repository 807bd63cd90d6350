import Foundation
import TestSupport
import Testing

/// A broken topology file and what `lynccert plan` must say about it.
struct BadTopology: Sendable, CustomTestStringConvertible {
    var name: String
    var fileName: String
    var text: String
    /// The field path stderr must name (`nil` for whole-document problems).
    var path: String?
    /// Text whose line stderr must give as `line N:`.
    var lineOf: String
    /// A fragment of the rule text.
    var message: String

    var testDescription: String { name }
}

/// `lynccert plan` on bad topologies: exit 2, nothing on stdout, and stderr naming the file, the
/// field path, the line and the rule.
@Suite("lynccert plan with a bad topology", .timeLimit(.minutes(2)))
struct BadTopologyTests {
    static let good = """
        version: 1
        sipDomains: [contoso.com, fabrikam.com]
        simpleUrls:
          meet:
            - {domain: contoso.com, url: "https://meet.contoso.com"}
            - {domain: fabrikam.com, url: "https://meet.fabrikam.com"}
          dialin: "https://dialin.contoso.com"
        pools:
          - fqdn: pool01.contoso.net
            role: frontEnd
            internalWebFqdn: lsweb.contoso.net
            externalWebFqdn: webext.contoso.com
            ports: {httpsListen: 4443}
          - fqdn: dirpool01.contoso.net
            role: director
            externalWebFqdn: webdirext.contoso.com
        edgePools:
          - fqdn: lsedge.contoso.net
            accessEdgeFqdn: sip.contoso.com
            webConferencingFqdn: webcon.contoso.com
            avFqdn: av.contoso.com
            externalAddresses: {access: 131.107.155.10, webConferencing: 131.107.155.20, av: 131.107.155.30}
        reverseProxy:
          externalAddress: 203.0.113.10
          internalRoutes:
            - {subnet: 192.168.10.0/24, via: 172.25.33.1}
        certificates:
          keySize: 2048

        """

    static func bad(_ old: String, _ new: String) -> String {
        precondition(good.contains(old), "fixture lacks \(old)")
        return good.replacingOccurrences(of: old, with: new)
    }

    static let cases: [BadTopology] = [
        BadTopology(
            name: "misspelt key", fileName: "typo.yaml",
            text: bad("externalWebFqdn: webext", "externalWebFQDN: webext"),
            path: "pools[0].externalWebFQDN", lineOf: "externalWebFQDN", message: "did you mean 'externalWebFqdn'?"),
        BadTopology(
            name: "unknown role", fileName: "role.yaml", text: bad("role: director", "role: edge"),
            path: "pools[1].role", lineOf: "role: edge", message: "must be one of: frontEnd, standardEdition, director"),
        BadTopology(
            name: "http simple URL", fileName: "http.yaml",
            text: bad("\"https://dialin.contoso.com\"", "\"http://dialin.contoso.com\""),
            path: "simpleUrls.dialin", lineOf: "dialin:", message: "https://"),
        BadTopology(
            name: "simple URL with a port", fileName: "port.yaml",
            text: bad("\"https://meet.fabrikam.com\"", "\"https://meet.fabrikam.com:8443\""),
            path: "simpleUrls.meet[1].url", lineOf: "8443", message: "no port"),
        BadTopology(
            name: "missing Meet URL for a SIP domain", fileName: "meet.yaml",
            text: bad("    - {domain: fabrikam.com, url: \"https://meet.fabrikam.com\"}\n", ""),
            path: "simpleUrls.meet", lineOf: "  meet:", message: "fabrikam.com has no Meet URL"),
        BadTopology(
            name: "duplicate SIP domain", fileName: "dup.yaml",
            text: bad("[contoso.com, fabrikam.com]", "[contoso.com, fabrikam.com, contoso.com]"),
            path: "sipDomains[2]", lineOf: "sipDomains", message: "listed twice"),
        BadTopology(
            name: "underscore in a host name", fileName: "underscore.yaml",
            text: bad("accessEdgeFqdn: sip.contoso.com", "accessEdgeFqdn: sip_edge.contoso.com"),
            path: "edgePools[0].accessEdgeFqdn", lineOf: "sip_edge", message: "underscore"),
        BadTopology(
            name: "Director shares the Front End's external web FQDN", fileName: "director.yaml",
            text: bad("externalWebFqdn: webdirext.contoso.com", "externalWebFqdn: webext.contoso.com"),
            path: "pools[1].externalWebFqdn", lineOf: "externalWebFqdn: webext.contoso.com\nedgePools",
            message: "CR-INT"),
        BadTopology(
            name: "external web FQDN is another pool's internal web FQDN", fileName: "mobtech.yaml",
            text: bad("externalWebFqdn: webdirext.contoso.com", "externalWebFqdn: lsweb.contoso.net"),
            path: "pools[1].externalWebFqdn", lineOf: "externalWebFqdn: lsweb.contoso.net",
            message: "this is the internal name of pool01.contoso.net"),
        BadTopology(
            name: "port out of range", fileName: "range.yaml", text: bad("httpsListen: 4443", "httpsListen: 70000"),
            path: "pools[0].ports.httpsListen", lineOf: "70000", message: "between 1 and 65535"),
        BadTopology(
            name: "bad IPv4 address", fileName: "ip.yaml",
            text: bad("externalAddress: 203.0.113.10", "externalAddress: 203.0.113.300"),
            path: "reverseProxy.externalAddress", lineOf: "203.0.113.300", message: "not a valid IPv4 address"),
        BadTopology(
            name: "route subnet with host bits", fileName: "route.yaml",
            text: bad("subnet: 192.168.10.0/24", "subnet: 192.168.10.1/24"),
            path: "reverseProxy.internalRoutes[0].subnet", lineOf: "subnet:", message: "did you mean 192.168.10.0/24?"),
        BadTopology(
            name: "512-bit key", fileName: "key.yaml", text: bad("keySize: 2048", "keySize: 512"),
            path: "certificates.keySize", lineOf: "keySize", message: "must be 2048, 3072 or 4096"),
        BadTopology(
            name: "number where a host name belongs", fileName: "number.yaml",
            text: bad("fqdn: lsedge.contoso.net", "fqdn: 42"),
            path: "edgePools[0].fqdn", lineOf: "fqdn: 42", message: "expected text, got a number"),
        BadTopology(
            name: "list where a map belongs", fileName: "list.yaml",
            text: bad("certificates:\n  keySize: 2048", "certificates:\n  - keySize: 2048"),
            path: "certificates", lineOf: "- keySize", message: "expected a map"),
        BadTopology(
            name: "missing required pool role", fileName: "norole.yaml", text: bad("    role: frontEnd\n", ""),
            path: "pools[0].role", lineOf: "fqdn: pool01", message: "required key 'role' is missing"),
        BadTopology(
            name: "unsupported version", fileName: "version.yaml", text: bad("version: 1", "version: 3"),
            path: "version", lineOf: "version", message: "only version 1"),
        BadTopology(
            name: "Edge name also published by the reverse proxy", fileName: "clash.yaml",
            text: bad("webConferencingFqdn: webcon.contoso.com", "webConferencingFqdn: meet.contoso.com"),
            path: "edgePools[0].webConferencingFqdn", lineOf: "webConferencingFqdn", message: "cannot point at both"),
        BadTopology(
            name: "YAML alias", fileName: "alias.yaml",
            text: bad("sipDomains: [contoso.com, fabrikam.com]", "sipDomains: &d [contoso.com, fabrikam.com]\nx: *d"),
            path: nil, lineOf: "x: *d", message: "aliases"),
        BadTopology(
            name: "broken YAML", fileName: "syntax.yaml", text: bad("role: director", "role: [director"),
            path: nil, lineOf: "role: [director", message: "not valid YAML"),
        BadTopology(
            name: "JSON with a wrong type", fileName: "types.json",
            text: "{\n  \"version\": 1,\n  \"sipDomains\": \"contoso.com\"\n}\n",
            path: "sipDomains", lineOf: "\"sipDomains\"", message: "expected a list"),
        // A newline in O would become a line of its own in the exported .cnf: an extra SAN.
        BadTopology(
            name: "newline in certificates.organization.O", fileName: "newline.yaml",
            text: bad(
                "  keySize: 2048", "  keySize: 2048\n  organization: {O: \"Contoso\\nsubjectAltName=DNS:evil.com\"}"),
            path: "certificates.organization.O", lineOf: "organization:", message: "control character \\x0a"),
        BadTopology(
            name: "tab in certificates.organization.OU", fileName: "tab.yaml",
            text: bad("  keySize: 2048", "  keySize: 2048\n  organization:\n    OU: \"I\\tT\""),
            path: "certificates.organization.OU", lineOf: "OU:", message: "control character \\x09"),
        BadTopology(
            name: "ESC in certificates.organization.L", fileName: "esc.yaml",
            text: bad("  keySize: 2048", "  keySize: 2048\n  organization:\n    L: \"Red\\e[31mmond\""),
            path: "certificates.organization.L", lineOf: "L:", message: "control character \\x1b"),
        BadTopology(
            name: "C1 control character (CSI) in a pool's site", fileName: "c1.yaml",
            text: bad("    role: frontEnd\n", "    role: frontEnd\n    site: \"Red\\x9bmond\"\n"),
            path: "pools[0].site", lineOf: "site:", message: "control character \\u009b"),
        BadTopology(
            name: "BEL in a Meet URL", fileName: "bel.yaml",
            text: bad("\"https://meet.fabrikam.com\"", "\"https://meet.fabrikam.com/\\a\""),
            path: "simpleUrls.meet[1].url", lineOf: "/\\a", message: "control character \\x07"),
        BadTopology(
            name: "DEL in JSON text", fileName: "del.json",
            text: "{\n  \"version\": 1,\n  \"sipDomains\": [\"contoso\\u007f.com\"]\n}\n",
            path: "sipDomains[0]", lineOf: "contoso", message: "control character \\x7f"),
        BadTopology(
            name: "JSON trailing comma in a list", fileName: "comma.json",
            text: "{\n  \"version\": 1,\n  \"sipDomains\": [\"contoso.com\",\n  ],\n  \"pools\": []\n}\n",
            path: nil, lineOf: "\"contoso.com\",", message: "a comma before ']' (column 31)"),
        BadTopology(
            name: "JSON trailing comma in an object", fileName: "comma2.json",
            text: "{\n  \"version\": 1,\n  \"sipDomains\": [\"a,]\"],\n  \"pools\": [] ,\n}\n",
            path: nil, lineOf: "\"pools\"", message: "a comma before '}'"),
        BadTopology(
            name: "JSON syntax error", fileName: "syntax.json", text: "{\n  \"version\": 1,\n  \"pools\": [}\n}\n",
            path: nil, lineOf: "\"pools\"", message: "not valid JSON"),
    ]

    @Test("exit 2, empty stdout, stderr names file, path, line and rule", arguments: cases)
    func badTopology(_ bad: BadTopology) async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write(bad.fileName, bad.text)
        let result = try await runLynccert(["plan", file])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(bad.fileName))
        let line = try #require(lineNumber(of: bad.lineOf, in: bad.text))
        var expected = "\(bad.fileName): line \(line): "
        if let path = bad.path { expected += "\(path): " }
        let matching = result.stderr.split(separator: "\n").filter { $0.contains(expected) }
        #expect(!matching.isEmpty, "no line starting \(expected) in:\n\(result.stderr)")
        #expect(matching.contains { $0.contains(bad.message) }, "\(matching)")
    }

    @Test("control characters in values and keys reach stderr escaped, never raw")
    func controlCharactersEscapedOnStderr() async throws {
        let dir = try TemporaryDirectory()
        let text = Self.bad(
            "  keySize: 2048",
            "  keySize: 2048\n  organization: {O: \"Contoso\\e]0;owned\\a\\e[2J\"}\n  \"x\\e[31m\": 1")
        let file = try dir.write("esc.yaml", text)
        let result = try await runLynccert(["plan", file])
        #expect(result.status == 2)
        let bytes = Array(result.stderr.utf8)
        #expect(!bytes.contains(0x1B) && !bytes.contains(0x07), "\(result.stderr)")
        #expect(result.stderr.contains("'Contoso\\x1b]0;owned\\x07\\x1b[2J'"), "\(result.stderr)")
        #expect(result.stderr.contains("certificates.x\\x1b[31m: unknown key"), "\(result.stderr)")
    }

    @Test("every problem of a file is listed, one per line")
    func allProblems() async throws {
        let dir = try TemporaryDirectory()
        let text = Self.bad("role: director", "role: edge")
            .replacingOccurrences(of: "keySize: 2048", with: "keySize: 1000")
            .replacingOccurrences(of: "httpsListen: 4443", with: "httpsListen: 0")
        let file = try dir.write("many.yaml", text)
        let result = try await runLynccert(["plan", file])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.contains("many.yaml: line ") })
    }

    @Test("a pool publishing its own internal web FQDN is not a bad topology: a warning (MOB-TECH)")
    func sameNameInsideAndOut() async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write(
            "same.yaml",
            Self.bad("externalWebFqdn: webdirext.contoso.com", "externalWebFqdn: dirpool01.contoso.net"))
        let result = try await runLynccert(["plan", file])
        // Only warnings and information about this file: exit 0, the finding listed with the plan.
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.contains("  WARNING external-web-fqdn-equals-internal (pools[1].externalWebFqdn): "))
        #expect(result.stdout.contains("dirpool01.contoso.net"))
    }

    /// As Topology Builder: an explicit internal web override equal to the pool's own external
    /// web FQDN is refused, naming both keys (exit 2).
    @Test("an internal web override equal to the pool's external web FQDN is refused, naming both keys")
    func overrideEqualsExternal() async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write(
            "same.yaml", Self.bad("externalWebFqdn: webext.contoso.com", "externalWebFqdn: lsweb.contoso.net"))
        let result = try await runLynccert(["plan", file])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("pools[0].internalWebFqdn: 'lsweb.contoso.net'"), "\(result.stderr)")
        #expect(result.stderr.contains("(pools[0].externalWebFqdn, line "), "\(result.stderr)")
    }

    @Test("the good fixture plans (the bad cases fail for their own reason)")
    func goodFixturePlans() async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("good.yaml", Self.good)
        let result = try await runLynccert(["plan", file])
        #expect(result.status != 2, "\(result.stderr)")
    }

    func lineNumber(of needle: String, in text: String) -> Int? {
        guard let range = text.range(of: needle) else { return nil }
        return text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
    }
}
