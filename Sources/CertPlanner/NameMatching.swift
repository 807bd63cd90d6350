/// Certificate name matching as RFC 6125 §6.4 describes it, for planning and auditing.
///
/// A certificate "covers" a host name when one of its dNSName entries matches it. The rules are
/// the strict reading modern TLS clients (and Lync's own clients) apply:
///
/// - comparison is case-insensitive (ASCII) and a single trailing dot on either side is ignored;
/// - a wildcard is only the whole left-most label (`*.contoso.com`); partial-label wildcards such
///   as `w*.contoso.com` or `*w.contoso.com` match nothing (RFC 6125 §6.4.3 allows clients to
///   refuse them; browsers and Lync do);
/// - the wildcard stands for exactly one non-empty label: `*.contoso.com` matches
///   `meet.contoso.com`, but not `contoso.com` and not `a.b.contoso.com`;
/// - at least two labels must follow the wildcard (`*.com` matches nothing);
/// - a pattern or host name holding NUL, an empty label, or any character other than letters,
///   digits, hyphen and dot (the `*` label aside) never matches (RFC 6125 §6.4.2 and the
///   NUL-prefix attacks of CVE-2009-2408);
/// - a wildcard never matches an IPv4 literal.
public enum NameMatching {
    /// Whether the certificate name `pattern` matches the host name `hostname` (RFC 6125 §6.4).
    ///
    /// - Parameters:
    ///   - pattern: a dNSName from a certificate (or a planned SAN), possibly `*.`-prefixed.
    ///   - hostname: the name a client connects to; never a wildcard.
    public static func matches(pattern: String, hostname: String) -> Bool {
        guard let host = labels(of: hostname, allowWildcard: false),
            let pat = labels(of: pattern, allowWildcard: true)
        else { return false }
        guard pat.count == host.count else { return false }
        if pat[0] == "*" {
            // At least two labels after the wildcard, and never an IP address literal.
            guard pat.count >= 3, !isIPv4Literal(host) else { return false }
            return zip(pat.dropFirst(), host.dropFirst()).allSatisfy { $0 == $1 }
        }
        return pat == host
    }

    /// Whether the certificate name `san` covers `required`, a name from a plan's `requiredNames`.
    ///
    /// A required name is normally a host name (then `matches(pattern:hostname:)` decides). A plan
    /// may also require a wildcard itself — the Access Edge's XMPP `*.<domain>` entry
    /// (lync-rules.md §5) — and only the identical wildcard entry covers that.
    public static func covers(_ san: String, required: String) -> Bool {
        if required.hasPrefix("*.") {
            guard let want = labels(of: required, allowWildcard: true), want.count >= 3,
                let have = labels(of: san, allowWildcard: true)
            else { return false }
            return want == have
        }
        return matches(pattern: san, hostname: required)
    }

    /// The entry of `sans` that covers `required`, preferring an exact entry over a wildcard.
    ///
    /// - Returns: the covering SAN as written in `sans`, or `nil` when none covers the name.
    public static func coveringName(for required: String, in sans: [String]) -> String? {
        var wildcardMatch: String?
        for san in sans where covers(san, required: required) {
            if !san.hasPrefix("*") { return san }
            if wildcardMatch == nil { wildcardMatch = san }
        }
        return wildcardMatch
    }

    /// Which of `required` the names `sans` cover, and by which entry; linear in both lists.
    ///
    /// - Returns: one `NameCoverage` with each required name in order either in `covered` (with the
    ///   covering SAN, an exact entry preferred) or in `missing`, and the SANs that cover none of
    ///   the required names in `unused`.
    public static func coverage(required: [String], sans: [String]) -> NameCoverage {
        // Index the SANs: exact names by their canonical labels, wildcards by their parent.
        var exact: [String: String] = [:]
        var wildcards: [String: String] = [:]
        for san in sans {
            guard let l = labels(of: san, allowWildcard: true) else { continue }
            let key = l.joined(separator: ".")
            if l[0] == "*" {
                if l.count >= 3 { wildcards[key] = wildcards[key] ?? san }
            } else {
                exact[key] = exact[key] ?? san
            }
        }
        var result = NameCoverage()
        var used = Set<String>()
        for name in required {
            if let by = lookup(name, exact: exact, wildcards: wildcards) {
                result.covered.append(NameCoverage.Covered(name: name, by: by))
                used.insert(by)
            } else {
                result.missing.append(name)
            }
        }
        result.unused = sans.filter { !used.contains($0) }
        return result
    }

    private static func lookup(_ name: String, exact: [String: String], wildcards: [String: String]) -> String? {
        if name.hasPrefix("*.") {
            guard let l = labels(of: name, allowWildcard: true), l.count >= 3 else { return nil }
            return wildcards[l.joined(separator: ".")]
        }
        guard let host = labels(of: name, allowWildcard: false) else { return nil }
        if let by = exact[host.joined(separator: ".")] { return by }
        guard host.count >= 3, !isIPv4Literal(host) else { return nil }
        return wildcards["*." + host.dropFirst().joined(separator: ".")]
    }

    /// The lower-cased labels of `name` (one trailing dot dropped), or `nil` when the name can match
    /// nothing: empty, an empty label, a character outside letters/digits/hyphen, or a `*` anywhere
    /// but as the whole left-most label (and only when `allowWildcard`).
    static func labels(of name: String, allowWildcard: Bool) -> [String]? {
        var bytes = Array(name.utf8)
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        guard !bytes.isEmpty, bytes.count <= 253 else { return nil }
        var result: [String] = []
        var current: [UInt8] = []
        var index = 0
        for byte in bytes + [UInt8(ascii: ".")] {
            if byte == UInt8(ascii: ".") {
                guard !current.isEmpty, current.count <= 63 else { return nil }
                result.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                current.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                current.append(byte + 0x20)
            case UInt8(ascii: "*"):
                // Only a label that is exactly "*", and only the first one.
                guard allowWildcard, index == 0, current.isEmpty else { return nil }
                current.append(byte)
            default:
                return nil
            }
        }
        if result.dropFirst().contains(where: { $0.utf8.contains(UInt8(ascii: "*")) }) { return nil }
        if result[0].utf8.contains(UInt8(ascii: "*")) && result[0] != "*" { return nil }
        return result
    }

    private static func isIPv4Literal(_ labels: [String]) -> Bool {
        labels.count == 4 && labels.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }
}

/// The outcome of checking required names against a certificate's SAN entries.
public struct NameCoverage: Sendable, Equatable {
    /// A required name and the SAN entry that covers it: the audit's own ``CoveredName``.
    public typealias Covered = CoveredName

    /// Required names with the entry that covers each, in the order they were required.
    public var covered: [Covered] = []
    /// Required names no entry covers.
    public var missing: [String] = []
    /// SAN entries that cover no required name (extra names on the certificate).
    public var unused: [String] = []
}
