import DNSPlanner
import LyncSupport
import TopologyModel

extension Exporter {
    /// A name server for the zone files' apex NS records, with the addresses written as glue when
    /// the name lies inside the zone.
    public struct BindNameServer: Sendable, Equatable {
        public var name: String
        public var addresses: [IPAddress]

        public init(name: String, addresses: [IPAddress] = []) {
            self.name = Hostname.normalized(name)
            self.addresses = addresses
        }

        /// Parses `NAME` or `NAME=ADDR` (IPv4 or IPv6); `nil` when malformed.
        public static func parse(_ text: String) -> BindNameServer? {
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let name = Hostname.normalized(parts[0])
            guard !name.isEmpty, Hostname.syntaxProblem(name) == nil, name.contains(".") else { return nil }
            guard parts.count == 2 else { return BindNameServer(name: name) }
            guard let address = IPAddress(parts[1]) else { return nil }
            return BindNameServer(name: name, addresses: [address])
        }

        /// `--ns` values merged: one entry per name, in first-seen order, addresses in order given.
        public static func merged(_ servers: [BindNameServer]) -> [BindNameServer] {
            var out: [BindNameServer] = []
            for server in servers {
                if let index = out.firstIndex(where: { $0.name == server.name }) {
                    for a in server.addresses where !out[index].addresses.contains(a) { out[index].addresses.append(a) }
                } else {
                    out.append(server)
                }
            }
            return out
        }
    }

    /// The placeholder name server's address when no `--ns` is given: 192.0.2.1 (TEST-NET-1,
    /// RFC 5737), a documentation address that never routes, so a forgotten placeholder is harmless.
    public static let placeholderNameServerAddress = IPAddress("192.0.2.1")!

    /// Zone-file settings: the `$TTL`, the placeholder SOA serial and the apex name servers.
    public struct BindZoneOptions: Sendable, Equatable {
        public var ttl: Int
        public var serial: Int
        /// The apex NS records; empty: `ns1.<zone>.` at `placeholderNameServerAddress`.
        public var nameServers: [BindNameServer]

        public init(ttl: Int = 3600, serial: Int = 1, nameServers: [BindNameServer] = []) {
            self.ttl = ttl
            self.serial = serial
            self.nameServers = nameServers
        }
    }

    /// A name server inside a zone with no address: BIND refuses to load such a zone.
    public struct BindGlueMissing: Error, Equatable {
        public var nameServer: String
        public var zone: String

        public init(nameServer: String, zone: String) {
            self.nameServer = nameServer
            self.zone = zone
        }
    }

    /// Fails when a given name server lies inside one of the zones `bindZoneFiles` would write
    /// but has no address for the glue record BIND requires.
    public static func checkBindGlue(
        _ plan: DNSPlan, sipDomains: [String], view: DNSView? = nil, options: BindZoneOptions
    ) -> BindGlueMissing? {
        let records = plan.records.filter { view == nil || $0.view == view }
        for zone in DNSZoning.zones(for: records, sipDomains: sipDomains) {
            for server in options.nameServers
            where server.addresses.isEmpty && Hostname.isWithin(server.name, domain: zone.name) {
                return BindGlueMissing(nameServer: server.name, zone: zone.name)
            }
        }
        return nil
    }

    /// RFC 1035 master files, one per zone and view (`external/contoso.com.zone`), for BIND, NSD
    /// or any server that reads the format.
    ///
    /// Each file starts with `$ORIGIN <zone>.` and `$TTL`, then an SOA and apex NS records so the
    /// file loads on its own in BIND and NSD (`named-checkzone`, `nsd-checkzone`): the name
    /// servers given (`--ns NAME[=ADDR]`), or a placeholder `ns1.<zone>.` at 192.0.2.1. BIND
    /// refuses a zone whose in-zone name server has no address, so an in-zone name server always
    /// gets its glue A/AAAA record; an out-of-zone one needs none. A comment tells the
    /// administrator to merge the records into the real zone rather than replace it. A record
    /// whose address or target the topology does not give is written as a comment naming the
    /// topology field to fill in. Zones are grouped as `DNSZoning` documents.
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
        let placeholder = options.nameServers.isEmpty
        let servers =
            placeholder
            ? [BindNameServer(name: "ns1." + zone.name, addresses: [placeholderNameServerAddress])]
            : options.nameServers
        var lines: [String] = [
            "; lynccert: \(zone.view.rawValue) DNS records for zone \(zone.name) (Lync Server 2013 / Skype for Business,"
        ]
        if placeholder {
            lines += [
                "; lync-rules.md §8). The SOA and NS records are placeholders (ns1.\(apex) at 192.0.2.1, a",
                "; documentation address; name yours with --ns NAME[=ADDR]) so this file loads on its own;",
            ]
        } else {
            lines += ["; lync-rules.md §8). The SOA and NS records are there so this file loads on its own;"]
        }
        lines += [
            "; merge the records below into your real \(zone.view.rawValue) zone instead of replacing it.",
            "$ORIGIN \(apex)",
            "$TTL \(options.ttl)",
            "@ IN SOA \(servers[0].name). hostmaster.\(apex) ( \(options.serial) 3600 900 1209600 \(options.ttl) )",
        ]
        for server in servers { lines.append("@ IN NS \(server.name).") }
        // Glue: only for names inside this zone (anything else is out-of-zone data to BIND and NSD).
        for server in servers where Hostname.isWithin(server.name, domain: zone.name) {
            let owner = server.name == zone.name ? "@" : String(server.name.dropLast(zone.name.count + 1))
            for address in server.addresses {
                lines.append("\(owner) IN \(address.family == .v4 ? "A" : "AAAA") \(address)")
            }
        }
        lines.append("")
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
