import CertPlanner

extension PlanText {
    /// The certificate plan as one block per certificate: profile lines, then each SAN with why.
    ///
    /// ```
    /// reverse-proxy: Reverse proxy HTTPS listener: external web services, simple URLs, autodiscover
    ///   Subject         CN=webext.contoso.com
    ///   Issuer          public CA
    ///   ...
    ///   SAN (6)
    ///     webext.contoso.com     §4.3 external web services of user pool pool01.contoso.net [pools[0].externalWebFqdn]
    /// ```
    ///
    /// Built by appending to one string (no per-line arrays, no Foundation padding): a 1,000-domain,
    /// 50-pool plan has some 200,000 SAN lines.
    package static func certificates(_ plan: CertificatePlan) -> String {
        if plan.certificates.isEmpty { return "Certificates: none (no pool, Edge pool or published web services)\n" }
        var out = "Certificates (\(plan.certificates.count)):\n"
        let names = plan.certificates.reduce(0) { $0 + $1.subjectAlternativeNames.count }
        out.reserveCapacity(names * 160)
        for certificate in plan.certificates {
            out += "\n"
            appendBlock(certificate, to: &out)
        }
        return out
    }

    private static func appendBlock(_ c: PlannedCertificate, to out: inout String) {
        func field(_ label: String, _ value: String) {
            out += "  "
            out += label
            out += String(repeating: " ", count: max(1, 16 - label.utf8.count))
            out += value
            out += "\n"
        }
        out += "\(c.id): \(c.purpose)\n"
        field("Subject", "CN=\(c.subject)")
        field("Issuer", c.issuer == .public ? "public CA" : "internal (enterprise) CA")
        field(
            "Key",
            "\(c.keyAlgorithm) \(c.keySize), private key " + (c.exportablePrivateKey ? "exportable" : "not exportable"))
        field("Key usage", c.keyUsages.joined(separator: ", ") + (c.keyUsageCritical ? " (critical)" : ""))
        field("Extended usage", c.extendedKeyUsages.joined(separator: ", "))
        field("Wildcards", c.wildcardAllowed ? "allowed" : "not allowed")
        out += "  SAN (\(c.subjectAlternativeNames.count))\n"
        // Names are ASCII host names, so UTF-8 length is the column width.
        let width = min(c.subjectAlternativeNames.lazy.map(\.name.utf8.count).max() ?? 0, 48) + 2
        let pads = (0...width).map { String(repeating: " ", count: $0) }
        for name in c.subjectAlternativeNames {
            out += "    "
            out += name.name
            let length = name.name.utf8.count
            out += length < width ? pads[width - length] : "  "
            for (i, reason) in name.reasons.enumerated() {
                if i > 0 { out += "; " }
                out += reason
            }
            if !name.replaces.isEmpty {
                out += "; replaces "
                appendList(name.replaces, to: &out)
            }
            if !name.paths.isEmpty {
                out += " ["
                appendList(name.paths, to: &out)
                out += "]"
            }
            out += "\n"
        }
        // The names to cover differ from the SAN list only where a wildcard replaced names.
        if c.subjectAlternativeNames.contains(where: { !$0.replaces.isEmpty }) {
            out += "  Names to cover (\(c.requiredNames.count)): "
            appendList(c.requiredNames, to: &out)
            out += "\n"
        }
    }

    private static func appendList(_ items: [String], to out: inout String) {
        for (i, item) in items.enumerated() {
            if i > 0 { out += ", " }
            out += item
        }
    }
}
