import PublishingPlanner
import TopologyModel

extension Exporter {
    /// One setting of a TMG 2010 website publishing rule: the wizard page or tab, the field, the value.
    public struct TMGSetting: Sendable, Equatable {
        public var page: String
        public var field: String
        public var value: String
    }

    /// One TMG website publishing rule, setting by setting.
    public struct TMGRule: Sendable, Equatable {
        public var name: String
        public var settings: [TMGSetting]
    }

    /// Every value the Forefront TMG 2010 "New Web Publishing Rule" wizard and the rule's properties
    /// ask for, per publishing rule (lync-rules.md §10, RP-RULES, RP-MOB, RP-AD, OWAS-RP).
    ///
    /// Listener address: `reverseProxy.externalAddress` (Office Web Apps: its own `externalAddress`
    /// when given). The connection time-out is set on the listener (Connections tab) to the rule's
    /// 960 s for the same reason as IIS ARR's proxy time-out. Link translation is off: Lync web
    /// services build their own external URLs from the forwarded Host header.
    public static func tmgRules(_ plan: PublishingPlan, topology: Topology) -> [TMGRule] {
        plan.rules.map { rule in
            let http = rule.protocol == "http"
            let owas = rule.kind == .officeWebApps
            let listenerAddress =
                (owas ? topology.officeWebApps?.externalAddress : nil) ?? topology.reverseProxy.externalAddress
            let name: String
            switch rule.kind {
            case .webServices: name = "Lync web services \(rule.publicNames.first ?? rule.target)"
            case .simpleUrls:
                name = rule.paths == ["/*"] ? "Lync simple URLs" : "Lync simple URLs \(rule.publicNames.first ?? "")"
            case .autodiscover: name = "Lync autodiscover"
            case .autodiscoverHttp: name = "Lync autodiscover (HTTP)"
            case .officeWebApps: name = "Office Web Apps Server \(rule.target)"
            }
            var s: [TMGSetting] = []
            func add(_ page: String, _ field: String, _ value: String) {
                s.append(TMGSetting(page: page, field: field, value: value))
            }
            add("Welcome", "Web publishing rule name", name)
            add("Select Rule Action", "Action", "Allow")
            add("Publishing Type", "Publishing type", "Publish a single Web site or load balancer")
            add(
                "Server Connection Security", "Connection to the published server",
                http
                    ? "Use non-secured connections to connect the published Web server or server farm"
                    : "Use SSL to connect to the published Web server or server farm")
            add("Internal Publishing Details", "Internal site name", rule.target)
            add(
                "Internal Publishing Details", "Use a computer name or IP address to connect to the published server",
                rule.targetAddress.map { "Yes: \($0)" }
                    ?? "No: TMG resolves \(rule.target) through its HOSTS file or a perimeter DNS server (§3)")
            add("Internal Publishing Details", "Path", rule.path)
            if rule.paths.count > 1 {
                add("Paths (rule properties)", "Additional paths", rule.paths.dropFirst().joined(separator: ", "))
            }
            add("Public Name Details", "Accept requests for", "This domain name")
            add("Public Name Details", "Public name", rule.publicNames.first ?? "")
            add(
                "Public Name (rule properties)", "Additional public names",
                rule.publicNames.count > 1 ? rule.publicNames.dropFirst().joined(separator: ", ") : "(none)")
            add(
                "Select Web Listener", "Web listener", http ? "Lync Server HTTP listener" : "Lync Server HTTPS listener"
            )
            add(
                "Web Listener: Client Connection Security", "Client connection security",
                http
                    ? "Do not require SSL secured connections with clients"
                    : "Require SSL secured connections with clients")
            add(
                "Web Listener: IP Addresses", "Listen on",
                "External network, specified IP address: "
                    + (listenerAddress ?? "(not in the topology: reverseProxy.externalAddress)"))
            add("Web Listener: IP Addresses", "Port", "\(rule.listenPort)")
            add(
                "Web Listener: Listener SSL Certificates", "Certificate",
                http
                    ? "(none: HTTP listener)"
                    : "Assign a certificate for each IP address: the reverse-proxy certificate (lynccert id "
                        + "reverse-proxy), which must cover \(rule.publicNames.joined(separator: ", "))")
            add("Web Listener: Authentication Settings", "Authentication", "No Authentication")
            add(
                "Authentication Delegation", "Delegation",
                http
                    ? "No delegation, and client cannot authenticate directly"
                    : "No delegation, but client may authenticate directly")
            add("User Sets", "Applies to", "All Users")
            add("Rule properties: From", "Traffic from", "External (remove Anywhere)")
            add(
                "Rule properties: To", "Forward the original host header instead of the actual one",
                rule.preserveHostHeader ? "Yes" : "No")
            add("Rule properties: To", "Requests appear to come from", "The Forefront TMG computer")
            add(
                "Rule properties: Bridging", "Redirect requests",
                http
                    ? "HTTP port \(rule.forwardPort); no SSL port"
                    : "SSL port \(rule.forwardPort)"
                        + (rule.httpForwardPort.map { "; HTTP port \($0)" } ?? "; no HTTP port"))
            add("Rule properties: Link Translation", "Apply link translation to this rule", "No (cleared)")
            add(
                "Rule properties: Configure HTTP policy", "Verify normalization",
                owas ? "Cleared (required for Office Web Apps, OWAS-RP)" : "Default")
            add(
                "Web Listener properties: Connections", "Connection timeout (seconds)",
                "\(rule.timeoutSeconds) (Lync mobile clients: push notifications time out at 900 s)")
            return TMGRule(name: name, settings: s)
        }
    }

    /// The rule sheet as Markdown: one table per rule, settings in wizard order.
    public static func tmgRuleSheetMarkdown(_ plan: PublishingPlan, topology: Topology) -> String {
        let rules = tmgRules(plan, topology: topology)
        var md: [String] = [
            "# Forefront TMG 2010 web publishing rules for Lync Server 2013 / Skype for Business",
            "",
            "Generated by lynccert from the publishing plan (lync-rules.md §10). Create each rule with",
            "Firewall Policy → New → Web Site Publishing Rule, then set the rule properties listed.",
        ]
        if rules.isEmpty { md += ["", "No rules: the topology publishes nothing."] }
        for (i, rule) in rules.enumerated() {
            md += [
                "", "## Rule \(i + 1): \(markdownCell(rule.name))", "", "| Page | Setting | Value |", "|---|---|---|",
            ]
            for setting in rule.settings {
                md.append(
                    "| \(markdownCell(setting.page)) | \(markdownCell(setting.field)) | \(markdownCell(setting.value)) |"
                )
            }
        }
        return md.joined(separator: "\n") + "\n"
    }

    /// The rule sheet as CSV (RFC 4180): one row per rule, one column per setting.
    public static func tmgRuleSheetCSV(_ plan: PublishingPlan, topology: Topology) -> String {
        let rules = tmgRules(plan, topology: topology)
        // The columns are the same for every rule; an empty plan still gets its header row.
        let sample = PublishingRule(name: "", kind: .webServices, publicNames: [], target: "")
        let columns = (rules.first ?? tmgRules(PublishingPlan(rules: [sample], findings: []), topology: topology)[0])
        let header = columns.settings.map { "\($0.page): \($0.field)" }
        var rows = [header.map(csvField).joined(separator: ",")]
        for rule in rules { rows.append(rule.settings.map { csvField($0.value) }.joined(separator: ",")) }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    /// Both files for `--out DIR`.
    public static func tmgFiles(_ plan: PublishingPlan, topology: Topology) -> [ExportedFile] {
        [
            ExportedFile(path: "tmg-rules.md", contents: tmgRuleSheetMarkdown(plan, topology: topology)),
            ExportedFile(path: "tmg-rules.csv", contents: tmgRuleSheetCSV(plan, topology: topology)),
        ]
    }

    /// A Markdown table cell: `\` and `|` escaped, a line break a space, other control
    /// characters U+FFFD, so a value cannot end the row.
    static func markdownCell(_ text: String) -> String {
        UntrustedText.replacingControls(text.replacingAll("\n", with: " ")).replacingAll("\\", with: "\\\\")
            .replacingAll("|", with: "\\|")
    }

    /// A CSV field (RFC 4180), quoted when needed; control characters become U+FFFD.
    static func csvField(_ raw: String) -> String {
        let text = UntrustedText.replacingControls(raw)
        if text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r") {
            return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
        }
        return text
    }
}
