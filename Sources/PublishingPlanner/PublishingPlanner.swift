import Topology

/// Derives the reverse-proxy publishing rules from a topology (lync-rules.md §1, §10). Pure.
public enum PublishingPlanner {
    public static func plan(_ topology: Topology) -> PublishingPlan {
        PublishingPlan(rules: [], findings: [])
    }
}
