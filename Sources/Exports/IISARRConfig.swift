import PublishingPlanner
import TopologyModel

extension Exporter {
    /// One IIS ARR server farm: a published name, its server and ports.
    public struct ARRFarm: Sendable, Equatable {
        /// Farm name = the published URL's host (RP-RULES: one server farm per published URL).
        public var name: String
        /// The one server: the published FQDN itself, which the reverse proxy's HOSTS file maps to
        /// the internal pool (HLB VIP) or Office Web Apps Server — RP-RULES step 6.
        public var serverAddress: String
        public var httpPort: Int
        public var httpsPort: Int
        /// `https` (rule `ARR_<farm>_loadbalance_SSL`) or `http` (`ARR_<farm>_loadbalance`, autodiscover over HTTP).
        public var scheme: String
        public var timeoutSeconds: Int
        /// The internal site the farm's name must resolve to on the reverse proxy.
        public var target: String
        public var targetAddress: String?
        /// The rule's paths (`/*`, or the simple-URL paths of a shared base host).
        public var paths: [String] = ["/*"]

        /// The URL Rewrite rule that routes this farm's requests.
        public var ruleName: String { scheme == "https" ? "ARR_\(name)_loadbalance_SSL" : "ARR_\(name)_loadbalance" }
    }

    /// The server farms of a publishing plan: one per public name, in rule order.
    ///
    /// Ports (RP-RULES step 7): the rule's forward port is the farm's `httpsPort` (4443, or 443 for
    /// Office Web Apps); `httpPort` is 8080 (80 for Office Web Apps). The autodiscover-over-HTTP rule
    /// forwards HTTP to its forward port (8080). Weight 100.
    public static func arrFarms(_ plan: PublishingPlan) -> [ARRFarm] {
        var farms: [ARRFarm] = []
        var seen = Set<String>()
        for rule in plan.rules {
            for name in rule.publicNames where seen.insert(name).inserted {
                let isHTTP = rule.protocol == "http"
                let owas = rule.kind == .officeWebApps
                farms.append(
                    ARRFarm(
                        name: name, serverAddress: name,
                        httpPort: isHTTP ? rule.forwardPort : (rule.httpForwardPort ?? (owas ? 80 : 8080)),
                        httpsPort: isHTTP ? 4443 : rule.forwardPort, scheme: isHTTP ? "http" : "https",
                        timeoutSeconds: rule.timeoutSeconds, target: rule.target, targetAddress: rule.targetAddress,
                        paths: rule.paths))
            }
        }
        return farms
    }

    /// The regular-expression alternatives of a rule's paths, without slashes; `nil` for `/*`.
    /// `/Meet/*`, `/Dialin/*` → `Meet|Dialin`. Shared by the IIS ARR and nginx exports.
    static func pathAlternatives(_ paths: [String]) -> String? {
        guard paths != ["/*"] else { return nil }
        return paths.map { path -> String in
            var p = Substring(path)
            if p.hasSuffix("/*") { p = p.dropLast(2) }
            while p.hasPrefix("/") { p = p.dropFirst() }
            return Exporter.regexLiteral(p)
        }.joined(separator: "|")
    }

    /// The URL Rewrite pattern (ECMAScript, matched against the path without its leading `/`) for
    /// a rule's paths; `nil` for `/*`. `/Meet/*`, `/Dialin/*` → `^(?:Meet|Dialin)(?:/.*)?$`.
    public static func pathPattern(_ paths: [String]) -> String? {
        pathAlternatives(paths).map { "^(?:" + $0 + ")(?:/.*)?$" }
    }

    /// A path as a regular-expression literal: letters, digits, `-`, `_`, `~` and `/` as they are,
    /// `.` escaped, anything else matched by `.` (never a metacharacter, quote or brace).
    static func regexLiteral(_ text: Substring) -> String {
        var out = ""
        for c in text {
            if c.isASCII && (c.isLetter || c.isNumber || "-_~/".contains(c)) {
                out.append(c)
            } else if c == "." {
                out += "\\."
            } else {
                out.append(".")
            }
        }
        return out
    }

    /// `hh:mm:ss`, the TimeSpan format of ARR's `protocol/@timeout`.
    static func timeSpan(seconds: Int) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    /// Text that may stand inside an XML comment: no `--` (punycode names have it).
    static func xmlCommentSafe(_ text: String) -> String {
        // Line breaks are fine in a comment (the appcmd script stands in one); other control
        // characters are not XML 1.0 characters at all.
        var s = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map {
                    UntrustedText.isControl($0) && !["\r", "\n", "\t"].contains($0) ? "\u{FFFD}" : $0
                }))
        while s.contains("--") { s = s.replacingAll("--", with: "- -") }
        return s.hasSuffix("-") ? s + " " : s
    }

    /// Escapes text for an XML attribute value. Control characters have no place in XML 1.0
    /// (and a raw line break in an attribute reads back as a space), so they become U+FFFD.
    static func xmlEscape(_ text: String) -> String {
        UntrustedText.replacingControls(text).replacingAll("&", with: "&amp;").replacingAll("<", with: "&lt;")
            .replacingAll(">", with: "&gt;")
            .replacingAll("\"", with: "&quot;").replacingAll("'", with: "&apos;")
    }

    /// The IIS ARR part of `applicationHost.config` (RP-RULES): server farms, the proxy settings and
    /// the URL Rewrite global rules.
    ///
    /// Per farm: one `<server>` whose address is the published FQDN with `applicationRequestRouting`
    /// `httpPort`/`httpsPort`/`weight="100"`; `<protocol timeout="00:16:00">` (960 s, mobile clients)
    /// with `<cache enabled="false">` (disk cache off). `system.webServer/proxy` keeps the original Host
    /// header (`preserveHostHeader="true"`, no host rewriting in responses). Per farm one rewrite
    /// rule `ARR_<farm>_loadbalance_SSL`: `{HTTPS}` is `on` and `{HTTP_HOST}` is the farm name, action
    /// Rewrite to `https://<farm>/{R:0}` — routing to the farm over HTTPS, which is what "SSL
    /// offloading off" means in ARR. Microsoft's walk-through types the pattern `*` for
    /// `{HTTP_HOST}`; with several farms and `stopProcessing` that sends every request to the first
    /// farm, so the condition names the farm's host (as ARR-for-Lync scripts in the field do).
    ///
    /// - Parameter includeCommands: append the `appcmd.exe` commands as an XML comment (for standard
    ///   output, where only one document is printed).
    public static func iisARRConfig(_ plan: PublishingPlan, includeCommands: Bool = false) -> String {
        let farms = arrFarms(plan)
        var x: [String] = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<!-- lynccert: IIS Application Request Routing configuration for the Lync Server 2013 / Skype for",
            "     Business reverse proxy (lync-rules.md §10, RP-RULES). Merge these elements into",
            "     %windir%\\System32\\inetsrv\\config\\applicationHost.config, or run apply-arr.cmd (appcmd.exe).",
            "     Bind the reverse-proxy certificate to https on the Default Web Site first. Each farm's server",
            "     address is the published FQDN: map it to the internal target in the HOSTS file",
            "     (%windir%\\System32\\drivers\\etc\\hosts), never through the internal DNS.",
        ]
        for farm in farms {
            let line =
                "       \(farm.name) -> \(farm.target)\(farm.targetAddress.map { " (\($0))" } ?? " (address: see HOSTS)")"
            x.append(xmlCommentSafe(line))
        }
        x.append("-->")
        x.append("<configuration>")
        x.append("  <webFarms>")
        for farm in farms {
            x.append("    <webFarm name=\"\(xmlEscape(farm.name))\" enabled=\"true\">")
            x.append("      <server address=\"\(xmlEscape(farm.serverAddress))\" enabled=\"true\">")
            x.append(
                "        <applicationRequestRouting httpPort=\"\(farm.httpPort)\" httpsPort=\"\(farm.httpsPort)\" weight=\"100\" />"
            )
            x.append("      </server>")
            x.append("      <applicationRequestRouting>")
            x.append(
                "        <protocol timeout=\"\(timeSpan(seconds: farm.timeoutSeconds))\" reverseRewriteHostInResponseHeaders=\"false\">"
            )
            x.append("          <cache enabled=\"false\" queryStringHandling=\"Accept\" />")
            x.append("        </protocol>")
            x.append("      </applicationRequestRouting>")
            x.append("    </webFarm>")
        }
        x.append("  </webFarms>")
        x.append("  <system.webServer>")
        x.append(
            "    <proxy enabled=\"true\" preserveHostHeader=\"true\" reverseRewriteHostInResponseHeaders=\"false\" />")
        x.append("    <rewrite>")
        x.append("      <globalRules>")
        for farm in farms {
            if let pattern = pathPattern(farm.paths) {
                // Only the rule's paths (a shared simple-URL host): the Admin path is not forwarded.
                x.append(
                    "        <rule name=\"\(xmlEscape(farm.ruleName))\" patternSyntax=\"ECMAScript\" stopProcessing=\"true\">"
                )
                x.append("          <match url=\"\(xmlEscape(pattern))\" ignoreCase=\"true\" />")
            } else {
                x.append(
                    "        <rule name=\"\(xmlEscape(farm.ruleName))\" patternSyntax=\"Wildcard\" stopProcessing=\"true\">"
                )
                x.append("          <match url=\"*\" />")
            }
            x.append("          <conditions>")
            x.append("            <add input=\"{HTTPS}\" pattern=\"\(farm.scheme == "https" ? "on" : "off")\" />")
            x.append("            <add input=\"{HTTP_HOST}\" pattern=\"\(xmlEscape(farm.name))\" />")
            x.append("          </conditions>")
            x.append("          <action type=\"Rewrite\" url=\"\(farm.scheme)://\(xmlEscape(farm.name))/{R:0}\" />")
            x.append("        </rule>")
        }
        x.append("      </globalRules>")
        x.append("    </rewrite>")
        x.append("  </system.webServer>")
        x.append("</configuration>")
        if includeCommands {
            x.append("<!-- apply-arr.cmd:")
            x.append(xmlCommentSafe(iisARRCommands(plan, lineEnding: "\n")))
            x.append("-->")
        }
        return x.joined(separator: "\n") + "\n"
    }

    /// The same configuration as `appcmd.exe` commands (a `.cmd` file to run as administrator).
    ///
    /// Safe to run again: appcmd refuses to add a collection entry that exists ("Cannot add
    /// duplicate collection entry"), so every add (`/+`) runs only when `appcmd list config` of
    /// the section does not already show the entry's key (`findstr`, then `||`); the settings
    /// (`set` of attributes) run every time and bring existing entries back to the plan.
    ///
    /// - Parameter lineEnding: CRLF by default, as `cmd.exe` files are written on Windows (the
    ///   text is then ASCII, `windowsText`: cmd.exe reads a `.cmd` file in the OEM code page).
    public static func iisARRCommands(_ plan: PublishingPlan, lineEnding: String = "\r\n") -> String {
        let farms = arrFarms(plan)
        var c: [String] = [
            "@echo off",
            "rem lynccert: IIS ARR server farms and URL Rewrite rules for the Lync Server reverse proxy",
            "rem (lync-rules.md §10, RP-RULES). Run as administrator on the reverse proxy.",
            "rem Safe to run again: farms, servers, rules and conditions that exist are not added twice.",
            "set APPCMD=%windir%\\system32\\inetsrv\\appcmd.exe",
            "%APPCMD% set config -section:system.webServer/proxy /enabled:\"True\" /preserveHostHeader:\"True\" "
                + "/reverseRewriteHostInResponseHeaders:\"False\" /commit:apphost",
        ]
        for farm in farms {
            let f = "[name='\(farm.name)']"
            let s = "\(f).[address='\(farm.serverAddress)']"
            c.append("")
            c.append("rem Server farm \(farm.name) -> \(farm.target)")
            c.append(
                unlessListed("webFarms", "<webFarm name=", farm.name)
                    + "%APPCMD% set config -section:webFarms /+\"\(f)\" /commit:apphost")
            c.append(
                unlessListed("webFarms", "<server address=", farm.serverAddress)
                    + "%APPCMD% set config -section:webFarms /+\"\(s)\" /commit:apphost")
            c.append(
                "%APPCMD% set config -section:webFarms /\"\(s).applicationRequestRouting.httpPort:\(farm.httpPort)\" "
                    + "/\"\(s).applicationRequestRouting.httpsPort:\(farm.httpsPort)\" "
                    + "/\"\(s).applicationRequestRouting.weight:100\" /commit:apphost")
            c.append(
                "%APPCMD% set config -section:webFarms "
                    + "/\"\(f).applicationRequestRouting.protocol.timeout:\(timeSpan(seconds: farm.timeoutSeconds))\" "
                    + "/\"\(f).applicationRequestRouting.protocol.cache.enabled:False\" /commit:apphost")
            let r = "[name='\(farm.ruleName)']"
            let section = "-section:system.webServer/rewrite/globalRules"
            // A new rule gets its conditions; an existing rule keeps the ones it has (a condition's
            // key is its input, and the section listing does not tell which rule holds it).
            // The same match as the configuration file: only a shared host's simple-URL paths.
            let pattern = pathPattern(farm.paths)
            c.append(
                "set \"NEWRULE=0\" & \(listed(rewriteSection, "<rule name=", farm.ruleName)) || ("
                    + "set \"NEWRULE=1\" & %APPCMD% set config -section:\(rewriteSection) /+\"[name='\(farm.ruleName)',"
                    + "patternSyntax='\(pattern == nil ? "Wildcard" : "ECMAScript")',stopProcessing='True']\" /commit:apphost)"
            )
            if let pattern {
                c.append(
                    "%APPCMD% set config \(section) /\"\(r).patternSyntax:ECMAScript\" /\"\(r).match.url:\(pattern)\" "
                        + "/\"\(r).match.ignoreCase:True\" /commit:apphost")
            } else {
                c.append("%APPCMD% set config \(section) /\"\(r).match.url:*\" /commit:apphost")
            }
            c.append(
                "if %NEWRULE%==1 %APPCMD% set config \(section) /+\"\(r).conditions.[input='{HTTPS}',pattern='"
                    + (farm.scheme == "https" ? "on" : "off") + "']\" /commit:apphost")
            c.append(
                "if %NEWRULE%==1 %APPCMD% set config \(section) /+\"\(r).conditions.[input='{HTTP_HOST}',"
                    + "pattern='\(farm.name)']\" /commit:apphost")
            c.append(
                "%APPCMD% set config \(section) /\"\(r).action.type:Rewrite\" "
                    + "/\"\(r).action.url:\(farm.scheme)://\(farm.name)/{R:0}\" /commit:apphost")
        }
        return lineEnding == "\r\n" ? windowsText(c) : c.joined(separator: lineEnding) + lineEnding
    }

    static let rewriteSection = "system.webServer/rewrite/globalRules"

    /// `appcmd list config` of `section` piped to a literal, case-insensitive `findstr` for
    /// `<element key="value"`: exit 0 when the entry is there.
    static func listed(_ section: String, _ element: String, _ value: String) -> String {
        "%APPCMD% list config -section:\(section) | findstr /I /L /C:\"\(element)\\\"\(value)\\\"\" >nul"
    }

    /// `listed(…) || ` : the command after it runs only when the entry is missing.
    static func unlessListed(_ section: String, _ element: String, _ value: String) -> String {
        listed(section, element, value) + " || "
    }

    /// Both IIS ARR files for `--out DIR`.
    public static func iisARRFiles(_ plan: PublishingPlan) -> [ExportedFile] {
        [
            ExportedFile(path: "applicationHost-arr.config", contents: iisARRConfig(plan)),
            ExportedFile(path: "apply-arr.cmd", contents: iisARRCommands(plan)),
        ]
    }
}
