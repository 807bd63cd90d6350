import Topology

/// What kind of name a SAN entry is, which decides whether a wildcard policy may replace it.
enum NameKind: Sendable, Equatable {
    /// A name that always stays explicit: subjects, web services FQDNs, Edge names, OWAS.
    case fixed
    /// A simple URL host (Meet, Dial-in, Admin): replaceable under `simpleUrls`.
    case simpleUrl
    /// `lyncdiscover.<d>` / `lyncdiscoverinternal.<d>`: replaceable under `simpleUrlsAndAutodiscover`.
    case autodiscover
}

/// Collects the names of one certificate in canonical order, merging duplicates.
///
/// Names are compared after `Hostname.normalized` (case-insensitive, trailing dot dropped); a name
/// added twice keeps its first position and gathers the reasons and paths of both. A name that is
/// `fixed` by any of its reasons is never replaced by a wildcard. Every step is a dictionary or
/// set operation, so building a list of n names costs O(n).
struct SANListBuilder {
    private struct Entry {
        var name: String
        var reasons: [String]
        var paths: [String]
        var replaceable: NameKind?
    }

    private var entries: [Entry] = []
    private var index: [String: Int] = [:]
    private var reasonSets: [Set<String>] = []
    private var pathSets: [Set<String>] = []

    /// Adds `name` (normalised) with why it is needed; empty names are ignored.
    mutating func add(_ name: String, kind: NameKind, reason: String, path: String?) {
        let normalized = Hostname.normalized(name)
        guard !normalized.isEmpty else { return }
        if let i = index[normalized] {
            if reasonSets[i].insert(reason).inserted { entries[i].reasons.append(reason) }
            if let path, pathSets[i].insert(path).inserted { entries[i].paths.append(path) }
            if kind == .fixed || entries[i].replaceable != kind { entries[i].replaceable = nil }
            return
        }
        index[normalized] = entries.count
        entries.append(
            Entry(
                name: normalized, reasons: [reason], paths: path.map { [$0] } ?? [],
                replaceable: kind == .fixed ? nil : kind))
        reasonSets.append([reason])
        pathSets.append(path.map { [$0] } ?? [])
    }

    /// The reason given to a wildcard entry under `policy`.
    static func wildcardReason(_ policy: WildcardPolicy) -> String {
        switch policy {
        case .none: "wildcard"
        case .simpleUrls: "wildcard for simple URLs (certificates.wildcard: simpleUrls)"
        case .simpleUrlsAndAutodiscover:
            "wildcard for simple URLs and autodiscover (certificates.wildcard: simpleUrlsAndAutodiscover)"
        }
    }

    /// Whether `name` is already on the list.
    func contains(_ name: String) -> Bool { index[Hostname.normalized(name)] != nil }

    /// The explicit names in canonical order: what an audit must find covered.
    var requiredNames: [String] { entries.map(\.name) }

    /// The SAN list after applying `policy`: replaceable names become `*.<parent>` entries placed
    /// after every explicit name, one per parent domain, in the order their first name appeared.
    ///
    /// A wildcard needs at least two labels after it (RFC 6125 §6.4.3), so a name whose parent is
    /// a single label stays explicit and is reported in `refused`.
    func build(policy: WildcardPolicy, wildcardReason: String) -> (names: [PlannedName], refused: [String]) {
        var explicit: [PlannedName] = []
        var groups: [String: Int] = [:]
        var wildcards: [PlannedName] = []
        var wildcardPaths: [Set<String>] = []
        var refused: [String] = []
        for entry in entries {
            let eligible: Bool
            switch (entry.replaceable, policy) {
            case (.simpleUrl, .simpleUrls), (.simpleUrl, .simpleUrlsAndAutodiscover),
                (.autodiscover, .simpleUrlsAndAutodiscover):
                eligible = true
            default:
                eligible = false
            }
            guard eligible, let parent = Hostname.parent(of: entry.name), parent.contains(".") else {
                if eligible { refused.append(entry.name) }
                explicit.append(PlannedName(name: entry.name, reasons: entry.reasons, paths: entry.paths))
                continue
            }
            if let g = groups[parent] {
                wildcards[g].replaces.append(entry.name)
                for path in entry.paths where wildcardPaths[g].insert(path).inserted { wildcards[g].paths.append(path) }
            } else {
                groups[parent] = wildcards.count
                wildcardPaths.append(Set(entry.paths))
                wildcards.append(
                    PlannedName(
                        name: "*." + parent, reasons: [wildcardReason], paths: entry.paths, replaces: [entry.name]))
            }
        }
        return (explicit + wildcards, refused)
    }
}
