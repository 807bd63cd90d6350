import CertPlanner
import DNSPlanner
import PublishingPlanner
import TopologyModel

/// Artifacts for the tools administrators already use, rendered from the plans. Pure: text in memory.
public enum Exporter {}
