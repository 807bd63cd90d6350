/// A simple URL split into host and path (lync-rules.md §7).
///
/// Planners use `host` for certificate names and DNS records and `path` for publishing rules.
public struct SimpleUrl: Sendable, Equatable {
    /// The host, lower-cased, without a trailing dot.
    public var host: String
    /// The path as written, without a trailing `/` (`""` for `https://meet.contoso.com`).
    public var path: String

    /// Splits `https://host[/path]`; `nil` when the text is not of that shape.
    ///
    /// Only the shape is checked here (scheme, no port, no user, no query); the loader checks the
    /// rest (host syntax, uniqueness). Scheme matching ignores case, as browsers and IIS do.
    public static func parse(_ url: String) -> SimpleUrl? {
        if case .success(let parsed) = parseReportingProblem(url) { return parsed }
        return nil
    }

    /// Whether `path` holds `//`.
    private static func hasEmptySegment(_ path: Substring) -> Bool {
        var previousSlash = false
        for byte in path.utf8 {
            let slash = byte == UInt8(ascii: "/")
            if slash && previousSlash { return true }
            previousSlash = slash
        }
        return false
    }

    /// Why `url` is not a usable simple URL, or its parts.
    static func parseReportingProblem(_ url: String) -> Result<SimpleUrl, SimpleUrlProblem> {
        let scheme = "https://"
        guard url.lowercased().hasPrefix(scheme) else {
            if url.lowercased().hasPrefix("http://") {
                return .failure(SimpleUrlProblem("simple URLs must start with https:// (http:// is not allowed)"))
            }
            return .failure(SimpleUrlProblem("simple URLs must start with https://"))
        }
        let rest = url.dropFirst(scheme.count)
        if let control = UntrustedText.firstControl(in: url) {
            return .failure(
                SimpleUrlProblem("a simple URL contains no control characters (\(UntrustedText.visible(control)))"))
        }
        if rest.contains(where: { $0 == "?" || $0 == "#" }) {
            return .failure(SimpleUrlProblem("a simple URL has no query (?) or fragment (#)"))
        }
        if rest.contains(where: { $0 == " " || $0 == "\t" }) {
            return .failure(SimpleUrlProblem("a simple URL contains no spaces"))
        }
        let hostPart: Substring
        var path: Substring
        if let slash = rest.firstIndex(of: "/") {
            hostPart = rest[..<slash]
            path = rest[slash...]
        } else {
            hostPart = rest
            path = ""
        }
        // Byte searches: Foundation's String `contains` (NSString range(of:)) took a tenth of a
        // 500-domain `dns check`.
        if hostPart.utf8.contains(UInt8(ascii: "@")) {
            return .failure(SimpleUrlProblem("a simple URL carries no user name (@)"))
        }
        if hostPart.utf8.contains(UInt8(ascii: ":")) {
            return .failure(SimpleUrlProblem("a simple URL carries no port: clients always use 443"))
        }
        while path.hasSuffix("/") { path = path.dropLast() }
        if Self.hasEmptySegment(path) {
            return .failure(SimpleUrlProblem("the path has an empty segment (//)"))
        }
        return .success(SimpleUrl(host: Hostname.normalized(String(hostPart)), path: String(path)))
    }

    /// Host plus path, lower-cased: the form uniqueness and prefix rules compare.
    var comparable: String { (host + path).lowercased() }

    /// Path segments, lower-cased.
    var segments: [Substring] { path.lowercased().split(separator: "/") }

    /// Whether `self` is a prefix of `other` by whole path segments on the same host.
    ///
    /// `https://lync.contoso.com/Meet` is a prefix of `https://lync.contoso.com/Meet/x` but not of
    /// `https://lync.contoso.com/Meeting`, and `https://meet.contoso.com` is not a prefix of
    /// `https://meet.contoso.com.au`: only URLs the web server could confuse conflict.
    func isPathPrefix(of other: SimpleUrl) -> Bool {
        guard host == other.host else { return false }
        let mine = segments
        let theirs = other.segments
        return mine.count <= theirs.count && Array(theirs.prefix(mine.count)) == mine
    }
}

/// Why a simple URL is not acceptable.
struct SimpleUrlProblem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
