import Topology

/// Derives the DNS plan from a topology (lync-rules.md §8). Pure.
public enum DNSPlanner {
    public static func plan(_ topology: Topology) -> DNSPlan {
        DNSPlan(records: [], findings: [])
    }
}
