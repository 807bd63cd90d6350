import CertPlanner
import Crypto
import Exports
import Foundation
import TopologyModel
import Workflows

/// `lynccert csr`'s text: per certificate the files written and the next steps (pfx, certreq,
/// Request-CsCertificate).
extension CSRRun {
    /// `Request-CsCertificate -Type` for the Lync roles; `nil` for the reverse proxy (not a Lync server).
    package static func lyncCertificateType(_ role: CertificateRole) -> String? {
        switch role {
        case .reverseProxy: nil
        case .edgeExternal: "AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication"
        case .edgeInternal: "Internal"
        case .poolDefault: "Default"
        case .poolWebInternal: "WebServicesInternal"
        case .poolWebExternal: "WebServicesExternal"
        }
    }

    /// The `Request-CsCertificate` line that asks Lync to make the same request on the server.
    ///
    /// The cmdlet's switch for an exportable key is `-PrivateKeyExportable`; SANs go in
    /// `-DomainName` (the cmdlet adds the names it computes from the topology as well).
    package static func requestCsCertificate(for certificate: PlannedCertificate, organization: Organization?)
        -> String?
    {
        guard let type = lyncCertificateType(certificate.role) else { return nil }
        let base = Exporter.requestFileName(for: certificate.id)
        var parts = [
            "Request-CsCertificate -New -Type \(type)", "-Output \(psQuoted("C:\\certs\\\(base).req"))",
            "-ClientEku \(certificate.extendedKeyUsages.contains("clientAuth") ? "$true" : "$false")",
            "-PrivateKeyExportable \(certificate.exportablePrivateKey ? "$true" : "$false")",
            "-KeySize \(certificate.keySize)",
        ]
        if !certificate.sanNames.isEmpty {
            parts.append("-DomainName \(psQuoted(certificate.sanNames.joined(separator: ",")))")
        }
        parts.append("-FriendlyName \(psQuoted(Exporter.friendlyName(for: certificate)))")
        if let o = organization?.O { parts.append("-Organization \(psQuoted(o))") }
        if let ou = organization?.OU { parts.append("-OU \(psQuoted(ou))") }
        if let l = organization?.L { parts.append("-City \(psQuoted(l))") }
        if let st = organization?.ST { parts.append("-State \(psQuoted(st))") }
        if let c = organization?.C { parts.append("-Country \(psQuoted(c))") }
        return parts.joined(separator: " ")
    }

    /// A POSIX shell word: as is when it is plain, else single-quoted.
    package static func shellQuoted(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+:=@%,".unicodeScalars.contains($0))
            }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A PowerShell double-quoted string (backtick-escapes `"`, `$` and backticks).
    package static func psQuoted(_ text: String) -> String {
        var out = "\""
        for ch in text {
            if ch == "\"" || ch == "$" || ch == "`" { out.append("`") }
            out.append(ch)
        }
        return out + "\""
    }

    package static func summary(
        for certificate: PlannedCertificate, paths: Paths, key: KeySpecification, encrypted: Bool,
        organization: Organization?, caTemplate: String? = nil, keyPassphraseFile: String? = nil
    ) -> String {
        let name = Exporter.requestFileName(for: certificate.id)
        // pfx reads an encrypted key's passphrase from a file only: the one csr read, else a placeholder.
        let keyPassphrase =
            encrypted ? " --key-passphrase-file \(shellQuoted(keyPassphraseFile ?? "KEY-PASSPHRASE-FILE"))" : ""
        var submit = [
            "  1. Submit \(name).csr to the \(certificate.issuer == .public ? "public" : "internal") CA. When the "
                + "certificate is issued, bundle it for Windows:"
        ]
        if let caTemplate {
            submit = [
                "  1. Submit \(name).csr to the enterprise CA with template \(caTemplate):",
                "     \(Exporter.certreqSubmit(request: name + ".csr", template: caTemplate))",
                "     When the certificate is issued, bundle it for Windows:",
            ]
        }
        var lines = [
            "Certificate \(certificate.id) (subject \(certificate.subject), \(certificate.sanNames.count) SAN names)",
            "  \(paths.key)  private key, \(key), mode 0600\(encrypted ? ", encrypted (AES-256-CBC)" : ", not encrypted")",
            "  \(paths.csr)  PKCS#10 request, SHA-256",
            "  \(paths.inf)  certreq INF (key made on the Windows server)",
            "  \(paths.cnf)  openssl req configuration",
            "Next steps:",
        ]
        lines += submit
        lines += [
            "     lynccert pfx --key \(paths.key)\(keyPassphrase) --cert \(name).cer --chain intermediate.cer --out "
                + "\(name).pfx --prompt-passphrase",
            "  2. Or create the key on the Windows server itself (the .key and .csr above are then not used):",
            "     certreq -new \(name).inf \(name).req",
            caTemplate.map { "     \(Exporter.certreqSubmit(request: name + ".req", template: $0))" }
                ?? "     (submit \(name).req to the CA, then: certreq -accept \(name).cer)",
        ]
        if caTemplate != nil { lines.append("     certreq -accept \(name).cer") }
        if !certificate.exportablePrivateKey {
            lines.append(
                "  The plan wants a non-exportable key on this server: prefer making the key there (2 or 3); if you "
                    + "import a PFX instead, leave \"Mark this key as exportable\" unchecked.")
        }
        if let command = requestCsCertificate(for: certificate, organization: organization) {
            lines.append("  3. Or let Lync make the request on the server (Lync Server Management Shell):")
            lines.append("     \(command)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
