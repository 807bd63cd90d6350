import Foundation
import Testing

@testable import TopologyModel

/// Input built to hurt a parser: each must end in a clear problem, quickly, never a crash or hang.
@Suite("Hostile and empty input", .timeLimit(.minutes(1)))
struct HostileInputTests {
    func onlyProblem(_ text: String, format: TopologyFormat = .yaml) -> TopologyProblem? {
        let problems = Fixture.problems(text, format: format)
        #expect(problems.count == 1, "\(problems)")
        return problems.first
    }

    @Test("an empty file")
    func empty() {
        #expect(onlyProblem("")?.message.contains("empty or only comments") == true)
        #expect(onlyProblem("", format: .json)?.message.contains("empty or only comments") == true)
        #expect(onlyProblem("  \n\n\t\n")?.message.contains("empty or only comments") == true)
    }

    @Test("a file with only comments")
    func onlyComments() {
        let problem = onlyProblem("# topology\n# to be written\n")
        #expect(problem?.message.contains("empty or only comments") == true)
        #expect(problem?.line == 1)
    }

    @Test("a document that is a bare scalar or list")
    func wrongTopLevel() {
        #expect(onlyProblem("contoso.com\n")?.message.contains("the top level must be a map") == true)
        #expect(onlyProblem("- a\n- b\n")?.message.contains("got a list") == true)
        #expect(onlyProblem("[1, 2]", format: .json)?.message.contains("got a list") == true)
    }

    @Test("billion laughs: aliases are refused before any expansion")
    func billionLaughs() {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        let problem = onlyProblem(text)
        #expect(problem?.message.contains("aliases") == true)
        #expect(problem?.line == 2)
        #expect(problem?.value == "*a")
    }

    @Test("an alias used as a mapping key is refused too")
    func aliasKey() {
        let text = "a: &x [1, 2]\n? *x\n: value\n"
        #expect(onlyProblem(text)?.message.contains("aliases") == true)
    }

    @Test("anchors alone and * inside text are not aliases")
    func anchorsAndStars() throws {
        let text = Fixture.edited([("site: Redmond", "site: &s Redmond * West"), ("O: Contoso Ltd", "O: \"*Contoso\"")])
        let loaded = try TopologyLoader.load(text: text, format: .yaml, source: "a.yaml")
        #expect(loaded.topology.pools[0].site == "Redmond * West")
        #expect(loaded.topology.certificates.organization?.O == "*Contoso")
    }

    @Test("100 000 nested [ in YAML and in JSON")
    func deepFlow() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(onlyProblem(text)?.message.contains("nested more than 64 levels") == true)
        #expect(onlyProblem(text, format: .json)?.message.contains("nested more than 64 levels") == true)
        let unbalanced = "{\"a\": " + String(repeating: "{\"a\": ", count: 100_000)
        #expect(onlyProblem(unbalanced, format: .json)?.message.contains("nested more than 64 levels") == true)
    }

    @Test("100 000 compact block sequences on one line")
    func deepCompactBlock() {
        let text = String(repeating: "- ", count: 100_000) + "x\n"
        #expect(onlyProblem(text)?.message.contains("nested more than 64 levels") == true)
    }

    @Test("block mappings nested by indentation, deeper than the limit")
    func deepIndentation() {
        for depth in [100, 2_000] {
            let text = (0..<depth).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " x\n"
            #expect(onlyProblem(text)?.message.contains("nested more than 64 levels") == true, "depth \(depth)")
        }
    }

    @Test("a file over the size limit is refused before parsing")
    func tooLarge() {
        let text = "# " + String(repeating: "x", count: DocumentLimits.maximumTextBytes) + "\n"
        #expect(onlyProblem(text)?.message.contains("bytes are refused") == true)
    }

    @Test("a flat list with more values than the limit")
    func tooManyNodes() {
        let text =
            "sipDomains: [" + Array(repeating: "1", count: DocumentLimits.maximumNodes + 10).joined(separator: ",")
            + "]"
        #expect(onlyProblem(text)?.message.contains("more than \(DocumentLimits.maximumNodes) keys and values") == true)
        let json = "[" + Array(repeating: "\"x\"", count: DocumentLimits.maximumNodes + 10).joined(separator: ",") + "]"
        #expect(onlyProblem(json, format: .json)?.message.contains("keys and values") == true)
    }

    @Test("a duplicated key, a tab indent and a stray tag stay problems")
    func oddYAML() {
        #expect(Fixture.problems("version: 1\nversion: 1\n").contains { $0.message.contains("appears twice") })
        #expect(Fixture.problems("pools:\n\t- fqdn: a\n").first?.message.contains("not valid YAML") == true)
        #expect(Fixture.problems("version: !!binary AAAA\n").contains { $0.path == "version" })
    }

    @Test("binary junk and invalid UTF-8 replacement characters")
    func junk() {
        let text = String(decoding: (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, as: UTF8.self)
        #expect(!Fixture.problems(text).isEmpty)
        #expect(!Fixture.problems(text, format: .json).isEmpty)
    }
}

@Suite("Syntax helpers")
struct SyntaxTests {
    @Test(
        "IP addresses",
        arguments: [
            ("192.168.10.5", true), ("0.0.0.0", true), ("255.255.255.255", true), ("256.1.1.1", false),
            ("1.2.3", false), ("1.2.3.4.5", false), ("01.2.3.4", false), ("1.2.3.-4", false), ("", false),
            ("::", true), ("::1", true), ("2001:db8::5", true), ("2001:DB8:0:0:0:0:0:1", true),
            ("::ffff:192.0.2.1", true), ("2001:db8:::1", false), ("2001:db8::1::2", false), ("fe80::1%eth0", false),
            ("1:2:3:4:5:6:7:8:9", false), ("12345::", false), ("g::1", false), ("192.0.2.1/24", false),
        ])
    func addresses(_ text: String, _ valid: Bool) {
        #expect(IPAddressSyntax.isValid(text) == valid, "\(text)")
    }

    @Test("IPv6 presentation follows RFC 5952")
    func ipv6Format() {
        #expect(IPAddressSyntax.format(IPAddressSyntax.parse("2001:DB8:0:0:0:0:0:1")!) == "2001:db8::1")
        #expect(IPAddressSyntax.format(IPAddressSyntax.parse("2001:db8:0:1:0:0:0:1")!) == "2001:db8:0:1::1")
        #expect(IPAddressSyntax.format(IPAddressSyntax.parse("2001:db8:0:1:1:1:1:1")!) == "2001:db8:0:1:1:1:1:1")
        #expect(IPAddressSyntax.format(IPAddressSyntax.parse("::")!) == "::")
    }

    @Test(
        "subnets",
        arguments: [
            ("192.168.10.0/24", true), ("0.0.0.0/0", true), ("10.0.0.0/8", true), ("192.168.10.5/32", true),
            ("192.168.10.5/24", false), ("192.168.10.0/33", false), ("192.168.10.0/", false), ("192.168.10.0", false),
            ("2001:db8::/32", true), ("2001:db8::1/64", false), ("2001:db8::/129", false), ("x/24", false),
        ])
    func subnets(_ text: String, _ valid: Bool) {
        let result = IPAddressSyntax.parseSubnet(text)
        if case .success = result { #expect(valid, "\(text)") } else { #expect(!valid, "\(text)") }
    }

    @Test(
        "host names",
        arguments: [
            ("pool01.contoso.net", nil), ("a.b", nil), ("xn--bcher-kva.example", nil), ("pool01.contoso.net.", nil),
            ("sip_x.contoso.com", "underscore"), ("-a.contoso.com", "hyphen"), ("a..b", "empty label"),
            ("bücher.example", "other than letters"), ("10.0.0.1", "all digits"), ("*.contoso.com", "wildcard"),
            ("", "empty"),
        ])
    func hostnames(_ name: String, _ fragment: String?) {
        let problem = Hostname.syntaxProblem(name)
        if let fragment {
            #expect(problem?.contains(fragment) == true, "\(name): \(problem ?? "nil")")
        } else {
            #expect(problem == nil, "\(name): \(problem ?? "")")
        }
    }

    @Test("simple URLs split into host and path; prefixes are by whole segments on one host")
    func simpleUrls() throws {
        let url = try #require(SimpleUrl.parse("https://Lync.Contoso.com/Meet/"))
        #expect(url == SimpleUrl(host: "lync.contoso.com", path: "/Meet"))
        #expect(SimpleUrl.parse("http://meet.contoso.com") == nil)
        #expect(SimpleUrl.parse("https://meet.contoso.com:443") == nil)
        #expect(SimpleUrl.parse("https://meet.contoso.com/?x=1") == nil)
        let meet = try #require(SimpleUrl.parse("https://lync.contoso.com/Meet"))
        #expect(meet.isPathPrefix(of: try #require(SimpleUrl.parse("https://lync.contoso.com/meet/x"))))
        #expect(!meet.isPathPrefix(of: try #require(SimpleUrl.parse("https://lync.contoso.com/Meeting"))))
        let bare = try #require(SimpleUrl.parse("https://meet.contoso.com"))
        #expect(!bare.isPathPrefix(of: try #require(SimpleUrl.parse("https://meet.contoso.com.au"))))
    }

    @Test("suggestions: case differences first, then small edit distances only")
    func suggestions() {
        let keys = TopologyReader.poolKeys
        #expect(Suggestion.closest(to: "externalWebFQDN", among: keys) == "externalWebFqdn")
        #expect(Suggestion.closest(to: "internalWebAdress", among: keys) == "internalWebAddress")
        #expect(Suggestion.closest(to: "rol", among: keys) == "role")
        #expect(Suggestion.closest(to: "colour", among: keys) == nil)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    }
}
