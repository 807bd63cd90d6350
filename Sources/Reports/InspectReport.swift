import CertPlanner
import Crypto
import Foundation
import TopologyModel
import Workflows

/// The `inspect` report of one file, as JSON and text.
package struct InspectedFile: Encodable {
    let path: String
    let format: String
    let items: [InspectedItem]
    let pkcs12: PKCS12Summary?

    package struct PKCS12Summary: Encodable {
        let macDigest: String?
        let macIterations: Int?
        let encryption: [String]
        let friendlyNames: [String]
    }

    package init(path: String, file: CryptoFile, allKeys: [PrivateKey], allCertificates: [Certificate], now: Date) {
        self.path = path
        format = file.encoding.rawValue
        items = file.items.map { InspectedItem($0, keys: allKeys, certificates: allCertificates, now: now) }
        pkcs12 = file.pkcs12.map { contents in
            PKCS12Summary(
                macDigest: contents.macDigest, macIterations: contents.macIterations,
                encryption: contents.encryptionAlgorithms,
                friendlyNames: contents.entries.compactMap {
                    switch $0 {
                    case .certificate(_, let name), .privateKey(_, let name): name
                    }
                })
        }
    }

    package var text: String {
        var lines = ["\(path): \(format.uppercased()), \(items.count) item\(items.count == 1 ? "" : "s")"]
        if let pkcs12 {
            let mac = pkcs12.macDigest.map { "\($0), \(pkcs12.macIterations ?? 1) iterations" } ?? "none"
            lines.append("  PKCS#12 MAC: \(mac); encryption: \(pkcs12.encryption.joined(separator: ", "))")
            if !pkcs12.friendlyNames.isEmpty {
                lines.append("  Friendly names: \(pkcs12.friendlyNames.joined(separator: ", "))")
            }
        }
        for (index, item) in items.enumerated() {
            lines.append("  [\(index + 1)] " + item.text.replacingOccurrences(of: "\n", with: "\n      "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// One object of an inspected file. Fields not relevant to the type are left out of the JSON.
package struct InspectedItem: Encodable {
    var type: String
    var subject: String?
    var commonName: String?
    var issuer: String?
    var serialNumber: String?
    var notBefore: Date?
    var notAfter: Date?
    /// Whole days until notAfter from the time of the inspection (`--at`); negative once expired.
    var daysUntilExpiry: Int?
    var keyAlgorithm: String?
    var keySize: Int?
    var curve: String?
    var signatureAlgorithm: String?
    var signatureDigest: String?
    var signatureValid: Bool?
    var subjectAlternativeNames: [String]?
    var otherSubjectAlternativeNames: [String]?
    var subjectAlternativeNamesWithNUL: [String]?
    var keyUsages: [String]?
    var keyUsageCritical: Bool?
    var extendedKeyUsages: [String]?
    var isCA: Bool?
    var crlDistributionPoints: [String]?
    var ocsp: [String]?
    var caIssuers: [String]?
    var selfSigned: Bool?
    var sha1Fingerprint: String?
    /// The SHA-1 fingerprint as Windows shows it: 40 upper-case hex digits, no colons.
    var thumbprint: String?
    var sha256Fingerprint: String?
    var encrypted: Bool?
    var locked: Bool?
    var label: String?
    /// For a key: subjects of the inspected certificates it belongs to; for a certificate or CSR:
    /// whether an inspected key belongs to it.
    var matchingCertificates: [String]?
    var privateKeyPresent: Bool?
    var undecodableExtensions: [String]?

    package init(type: String) { self.type = type }

    package init(_ item: CryptoFile.Item, keys: [PrivateKey], certificates: [Certificate], now: Date) {
        switch item {
        case .certificate(let c):
            self.init(type: "certificate")
            subject = c.subject.description
            commonName = c.commonName
            issuer = c.issuer.description
            serialNumber = c.serialNumber
            notBefore = c.notBefore
            notAfter = c.notAfter
            daysUntilExpiry = AuditFormat.daysUntil(c.notAfter, from: now)
            setKey(c.publicKey)
            let signature = c.signatureAlgorithm
            signatureAlgorithm = signature.description
            signatureDigest = signature.digest?.rawValue
            setNames(c.subjectAlternativeNames)
            if let ku = c.keyUsage {
                keyUsages = ku.usage.names
                keyUsageCritical = ku.critical
            }
            extendedKeyUsages = c.extendedKeyUsages?.usages.map(\.description)
            isCA = c.isCA
            crlDistributionPoints = c.crlDistributionPoints
            ocsp = c.ocspURIs
            caIssuers = c.caIssuersURIs
            selfSigned = c.isSelfSigned
            sha1Fingerprint = Digest.colonHex(c.sha1Fingerprint)
            thumbprint = c.thumbprint
            sha256Fingerprint = Digest.colonHex(c.sha256Fingerprint)
            privateKeyPresent = keys.contains { c.matches(privateKey: $0) }
            let bad = c.undecodableExtensions
            undecodableExtensions = bad.isEmpty ? nil : bad
        case .privateKey(let key, let isEncrypted):
            self.init(type: "privateKey")
            setKey(key.publicKey)
            encrypted = isEncrypted
            matchingCertificates = certificates.filter { $0.matches(privateKey: key) }.map(\.subject.description)
        case .lockedPrivateKey(let blockLabel):
            self.init(type: "privateKey")
            encrypted = true
            locked = true
            label = blockLabel
        case .certificateSigningRequest(let request):
            self.init(type: "certificateSigningRequest")
            subject = request.subject.description
            commonName = request.subject.commonName
            if let key = request.publicKey { setKey(key) }
            signatureAlgorithm = request.signatureAlgorithm
            signatureValid = request.verifySignature()
            setNames(request.subjectAlternativeNames)
            if let ku = request.keyUsage {
                keyUsages = ku.usage.names
                keyUsageCritical = ku.critical
            }
            extendedKeyUsages = request.extendedKeyUsages?.usages.map(\.description)
            privateKeyPresent = keys.contains { request.matches(privateKey: $0) }
        case .publicKey(let key):
            self.init(type: "publicKey")
            setKey(key)
        case .unsupported(let blockLabel):
            self.init(type: "unsupported")
            label = blockLabel
        }
    }

    private mutating func setKey(_ key: PublicKeyInfo) {
        keyAlgorithm = key.algorithm.description
        keySize = key.bits
        curve = key.curve
    }

    private mutating func setNames(_ names: SubjectAlternativeNames?) {
        guard let names else { return }
        subjectAlternativeNames = names.entries.compactMap {
            if case .dnsName(let text) = $0 { text.description } else { nil }
        }
        let others = names.entries.filter { $0.dnsName == nil }.map(\.description)
        otherSubjectAlternativeNames = others.isEmpty ? nil : others
        let hidden = names.entries.compactMap { entry -> String? in
            if case .dnsName(let text) = entry, text.containsNUL { return text.description }
            return nil
        }
        subjectAlternativeNamesWithNUL = hidden.isEmpty ? nil : hidden
    }

    package var text: String {
        var lines: [String] = []
        // Every value comes from the inspected file: escaped, so it cannot reach the terminal raw
        // or fake a line of its own.
        func add(_ label: String, _ value: String?) {
            if let value {
                lines.append(
                    "\(label.padding(toLength: 13, withPad: " ", startingAt: 0))\(UntrustedText.terminalEscaped(value))"
                )
            }
        }
        let key = keyAlgorithm.map { alg in curve.map { "\(alg) \($0)" } ?? "\(alg) \(keySize ?? 0)" }
        switch type {
        case "certificate":
            lines.append("Certificate")
            add("Subject:", subject)
            add("Issuer:", issuer)
            add("Serial:", serialNumber)
            add("Not before:", notBefore.map(Self.date))
            add("Not after:", notAfter.map { Self.expiry($0, days: daysUntilExpiry ?? 0) })
            add("Thumbprint:", thumbprint)
            add("Key:", key)
            add("Signature:", signatureAlgorithm)
        case "certificateSigningRequest":
            lines.append("Certificate signing request")
            add("Subject:", subject)
            add("Key:", key)
            add(
                "Signature:",
                signatureAlgorithm.map { "\($0) (\(signatureValid == true ? "verifies" : "DOES NOT VERIFY"))" })
        case "privateKey":
            if locked == true {
                lines.append(
                    "Private key (\(UntrustedText.terminalEscaped(label ?? "encrypted")); give its passphrase with --passphrase-file to open it)"
                )
            } else {
                lines.append("Private key: \(key ?? "?")\(encrypted == true ? ", encrypted" : "")")
                if let matches = matchingCertificates, !matches.isEmpty {
                    add("Matches:", matches.joined(separator: "; "))
                }
            }
        case "publicKey":
            lines.append("Public key: \(key ?? "?")")
        default:
            lines.append("Unsupported PEM block: \(UntrustedText.terminalEscaped(label ?? "?"))")
        }
        add("SAN:", subjectAlternativeNames.map { $0.map { "DNS:\($0)" }.joined(separator: ", ") })
        add("SAN (other):", otherSubjectAlternativeNames?.joined(separator: ", "))
        add(
            "SAN NUL!:", subjectAlternativeNamesWithNUL.map { "dNSName with a NUL byte: " + $0.joined(separator: ", ") }
        )
        add(
            "Key usage:", keyUsages.map { $0.joined(separator: ", ") + (keyUsageCritical == true ? " (critical)" : "") }
        )
        add("EKU:", extendedKeyUsages?.joined(separator: ", "))
        add("CA:", isCA.map { $0 ? "yes" : "no" })
        add("CRL DP:", crlDistributionPoints.flatMap { $0.isEmpty ? nil : $0.joined(separator: ", ") })
        add("OCSP:", ocsp.flatMap { $0.isEmpty ? nil : $0.joined(separator: ", ") })
        add("CA issuers:", caIssuers.flatMap { $0.isEmpty ? nil : $0.joined(separator: ", ") })
        add("Self-signed:", selfSigned.map { $0 ? "yes" : "no" })
        add("SHA-1:", sha1Fingerprint)
        add("SHA-256:", sha256Fingerprint)
        add("Private key:", type != "privateKey" && privateKeyPresent == true ? "present in the inspected files" : nil)
        add("Undecodable:", undecodableExtensions?.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// `2027-01-31T12:00:00Z (45 days left)` / `(expired)`, from the days computed at `--at`.
    package static func expiry(_ notAfter: Date, days: Int) -> String {
        date(notAfter) + (days >= 0 ? " (\(days) day\(days == 1 ? "" : "s") left)" : " (expired)")
    }

    package static func date(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
