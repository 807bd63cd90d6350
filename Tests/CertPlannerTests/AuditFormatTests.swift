import CertPlanner
import Foundation
import Testing

@Suite("AuditFormat.date")
struct AuditFormatTests {
    /// Foundation's ISO 8601 style, the previous implementation, as the reference.
    static func reference(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted)
        ).replacingOccurrences(of: "+0000", with: "Z")
    }

    @Test("edges: epoch, the second before it, leap days, century rules, certificate limits")
    func edges() {
        let cases: [(TimeInterval, String)] = [
            (0, "1970-01-01T00:00:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (4_107_542_399, "2100-02-28T23:59:59Z"),
            (4_107_542_400, "2100-03-01T00:00:00Z"),
            (-631_152_000, "1950-01-01T00:00:00Z"),  // UTCTime's first year
            (253_402_300_799, "9999-12-31T23:59:59Z"),  // GeneralizedTime's last second
            (1_795_613_000.999, "2026-11-25T13:23:20Z"),  // fractions are dropped
        ]
        for (seconds, text) in cases {
            #expect(AuditFormat.date(Date(timeIntervalSince1970: seconds)) == text)
        }
    }

    @Test("2,000 dates between 1950 and 9999 agree with Foundation's ISO 8601 format")
    func agreesWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let seconds = TimeInterval(Int64.random(in: -631_152_000...253_402_300_799, using: &generator))
            let date = Date(timeIntervalSince1970: seconds)
            #expect(AuditFormat.date(date) == Self.reference(date), "\(seconds)")
        }
    }
}
