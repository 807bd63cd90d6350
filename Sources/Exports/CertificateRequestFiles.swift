import CertPlanner
import TopologyModel

extension Exporter {
    /// A `certreq -new` INF for `certificate` (Lync/SfB need CAPI keys: SChannel provider, type 12).
    ///
    /// Run on the Windows server that will hold the key: `certreq -new <id>.inf <id>.req`. The key
    /// is created in the machine store (`MachineKeySet = TRUE`) by the legacy SChannel provider,
    /// because Lync Server 2013 cannot use CNG (KSP) keys. `Exportable` follows the plan (Edge and
    /// reverse-proxy keys are exported to every pool member). The subject is written in Windows
    /// order (CN first) with `S=` for the state, CryptoAPI's spelling. SANs go into a `2.5.29.17`
    /// `{text}` extension, one `_continue_` line per name, every line but the last ending in `&`.
    /// Lines end in CRLF so Notepad on Windows Server 2012 R2 shows them.
    ///
    /// - Parameter caTemplate: for an enterprise (AD CS) CA, the certificate template to request
    ///   (`WebServer` is the usual one for internal pools); written as `[RequestAttributes]
    ///   CertificateTemplate = "NAME"`. Must pass `caTemplateProblem`.
    public static func certreqINF(
        for certificate: PlannedCertificate, organization: Organization?, caTemplate: String? = nil
    ) -> String {
        var lines: [String] = []
        let base = requestFileName(for: certificate.id)
        lines.append("; certreq request for \(certificate.id): \(certificate.purpose)")
        lines.append("; Run on the server that will hold the key: certreq -new \(base).inf \(base).req")
        if let caTemplate {
            lines.append(
                "; Then submit it to the enterprise CA: \(certreqSubmit(request: base + ".req", template: caTemplate))")
        }
        lines.append("[Version]")
        lines.append("Signature=\"$Windows NT$\"")
        lines.append("")
        lines.append("[NewRequest]")
        lines.append("Subject = \"\(infQuoted(windowsSubject(certificate.subject, organization)))\"")
        lines.append("KeyLength = \(certificate.keySize)")
        lines.append("Exportable = \(certificate.exportablePrivateKey ? "TRUE" : "FALSE")")
        lines.append("MachineKeySet = TRUE")
        lines.append("ProviderName = \"Microsoft RSA SChannel Cryptographic Provider\"")
        lines.append("ProviderType = 12")
        lines.append("RequestType = PKCS10")
        lines.append("KeyUsage = 0x\(String(cryptoAPIKeyUsage(certificate.keyUsages), radix: 16))")
        lines.append("KeySpec = 1")
        lines.append("HashAlgorithm = sha256")
        lines.append("FriendlyName = \"\(infQuoted(friendlyName(for: certificate)))\"")
        let ekuOIDs = certificate.extendedKeyUsages.compactMap { extendedKeyUsageOIDs[$0] }
        if !ekuOIDs.isEmpty {
            lines.append("")
            lines.append("[EnhancedKeyUsageExtension]")
            lines += ekuOIDs.map { "OID=\($0)" }
        }
        let names = certificate.sanNames
        if !names.isEmpty {
            lines.append("")
            lines.append("[Extensions]")
            lines.append("2.5.29.17 = \"{text}\"")
            for (index, name) in names.enumerated() {
                lines.append("_continue_ = \"DNS=\(name)\(index < names.count - 1 ? "&" : "")\"")
            }
        }
        if let caTemplate {
            lines.append("")
            lines.append("[RequestAttributes]")
            lines.append("CertificateTemplate = \"\(caTemplate)\"")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Why `name` cannot be a certificate template name, or `nil`. Template names are ASCII
    /// letters, digits, spaces, hyphens and underscores (what the Certificate Templates console
    /// makes of a display name), 1 to 64 characters, no space at either end: nothing that could
    /// close the INF's quoted string or start a new line.
    public static func caTemplateProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.unicodeScalars.count > 64 { return "is longer than 64 characters" }
        if let bad = name.unicodeScalars.first(where: { scalar in
            let v = scalar.value
            return
                !((0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
                || v == 0x20 || v == 0x2D || v == 0x5F)
        }) {
            // Only printable ASCII is echoed: the name is untrusted and goes to a terminal.
            let shown = (0x21...0x7E).contains(bad.value) ? "'\(bad)'" : UntrustedText.codePoint(bad)
            return "contains \(shown); a template name has only letters, digits, spaces, hyphens and underscores"
        }
        if name.hasPrefix(" ") || name.hasSuffix(" ") { return "starts or ends with a space" }
        return nil
    }

    /// `certreq -submit -attrib "CertificateTemplate:NAME" <request> <certificate>`: the request
    /// names the template the enterprise CA issues from (needed for a request made elsewhere, such
    /// as an OpenSSL CSR; harmless with an INF that carries `[RequestAttributes]`).
    public static func certreqSubmit(request: String, template: String) -> String {
        let certificate =
            (request.hasSuffix(".req") || request.hasSuffix(".csr") ? String(request.dropLast(4)) : request)
        return "certreq -submit -attrib \"CertificateTemplate:\(template)\" \(request) \(certificate).cer"
    }

    /// An `openssl req -config` file for `certificate`.
    ///
    /// Use with an existing key: `openssl req -new -config <id>.cnf -key <id>.key -out <id>.csr`,
    /// or let OpenSSL make one: `openssl req -new -config <id>.cnf -newkey rsa:2048 -noenc -keyout …`.
    /// The subject is in encoding order (C … CN); keyUsage is marked critical when the plan says so,
    /// extendedKeyUsage is not (Lync's RP-CERT request: "EKU not critical").
    public static func opensslConfig(for certificate: PlannedCertificate, organization: Organization?) -> String {
        var lines: [String] = []
        let base = requestFileName(for: certificate.id)
        lines.append("# OpenSSL request configuration for \(certificate.id): \(certificate.purpose)")
        lines.append("# openssl req -new -config \(base).cnf -key \(base).key -out \(base).csr")
        lines.append("[req]")
        lines.append("prompt = no")
        lines.append("default_bits = \(certificate.keySize)")
        lines.append("default_md = sha256")
        lines.append("string_mask = utf8only")
        lines.append("utf8 = yes")
        lines.append("distinguished_name = dn")
        lines.append("req_extensions = ext")
        lines.append("")
        lines.append("[dn]")
        for (key, value) in subjectParts(certificate.subject, organization) {
            lines.append("\(key) = \(configEscaped(value))")
        }
        lines.append("")
        lines.append("[ext]")
        if !certificate.sanNames.isEmpty { lines.append("subjectAltName = @alt_names") }
        if !certificate.keyUsages.isEmpty {
            lines.append(
                "keyUsage = \(certificate.keyUsageCritical ? "critical, " : "")\(certificate.keyUsages.joined(separator: ", "))"
            )
        }
        if !certificate.extendedKeyUsages.isEmpty {
            lines.append("extendedKeyUsage = \(certificate.extendedKeyUsages.joined(separator: ", "))")
        }
        if !certificate.sanNames.isEmpty {
            lines.append("")
            lines.append("[alt_names]")
            for (index, name) in certificate.sanNames.enumerated() {
                lines.append("DNS.\(index + 1) = \(configEscaped(name))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The file name stem for a certificate id: every character other than letters, digits, `.`,
    /// `-` and `_` becomes `_`, so `pool01.contoso.net/default` → `pool01.contoso.net_default`.
    public static func requestFileName(for id: String) -> String {
        let safe = String(
            id.map { ch -> Character in
                ch.isASCII && (ch.isLetter || ch.isNumber || ch == "." || ch == "-" || ch == "_") ? ch : "_"
            })
        return safe.isEmpty || safe.allSatisfy({ $0 == "." }) ? "certificate" : safe
    }

    /// The friendly name certreq and Request-CsCertificate give the certificate (unique per plan).
    public static func friendlyName(for certificate: PlannedCertificate) -> String {
        let role: String =
            switch certificate.role {
            case .reverseProxy: "Lync reverse proxy"
            case .edgeExternal: "Lync Edge external"
            case .edgeInternal: "Lync Edge internal"
            case .poolDefault: "Lync default"
            case .poolWebInternal: "Lync web internal"
            case .poolWebExternal: "Lync web external"
            }
        return "\(role) \(certificate.subject)"
    }

    /// The CryptoAPI KeyUsage flags (0x80 digitalSignature, 0x20 keyEncipherment …).
    static func cryptoAPIKeyUsage(_ names: [String]) -> Int {
        let flags: [String: Int] = [
            "digitalSignature": 0x80, "nonRepudiation": 0x40, "contentCommitment": 0x40, "keyEncipherment": 0x20,
            "dataEncipherment": 0x10, "keyAgreement": 0x08, "keyCertSign": 0x04, "cRLSign": 0x02,
            "encipherOnly": 0x01, "decipherOnly": 0x8000,
        ]
        return names.reduce(0) { $0 | (flags[$1] ?? 0) }
    }

    static let extendedKeyUsageOIDs: [String: String] = [
        "serverAuth": "1.3.6.1.5.5.7.3.1", "clientAuth": "1.3.6.1.5.5.7.3.2", "codeSigning": "1.3.6.1.5.5.7.3.3",
        "emailProtection": "1.3.6.1.5.5.7.3.4",
    ]

    /// Subject parts in encoding order: C, ST, L, O, OU, CN (empty values left out).
    static func subjectParts(_ commonName: String, _ organization: Organization?) -> [(String, String)] {
        let parts: [(String, String?)] = [
            ("C", organization?.C), ("ST", organization?.ST), ("L", organization?.L), ("O", organization?.O),
            ("OU", organization?.OU),
        ]
        return parts.compactMap { key, value in value.flatMap { $0.isEmpty ? nil : (key, $0) } } + [("CN", commonName)]
    }

    /// `CN=…, OU=…, O=…, L=…, S=…, C=…` (CryptoAPI's X.500 string; values with specials quoted).
    static func windowsSubject(_ commonName: String, _ organization: Organization?) -> String {
        subjectParts(commonName, organization).reversed().map { key, raw in
            let windowsKey = key == "ST" ? "S" : key
            let value = UntrustedText.replacingControls(raw)
            let needsQuotes =
                value.contains { ",+=\"<>#;".contains($0) } || value.hasPrefix(" ") || value.hasSuffix(" ")
            let written = needsQuotes ? "\"" + value.replacingOccurrences("\"", with: "\"\"") + "\"" : value
            return "\(windowsKey)=\(written)"
        }.joined(separator: ", ")
    }

    /// Text inside an INF quoted string: quotes doubled, and `%` doubled because certreq expands
    /// `%name%` from a `[Strings]` section. Control characters cannot be written in an INF line
    /// and become U+FFFD (the loader refuses them, so only models built in code have them).
    static func infQuoted(_ text: String) -> String {
        UntrustedText.replacingControls(text).replacingOccurrences("\"", with: "\"\"")
            .replacingOccurrences("%", with: "%%")
    }

    /// An OpenSSL config value: bare when it holds nothing special, else in double quotes.
    ///
    /// Inside quotes OpenSSL's config reader expands no `$variable`, ends no line at `#`, and
    /// keeps leading and trailing spaces; a backslash escapes the next character, so only `\` and
    /// `"` need one. A control character cannot be written at all (inside quotes `\n` reads as
    /// `n`) and becomes U+FFFD; the loader refuses them, so only models built in code have them.
    static func configEscaped(_ raw: String) -> String {
        let text = UntrustedText.replacingControls(raw)
        let bare =
            !text.isEmpty && !text.contains(where: { "\\$#\"'".contains($0) })
            && text.first?.isWhitespace == false && text.last?.isWhitespace == false
        if bare { return text }
        var out = "\""
        for ch in text {
            if ch == "\\" || ch == "\"" { out.append("\\") }
            out.append(ch)
        }
        return out + "\""
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
