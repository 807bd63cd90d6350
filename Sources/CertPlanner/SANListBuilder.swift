import TopologyModel

/// What kind of name a SAN entry is, which decides whether a wildcard policy may replace it.
enum NameKind: Sendable, Equatable {
    /// A name that always stays explicit: subjects, web services FQDNs, Edge names, OWAS.
    case fixed
    /// A simple URL host (Meet, Dial-in, Admin): replaceable under `simpleUrls`.
    case simpleUrl
    /// `lyncdiscover.<d>` / `lyncdiscoverinternal.<d>`: replaceable under `simpleUrlsAndAutodiscover`.
    case autodiscover
}

/// A name with why it is needed, normalised once and reusable across certificates.
///
/// The planner builds the per-SIP-domain seeds once (`PlanningContext`) and every pool's
/// certificates share them, so a 1,000-domain topology does not rebuild 1,000 strings per pool.
struct NameSeed: Sendable {
    /// Lower-cased, without trailing dot.
    let name: String
    let kind: NameKind
    let reasons: [String]
    let paths: [String]
    /// Why the name is not a valid host name (lync-rules.md §8.6), checked once when prepared.
    let problem: String?

    init(_ name: String, kind: NameKind, reason: String, path: String?) {
        self.name = Hostname.normalized(name)
        self.kind = kind
        reasons = [reason]
        paths = path.map { [$0] } ?? []
        problem = self.name.isEmpty ? nil : Hostname.syntaxProblem(self.name, allowWildcard: true)
    }
}

/// A planned name that is not a valid host name (lync-rules.md §8.6).
struct InvalidName {
    let name: String
    let problem: String
    let path: String?
}

/// One planned certificate with what its builder noticed on the way.
struct CertificateDraft {
    var certificate: PlannedCertificate
    /// Names the wildcard policy wanted to replace but RFC 6125 does not allow (`*.<tld>`).
    var refusedWildcards: [String] = []
    var invalidNames: [InvalidName] = []
}

/// Collects the names of one certificate in canonical order, merging duplicates.
///
/// Names are compared after `Hostname.normalized` (case-insensitive, trailing dot dropped); a name
/// added twice keeps its first position and gathers the reasons and paths of both. A name that is
/// `fixed` by any of its reasons is never replaced by a wildcard. Every step is a dictionary or
/// set operation (a name's own reasons and paths are scanned while few, and hashed once they are
/// many), so building a list of n names costs O(n).
struct SANListBuilder {
    private struct Entry {
        var name: String
        var reasons: [String]
        var paths: [String]
        var replaceable: NameKind?
        var reasonSet: Set<String>?
        var pathSet: Set<String>?
    }

    private var entries: [Entry] = []
    private var index: [String: Int] = [:]
    /// Names on this list that are not valid host names.
    private(set) var invalidNames: [InvalidName] = []

    init(capacity: Int = 0) {
        entries.reserveCapacity(capacity)
        index.reserveCapacity(capacity)
    }

    /// Adds `name` (normalised) with why it is needed; empty names are ignored.
    mutating func add(_ name: String, kind: NameKind, reason: String, path: String?) {
        add(NameSeed(name, kind: kind, reason: reason, path: path))
    }

    /// Adds a prepared name; empty names are ignored.
    mutating func add(_ seed: NameSeed) {
        guard !seed.name.isEmpty else { return }
        guard let i = index[seed.name] else {
            if let problem = seed.problem {
                invalidNames.append(InvalidName(name: seed.name, problem: problem, path: seed.paths.first))
            }
            index[seed.name] = entries.count
            entries.append(
                Entry(
                    name: seed.name, reasons: seed.reasons, paths: seed.paths,
                    replaceable: seed.kind == .fixed ? nil : seed.kind))
            return
        }
        var entry = entries[i]
        entries[i] = Entry(name: "", reasons: [], paths: [])  // keep the arrays uniquely referenced
        for reason in seed.reasons { Self.appendUnique(reason, to: &entry.reasons, set: &entry.reasonSet) }
        for path in seed.paths { Self.appendUnique(path, to: &entry.paths, set: &entry.pathSet) }
        if seed.kind == .fixed || entry.replaceable != seed.kind { entry.replaceable = nil }
        entries[i] = entry
    }

    /// Appends `value` unless present: a scan while the list is short, a hash set once it is long.
    private static func appendUnique(_ value: String, to list: inout [String], set: inout Set<String>?) {
        if set == nil {
            if list.contains(value) { return }
            list.append(value)
            if list.count > 8 { set = Set(list) }
            return
        }
        if set!.insert(value).inserted { list.append(value) }
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

    /// The explicit names in canonical order: what an audit must find covered.
    var requiredNames: [String] { entries.map(\.name) }

    /// The SAN list after applying `policy`: replaceable names become `*.<parent>` entries placed
    /// after every explicit name, one per parent domain, in the order their first name appeared.
    ///
    /// A wildcard needs at least two labels after it (RFC 6125 §6.4.3), so a name whose parent is
    /// a single label stays explicit and is reported in `refused`.
    func build(policy: WildcardPolicy, wildcardReason: String) -> (names: [PlannedName], refused: [String]) {
        var explicit: [PlannedName] = []
        explicit.reserveCapacity(entries.count)
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
        explicit.append(contentsOf: wildcards)
        return (explicit, refused)
    }
}
