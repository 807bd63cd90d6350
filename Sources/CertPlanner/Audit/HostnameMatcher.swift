/// RFC 6125 §6.4 name matching as the audit applies it: the strict reading Lync's clients and
/// every current browser use.
///
/// - ASCII case-insensitive; one trailing dot on either side is ignored.
/// - A wildcard is only the whole left-most label and stands for exactly one non-empty label;
///   at least two labels must follow it (`*.com` matches nothing).
/// - Partial-label wildcards (`f*.contoso.com`), wildcards in other labels, empty labels, NUL
///   bytes and any character outside letters, digits and hyphen never match (RFC 6125 §6.4.3,
///   and the NUL-prefix certificates of CVE-2009-2408).
/// - A wildcard never matches an IPv4 literal.
public enum HostnameMatcher {
    /// Whether the presented identifier `pattern` matches the reference identifier `hostname`.
    public static func matches(pattern: String, hostname: String) -> Bool {
        guard let host = labels(of: hostname, allowWildcard: false),
            let pat = labels(of: pattern, allowWildcard: true), pat.count == host.count
        else { return false }
        if pat[0] == "*" {
            guard pat.count >= 3, !isIPv4Literal(host) else { return false }
            return pat.dropFirst().elementsEqual(host.dropFirst())
        }
        return pat == host
    }

    /// The lower-cased labels of `name`, or `nil` when the name can match nothing.
    static func labels(of name: String, allowWildcard: Bool) -> [Substring]? {
        var text = Substring(name)
        if text.hasSuffix(".") { text = text.dropLast() }
        guard !text.isEmpty, text.utf8.count <= 253 else { return nil }
        let parts = text.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        for (index, label) in parts.enumerated() {
            guard !label.isEmpty, label.utf8.count <= 63 else { return nil }
            if label == "*" && allowWildcard && index == 0 { continue }
            for byte in label.utf8 {
                let ok = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
                if !ok { return nil }
            }
        }
        return parts
    }

    private static func isIPv4Literal(_ labels: [Substring]) -> Bool {
        labels.count == 4 && labels.allSatisfy { $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }
}
