import PublishingPlanner

extension PlanText {
    /// The reverse proxy's own setup: adapters, routes, names to resolve, firewall rules, checks.
    package static func host(_ plan: HostPlan) -> String {
        var lines = ["Reverse proxy host setup:"]

        func adapter(_ a: HostAdapter, _ label: String) -> String {
            var text = "  \(label) adapter: "
            if let address = a.address {
                text += address + (a.prefixLength.map { "/\($0)" } ?? " (prefix length unknown)")
            } else {
                text += "address not given"
            }
            if let subnet = a.subnet { text += ", subnet \(subnet)" }
            if let gateway = a.gateway {
                text += ", default gateway \(gateway)"
            } else {
                text += ", no default gateway"
            }
            return text
        }
        lines.append(adapter(plan.externalAdapter, "External"))
        for extra in plan.externalAdapter.additionalAddresses {
            lines.append("    also \(extra) (Office Web Apps listener)")
        }
        lines.append(adapter(plan.internalAdapter, "Internal"))
        let on = plan.defaultGatewayOn.map(\.rawValue).joined(separator: " and ")
        lines.append("  Default gateway on: \(on.isEmpty ? "no adapter given" : on) (must be: external only)")

        lines.append("  Persistent routes (internal adapter):")
        if plan.routes.isEmpty { lines.append("    none in the topology") }
        for route in plan.routes {
            let reaches = route.reaches.isEmpty ? "no known target" : route.reaches.joined(separator: ", ")
            lines.append("    \(route.subnet) via \(route.via) -> \(reaches)")
        }

        lines.append("  Names to resolve (HOSTS file or perimeter DNS, never the internal DNS):")
        let nameWidth = plan.internalNames.map(\.name.count).max() ?? 0
        let addressWidth = max(plan.internalNames.compactMap(\.address).map(\.count).max() ?? 0, 7)
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        let targets = plan.internalNames.filter { $0.use == .target }
        let farms = plan.internalNames.filter { $0.use == .arrServerFarm }
        if targets.isEmpty { lines.append("    none (no publishing rules)") }
        for name in targets {
            lines.append(
                "    \(pad(name.name, nameWidth))  \(pad(name.address ?? "unknown", addressWidth))  target of "
                    + name.publicNames.joined(separator: ", "))
        }
        if !farms.isEmpty {
            lines.append("    IIS ARR only (server farm address = published name):")
            for name in farms {
                lines.append(
                    "    \(pad(name.name, nameWidth))  \(pad(name.address ?? "unknown", addressWidth))  like "
                        + (name.resolvesLike ?? "?"))
            }
        }

        lines.append("  Firewall (lync-rules.md §9):")
        if plan.firewallRules.isEmpty { lines.append("    none (no publishing rules)") }
        for rule in plan.firewallRules {
            let names = rule.destinationNames.joined(separator: ", ")
            lines.append(
                "    \(pad(rule.direction.rawValue, 8)) \(rule.source) -> \(rule.destination) \(rule.protocol)/\(rule.port)"
                    + (rule.destination == names ? "" : " (\(names))"))
            lines.append("      \(rule.reason)")
        }

        lines.append("  Checks (internal side: each pool's External Web Site certificate):")
        if plan.checks.isEmpty { lines.append("    none (no published pool)") }
        for check in plan.checks {
            lines.append("    check: \(check.command)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
