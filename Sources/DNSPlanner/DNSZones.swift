import TopologyModel

/// The records of one DNS zone in one view: what a zone file or a Windows DNS zone holds.
public struct DNSZone: Sendable, Equatable {
    public var view: DNSView
    /// The zone apex, lower-case, no trailing dot (`contoso.com`).
    public var name: String
    /// Records in plan order; every owner name is the apex or below it.
    public var records: [DNSRecord]

    /// `record`'s owner relative to the apex: `@` for the apex itself, `webext` for `webext.contoso.com`.
    public func relativeName(of record: DNSRecord) -> String {
        if record.name == name { return "@" }
        return String(record.name.dropLast(name.count + 1))
    }
}

/// How planned records are grouped into zones (for zone files and Windows DNS commands).
///
/// A name belongs to the longest SIP domain it lies in (`_sip._tls.contoso.com`,
/// `webext.emea.contoso.com` → `contoso.com`): SIP domains are the zones an administrator already
/// has. A name outside every SIP domain belongs to its parent domain (`lsweb.contoso.net` →
/// `contoso.net`) — unless that parent lies inside another such parent, in which case the
/// shortest one is used (`fe01.site1.contoso.net` goes to `contoso.net` when `contoso.net` is a
/// zone too), and a two-label name whose parent would be a top-level domain is its own zone.
/// Single-label names (an Admin URL `https://admin`) have no zone: they are left out of the zones
/// and listed by `unzoned(_:sipDomains:)`.
///
/// Zones come in view order (external, internal), then SIP domains in topology order, then the
/// other zones alphabetically; records inside a zone keep plan order.
public enum DNSZoning {
    public static func zones(for records: [DNSRecord], sipDomains: [String]) -> [DNSZone] {
        let sip = sipDomains.map(Hostname.normalized)
        var zones: [DNSZone] = []
        for view in DNSView.allCases {
            let inView = records.filter { $0.view == view }
            let candidates = otherZoneCandidates(inView.map(\.name), sipDomains: sip)
            var byZone: [String: [DNSRecord]] = [:]
            for record in inView {
                guard let zone = zoneName(for: record.name, sipDomains: sip, otherZones: candidates) else { continue }
                byZone[zone, default: []].append(record)
            }
            let order = sip.filter { byZone[$0] != nil } + byZone.keys.filter { !sip.contains($0) }.sorted()
            var seen = Set<String>()
            for name in order where seen.insert(name).inserted {
                zones.append(DNSZone(view: view, name: name, records: byZone[name]!))
            }
        }
        return zones
    }

    /// Records that fit no zone (single-label names), in plan order.
    public static func unzoned(_ records: [DNSRecord], sipDomains: [String]) -> [DNSRecord] {
        records.filter { !$0.name.contains(".") }
    }

    /// The zone `name` belongs to among `sipDomains` and the other zones of its view.
    static func zoneName(for name: String, sipDomains: [String], otherZones: [String]) -> String? {
        guard name.contains(".") else { return nil }
        if let sip = sipDomains.filter({ Hostname.isWithin(name, domain: $0) }).max(by: { $0.count < $1.count }) {
            return sip
        }
        return otherZones.filter { Hostname.isWithin(name, domain: $0) }.min(by: { $0.count < $1.count })
    }

    /// Zone apexes for names outside every SIP domain: each name's parent (or the name itself
    /// when its parent is a top-level domain).
    static func otherZoneCandidates(_ names: [String], sipDomains: [String]) -> [String] {
        var result = Set<String>()
        for name in names where name.contains(".") {
            if sipDomains.contains(where: { Hostname.isWithin(name, domain: $0) }) { continue }
            guard let parent = Hostname.parent(of: name) else { continue }
            result.insert(parent.contains(".") ? parent : name)
        }
        return result.sorted()
    }
}
