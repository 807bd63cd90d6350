import CertPlanner
import Crypto
import Foundation
import HTTPProbe
import PublishingPlanner
import TopologyModel

/// The certificate check of `lynccert verify`: the certificate served for each published HTTPS
/// name, audited for that name with `lynccert audit`'s checks, judged by
/// `VerifyChecks.judgeCertificate`.
///
/// One TLS handshake per name (SNI = the name) to `--connect`, through the same TLS client as
/// `audit --connect`; each distinct chain is read and verified once (`ServedChains`, against
/// `--ca-file`, else the system's trust store). The whole-certificate view (every planned name,
/// the no-SNI certificate, extra names) stays with `lynccert audit`.
package enum VerifyCertificates {
    package static func run(
        planned: PlannedCertificate?, names: [String], endpoint: HTTPEndpoint,
        trustStore: Result<TrustStore, WorkflowError>, timeout: Double, concurrency: Int, at: Date
    ) async -> [VerifyCheckResult] {
        guard !names.isEmpty, let planned else { return [] }
        let store: TrustStore
        switch trustStore {
        case .success(let loaded): store = loaded
        case .failure(let error):
            return names.map { VerifyChecks.judgeCertificate(name: $0, .trustAnchorsUnavailable(error.message)) }
        }
        let chains = AuditChainBuilder(store: store, at: at)
        let targets = names.map { TLSProbeTarget(host: endpoint.address, port: endpoint.port, serverName: $0) }
        let probes = await TLSProbe.fetchChains(targets, concurrency: concurrency, timeout: timeout)
        let label = TLSProbeTarget.display(host: endpoint.address, port: endpoint.port)
        let served = ServedChains(probes, chains: chains)
        return zip(names, served.outcomes).map { name, outcome in
            VerifyChecks.judgeCertificate(
                name: name, observation(name: name, outcome: outcome, planned: planned, endpoint: label, at: at))
        }
    }

    /// The audit of what was served for `name`, as the plain values the judgement reads.
    static func observation(
        name: String, outcome: Handshake.Outcome, planned: PlannedCertificate, endpoint: String, at: Date
    ) -> VerifyCertificateObservation {
        if case .failed(let reason) = outcome { return .handshakeFailed(reason) }
        let audits = LiveAudit.audit(
            planned: planned, endpoint: endpoint, handshakes: [Handshake(serverName: name, outcome: outcome)], at: at)
        guard let audit = audits.first else { return .noCertificate }
        let covered = !audit.missing.contains { Hostname.normalized($0) == name }
        return .served(
            VerifyServedCertificate(
                displayName: audit.facts.displayName,
                dnsNames: audit.facts.dnsNames.map { String(decoding: $0, as: UTF8.self) },
                thumbprint: audit.facts.thumbprint, notAfter: AuditFormat.date(audit.facts.notAfter),
                daysUntilExpiry: AuditFormat.daysUntil(audit.facts.notAfter, from: at),
                coveredBy: covered ? (audit.covered.first { Hostname.normalized($0.name) == name }?.by ?? name) : nil,
                findings: audit.findings))
    }
}
