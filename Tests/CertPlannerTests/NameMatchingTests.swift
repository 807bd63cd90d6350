import CertPlanner
import Testing

/// RFC 6125 §6.4 name matching. Cases are grouped by the rule they exercise; several come from
/// RFC 6125 §6.4.3's own examples and from the wildcard cases of Python's `ssl` test suite
/// (`test_match_hostname`, PSF licence), rewritten for the strict reading documented on
/// `NameMatching`.
@Suite("NameMatching: RFC 6125 host name matching")
struct NameMatchingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let pattern: String
        let hostname: String
        let matches: Bool
        var testDescription: String { "\(pattern) vs \(hostname) → \(matches)" }
    }

    static let exact: [Case] = [
        Case(pattern: "meet.contoso.com", hostname: "meet.contoso.com", matches: true),
        Case(pattern: "MEET.Contoso.COM", hostname: "meet.contoso.com", matches: true),  // case-insensitive
        Case(pattern: "meet.contoso.com", hostname: "Meet.Contoso.Com", matches: true),
        Case(pattern: "meet.contoso.com.", hostname: "meet.contoso.com", matches: true),  // trailing dot ignored
        Case(pattern: "meet.contoso.com", hostname: "meet.contoso.com.", matches: true),
        Case(pattern: "meet.contoso.com", hostname: "meet.fabrikam.com", matches: false),
        Case(pattern: "meet.contoso.com", hostname: "contoso.com", matches: false),
        Case(pattern: "contoso.com", hostname: "meet.contoso.com", matches: false),
        Case(pattern: "meet.contoso.com", hostname: "xmeet.contoso.com", matches: false),
        Case(pattern: "meet.contoso.com", hostname: "meet.contoso.co", matches: false),
        Case(pattern: "lync-01.contoso.com", hostname: "lync-01.contoso.com", matches: true),  // hyphen, digits
        Case(pattern: "xn--bcher-kva.example.com", hostname: "XN--BCHER-KVA.example.com", matches: true),  // A-label
    ]

    static let wildcards: [Case] = [
        Case(pattern: "*.contoso.com", hostname: "meet.contoso.com", matches: true),
        Case(pattern: "*.contoso.com", hostname: "DIALIN.contoso.com", matches: true),
        Case(pattern: "*.Contoso.Com", hostname: "lyncdiscover.contoso.com", matches: true),
        Case(pattern: "*.contoso.com.", hostname: "meet.contoso.com", matches: true),
        Case(pattern: "*.contoso.com", hostname: "meet.contoso.com.", matches: true),
        Case(pattern: "*.contoso.com", hostname: "meet.fabrikam.com", matches: false),  // other domain
        Case(pattern: "*.contoso.com", hostname: "contoso.com", matches: false),  // the bare domain
        Case(pattern: "*.contoso.com", hostname: "a.b.contoso.com", matches: false),  // one label only
        Case(pattern: "*.contoso.com", hostname: ".contoso.com", matches: false),  // empty label
        Case(pattern: "*.b.contoso.com", hostname: "a.b.contoso.com", matches: true),
        Case(pattern: "*.com", hostname: "contoso.com", matches: false),  // two labels must follow
        Case(pattern: "*.local", hostname: "lync.local", matches: false),
        Case(pattern: "*", hostname: "contoso", matches: false),
        Case(pattern: "*.0.0.1", hostname: "127.0.0.1", matches: false),  // never an IPv4 literal
        Case(pattern: "127.0.0.1", hostname: "127.0.0.1", matches: true),  // exact still compares
    ]

    static let partialAndMisplaced: [Case] = [
        Case(pattern: "w*.contoso.com", hostname: "www.contoso.com", matches: false),  // RFC 6125 §6.4.3 ex. 2
        Case(pattern: "*w.contoso.com", hostname: "www.contoso.com", matches: false),
        Case(pattern: "w*w.contoso.com", hostname: "www.contoso.com", matches: false),
        Case(pattern: "f*.com", hostname: "foo.com", matches: false),
        Case(pattern: "**.contoso.com", hostname: "meet.contoso.com", matches: false),
        Case(pattern: "meet.*.com", hostname: "meet.contoso.com", matches: false),  // not the left-most label
        Case(pattern: "*.*.com", hostname: "meet.contoso.com", matches: false),
        Case(pattern: "meet.contoso.*", hostname: "meet.contoso.com", matches: false),
        Case(pattern: "xn--*.contoso.com", hostname: "xn--bcher-kva.contoso.com", matches: false),  // inside A-label
        Case(pattern: "meet.contoso.com", hostname: "*.contoso.com", matches: false),  // host is never a pattern
        Case(pattern: "*.contoso.com", hostname: "*.contoso.com", matches: false),
    ]

    static let malformed: [Case] = [
        Case(pattern: "meet.contoso.com\u{0}.evil.com", hostname: "meet.contoso.com", matches: false),  // NUL
        Case(pattern: "*.contoso.com\u{0}", hostname: "meet.contoso.com", matches: false),
        Case(pattern: "meet.contoso.com", hostname: "meet.contoso.com\u{0}", matches: false),
        Case(pattern: "meet_1.contoso.com", hostname: "meet_1.contoso.com", matches: false),  // underscore
        Case(pattern: "meet contoso.com", hostname: "meet contoso.com", matches: false),  // space
        Case(pattern: "méet.contoso.com", hostname: "méet.contoso.com", matches: false),  // U-label
        Case(pattern: "meet..contoso.com", hostname: "meet..contoso.com", matches: false),  // empty label
        Case(pattern: ".meet.contoso.com", hostname: "meet.contoso.com", matches: false),
        Case(pattern: "", hostname: "", matches: false),
        Case(pattern: ".", hostname: ".", matches: false),
        Case(pattern: "meet.contoso.com..", hostname: "meet.contoso.com", matches: false),  // only one dot dropped
        Case(pattern: "*.contoso.com", hostname: "me/et.contoso.com", matches: false),
        Case(
            pattern: String(repeating: "a", count: 64) + ".com", hostname: String(repeating: "a", count: 64) + ".com",
            matches: false),  // label over 63
    ]

    @Test("exact names compare case-insensitively, trailing dot ignored", arguments: exact)
    func exactNames(_ c: Case) {
        #expect(NameMatching.matches(pattern: c.pattern, hostname: c.hostname) == c.matches)
    }

    @Test("a wildcard covers exactly one left-most label of its own domain", arguments: wildcards)
    func wildcardNames(_ c: Case) {
        #expect(NameMatching.matches(pattern: c.pattern, hostname: c.hostname) == c.matches)
    }

    @Test("partial-label and misplaced wildcards match nothing", arguments: partialAndMisplaced)
    func partialWildcards(_ c: Case) {
        #expect(NameMatching.matches(pattern: c.pattern, hostname: c.hostname) == c.matches)
    }

    @Test("NUL, foreign characters and empty labels never match", arguments: malformed)
    func malformedNames(_ c: Case) {
        #expect(NameMatching.matches(pattern: c.pattern, hostname: c.hostname) == c.matches)
    }

    @Test("coveringName prefers an exact entry over a wildcard and says which one covers")
    func coveringName() {
        let sans = ["webext.contoso.com", "*.contoso.com", "meet.contoso.com", "*.fabrikam.com"]
        #expect(NameMatching.coveringName(for: "meet.contoso.com", in: sans) == "meet.contoso.com")
        #expect(NameMatching.coveringName(for: "dialin.contoso.com", in: sans) == "*.contoso.com")
        #expect(NameMatching.coveringName(for: "MEET.FABRIKAM.COM.", in: sans) == "*.fabrikam.com")
        #expect(NameMatching.coveringName(for: "contoso.com", in: sans) == nil)
        #expect(NameMatching.coveringName(for: "a.meet.contoso.com", in: sans) == nil)
    }

    @Test("a required wildcard (the XMPP *.<domain>) is covered only by the same wildcard")
    func requiredWildcard() {
        #expect(NameMatching.covers("*.contoso.com", required: "*.contoso.com"))
        #expect(NameMatching.covers("*.CONTOSO.com.", required: "*.contoso.com"))
        #expect(!NameMatching.covers("xmpp.contoso.com", required: "*.contoso.com"))
        #expect(!NameMatching.covers("*.fabrikam.com", required: "*.contoso.com"))
        #expect(!NameMatching.covers("*.com", required: "*.com"))
    }

    @Test("coverage splits required names into covered (with the entry) and missing, and lists unused SANs")
    func coverage() {
        let result = NameMatching.coverage(
            required: [
                "webext.contoso.com", "meet.contoso.com", "dialin.contoso.com", "meet.fabrikam.com",
                "*.contoso.com",
            ],
            sans: ["WebExt.contoso.com", "*.contoso.com", "meet.contoso.com", "extra.contoso.net", "w*.fabrikam.com"])
        #expect(
            result.covered == [
                .init(name: "webext.contoso.com", by: "WebExt.contoso.com"),
                .init(name: "meet.contoso.com", by: "meet.contoso.com"),
                .init(name: "dialin.contoso.com", by: "*.contoso.com"),
                .init(name: "*.contoso.com", by: "*.contoso.com"),
            ])
        #expect(result.missing == ["meet.fabrikam.com"])
        #expect(result.unused == ["extra.contoso.net", "w*.fabrikam.com"])
    }

    @Test("coverage agrees with coveringName on every case of the tables")
    func coverageAgreesWithMatcher() {
        for c in Self.exact + Self.wildcards + Self.partialAndMisplaced + Self.malformed {
            let viaCoverage = NameMatching.coverage(required: [c.hostname], sans: [c.pattern]).covered.isEmpty == false
            let viaMatcher = NameMatching.coveringName(for: c.hostname, in: [c.pattern]) != nil
            #expect(viaCoverage == viaMatcher, "\(c.testDescription)")
        }
    }
}
