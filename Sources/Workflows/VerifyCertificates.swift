import CertPlanner
import Crypto
import Foundation
import HTTPProbe
import PublishingPlanner
import Topology

/// The certificate check of `lynccert verify`: the certificate served for each published HTTPS
/// name, audited for that name with `lynccert audit`'s checks.
///
/// One TLS handshake per name (SNI = the name) to `--connect`, through the same TLS client as
/// `audit --connect`; each distinct chain is read and verified once (against `--ca-file`, else the
/// system's trust store). Each name is then audited alone against the planned `reverse-proxy`
/// certificate: it fails when the certificate served for it does not cover it, when the handshake
/// fails, or when the certificate has an error-level finding (expired, untrusted chain, weak key,
/// missing serverAuth …); warning-level findings make it a warning. The whole-certificate view
/// (every planned name, the no-SNI certificate, extra names) stays with `lynccert audit`.
enum VerifyCertificates {
    static func run(
        planned: PlannedCertificate?, names: [String], endpoint: HTTPEndpoint, caFile: String?, timeout: Double,
        concurrency: Int, at: Date
    ) async -> [VerifyCheckResult] {
        guard !names.isEmpty, let planned else { return [] }
        let expected = "a certificate covering the name (plan: reverse-proxy), no error findings"
        func result(_ name: String, _ status: VerifyStatus, _ message: String) -> VerifyCheckResult {
            VerifyCheckResult(
                name: name, url: "https://\(name)/", kind: .certificate, expected: expected, status: status,
                httpStatus: nil, message: message, rule: "reverse-proxy certificate")
        }

        let store: TrustStore
        do {
            if let caFile {
                store = try TrustStore(anchors: .pem(try AuditFiles.read(caFile)))
            } else {
                store = try TrustStore(anchors: .system)
            }
        } catch {
            return names.map { result($0, .fail, "cannot load the trust anchors: \(error)") }
        }
        let chains = AuditChainBuilder(store: store, at: at)
        let targets = names.map { TLSProbeTarget(host: endpoint.address, port: endpoint.port, serverName: $0) }
        let probes = await TLSProbe.fetchChains(targets, concurrency: concurrency, timeout: timeout)
        let label = TLSProbeTarget.display(host: endpoint.address, port: endpoint.port)

        var outcomes: [[[UInt8]]: Handshake.Outcome] = [:]
        var results: [VerifyCheckResult] = []
        for (name, probe) in zip(names, probes) {
            let outcome: Handshake.Outcome
            switch probe {
            case .failure(let error):
                outcome = .failed(error.description)
            case .success(let served):
                if let known = outcomes[served.chain] {
                    outcome = known
                } else {
                    do {
                        let certificates = try served.chain.map { try Certificate(derEncoded: $0) }
                        if let leaf = certificates.first {
                            outcome = .served(try chains.chain(leaf: leaf, others: Array(certificates.dropFirst())))
                        } else {
                            outcome = .failed("the server sent no certificate")
                        }
                    } catch {
                        outcome = .failed("the server sent a certificate that cannot be read: \(error)")
                    }
                    outcomes[served.chain] = outcome
                }
            }
            if case .failed(let reason) = outcome {
                results.append(result(name, .fail, "TLS handshake failed: \(reason)"))
                continue
            }
            let audits = LiveAudit.audit(
                planned: planned, endpoint: label, handshakes: [Handshake(serverName: name, outcome: outcome)], at: at)
            guard let audit = audits.first else {
                results.append(result(name, .fail, "no certificate to audit"))
                continue
            }
            let served = audit.facts.displayName
            func certified(_ name: String, _ status: VerifyStatus, _ message: String) -> VerifyCheckResult {
                var r = result(name, status, message)
                r.thumbprint = audit.facts.thumbprint
                r.notAfter = AuditFormat.date(audit.facts.notAfter)
                r.daysUntilExpiry = AuditFormat.daysUntil(audit.facts.notAfter, from: at)
                return r
            }
            if audit.missing.contains(where: { Hostname.normalized($0) == name }) {
                let sans = audit.facts.dnsNames.map { String(decoding: $0, as: UTF8.self) }
                results.append(
                    certified(
                        name, .fail,
                        "name-not-covered: the certificate served for \(name) (\(served)) does not carry it; it has "
                            + (sans.isEmpty ? "no DNS names" : sans.joined(separator: ", "))))
                continue
            }
            let by = audit.covered.first { Hostname.normalized($0.name) == name }?.by ?? name
            let errors = audit.findings.filter { $0.severity == .error }
            let warnings = audit.findings.filter { $0.severity == .warning }
            if !errors.isEmpty {
                results.append(
                    certified(
                        name, .fail,
                        "covered by \(by) on \(served), but: "
                            + errors.map { "\($0.code) (\($0.message))" }.joined(separator: "; ")))
            } else if !warnings.isEmpty {
                results.append(
                    certified(
                        name, .warning,
                        "covered by \(by) on \(served); "
                            + warnings.map { "\($0.code): \($0.message)" }.joined(
                                separator: "; ")))
            } else {
                results.append(certified(name, .ok, "covered by \(by) on \(served)"))
            }
        }
        return results
    }
}
