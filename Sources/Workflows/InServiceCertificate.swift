import CertPlanner
import Crypto
import Foundation
import Topology

/// `lynccert csr --renew FILE | --from-endpoint HOST[:PORT]`: the certificate in service, which
/// planned certificate renews it, and what the new request changes.
enum RenewalInput {
    /// The end-entity certificate of a PEM, DER, PKCS#7 or PKCS#12 file (the first one, else the
    /// first certificate at all).
    static func certificate(file path: String, passphrase: [UInt8]?) throws -> CertificateFacts {
        let bytes = try AuditFiles.read(path)
        let parsed: CryptoFile
        do {
            parsed = try CryptoFile.parse(bytes, passphrase: passphrase ?? [])
        } catch let error as CryptoError where error.code == .wrongPassphrase {
            throw CLIError.badInput(
                "\(path): \(error.description)"
                    + (passphrase == nil ? " (give its passphrase with --renew-passphrase-file)" : ""))
        } catch {
            throw CLIError.badInput("\(path): \(error)")
        }
        guard let leaf = parsed.certificates.first(where: { !$0.isCA }) ?? parsed.certificates.first else {
            throw CLIError.badInput("\(path): holds no certificate")
        }
        return CertificateFacts(leaf)
    }

    /// The leaf `HOST[:PORT]` serves: SNI is the host when it is a name; an address is asked
    /// without SNI (the server's default certificate).
    static func certificate(endpoint text: String, timeout: Double = 10) async throws -> (CertificateFacts, String) {
        guard let (host, port) = AuditCommand.parseEndpoint(text) else {
            throw CLIError.badInput("--from-endpoint '\(text)' is not HOST[:PORT]")
        }
        let serverName = IPAddress(host) == nil ? host : nil
        let target = TLSProbeTarget(host: host, port: port, serverName: serverName)
        let display = TLSProbeTarget.display(host: host, port: port)
        let result = await TLSProbe.fetchChains([target], concurrency: 1, timeout: timeout)
        switch result.first {
        case .success(let probe):
            guard let der = probe.chain.first else { throw CLIError.failed("\(display) sent no certificate") }
            do {
                return (CertificateFacts(try Certificate(derEncoded: der)), display)
            } catch {
                throw CLIError.failed("\(display) sent a certificate that cannot be read: \(error)")
            }
        case .failure(let error):
            throw CLIError.failed("cannot fetch the certificate \(display) serves: \(error.description)")
        case nil:
            throw CLIError.failed("cannot fetch the certificate \(display) serves")
        }
    }

    /// The planned certificate to renew `facts` as: `--cert ID` when given, else the one that
    /// shares the most names with it; exits 2 naming the candidates when that is not one certificate.
    static func planned(
        for facts: CertificateFacts, source: String, id: String?, plan: CertificatePlan
    ) throws -> PlannedCertificate {
        if let id {
            guard let planned = plan.certificate(id: id) else {
                throw CLIError.badInput(
                    "no planned certificate '\(id)'; planned: \(plan.certificates.map(\.id).joined(separator: ", "))")
            }
            return planned
        }
        switch RenewalComparison.match(facts, in: plan.certificates) {
        case .matched(let planned): return planned
        case .ambiguous(let ids):
            throw CLIError.badInput(
                "\(source) (\(UntrustedText.terminalEscaped(facts.displayName))) shares as many names with \(ids.joined(separator: ", ")); "
                    + "give --cert ID to say which one it renews")
        case .none:
            throw CLIError.badInput(
                "\(source) (\(UntrustedText.terminalEscaped(facts.displayName))) shares no name with any planned certificate; give --cert ID "
                    + "to renew it as one of: \(plan.certificates.map(\.id).joined(separator: ", "))")
        }
    }

    /// The comparison as text, for standard output before the files written.
    static func text(_ c: RenewalComparison, source: String, facts: CertificateFacts) -> String {
        var lines = [
            "Renewing \(source) (\(c.inServiceName), expires \(AuditFormat.date(facts.notAfter))) as \(c.plannedID)"
        ]
        if let old = c.oldSubject { lines.append("  subject:  \(old) -> \(c.newSubject)") }
        lines.append(
            "  names:    \(c.keptNames.count) kept, \(c.addedNames.count) added, \(c.droppedNames.count) dropped")
        for name in c.addedNames {
            lines.append("    + \(name)  (the plan needs it; the certificate in service lacks it)")
        }
        for name in c.droppedNames { lines.append("    - \(name)  (in service, no longer planned)") }
        lines.append("  key:      \(c.oldKey == c.newKey ? "\(c.newKey) (unchanged)" : "\(c.oldKey) -> \(c.newKey)")")
        if c.addedEKUs.isEmpty && c.droppedEKUs.isEmpty {
            lines.append("  EKU:      unchanged")
        } else {
            let changes = c.addedEKUs.map { "+\($0)" } + c.droppedEKUs.map { "-\($0)" }
            lines.append("  EKU:      \(changes.joined(separator: " "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
