import PublishingPlanner

extension PlanText {
    /// The publishing plan, one block per rule: public names, target, ports, path, Host header,
    /// SSL offloading, time-out and notes.
    package static func publishing(_ plan: PublishingPlan) -> String {
        var out = ["Publishing rules (reverse proxy):"]
        if plan.rules.isEmpty { out.append("  (none)") }
        for (i, rule) in plan.rules.enumerated() {
            let scheme = rule.protocol.uppercased()
            var ports = "\(scheme) \(rule.listenPort) -> \(rule.forwardPort)"
            if let listen = rule.httpListenPort, let forward = rule.httpForwardPort {
                ports += ", HTTP \(listen) -> \(forward)"
            }
            out.append("  \(i + 1). \(rule.name) [\(rule.kind.rawValue)]")
            out.append("     public names:  \(rule.publicNames.joined(separator: ", "))")
            out.append(
                "     target:        \(rule.target)\(rule.targetAddress.map { " (\($0))" } ?? " (address not in the topology)")"
            )
            out.append("     listener:      \(ports)")
            out.append("     path:          \(rule.paths.joined(separator: ", "))")
            out.append(
                "     host header:   \(rule.preserveHostHeader ? "original (forwarded unchanged)" : "rewritten")")
            out.append("     SSL offload:   \(rule.sslOffloading ? "yes" : "no (re-encrypted to the server)")")
            let timeoutReason =
                rule.notes.contains(PublishingPlanning.timeoutNote)
                ? " (mobile clients: push notifications time out at 900 s)" : ""
            out.append("     time-out:      \(rule.timeoutSeconds) s\(timeoutReason)")
            for note in rule.notes where note != PublishingPlanning.timeoutNote {
                out.append("     note:          \(note)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
