import DNSPlanner
import Topology

extension Exports {
    /// Zone-file settings: the `$TTL` and the placeholder SOA serial.
    public struct BindZoneOptions: Sendable, Equatable {
        public var ttl: Int
        public var serial: Int

        public init(ttl: Int = 3600, serial: Int = 1) {
            self.ttl = ttl
            self.serial = serial
        }
    }

    /// RFC 1035 master files, one per zone and view (`external/contoso.com.zone`), for BIND, NSD
    /// or any server that reads the format.
    ///
    /// Each file starts with `$ORIGIN <zone>.` and `$TTL`, then a placeholder SOA and NS
    /// (`ns1.<zone>.`, `hostmaster.<zone>.`) so the file loads on its own (`nsd-checkzone <zone>
    /// <file>` accepts it); a comment tells the administrator to merge the records into the real
    /// zone rather than replace it. A record whose address or target the topology does not give is
    /// written as a comment naming the topology field to fill in. Zones are grouped as
    /// `DNSZoning` documents.
    ///
    /// - Parameters:
    ///   - plan: the DNS plan.
    ///   - sipDomains: the topology's SIP domains (they decide the zones).
    ///   - view: only this view; `nil` for both.
    public static func bindZoneFiles(
        _ plan: DNSPlan, sipDomains: [String], view: DNSView? = nil, options: BindZoneOptions = BindZoneOptions()
    ) -> [ExportedFile] {
        let records = plan.records.filter { view == nil || $0.view == view }
        let zones = DNSZoning.zones(for: records, sipDomains: sipDomains)
        var files: [ExportedFile] = []
        for zone in zones {
            // Single-label names are listed once per view, in that view's first zone file.
            let isFirstOfView = zones.first { $0.view == zone.view }?.name == zone.name
            let unzoned =
                isFirstOfView ? DNSZoning.unzoned(records.filter { $0.view == zone.view }, sipDomains: sipDomains) : []
            files.append(
                ExportedFile(
                    path: "\(zone.view.rawValue)/\(zone.name).zone",
                    contents: bindZoneFile(zone, unzoned: unzoned, options: options)))
        }
        return files
    }

    /// One zone's master file.
    public static func bindZoneFile(
        _ zone: DNSZone, unzoned: [DNSRecord] = [], options: BindZoneOptions = BindZoneOptions()
    ) -> String {
        let apex = zone.name + "."
        var lines: [String] = [
            "; lynccert: \(zone.view.rawValue) DNS records for zone \(zone.name) (Lync Server 2013 / Skype for Business,",
            "; lync-rules.md §8). The SOA and NS records are placeholders (ns1.\(apex)) so this file loads on its",
            "; own; merge the records below into your real \(zone.view.rawValue) zone instead of replacing it.",
            "$ORIGIN \(apex)",
            "$TTL \(options.ttl)",
            "@ IN SOA ns1.\(apex) hostmaster.\(apex) ( \(options.serial) 3600 900 1209600 \(options.ttl) )",
            "@ IN NS ns1.\(apex)",
            "",
        ]
        let owners = zone.records.map { zone.relativeName(of: $0) }
        let width = max(owners.map(\.count).max() ?? 0, 1) + 1
        for (record, owner) in zip(zone.records, owners) {
            lines.append(bindLine(record, owner: owner, width: width))
        }
        if !unzoned.isEmpty {
            lines.append("")
            lines.append("; Single-label names fit no zone; resolve them another way (GlobalNames zone, WINS):")
            for record in unzoned {
                lines.append(
                    "; \(record.name) \(record.type.rawValue) \(record.value ?? "(address needed)") ; \(record.purpose)"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One record in presentation format, or a comment when it cannot be written yet.
    static func bindLine(_ record: DNSRecord, owner: String, width: Int) -> String {
        let comment = "; \(record.purpose) (\(record.rule))"
        let head = padded(owner, width) + "IN " + padded(record.type.rawValue, 6)
        guard let value = record.value else {
            let field = record.path.map { "fill in \($0)" } ?? "not in the topology"
            return "; " + head + "<\(record.type == .CNAME ? "target" : "address")> ; address needed: \(field) — "
                + record.purpose
        }
        switch record.type {
        case .A, .AAAA:
            guard IPAddress(value) != nil else {
                return "; " + head + value + " ; not an IP address, fix the topology — " + record.purpose
            }
            return head + value + " " + comment
        case .CNAME:
            return head + value + ". " + comment
        case .SRV:
            return head + "\(record.priority ?? 0) \(record.weight ?? 0) \(record.port ?? 0) \(value). " + comment
        }
    }
}
