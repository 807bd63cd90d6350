import DNSPlanner
import LyncSupport
import TopologyModel

extension Exporter {
    /// A PowerShell script (DnsServer module) that adds every planned record to Windows DNS.
    ///
    /// One `Add-DnsServerResourceRecordA` / `…AAAA` / `…CName` / `Add-DnsServerResourceRecord -Srv`
    /// per record, grouped by view and zone (`DNSZoning`). The DNS server of each view is a mandatory
    /// script parameter (`-ExternalDnsServer`, `-InternalDnsServer`, passed as `-ComputerName`), so the
    /// external records can never land on the internal server by default. Records whose address or
    /// target is not in the topology are written as comments naming the field to fill in. The text
    /// is ASCII with CRLF line ends (`windowsText`), like the other Windows exports: Windows
    /// PowerShell 5.1 reads a `.ps1` without a byte-order mark in the ANSI code page.
    ///
    /// - Parameters:
    ///   - plan: the DNS plan.
    ///   - sipDomains: the topology's SIP domains (they decide the zones).
    ///   - view: only this view; `nil` for both.
    public static func windowsDNSScript(_ plan: DNSPlan, sipDomains: [String], view: DNSView? = nil) -> String {
        let records = plan.records.filter { view == nil || $0.view == view }
        let zones = DNSZoning.zones(for: records, sipDomains: sipDomains)
        let views = DNSView.allCases.filter { v in zones.contains { $0.view == v } }
        var lines: [String] = [
            "# lynccert: Windows DNS records for Lync Server 2013 / Skype for Business (lync-rules.md §8).",
            "# Needs the DnsServer PowerShell module (DNS Server role or RSAT) and existing zones. A record",
            "# that already exists makes its command fail; the others still run.",
            "#   .\\lync-dns.ps1 " + views.map { "-\(variable(for: $0)) <server>" }.joined(separator: " "),
        ]
        if !views.isEmpty {
            lines.append("param(")
            for (index, v) in views.enumerated() {
                let comma = index < views.count - 1 ? "," : ""
                lines.append("    [Parameter(Mandatory = $true)][string]$\(variable(for: v))\(comma)")
            }
            lines.append(")")
        }
        lines.append("$ErrorActionPreference = 'Continue'")
        for v in views {
            lines.append("")
            lines.append(
                "# ==================== \(v.rawValue) view (\(v == .external ? "public" : "internal") DNS) ===================="
            )
            for zone in zones where zone.view == v {
                lines.append("")
                lines.append("# Zone \(zone.name)")
                for record in zone.records {
                    lines.append(
                        powerShellLine(
                            record, zone: zone.name, owner: zone.relativeName(of: record),
                            server: "$" + variable(for: v)))
                }
            }
            let unzoned = DNSZoning.unzoned(records.filter { $0.view == v }, sipDomains: sipDomains)
            if !unzoned.isEmpty {
                lines.append("")
                lines.append("# Single-label names fit no zone; add them to your GlobalNames zone:")
                for record in unzoned {
                    lines.append("#   \(record.name) \(record.type.rawValue) \(record.value ?? "(address needed)")")
                }
            }
        }
        return windowsText(lines)
    }

    static func variable(for view: DNSView) -> String {
        view == .external ? "ExternalDnsServer" : "InternalDnsServer"
    }

    /// A PowerShell single-quoted string literal.
    ///
    /// PowerShell also ends a single-quoted string at the typographic quotes U+2018–U+201B, so
    /// those are doubled like `'`; nothing else (`$`, backquote) is special inside single quotes.
    /// Control characters become U+FFFD (the loader refuses them).
    static func psQuote(_ text: String) -> String {
        var out = "'"
        for ch in UntrustedText.replacingControls(text) {
            if "'\u{2018}\u{2019}\u{201A}\u{201B}".contains(ch) { out.append(ch) }
            out.append(ch)
        }
        return out + "'"
    }

    static func powerShellLine(_ record: DNSRecord, zone: String, owner: String, server: String) -> String {
        let common = "-ComputerName \(server) -ZoneName \(psQuote(zone)) -Name \(psQuote(owner))"
        let purpose = "  # \(record.purpose) (\(record.rule))"
        let value = record.value
        switch record.type {
        case .A, .AAAA:
            let family = record.type == .A ? "A" : "AAAA"
            let parameter = record.type == .A ? "-IPv4Address" : "-IPv6Address"
            guard let value, IPAddress(value) != nil else {
                let field = record.path.map { "fill in \($0)" } ?? "fix the topology address '\(value ?? "")'"
                return "# ADDRESS NEEDED (\(field)): Add-DnsServerResourceRecord\(family) \(common) \(parameter) "
                    + "'<address>'" + purpose
            }
            return "Add-DnsServerResourceRecord\(family) \(common) \(parameter) \(psQuote(value))" + purpose
        case .CNAME:
            guard let value else {
                return "# TARGET NEEDED (fill in \(record.path ?? "the topology")): Add-DnsServerResourceRecordCName "
                    + "\(common) -HostNameAlias '<target>'" + purpose
            }
            return "Add-DnsServerResourceRecordCName \(common) -HostNameAlias \(psQuote(value))" + purpose
        case .SRV:
            return "Add-DnsServerResourceRecord -Srv \(common) -DomainName \(psQuote(value ?? "<target>")) "
                + "-Priority \(record.priority ?? 0) -Weight \(record.weight ?? 0) -Port \(record.port ?? 0)" + purpose
        }
    }
}

extension String {
    /// Replaces every occurrence of `target` (Foundation-free).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
