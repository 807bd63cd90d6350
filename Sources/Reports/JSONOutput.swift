import CertPlanner
import DNSPlanner
import Foundation

/// JSON rendering shared by every `--format json`: sorted keys, pretty, no escaped slashes.
package enum JSONOutput {
    package static func encode(_ object: [String: any Encodable]) throws -> String {
        try encode(AnyEncodableDictionary(object))
    }

    /// `FastJSONEncoder` writes exactly what `JSONEncoder` writes with `[.prettyPrinted,
    /// .sortedKeys, .withoutEscapingSlashes]` and `.iso8601` dates (`foundationEncoder`), only
    /// faster: Foundation's encoder took seconds on a plan of a thousand SIP domains.
    package static func encode<T: Encodable>(_ value: T) throws -> String {
        try FastJSONEncoder().encode(value)
    }

    /// `encode([key: elements.map(transform)])`, with the elements made and encoded concurrently
    /// (a report of a thousand audited certificates).
    package static func encode<E: Sendable, T: Encodable & SendableMetatype>(
        key: String, elements: [E], as transform: @Sendable (E) -> T
    ) throws -> String {
        try FastJSONEncoder().encode(key: key, elements: elements, as: transform)
    }

    /// Foundation's encoder with the options `encode` reproduces (the reference for its tests).
    package static func foundationEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

/// A top-level JSON object whose members have different types.
package struct AnyEncodableDictionary: Encodable {
    let members: [String: any Encodable]

    package init(_ members: [String: any Encodable]) { self.members = members }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (key, value) in members { try container.encode(value, forKey: Key(stringValue: key)) }
    }
}

/// DESIGN.md's `plan` certificate shape: SANs as plain strings, reasons alongside.
///
/// Beyond DESIGN.md's keys: `id`, `role`, `purpose`, `reasons` (SAN → reasons), `names` (each SAN
/// with its reasons, topology paths and, for a wildcard, the names it replaces), `requiredNames`
/// (what an audit must find covered, wildcards expanded) and `wildcardAllowed`.
package struct CertificateJSON: Encodable {
    let id: String
    let role: String
    let subject: String
    let subjectAlternativeNames: [String]
    let names: [PlannedName]
    let requiredNames: [String]
    let keyAlgorithm: String
    let keySize: Int
    let keyUsages: [String]
    let keyUsageCritical: Bool
    let extendedKeyUsages: [String]
    let issuer: String
    let exportablePrivateKey: Bool
    let wildcardAllowed: Bool
    let purpose: String

    package init(_ c: PlannedCertificate) {
        id = c.id
        role = c.role.rawValue
        subject = c.subject
        subjectAlternativeNames = c.sanNames
        names = c.subjectAlternativeNames
        requiredNames = c.requiredNames
        keyAlgorithm = c.keyAlgorithm
        keySize = c.keySize
        keyUsages = c.keyUsages
        keyUsageCritical = c.keyUsageCritical
        extendedKeyUsages = c.extendedKeyUsages
        issuer = c.issuer.rawValue
        exportablePrivateKey = c.exportablePrivateKey
        wildcardAllowed = c.wildcardAllowed
        purpose = c.purpose
    }
}

/// DESIGN.md's `plan` DNS record shape (SRV fields only on SRV records).
package struct DNSRecordJSON: Encodable {
    let view: String
    let type: String
    let name: String
    let value: String?
    let port: Int?
    let priority: Int?
    let weight: Int?
    let purpose: String
    let rule: String
    let addressNeeded: Bool?
    /// The topology field to fill in, when `addressNeeded`.
    let path: String?

    package init(_ r: DNSRecord) {
        view = r.view.rawValue
        type = r.type.rawValue
        name = r.name
        value = r.value
        port = r.port
        priority = r.priority
        weight = r.weight
        purpose = r.purpose
        rule = r.rule
        addressNeeded = r.addressNeeded ? true : nil
        path = r.path
    }
}
