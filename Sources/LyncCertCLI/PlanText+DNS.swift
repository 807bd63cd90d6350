import DNSPlanner

extension PlanText {
    static func dns(_ plan: DNSPlan) -> String {
        "DNS records:\n" + plan.records.map { "  \($0.view.rawValue) \($0.type.rawValue) \($0.name) \($0.value ?? "?")" }
            .joined(separator: "\n") + "\n"
    }
}
