import LyncSupport
import PublishingPlanner
import TopologyModel

extension Exporter {
    /// The adapter name the `netsh` route commands use unless told otherwise: rename the reverse
    /// proxy's internal adapter to this in Network Connections, or pass its real name.
    public static let defaultInternalAdapterName = "Internal"

    // MARK: hosts

    /// A Windows `hosts` file fragment for the reverse proxy (lync-rules.md §3, §10).
    ///
    /// Lines are `address  name  # reason`. Publishing targets come first; then, in their own
    /// section, the published names an IIS ARR reverse proxy uses as server-farm addresses (RP-RULES
    /// step 2), mapped to their target's internal address — harmless on TMG or nginx, required on
    /// ARR. A name whose address the topology does not know is written as a commented line saying
    /// which address is needed, so the fragment never maps a name to a guess.
    public static func hostsFile(_ plan: HostPlan) -> String {
        var lines = [
            "# Reverse proxy HOSTS entries (lynccert export --to hosts).",
            "# Append to %windir%\\System32\\drivers\\etc\\hosts on the reverse proxy. The reverse proxy resolves",
            "# the internal names of its publishing rules here (or through a perimeter DNS), never through the",
            "# internal DNS (lync-rules.md §3, §10).",
        ]
        let targets = plan.internalNames.filter { $0.use == .target }
        let farms = plan.internalNames.filter { $0.use == .arrServerFarm }
        let width = hostsAddressWidth(plan.internalNames)
        let nameWidth = plan.internalNames.map(\.name.count).max() ?? 0
        func line(_ name: InternalName, reason: String) -> String {
            if let address = name.address {
                return padded(address, width) + "  " + padded(name.name, nameWidth) + "  # " + reason
            }
            let needed =
                name.addressSource.map { "set \($0) in the topology, or " } ?? ""
            return "# " + padded("ADDRESS?", max(width - 2, 0)) + "  " + padded(name.name, nameWidth)
                + "  # address unknown: \(needed)write the internal address (pool HLB VIP or server IP) here"
                + " and remove the leading '# '"
        }
        if targets.isEmpty {
            lines.append("")
            lines.append("# The publishing plan has no rules: nothing to resolve.")
            return windowsText(lines)
        }
        lines.append("")
        lines.append("# Publishing targets: the internal sites of the rules (every reverse proxy).")
        for name in targets {
            lines.append(line(name, reason: "target of \(name.publicNames.joined(separator: ", "))"))
        }
        if !farms.isEmpty {
            lines.append("")
            lines.append(
                "# IIS ARR server farms: each farm's server address is the published name itself, so on an ARR")
            lines.append(
                "# reverse proxy it must resolve to the internal target, not to the proxy (RP-RULES). Not needed")
            lines.append("# for TMG or nginx, and harmless there.")
            for name in farms {
                lines.append(line(name, reason: "IIS ARR farm -> \(name.resolvesLike ?? "?")"))
            }
        }
        return windowsText(lines)
    }

    // MARK: routes

    /// `route -p ADD` commands for every persistent route of the host plan (lync-rules.md §3).
    ///
    /// IPv4: `route -p ADD <network> MASK <netmask> <next hop>`; IPv6: `route -p ADD <prefix> <next hop>`.
    /// Findings about a route (next hop off the internal subnet or on the external side) appear as
    /// `rem WARNING` lines above it; targets no route reaches as `rem MISSING` lines at the end.
    public static func routeCommands(_ plan: HostPlan) -> String {
        var lines = routesHeader(plan, tool: "route -p ADD")
        for route in plan.routes {
            lines += routeWarnings(route, plan: plan)
            if let mask = route.netmask {
                lines.append("route -p ADD \(route.network) MASK \(mask) \(route.via)")
            } else {
                lines.append("route -p ADD \(route.subnet) \(route.via)")
            }
        }
        lines += routesFooter(plan)
        return windowsText(lines)
    }

    /// The same routes as `netsh interface ipv4|ipv6 add route … store=persistent` commands.
    ///
    /// - Parameter adapterName: the Windows name of the internal adapter (default
    ///   `defaultInternalAdapterName`, "Internal"); double quotes are removed from it.
    public static func netshRouteCommands(_ plan: HostPlan, adapterName: String = defaultInternalAdapterName)
        -> String
    {
        let adapter = adapterName.filter { $0 != "\"" }
        var lines = routesHeader(plan, tool: "netsh")
        lines.append("rem Internal adapter name: \"\(adapter)\" (rename the adapter or pass --adapter-name).")
        for route in plan.routes {
            lines += routeWarnings(route, plan: plan)
            lines.append(
                "netsh interface \(route.isIPv6 ? "ipv6" : "ipv4") add route \(route.subnet) \"\(adapter)\" "
                    + "\(route.via) store=persistent")
        }
        lines += routesFooter(plan)
        return windowsText(lines)
    }

    /// `routes.cmd` (route -p ADD) and `routes-netsh.cmd` (netsh), for `--out DIR`.
    public static func routeFiles(_ plan: HostPlan, adapterName: String = defaultInternalAdapterName)
        -> [ExportedFile]
    {
        [
            ExportedFile(path: "routes.cmd", contents: routeCommands(plan)),
            ExportedFile(path: "routes-netsh.cmd", contents: netshRouteCommands(plan, adapterName: adapterName)),
        ]
    }

    // MARK: firewall

    /// The firewall rules as CSV (RFC 4180, CRLF, header row): one row per rule.
    public static func firewallCSV(_ plan: HostPlan) -> String {
        let header = [
            "Name", "Direction", "Adapter", "Source", "Destination", "DestinationNames", "Protocol", "Port",
            "AddressesKnown", "Reason",
        ]
        var rows = [header.map(csvField).joined(separator: ",")]
        for rule in plan.firewallRules {
            let fields = [
                rule.name, rule.direction == .inbound ? "Inbound" : "Outbound",
                rule.adapter == .external ? "External" : "Internal", rule.source, rule.destination,
                rule.destinationNames.joined(separator: " "), rule.protocol, String(rule.port),
                rule.addressesKnown ? "yes" : "no", rule.reason,
            ]
            rows.append(fields.map(csvField).joined(separator: ","))
        }
        return windowsText(rows)
    }

    /// `New-NetFirewallRule` commands for a Windows-based reverse proxy (IIS ARR or TMG host).
    ///
    /// Inbound rules open the listener port on the external address (`-LocalAddress`) from Any;
    /// outbound rules allow the internal adapter (`-LocalAddress`) to each target's address and forward
    /// port (`-RemoteAddress`, `-RemotePort`). A rule whose addresses are unknown is written commented
    /// out, with what is needed. Every rule is in the group "Lync reverse proxy", so
    /// `Remove-NetFirewallRule -Group 'Lync reverse proxy'` undoes the script.
    public static func firewallPowerShell(_ plan: HostPlan) -> String {
        var lines = [
            "# Windows Firewall rules for the Lync reverse proxy (lynccert export --to firewall).",
            "# Run in an elevated PowerShell on the reverse proxy. Ports: lync-rules.md §9 — nothing else is needed.",
            "# Undo with: Remove-NetFirewallRule -Group '\(firewallGroup)'",
        ]
        for rule in plan.firewallRules {
            lines.append("")
            lines.append("# \(rule.reason)")
            var command =
                "New-NetFirewallRule -DisplayName \(psQuote(rule.name)) -Group \(psQuote(firewallGroup)) "
                + "-Direction \(rule.direction == .inbound ? "Inbound" : "Outbound") -Protocol \(rule.protocol)"
            var missing: [String] = []
            switch rule.direction {
            case .inbound:
                command += " -LocalPort \(rule.port) -RemoteAddress Any"
                if rule.addressesKnown {
                    command += " -LocalAddress \(rule.destination)"
                } else {
                    command += " -LocalAddress <external-address>"
                    missing.append("the reverse proxy's external address (reverseProxy.externalAddress)")
                }
            case .outbound:
                command += " -RemotePort \(rule.port)"
                if IPAddress.isValid(rule.destination) {
                    command += " -RemoteAddress \(rule.destination)"
                } else {
                    command += " -RemoteAddress <address-of-\(rule.destination)>"
                    missing.append("the internal address of \(rule.destination)")
                }
                if IPAddress.isValid(rule.source) {
                    command += " -LocalAddress \(rule.source)"
                } else {
                    command += " -LocalAddress <internal-address>"
                    missing.append("the reverse proxy's internal address (reverseProxy.internalAddress)")
                }
            }
            command += " -Action Allow"
            if missing.isEmpty {
                lines.append(command)
            } else {
                lines.append(
                    "# ADDRESS NEEDED: \(missing.joined(separator: "; ")); replace the <placeholder> and uncomment:")
                lines.append("# " + command)
            }
        }
        return windowsText(lines)
    }

    /// `firewall.csv` and `firewall.ps1`, for `--out DIR`.
    public static func firewallFiles(_ plan: HostPlan) -> [ExportedFile] {
        [
            ExportedFile(path: "firewall.csv", contents: firewallCSV(plan)),
            ExportedFile(path: "firewall.ps1", contents: firewallPowerShell(plan)),
        ]
    }

    /// The Windows Firewall rule group of `firewallPowerShell`.
    public static let firewallGroup = "Lync reverse proxy"

    // MARK: Helpers

    static func routesHeader(_ plan: HostPlan, tool: String) -> [String] {
        var lines = [
            "@echo off",
            "rem Persistent routes for the reverse proxy's internal adapter (lynccert export --to routes, \(tool)).",
            "rem Run in an elevated command prompt on the reverse proxy (lync-rules.md §3, RP-NIC).",
        ]
        let external =
            plan.externalAdapter.gateway.map { "the external adapter only (\($0))" } ?? "the external adapter only"
        lines.append("rem Default gateway: \(external); none on the internal adapter.")
        if let gateway = plan.internalAdapter.gateway {
            lines.append(
                "rem WARNING: the internal adapter has a gateway (\(gateway)): remove it before adding routes.")
        }
        if let address = plan.internalAdapter.address {
            let subnet = plan.internalAdapter.subnet.map { ", subnet \($0)" } ?? ""
            lines.append("rem Internal adapter: \(address)\(subnet).")
        }
        if plan.routes.isEmpty {
            lines.append("rem The topology lists no routes (reverseProxy.internalRoutes): add one per server subnet.")
        }
        return lines
    }

    static func routeWarnings(_ route: HostRoute, plan: HostPlan) -> [String] {
        var lines = route.warnings.map { "rem WARNING \($0)" }
        let reaches =
            route.reaches.isEmpty ? "no publishing target known to lie here" : route.reaches.joined(separator: ", ")
        lines.append("rem \(route.subnet) via \(route.via): \(reaches)")
        return lines
    }

    static func routesFooter(_ plan: HostPlan) -> [String] {
        plan.findings.filter {
            $0.code == FindingCode.targetNotRouted.code || $0.code == FindingCode.targetRouteUnknown.code
        }.map {
            "rem MISSING \($0.code): \($0.message)"
        }
    }

    /// Lines for Windows tools: CRLF line ends and ASCII only. Windows PowerShell 5.1 reads a `.ps1`
    /// without a byte-order mark as the ANSI code page, `cmd.exe` reads `.cmd` files in the OEM code
    /// page, and Excel opens a CSV without a BOM as ANSI, so `§`, `→` and `—` become `sec.`, `->`, `-`.
    static func windowsText(_ lines: [String]) -> String {
        let text = lines.joined(separator: "\r\n") + "\r\n"
        var ascii = ""
        for character in text {
            switch character {
            case "§": ascii += "sec. "
            case "→": ascii += "->"
            case "—", "–": ascii += "-"
            default: ascii += character.isASCII ? String(character) : "?"
            }
        }
        return ascii
    }

    static func hostsAddressWidth(_ names: [InternalName]) -> Int {
        max(names.compactMap(\.address).map(\.count).max() ?? 0, "# ADDRESS?".count)
    }

}
