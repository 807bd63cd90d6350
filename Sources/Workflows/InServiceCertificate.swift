import CertPlanner
import Crypto
import Foundation
import LyncSupport
import TopologyModel

/// `lynccert csr --renew FILE | --from-endpoint HOST[:PORT]`: the certificate in service, which
/// planned certificate renews it, and what the new request changes.
package enum InServiceCertificate {
    /// The end-entity certificate of a PEM, DER, PKCS#7 or PKCS#12 file's `bytes` (the first
    /// one, else the first certificate at all); messages name `path`.
    package static func certificate(bytes: [UInt8], path: String, passphrase: [UInt8]?) throws -> CertificateFacts {
        let parsed: CryptoFile
        do {
            parsed = try CryptoFile.parse(bytes, passphrase: passphrase ?? [])
        } catch let error as CryptoError where error.code == .wrongPassphrase {
            throw WorkflowError.badInput(
                "\(path): \(error.description)"
                    + (passphrase == nil ? " (give its passphrase with --renew-passphrase-file)" : ""))
        } catch {
            throw WorkflowError.badInput("\(path): \(error)")
        }
        guard let leaf = parsed.certificates.first(where: { !$0.isCA }) ?? parsed.certificates.first else {
            throw WorkflowError.badInput("\(path): holds no certificate")
        }
        return CertificateFacts(leaf)
    }

    /// The leaf `HOST[:PORT]` serves: SNI is the host when it is a name; an address is asked
    /// without SNI (the server's default certificate).
    package static func certificate(endpoint text: String, timeout: Double = 10) async throws -> (
        CertificateFacts, String
    ) {
        guard let (host, port) = AuditRun.parseEndpoint(text) else {
            throw WorkflowError.badInput("--from-endpoint '\(text)' is not HOST[:PORT]")
        }
        let serverName = IPAddress(host) == nil ? host : nil
        let target = TLSProbeTarget(host: host, port: port, serverName: serverName)
        let display = TLSProbeTarget.display(host: host, port: port)
        let result = await TLSProbe.fetchChains([target], concurrency: 1, timeout: timeout)
        switch result.first {
        case .success(let probe):
            guard let der = probe.chain.first else { throw WorkflowError.failed("\(display) sent no certificate") }
            do {
                return (CertificateFacts(try Certificate(derEncoded: der)), display)
            } catch {
                throw WorkflowError.failed("\(display) sent a certificate that cannot be read: \(error)")
            }
        case .failure(let error):
            throw WorkflowError.failed("cannot fetch the certificate \(display) serves: \(error.description)")
        case nil:
            throw WorkflowError.failed("cannot fetch the certificate \(display) serves")
        }
    }

    /// The planned certificate to renew `facts` as: `--cert ID` when given, else the one that
    /// shares the most names with it; exits 2 naming the candidates when that is not one certificate.
    package static func planned(
        for facts: CertificateFacts, source: String, id: String?, plan: CertificatePlan
    ) throws -> PlannedCertificate {
        if let id {
            guard let planned = plan.certificate(id: id) else {
                throw WorkflowError.badInput(
                    "no planned certificate '\(id)'; planned: \(plan.certificates.map(\.id).joined(separator: ", "))")
            }
            return planned
        }
        switch RenewalComparison.match(facts, in: plan.certificates) {
        case .matched(let planned): return planned
        case .ambiguous(let ids):
            throw WorkflowError.badInput(
                "\(source) (\(UntrustedText.terminalEscaped(facts.displayName))) shares as many names with \(ids.joined(separator: ", ")); "
                    + "give --cert ID to say which one it renews")
        case .none:
            throw WorkflowError.badInput(
                "\(source) (\(UntrustedText.terminalEscaped(facts.displayName))) shares no name with any planned certificate; give --cert ID "
                    + "to renew it as one of: \(plan.certificates.map(\.id).joined(separator: ", "))")
        }
    }
}
