import CertPlanner
import Testing

/// One presented identifier (a dNSName) against one reference identifier (the host name a
/// client connects to), with the source suite's verdict and ours.
struct NameMatchCase: Sendable, CustomStringConvertible {
    let pattern: String
    let host: String
    /// What the source suite expects.
    let suite: Bool
    /// What lynccert's audit decides; differs from `suite` only with a `deviation` reason.
    let expected: Bool
    let deviation: String?
    let source: String

    init(
        _ pattern: String, _ host: String, _ suite: Bool, ours: Bool? = nil, because: String? = nil, from source: String
    ) {
        self.pattern = pattern
        self.host = host
        self.suite = suite
        expected = ours ?? suite
        deviation = because
        self.source = source
    }

    var description: String { "\(source): '\(pattern)' vs '\(host)'" }
}

private let go = "go"
private let limbo = "limbo"
private let emptyLabel = "an empty label is not a host name (RFC 1034 §3.1); such a dNSName never matches"
private let trailingDot = "a trailing dot is ignored on both sides: 'example.com.' and 'example.com' are the same FQDN"
private let publicSuffix =
    "a wildcard needs two labels after it; '*.com' spans a TLD (CA/B BRs; x509-limbo public_suffix_wildcard_san)"
private let alphabet = "':' is outside the host-name alphabet; such a dNSName never matches"

/// The table. Sources, credited:
/// - `go`: golang/go, `src/crypto/x509/x509_test.go`, `matchHostnamesTests` (all 38 rows, BSD
///   licence), plus the "MixedCase" and "Valid (fqdn)" rows of `verifyTests` in
///   `src/crypto/x509/verify_test.go`.
/// - `limbo`: C2SP/x509-limbo, `limbo/testcases/webpki/san.py` (Apache-2.0): the dNSName
///   expectations of its `*_san` test cases.
/// Where lynccert is stricter than Go, the row says why; x509-limbo's Web PKI profile agrees
/// with every one of those choices.
let nameMatchCases: [NameMatchCase] = [
    NameMatchCase("a.b.c", "a.b.c", true, from: go),
    NameMatchCase("a.b.c", "b.b.c", false, from: go),
    NameMatchCase("", "b.b.c", false, from: go),
    NameMatchCase("a.b.c", "", false, from: go),
    NameMatchCase("example.com", "example.com", true, from: go),
    NameMatchCase("example.com", "www.example.com", false, from: go),
    NameMatchCase("*.example.com", "example.com", false, from: go),
    NameMatchCase("*.example.com", "www.example.com", true, from: go),
    NameMatchCase("*.example.com", "www.example.com.", true, from: go),
    NameMatchCase("*.example.com", "xyz.www.example.com", false, from: go),
    NameMatchCase("*.example.com", "https://www.example.com", false, from: go),
    NameMatchCase("*.example..com", "www.example..com", false, from: go),
    NameMatchCase("www.example..com", "www.example..com", true, ours: false, because: emptyLabel, from: go),
    NameMatchCase("*.*.example.com", "xyz.www.example.com", false, from: go),
    NameMatchCase("*.www.*.com", "xyz.www.example.com", false, from: go),
    NameMatchCase("*bar.example.com", "foobar.example.com", false, from: go),
    NameMatchCase("f*.example.com", "foobar.example.com", false, from: go),
    NameMatchCase("www.example.com", "*.example.com", false, from: go),
    NameMatchCase("", ".", false, from: go),
    NameMatchCase(".", "", false, from: go),
    NameMatchCase(".", ".", false, from: go),
    NameMatchCase("example.com", "example.com.", true, from: go),
    NameMatchCase("example.com.", "example.com", false, ours: true, because: trailingDot, from: go),
    NameMatchCase("example.com.", "example.com.", true, from: go),
    NameMatchCase("*.com.", "example.com.", false, from: go),
    NameMatchCase("*.com.", "example.com", false, from: go),
    NameMatchCase("*.com", "example.com", true, ours: false, because: publicSuffix, from: go),
    NameMatchCase("*.com", "example.com.", true, ours: false, because: publicSuffix, from: go),
    NameMatchCase("foo:bar", "foo:bar", true, ours: false, because: alphabet, from: go),
    NameMatchCase("*.foo:bar", "xxx.foo:bar", false, from: go),
    NameMatchCase("*.2.3.4", "1.2.3.4", false, from: go),
    NameMatchCase("*.2.3.4", "[1.2.3.4]", false, from: go),
    NameMatchCase("*:4860:4860::8888", "2001:4860:4860::8888", false, from: go),
    NameMatchCase("*:4860:4860::8888", "[2001:4860:4860::8888]", false, from: go),
    NameMatchCase("2001:4860:4860::8888", "2001:4860:4860::8888", false, from: go),
    NameMatchCase("2001:4860:4860::8888", "[2001:4860:4860::8888]", false, from: go),
    NameMatchCase("[2001:4860:4860::8888]", "2001:4860:4860::8888", false, from: go),
    NameMatchCase("[2001:4860:4860::8888]", "[2001:4860:4860::8888]", false, from: go),
    NameMatchCase("www.google.com", "WwW.GooGLE.coM", true, from: go),
    NameMatchCase("www.google.com", "www.google.com.", true, from: go),

    NameMatchCase("example.com", "example.com", true, from: limbo),
    NameMatchCase("example.com", "example2.com", false, from: limbo),
    NameMatchCase("abc.example.com", "def.example.com", false, from: limbo),
    NameMatchCase("example.com", "abc.example.com", false, from: limbo),
    NameMatchCase("abc.example.com", "example.com", false, from: limbo),
    NameMatchCase("*.com", "example.com", false, from: limbo),
    NameMatchCase("*.example.com", "foo.example.com", true, from: limbo),
    NameMatchCase("ba*.example.com", "baz.example.com", false, from: limbo),
    NameMatchCase("foo.*.example.com", "foo.bar.example.com", false, from: limbo),
    NameMatchCase("*.example.com", "foo.bar.example.com", false, from: limbo),
    NameMatchCase("xn--*-1b3c148a.example.com", "xn--bliss-1b3c148a.example.com", false, from: limbo),
    NameMatchCase("😜.example.com", "xn--628h.example.com", false, from: limbo),
]

@Suite("RFC 6125 name matching conformance")
struct NameMatchingConformanceTests {
    @Test("the table has at least 40 rows from the public suites")
    func tableSize() {
        #expect(nameMatchCases.count >= 40)
    }

    @Test("pattern vs host", arguments: nameMatchCases)
    func matches(_ row: NameMatchCase) {
        #expect(NameMatching.matches(pattern: row.pattern, hostname: row.host) == row.expected)
    }

    @Test("every departure from the source suite is explained", arguments: nameMatchCases)
    func deviationsExplained(_ row: NameMatchCase) {
        #expect((row.expected != row.suite) == (row.deviation != nil))
    }
}
