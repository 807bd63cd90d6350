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
    static func certificates(_ plan: CertificatePlan) -> String {
        if plan.certificates.isEmpty { return "Certificates: none (no pool, Edge pool or published web services)\n" }
        var out = "Certificates (\(plan.certificates.count)):\n"
        for certificate in plan.certificates {
            out += "\n" + certificateBlock(certificate)
        }
        return out
    }

    static func certificateBlock(_ c: PlannedCertificate) -> String {
        var lines: [String] = []
        lines.append("\(c.id): \(c.purpose)")
        func field(_ label: String, _ value: String) {
            lines.append("  " + label.padding(toLength: 16, withPad: " ", startingAt: 0) + value)
        }
        field("Subject", "CN=\(c.subject)")
        field("Issuer", c.issuer == .public ? "public CA" : "internal (enterprise) CA")
        field(
            "Key",
            "\(c.keyAlgorithm) \(c.keySize), private key "
                + (c.exportablePrivateKey ? "exportable" : "not exportable"))
        field("Key usage", c.keyUsages.joined(separator: ", ") + (c.keyUsageCritical ? " (critical)" : ""))
        field("Extended usage", c.extendedKeyUsages.joined(separator: ", "))
        field("Wildcards", c.wildcardAllowed ? "allowed" : "not allowed")
        lines.append("  SAN (\(c.subjectAlternativeNames.count))")
        let width = min(c.subjectAlternativeNames.map(\.name.count).max() ?? 0, 48) + 2
        for name in c.subjectAlternativeNames {
            var why = name.reasons.joined(separator: "; ")
            if !name.replaces.isEmpty { why += "; replaces " + name.replaces.joined(separator: ", ") }
            if !name.paths.isEmpty { why += " [" + name.paths.joined(separator: ", ") + "]" }
            let padded =
                name.name.count < width
                ? name.name.padding(toLength: width, withPad: " ", startingAt: 0)
                : name.name + "  "
            lines.append("    " + padded + why)
        }
        if c.requiredNames != c.sanNames {
            lines.append("  Names to cover (\(c.requiredNames.count)): " + c.requiredNames.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
