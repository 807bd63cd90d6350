import PublishingPlanner

extension PlanText {
    static func publishing(_ plan: PublishingPlan) -> String {
        "Publishing rules:\n" + plan.rules.map { "  \($0.publicNames.joined(separator: ", ")) -> \($0.target)" }
            .joined(separator: "\n") + "\n"
    }
}
