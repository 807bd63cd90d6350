import Exports
import Foundation
import PublishingPlanner
import TestSupport
import Testing
import TopologyModel

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("iis-arr export")
struct IISARRExportTests {
    @Test("golden applicationHost.config fragment and appcmd script")
    func golden() {
        let plan = PublishingPlanning.plan(Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]))
        assertSnapshot(Exporter.iisARRConfig(plan), named: "iis-arr/contoso/applicationHost-arr.config")
        assertSnapshot(Exporter.iisARRCommands(plan), named: "iis-arr/contoso/apply-arr.cmd")
        let http = PublishingPlanning.plan(Fixtures.contoso(autodiscover: .http))
        assertSnapshot(Exporter.iisARRConfig(http), named: "iis-arr/contoso-autodiscover-http.config")
    }

    @Test("the XML parses and holds one farm per published name with ARR's ports, time-out, cache and rules")
    func parsedBack() throws {
        let plan = PublishingPlanning.plan(Fixtures.contoso())
        for xml in [Exporter.iisARRConfig(plan), Exporter.iisARRConfig(plan, includeCommands: true)] {
            let document = try XMLDocument(xmlString: xml, options: [])
            func nodes(_ xpath: String) throws -> [XMLElement] {
                try document.nodes(forXPath: xpath).compactMap { $0 as? XMLElement }
            }
            func attribute(_ element: XMLElement, _ name: String) -> String? {
                element.attribute(forName: name)?.stringValue
            }

            let farms = try nodes("/configuration/webFarms/webFarm")
            let names = farms.compactMap { attribute($0, "name") }
            #expect(names == plan.rules.flatMap(\.publicNames))
            for farm in farms {
                let name = try #require(attribute(farm, "name"))
                let servers = try farm.nodes(forXPath: "server").compactMap { $0 as? XMLElement }
                #expect(servers.count == 1)
                #expect(servers.first.flatMap { attribute($0, "address") } == name)
                let arr = try #require(
                    try servers.first?.nodes(forXPath: "applicationRequestRouting").first as? XMLElement)
                let owas = name == "officewebapps01.contoso.com"
                #expect(attribute(arr, "httpPort") == (owas ? "80" : "8080"))
                #expect(attribute(arr, "httpsPort") == (owas ? "443" : "4443"))
                #expect(attribute(arr, "weight") == "100")
                let protocolElement = try #require(
                    try farm.nodes(forXPath: "applicationRequestRouting/protocol").first as? XMLElement)
                #expect(attribute(protocolElement, "timeout") == "00:16:00")
                let cache = try #require(try protocolElement.nodes(forXPath: "cache").first as? XMLElement)
                #expect(attribute(cache, "enabled") == "false")
            }
            let proxy = try #require(try nodes("/configuration/system.webServer/proxy").first)
            #expect(attribute(proxy, "preserveHostHeader") == "true")
            let rules = try nodes("/configuration/system.webServer/rewrite/globalRules/rule")
            #expect(rules.compactMap { attribute($0, "name") } == names.map { "ARR_\($0)_loadbalance_SSL" })
            for (rule, farm) in zip(rules, names) {
                let conditions = try rule.nodes(forXPath: "conditions/add").compactMap { $0 as? XMLElement }
                #expect(
                    conditions.map { "\(attribute($0, "input") ?? "")=\(attribute($0, "pattern") ?? "")" } == [
                        "{HTTPS}=on", "{HTTP_HOST}=\(farm)",
                    ])
                let action = try #require(try rule.nodes(forXPath: "action").first as? XMLElement)
                #expect(attribute(action, "type") == "Rewrite")
                // https:// to the farm: no SSL offloading.
                #expect(attribute(action, "url") == "https://\(farm)/{R:0}")
            }
        }
    }

    @Test("autodiscover over HTTP: an HTTP rule to port 8080; lyncdiscover has no SSL rule")
    func autodiscoverHTTP() throws {
        let xml = Exporter.iisARRConfig(PublishingPlanning.plan(Fixtures.contoso(autodiscover: .http)))
        let document = try XMLDocument(xmlString: xml, options: [])
        let rule = try #require(
            try document.nodes(forXPath: "//rule[@name='ARR_lyncdiscover.contoso.com_loadbalance']").first
                as? XMLElement)
        #expect(try rule.nodes(forXPath: "action/@url").first?.stringValue == "http://lyncdiscover.contoso.com/{R:0}")
        #expect(try document.nodes(forXPath: "//rule[@name='ARR_lyncdiscover.contoso.com_loadbalance_SSL']").isEmpty)
        #expect(
            try document.nodes(
                forXPath: "//webFarm[@name='lyncdiscover.contoso.com']/server/applicationRequestRouting/@httpPort"
            )
            .first?.stringValue == "8080")
    }

    @Test("appcmd script: every farm and rule created, ports and time-out set")
    func appcmd() {
        let commands = Exporter.iisARRCommands(PublishingPlanning.plan(Fixtures.contoso()))
        #expect(commands.contains("/+\"[name='webext.contoso.com']\" /commit:apphost"))
        #expect(
            commands.contains(
                "[name='webext.contoso.com'].[address='webext.contoso.com'].applicationRequestRouting.httpsPort:4443"))
        #expect(
            commands.contains(
                "[name='officewebapps01.contoso.com'].[address='officewebapps01.contoso.com'].applicationRequestRouting.httpsPort:443\""
            ))
        #expect(commands.contains("applicationRequestRouting.protocol.timeout:00:16:00"))
        #expect(
            commands.contains("[name='ARR_meet.contoso.com_loadbalance_SSL'].action.url:https://meet.contoso.com/{R:0}")
        )
        #expect(commands.hasSuffix("\r\n"))
    }

    @Test("apply-arr.cmd is ASCII with CRLF line ends")
    func appcmdASCII() {
        for topology in [Fixtures.contoso(), Fixtures.contoso(autodiscover: .http), Fixtures.standardEdition()] {
            let commands = Exporter.iisARRCommands(PublishingPlanning.plan(topology))
            #expect(commands.unicodeScalars.allSatisfy { $0.isASCII })
            #expect(commands.hasSuffix("\r\n"))
            let unpaired = commands.replacingOccurrences(of: "\r\n", with: "").unicodeScalars
            #expect(!unpaired.contains("\n") && !unpaired.contains("\r"), "bare LF or CR")
            let files = Exporter.iisARRFiles(PublishingPlanning.plan(topology))
            #expect(files.first { $0.path == "apply-arr.cmd" }?.contents == commands)
        }
    }

    @Test("apply-arr.cmd runs twice without adding anything twice (appcmd emulated)")
    func appcmdRerunnable() throws {
        let plan = PublishingPlanning.plan(Fixtures.contoso(autodiscover: .http))
        let script = Exporter.iisARRCommands(plan)
        var config = AppcmdEmulator()
        try config.run(script)
        let farms = Exporter.arrFarms(plan)
        #expect(config.errors.isEmpty, "\(config.errors)")
        #expect(config.farms == farms.map(\.name))
        #expect(config.servers == farms.map(\.serverAddress))
        #expect(config.rules == farms.map(\.ruleName))
        #expect(config.conditions.count == 2 * farms.count)
        let first = config
        try config.run(script)
        #expect(config.errors.isEmpty, "the second run added an entry again: \(config.errors)")
        #expect(config.farms == first.farms && config.servers == first.servers && config.rules == first.rules)
        #expect(config.conditions == first.conditions)
        // Every add is guarded: by a listing check, or by the rule just having been added.
        for line in script.components(separatedBy: "\r\n") where line.contains("/+\"") {
            #expect(line.contains(" | findstr /I /L /C:") || line.hasPrefix("if %NEWRULE%==1 "), "\(line)")
        }
    }
}

/// Just enough of cmd.exe and appcmd.exe to run apply-arr.cmd: the entries added per section,
/// `appcmd list config` as the XML IIS prints (`<webFarm name="…"`, `<server address="…"`,
/// `<rule name="…"`), `findstr /I /L /C:` as a case-insensitive substring test, `a || b`,
/// `set "V=x" & …`, `( … )` and `if %V%==1`. Adding an entry that exists is an error, as in appcmd.
struct AppcmdEmulator {
    var farms: [String] = []
    var servers: [String] = []
    var rules: [String] = []
    var conditions: [String] = []
    var errors: [String] = []
    var variables: [String: String] = [:]

    struct Unsupported: Error { var line: String }

    mutating func run(_ script: String) throws {
        for line in script.components(separatedBy: "\r\n") {
            if line.isEmpty || line.hasPrefix("rem ") || line == "@echo off" || line.hasPrefix("set APPCMD=") {
                continue
            }
            try command(line)
        }
    }

    mutating func command(_ text: String) throws {
        var line = Substring(text)
        if line.hasPrefix("set \""), let close = line.dropFirst(5).firstIndex(of: "\"") {
            let assignment = line[line.index(line.startIndex, offsetBy: 5)..<close].split(separator: "=")
            variables[String(assignment[0])] = String(assignment[1])
            line = line[line.index(after: close)...]
            guard line.hasPrefix(" & ") else { throw Unsupported(line: text) }
            return try command(String(line.dropFirst(3)))
        }
        if line.hasPrefix("if %") {
            let parts = line.dropFirst(4).split(separator: " ", maxSplits: 1)
            let test = parts[0].split(separator: "%")  // NAME, ==value
            if (variables[String(test[0])] ?? "") == String(test[1].dropFirst(2)) { try command(String(parts[1])) }
            return
        }
        if line.hasPrefix("(") && line.hasSuffix(")") { return try command(String(line.dropFirst().dropLast())) }
        if let or = line.range(of: " || ") {
            if try !check(String(line[..<or.lowerBound])) { try command(String(line[or.upperBound...])) }
            return
        }
        try appcmd(String(line))
    }

    /// `%APPCMD% list config -section:S | findstr /I /L /C:"P" >nul`: whether the listing holds P.
    func check(_ text: String) throws -> Bool {
        guard let pipe = text.range(of: " | findstr /I /L /C:\""), text.hasSuffix("\" >nul"),
            let section = text.range(of: "-section:")
        else { throw Unsupported(line: text) }
        let name = text[section.upperBound...].prefix { $0 != " " }
        let pattern = String(text[pipe.upperBound...].dropLast("\" >nul".count)).replacingOccurrences(
            of: "\\\"", with: "\"")
        return listing(String(name)).lowercased().contains(pattern.lowercased())
    }

    func listing(_ section: String) -> String {
        switch section {
        case "webFarms":
            "<webFarms>\n" + farms.map { "  <webFarm name=\"\($0)\" enabled=\"true\">" }.joined(separator: "\n")
                + servers.map { "    <server address=\"\($0)\" enabled=\"true\">" }.joined(separator: "\n")
        case "system.webServer/rewrite/globalRules":
            rules.map { "<rule name=\"\($0)\" patternSyntax=\"Wildcard\" stopProcessing=\"true\">" }.joined(
                separator: "\n")
        default: ""
        }
    }

    /// `%APPCMD% set config -section:S /+"[key]" …`: records the entry; other settings are accepted.
    mutating func appcmd(_ text: String) throws {
        guard text.hasPrefix("%APPCMD% set config -section:") else { throw Unsupported(line: text) }
        guard let add = text.range(of: " /+\"") else { return }
        let key = String(text[add.upperBound...].prefix { $0 != "\"" })
        func value(_ attribute: String, in key: String) -> String? {
            guard let start = key.range(of: "\(attribute)='", options: .backwards) else { return nil }
            return String(key[start.upperBound...].prefix { $0 != "'" })
        }
        func insert(_ item: String, into list: inout [String]) {
            if list.contains(where: { $0.caseInsensitiveCompare(item) == .orderedSame }) {
                errors.append("Cannot add duplicate collection entry: \(item)")
            } else {
                list.append(item)
            }
        }
        if key.contains(".conditions.") {
            insert(key, into: &conditions)
        } else if text.contains("-section:webFarms"), let address = value("address", in: key) {
            insert(address, into: &servers)
        } else if text.contains("-section:webFarms"), let name = value("name", in: key) {
            insert(name, into: &farms)
        } else if let name = value("name", in: key) {
            insert(name, into: &rules)
        } else {
            throw Unsupported(line: text)
        }
    }
}

@Suite("tmg export")
struct TMGExportTests {
    @Test("golden rule sheet, Markdown and CSV")
    func golden() {
        let topology = Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"], autodiscover: .http)
        let plan = PublishingPlanning.plan(topology)
        assertSnapshot(Exporter.tmgRuleSheetMarkdown(plan, topology: topology), named: "tmg/contoso/tmg-rules.md")
        assertSnapshot(Exporter.tmgRuleSheetCSV(plan, topology: topology), named: "tmg/contoso/tmg-rules.csv")
    }

    @Test("every rule has the wizard's values; CSV rows have as many fields as the header")
    func values() throws {
        let topology = Fixtures.contoso(autodiscover: .http)
        let plan = PublishingPlanning.plan(topology)
        let rules = Exporter.tmgRules(plan, topology: topology)
        #expect(rules.count == plan.rules.count)
        func value(_ rule: Exporter.TMGRule, _ field: String) -> String? {
            rule.settings.first { $0.field == field }?.value
        }
        let web = rules[0]
        #expect(value(web, "Internal site name") == "lsweb.contoso.net")
        #expect(value(web, "Path") == "/*")
        #expect(value(web, "Forward the original host header instead of the actual one") == "Yes")
        #expect(value(web, "Redirect requests")?.hasPrefix("SSL port 4443") == true)
        #expect(value(web, "Delegation") == "No delegation, but client may authenticate directly")
        #expect(value(web, "Requests appear to come from") == "The Forefront TMG computer")
        let http = try #require(rules.first { $0.name == "Lync autodiscover (HTTP)" })
        #expect(value(http, "Redirect requests") == "HTTP port 8080; no SSL port")
        #expect(value(http, "Delegation") == "No delegation, and client cannot authenticate directly")
        #expect(value(http, "Port") == "80")
        let owas = try #require(rules.first { $0.name.hasPrefix("Office Web Apps") })
        #expect(value(owas, "Verify normalization")?.hasPrefix("Cleared") == true)
        #expect(value(owas, "Redirect requests")?.hasPrefix("SSL port 443") == true)

        let csv = Exporter.tmgRuleSheetCSV(plan, topology: topology)
        let rows = csv.split(separator: "\r\n").map(Self.csvFields)
        #expect(rows.count == rules.count + 1)
        #expect(rows.allSatisfy { $0.count == rows[0].count })
    }

    /// A small RFC 4180 field splitter for one line (quotes, doubled quotes).
    static func csvFields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars = chars.dropFirst() } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        fields.append(field)
        return fields
    }
}
