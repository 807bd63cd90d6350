import Foundation

/// Formatting shared by the audit's messages and reports.
public enum AuditFormat {
    /// `2026-11-26T15:23:20Z`: UTC, whole seconds (fractions are dropped, as certificate times
    /// have none).
    ///
    /// Written out by hand: Foundation's ISO 8601 format style cost more than the rest of an
    /// audit's report for a bundle of a thousand certificates.
    public static func date(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let (year, month, dayOfMonth) = civil(fromDays: day)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(dayOfMonth, 2) + "T" + pad(second / 3600, 2) + ":"
            + pad(second / 60 % 60, 2) + ":" + pad(second % 60, 2) + "Z"
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`, http://howardhinnant.github.io/date_algorithms.html).
    static func civil(fromDays z: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Whole days from `now` until `notAfter`, rounded down: 0 on the last day, negative once
    /// expired (-1 during the first day after). What an admin plans a renewal by.
    public static func daysUntil(_ notAfter: Date, from now: Date) -> Int {
        Int((notAfter.timeIntervalSince(now) / 86_400).rounded(.down))
    }

    /// `2027-01-31T12:00:00Z (45 days left)`, `… (expired 3 days ago)`.
    public static func expiry(_ notAfter: Date, from now: Date) -> String {
        let days = daysUntil(notAfter, from: now)
        if days >= 0 { return "\(date(notAfter)) (\(days) day\(days == 1 ? "" : "s") left)" }
        let ago = Int((now.timeIntervalSince(notAfter) / 86_400).rounded(.down))
        return "\(date(notAfter)) (expired \(ago == 0 ? "today" : "\(ago) day\(ago == 1 ? "" : "s") ago"))"
    }

    /// Readable names for well-known EKU OIDs, others as dotted OIDs.
    public static func ekuNames(_ oids: [String]) -> String {
        if oids.isEmpty { return "empty" }
        return oids.map { ekuName($0) }.joined(separator: ", ")
    }

    public static func ekuName(_ oid: String) -> String {
        switch oid {
        case AuditOID.serverAuth: "serverAuth"
        case AuditOID.clientAuth: "clientAuth"
        case "1.3.6.1.5.5.7.3.3": "codeSigning"
        case "1.3.6.1.5.5.7.3.4": "emailProtection"
        case "1.3.6.1.5.5.7.3.8": "timeStamping"
        case "1.3.6.1.5.5.7.3.9": "OCSPSigning"
        case AuditOID.anyExtendedKeyUsage: "anyExtendedKeyUsage"
        default: oid
        }
    }
}
