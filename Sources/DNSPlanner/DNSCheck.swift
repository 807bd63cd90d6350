import LyncSupport
import TopologyModel

/// Comparing live DNS with the plan: values in, values out.
///
/// The command layer asks DNS servers the ``DNSCheck/queries(for:view:)`` and hands back what each
/// server said as ``DNSObservation`` values; ``DNSCheck/evaluate(plan:view:observations:)`` judges
/// every planned record of the view. This file never touches the network: it only compares.
///
/// Statuses (DESIGN.md's `dns check` shape):
/// - `ok`: the record is there with the planned value.
/// - `missing`: NXDOMAIN, or the name has no record of that type.
/// - `mismatch`: another address, another CNAME target, another SRV target or port; or an A
///   record where the plan has a CNAME.
/// - `error`: the record could not be checked: time-out, SERVFAIL, REFUSED (after the retries),
///   a malformed answer, a CNAME loop or a chain longer than 8 steps (even when its first step is
///   the planned CNAME: the name never reaches an address).
/// - `warning`: the planned value is there but something needs a look: extra addresses, a
///   CNAME where the plan has an A record (ending at the right address), a `lyncdiscover` CNAME
///   into another domain (§8.2), a private address in the external view, an internal-only name
///   (`lyncdiscoverinternal`, `_sipinternaltls._tcp`) that answers in external DNS (§8.2), or
///   servers that disagree.
///
/// Records whose address the topology does not know (`addressNeeded`) cannot be compared: they
/// are `ok` when the name answers, with `verified: false` and a message saying what was seen
/// (and `missing` when it does not answer at all: the record must exist whatever its value).
/// This keeps DESIGN.md's five statuses while never calling an unchecked value right.
public enum DNSCheck {
    /// What to ask for a planned record.
    ///
    /// A and AAAA records are asked as such. A planned CNAME is asked as an A query: the answer
    /// shows the CNAME (its first step is what the plan fixes) and also reveals an A record
    /// created instead of the CNAME. SRV records are asked as SRV.
    public static func query(for record: DNSRecord) -> DNSCheckQuery {
        switch record.type {
        case .A, .CNAME: DNSCheckQuery(name: record.name, type: .A)
        case .AAAA: DNSCheckQuery(name: record.name, type: .AAAA)
        case .SRV: DNSCheckQuery(name: record.name, type: .SRV)
        }
    }

    /// Every query needed to check `view`, without duplicates, in plan order (internal-only
    /// names probed in the external view come last).
    public static func queries(for plan: DNSPlan, view: DNSView) -> [DNSCheckQuery] {
        var seen = Set<DNSCheckQuery>()
        var result: [DNSCheckQuery] = []
        for record in plan.records(in: view) + internalOnlyProbes(plan, view: view) {
            let q = query(for: record)
            if seen.insert(q).inserted { result.append(q) }
        }
        return result
    }

    /// Internal-only discovery names (`lyncdiscoverinternal.*`, `_sipinternaltls._tcp.*`,
    /// `_sipinternal._tcp.*`) from the internal plan, checked in the external view to make sure
    /// they do not answer there (§8.2: the internal URL must not be reachable from outside).
    public static func internalOnlyProbes(_ plan: DNSPlan, view: DNSView) -> [DNSRecord] {
        guard view == .external else { return [] }
        let externalNames = Set(plan.records(in: .external).map(\.name))
        var seen = Set<DNSCheckQuery>()
        return plan.records(in: .internal).filter { record in
            isInternalOnlyName(record.name) && !externalNames.contains(record.name)
                && seen.insert(query(for: record)).inserted
        }
    }

    /// Whether `name` is a discovery name that belongs only in internal DNS.
    public static func isInternalOnlyName(_ name: String) -> Bool {
        name.hasPrefix("lyncdiscoverinternal.") || name.hasPrefix("_sipinternaltls._tcp.")
            || name.hasPrefix("_sipinternal._tcp.")
    }

    /// Judges every planned record of `view` (and the internal-only probes in the external view)
    /// against what the servers said.
    /// - Parameter observations: for each query, one observation per server asked, in the order
    ///   the servers were given.
    public static func evaluate(plan: DNSPlan, view: DNSView, observations: [DNSCheckQuery: [DNSObservation]])
        -> DNSCheckReport
    {
        let planned = plan.records(in: view)
        var groups: [DNSCheckQuery: [DNSRecord]] = [:]
        for record in planned { groups[query(for: record), default: []].append(record) }
        var results: [DNSCheckResult] = []
        for record in planned {
            let q = query(for: record)
            let judgments = (observations[q] ?? []).map {
                judge(record, plannedGroup: groups[q] ?? [record], view: view, observation: $0)
            }
            results.append(combine(record: record, view: view, expected: expectedText(record), judgments: judgments))
        }
        for probe in internalOnlyProbes(plan, view: view) {
            let judgments = (observations[query(for: probe)] ?? []).map { judgeProbe(probe, observation: $0) }
            var row = combine(
                record: probe, view: view, expected: "(no record in external DNS)", judgments: judgments)
            row.verified = true
            results.append(row)
        }
        return DNSCheckReport(results: results)
    }

    // MARK: Judging one server's answer

    static func judge(_ record: DNSRecord, plannedGroup: [DNSRecord], view: DNSView, observation: DNSObservation)
        -> DNSServerJudgment
    {
        let chain = observation.cnameChain
        let finals = observation.records.filter { $0.type != .CNAME }
        let shown = observation.shown
        func result(_ status: DNSCheckStatus, _ message: String, verified: Bool = true) -> DNSServerJudgment {
            DNSServerJudgment(
                server: observation.server, status: status, observed: shown, message: message, verified: verified)
        }
        if chain.isEmpty && finals.isEmpty {
            if let failure = observation.failure { return result(.error, failure.message) }
            return result(
                .missing,
                observation.nxdomain
                    ? "\(record.name) does not exist (NXDOMAIN)"
                    : "\(record.name) has no \(record.type == .CNAME ? "CNAME or A" : record.type.rawValue) record")
        }

        // A loop or an over-long chain never reaches an address, whatever its first steps are:
        // clients fail on it, so it is an error even when the first CNAME is the planned one.
        if let failure = observation.failure, failure.kind == .cnameChain || failure.kind == .malformed {
            let via = chain.isEmpty ? "" : "CNAME to \(chain.joined(separator: " → ")): "
            return result(.error, via + failure.message)
        }

        var warnings: [String] = []
        // The plan has no value to compare with: say what answered, unverified.
        func notCompared(_ missing: String, seen: [String]) -> DNSServerJudgment {
            let path = record.path.map { " (\($0))" } ?? ""
            let message = "not compared: the topology has no \(missing)\(path); seen \(seen.joined(separator: ", "))"
            return result(
                warnings.isEmpty ? .ok : .warning, ([message] + warnings).joined(separator: "; "), verified: false)
        }
        let addresses = finals.filter { $0.type == .A || $0.type == .AAAA }.map(\.value)
        if view == .external {
            let privateOnes = addresses.filter { IPAddress($0)?.isPrivate ?? false }
            if !privateOnes.isEmpty {
                warnings.append(
                    "private address\(privateOnes.count == 1 ? "" : "es") \(privateOnes.joined(separator: ", ")) in external DNS"
                )
            }
        }
        if let first = chain.first, let domain = lyncdiscoverDomain(record.name), !isWithin(first, domain) {
            warnings.append(
                "lyncdiscover CNAME into another domain (\(first)): mobile clients refuse it over HTTPS unless the HTTP (port 80) autodiscover rule is published (§8.2)"
            )
        }

        switch record.type {
        case .A, .AAAA:
            guard !addresses.isEmpty else {
                if let failure = observation.failure {
                    return result(
                        .warning,
                        "CNAME to \(chain.joined(separator: " → ")); its address could not be resolved: \(failure.message)"
                    )
                }
                return result(
                    .mismatch, "CNAME to \(chain.joined(separator: " → ")), which has no \(record.type.rawValue) record"
                )
            }
            guard let expected = record.value, !record.addressNeeded else {
                return notCompared("an address for this record", seen: addresses)
            }
            guard addresses.contains(where: { sameAddress($0, expected) }) else {
                return result(
                    .mismatch,
                    (["expected \(expected), seen \(addresses.joined(separator: ", "))"]
                        + (chain.isEmpty ? [] : ["via CNAME \(chain.joined(separator: " → "))"])).joined(
                            separator: "; "))
            }
            let plannedValues = plannedGroup.compactMap(\.value)
            let extras = addresses.filter { a in !plannedValues.contains(where: { sameAddress($0, a) }) }
            if !extras.isEmpty {
                warnings.insert("extra addresses not in the plan: \(extras.joined(separator: ", "))", at: 0)
            }
            if !chain.isEmpty {
                warnings.insert(
                    "a CNAME (\(chain.joined(separator: " → "))) where the plan has an \(record.type.rawValue) record; it ends at the planned address",
                    at: 0)
            }
            return warnings.isEmpty ? result(.ok, "") : result(.warning, warnings.joined(separator: "; "))

        case .CNAME:
            guard let expected = record.value, !record.addressNeeded else {
                return notCompared("a target for this CNAME", seen: shown)
            }
            guard let first = chain.first else {
                return result(
                    .mismatch,
                    "an address record (\(addresses.joined(separator: ", "))) instead of a CNAME to \(expected)")
            }
            guard first == expected else { return result(.mismatch, "CNAME to \(first), expected \(expected)") }
            return warnings.isEmpty ? result(.ok, "") : result(.warning, warnings.joined(separator: "; "))

        case .SRV:
            let services = finals.filter { $0.type == .SRV }
            let expected = record.value ?? ""
            guard !services.isEmpty else {
                return result(.missing, "\(record.name) has no SRV record")
            }
            // What DNS answers may leave the SRV's domain even though the plan never does.
            if let domain = signInSRVDomain(record.name) {
                let outside = services.map(\.value).filter { !isWithin($0, domain) }
                if !outside.isEmpty {
                    warnings.append(
                        "target \(outside.joined(separator: ", ")) is outside \(domain): Lync clients with strict DNS naming refuse it (srv-target-other-domain, §8.3, Gg398758)"
                    )
                }
            }
            guard let match = services.first(where: { $0.value == expected && $0.port == record.port }) else {
                if let sameTarget = services.first(where: { $0.value == expected }) {
                    return result(
                        .mismatch,
                        "port \(sameTarget.port.map(String.init) ?? "?"), expected \(record.port.map(String.init) ?? "?")"
                    )
                }
                return result(
                    .mismatch,
                    (["target \(services.map(\.value).joined(separator: ", ")), expected \(expected)"] + warnings)
                        .joined(separator: "; "))
            }
            if let p = record.priority, let w = record.weight, match.priority != p || match.weight != w {
                warnings.append(
                    "priority \(match.priority ?? 0) weight \(match.weight ?? 0), planned \(p) \(w)")
            }
            let extras = services.filter { s in
                !plannedGroup.contains { $0.value == s.value && $0.port == s.port }
            }
            if !extras.isEmpty {
                warnings.append("extra SRV records not in the plan: \(extras.map(\.shown).joined(separator: ", "))")
            }
            return warnings.isEmpty ? result(.ok, "") : result(.warning, warnings.joined(separator: "; "))
        }
    }

    static func judgeProbe(_ probe: DNSRecord, observation: DNSObservation) -> DNSServerJudgment {
        let shown = observation.shown
        func result(_ status: DNSCheckStatus, _ message: String) -> DNSServerJudgment {
            DNSServerJudgment(
                server: observation.server, status: status, observed: shown, message: message, verified: true)
        }
        if observation.records.isEmpty {
            if let failure = observation.failure { return result(.error, failure.message) }
            return result(.ok, "not in external DNS, as it should be")
        }
        return result(
            .warning,
            "\(probe.name) answers in external DNS: internal discovery names must exist only in internal DNS (§8.2)")
    }

    // MARK: Several servers

    static func combine(record: DNSRecord, view: DNSView, expected: String, judgments: [DNSServerJudgment])
        -> DNSCheckResult
    {
        guard !judgments.isEmpty else {
            return DNSCheckResult(
                view: view, type: record.type, name: record.name, expected: expected, observed: [], status: .error,
                message: "no server was asked", verified: false, servers: [], disagreement: false,
                purpose: record.purpose)
        }
        var status = judgments.map(\.status).max(by: { $0.rank < $1.rank })!
        var observed: [String] = []
        for j in judgments { for o in j.observed where !observed.contains(o) { observed.append(o) } }
        var message: String
        if Set(judgments.map(\.message)).count == 1 {
            message = judgments[0].message
        } else {
            message = judgments.filter { !$0.message.isEmpty }.map { "\($0.server): \($0.message)" }
                .joined(separator: "; ")
        }
        // Servers that answered (not time-outs or failures) but with different data.
        let answered = judgments.filter { $0.status != .error }
        let disagreement = Set(answered.map { Set($0.observed) }).count > 1
        if disagreement {
            let views = answered.map {
                "\($0.server) says \($0.observed.isEmpty ? "nothing" : $0.observed.joined(separator: ", "))"
            }
            let note =
                "servers disagree: \(views.joined(separator: "; ")) (a resolver may still cache an old answer, or a secondary is stale)"
            message = message.isEmpty ? note : message + "; " + note
            if status == .ok { status = .warning }
        }
        return DNSCheckResult(
            view: view, type: record.type, name: record.name, expected: expected, observed: observed, status: status,
            message: message, verified: judgments.allSatisfy(\.verified), servers: judgments,
            disagreement: disagreement, purpose: record.purpose)
    }

    // MARK: Helpers

    /// How a planned record's value is written in the report.
    public static func expectedText(_ record: DNSRecord) -> String {
        guard let value = record.value, !record.addressNeeded else {
            return "(address needed\(record.path.map { ": \($0)" } ?? ""))"
        }
        if record.type == .SRV {
            return "\(record.priority ?? 0) \(record.weight ?? 0) \(record.port ?? 0) \(value)"
        }
        return value
    }

    /// `contoso.com` for `_sip._tls.contoso.com` / `_sipinternaltls._tcp.contoso.com` (client
    /// sign-in SRV records, whose target must lie in their own domain), else nil.
    static func signInSRVDomain(_ name: String) -> String? {
        for prefix in ["_sip._tls.", "_sipinternaltls._tcp."] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return nil
    }

    /// `contoso.com` for `lyncdiscover.contoso.com`, else nil.
    static func lyncdiscoverDomain(_ name: String) -> String? {
        name.hasPrefix("lyncdiscover.") ? String(name.dropFirst("lyncdiscover.".count)) : nil
    }

    static func isWithin(_ name: String, _ domain: String) -> Bool { Hostname.isWithin(name, domain: domain) }

    /// The same address however it is written (`2001:DB8::1` and `2001:db8:0::1`).
    static func sameAddress(_ a: String, _ b: String) -> Bool {
        a == b || (IPAddress(a).map { $0 == IPAddress(b) } ?? false)
    }
}

/// A question the check needs answered: a name and the type to ask.
public struct DNSCheckQuery: Sendable, Hashable {
    public var name: String
    public var type: DNSRecordType

    public init(name: String, type: DNSRecordType) {
        self.name = name
        self.type = type
    }
}

/// A record seen in a live answer (already decoded by the resolver).
public struct DNSObservedRecord: Sendable, Hashable {
    public var type: DNSRecordType
    /// Owner name, lower-case, no trailing dot.
    public var name: String
    /// The address (A/AAAA) or target name (CNAME, SRV).
    public var value: String
    public var port: Int?
    public var priority: Int?
    public var weight: Int?

    public init(
        type: DNSRecordType, name: String, value: String, port: Int? = nil, priority: Int? = nil, weight: Int? = nil
    ) {
        self.type = type
        self.name = name
        self.value = value
        self.port = port
        self.priority = priority
        self.weight = weight
    }

    /// `CNAME target`, `192.0.2.1`, `0 0 443 sip.contoso.com`.
    public var shown: String {
        switch type {
        case .A, .AAAA: value
        case .CNAME: "CNAME \(value)"
        case .SRV: "\(priority ?? 0) \(weight ?? 0) \(port ?? 0) \(value)"
        }
    }
}

/// What one server said about one query.
public struct DNSObservation: Sendable, Equatable {
    /// Why a server gave no usable answer.
    public struct Failure: Sendable, Equatable {
        /// The kinds the report distinguishes.
        public enum Kind: String, Sendable, Equatable {
            case timeout
            case serverFailure
            case refused
            case malformed
            /// A CNAME loop, or a chain longer than the resolver follows (8 steps).
            case cnameChain
            case other
        }

        public var kind: Kind
        public var message: String

        public init(kind: Kind, message: String) {
            self.kind = kind
            self.message = message
        }
    }

    /// The server, as the user wrote it (`127.0.0.1:53`).
    public var server: String
    /// The CNAME records of the chain in order, then the records at its end.
    public var records: [DNSObservedRecord]
    /// Whether the (last) answer was NXDOMAIN.
    public var nxdomain: Bool
    /// Why the answer is absent or stops early; `records` keeps what was learnt before.
    public var failure: Failure?

    public init(server: String, records: [DNSObservedRecord] = [], nxdomain: Bool = false, failure: Failure? = nil) {
        self.server = server
        self.records = records
        self.nxdomain = nxdomain
        self.failure = failure
    }

    var cnameChain: [String] { records.filter { $0.type == .CNAME }.map(\.value) }
    var shown: [String] { records.map(\.shown) }
}

/// The outcome for one record, ordered from good to bad by ``rank``.
public enum DNSCheckStatus: String, Sendable, Equatable, Codable, CaseIterable {
    case ok
    case missing
    case mismatch
    case error
    case warning

    /// Which status wins when servers differ: mismatch > missing > error > warning > ok.
    public var rank: Int {
        switch self {
        case .ok: 0
        case .warning: 1
        case .error: 2
        case .missing: 3
        case .mismatch: 4
        }
    }
}

/// One server's verdict on one record.
public struct DNSServerJudgment: Sendable, Equatable {
    public var server: String
    public var status: DNSCheckStatus
    public var observed: [String]
    public var message: String
    /// False when the plan had no value to compare with.
    public var verified: Bool
}

/// The verdict on one planned record (or one internal-only probe), over every server asked.
public struct DNSCheckResult: Sendable, Equatable {
    public var view: DNSView
    public var type: DNSRecordType
    public var name: String
    public var expected: String
    /// Everything seen, across servers, in presentation form.
    public var observed: [String]
    public var status: DNSCheckStatus
    public var message: String
    /// False when the plan had no value to compare with (`addressNeeded`).
    public var verified: Bool
    public var servers: [DNSServerJudgment]
    /// Whether servers that answered gave different data.
    public var disagreement: Bool
    public var purpose: String
}

/// Every verdict and the count per status.
public struct DNSCheckReport: Sendable, Equatable {
    public var results: [DNSCheckResult]

    public init(results: [DNSCheckResult]) { self.results = results }

    /// How many results have `status`.
    public func count(_ status: DNSCheckStatus) -> Int { results.filter { $0.status == status }.count }

    /// Whether anything is missing, mismatched or in error (exit status 1).
    public var hasProblems: Bool { results.contains { [.missing, .mismatch, .error].contains($0.status) } }
}
