import CertPlanner
import Crypto
import Foundation
import LyncSupport
import TopologyModel

/// `lynccert audit`'s use case: certificate files or a live endpoint, audited against one planned
/// certificate, every chain read and verified through one `AuditChainBuilder` (its cache).
package enum AuditRun {
    /// A certificate file as the command read it.
    package struct InputFile: Sendable {
        package var path: String
        package var bytes: [UInt8]

        package init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// The audits of a file run, with the parsed certificates (the command may keep them alive
    /// until exit rather than free them).
    package struct FilesResult {
        package var audits: [CertificateAudit]
        package var certificates: [(path: String, certificates: [Certificate])]
    }

    /// Audits every end-entity certificate in `files`, with the CA certificates of all files as
    /// its chain.
    ///
    /// - Throws: `WorkflowError.badInput` naming the file that cannot be read or holds nothing.
    package static func files(
        _ files: [InputFile], planned: PlannedCertificate, chains: AuditChainBuilder, warnDays: Int,
        passphrase: [UInt8]?, privateKey: PrivateKey?
    ) throws -> FilesResult {
        let at = chains.at
        // Every file is read first and all are decoded together: a thousand one-certificate
        // files cost what one bundle of them does.
        var loaded: [(path: String, certificates: [Certificate])] = []
        for (file, result) in zip(files, CryptoFile.parseAll(files.map(\.bytes), passphrase: passphrase)) {
            let path = file.path
            let parsed: CryptoFile
            do {
                parsed = try result.get()
            } catch let error as CryptoError where error.code == .wrongPassphrase {
                throw WorkflowError.badInput(
                    "\(path): \(error.description)\(passphrase == nil ? " (give --passphrase-file)" : "")")
            } catch {
                throw WorkflowError.badInput("\(path): \(error)")
            }
            guard !parsed.certificates.isEmpty else { throw WorkflowError.badInput("\(path): holds no certificate") }
            loaded.append((path, parsed.certificates))
        }
        // Copies of one certificate (the same DER, by SHA-256) count once: a CA certificate
        // repeated in every file or 2,000 times in one bundle is one chain member, not 2,000 in
        // each leaf's chain (which grew as leaves × CA certificates: 2,000 copies of a leaf and
        // its intermediate took 3.9 GB).
        var seenAuthorities = Set<[UInt8]>()
        let authorities = loaded.flatMap { $0.certificates.filter(\.isCA) }.filter {
            seenAuthorities.insert($0.sha256Fingerprint).inserted
        }
        // End-entity certificates are audited; a file of CA certificates only supplies the chain,
        // unless no file holds an end-entity certificate at all. Each distinct leaf is audited
        // (and its chain verified) once, and the result reported for every copy under the copy's
        // own file name. Distinct leaves are independent, so a large bundle uses every core.
        let authorityFacts = authorities.map(chains.facts(of:))
        let jobs = loaded.flatMap { file in file.certificates.filter { !$0.isCA }.map { (file.path, $0) } }
        var distinctIndex: [[UInt8]: Int] = [:]
        var distinct: [(String, Certificate)] = []
        let copyOf = jobs.map { job -> Int in
            let key = job.1.sha256Fingerprint
            if let known = distinctIndex[key] { return known }
            distinctIndex[key] = distinct.count
            distinct.append(job)
            return distinct.count - 1
        }
        // Each leaf's chain holds its own path's CA certificates, not every other leaf's.
        let selection = AuthoritySelection(authorities: authorities, leaves: distinct.map(\.1))
        let distinctAudits = try ConcurrentMap.map(distinct) { path, leaf in
            let kept = selection.indices(for: leaf)
            return try audit(
                leaf, warnDays: warnDays, path: path, authorities: kept.map { authorities[$0] },
                authorityFacts: kept.map { authorityFacts[$0] }, planned: planned, chains: chains, at: at,
                privateKey: privateKey)
        }
        var audits = zip(jobs, copyOf).map { job, index in
            var audit = distinctAudits[index]
            audit.source = job.0
            return audit
        }
        if audits.isEmpty, let first = loaded.first, let leaf = first.certificates.first {
            audits.append(
                try audit(
                    leaf, warnDays: warnDays, path: first.path, authorities: authorities.filter { $0 != leaf },
                    planned: planned, chains: chains, at: at, privateKey: privateKey))
        }
        return FilesResult(audits: audits, certificates: loaded)
    }

    private static func audit(
        _ leaf: Certificate, warnDays: Int, path: String, authorities: [Certificate],
        authorityFacts: [CertificateFacts]? = nil, planned: PlannedCertificate, chains: AuditChainBuilder,
        at: Date, privateKey: PrivateKey?
    ) throws -> CertificateAudit {
        let chain =
            if let authorityFacts {
                try chains.chain(leaf: leaf, others: authorities, otherFacts: authorityFacts)
            } else {
                try chains.chain(leaf: leaf, others: authorities)
            }
        let context = AuditContext(
            planned: planned, facts: chain.certificates[0], chain: chain, at: at, warnDays: warnDays,
            privateKeyMatches: privateKey.map { leaf.matches(privateKey: $0) })
        return CertificateAuditor.audit(context, source: path)
    }

    /// Audits what `host:port` serves: one handshake per name the plan puts on the certificate
    /// (SNI = the name), plus one without SNI.
    ///
    /// - Throws: `WorkflowError.failed` when no handshake succeeded at all.
    package static func endpoint(
        planned: PlannedCertificate, host: String, port: UInt16, chains: AuditChainBuilder, warnDays: Int,
        privateKey: PrivateKey?, timeout: Double, concurrency: Int
    ) async throws -> [CertificateAudit] {
        var names: [String] = []
        for name in planned.requiredNames where !names.contains(name) { names.append(name) }
        let targets =
            names.map { TLSProbeTarget(host: host, port: port, serverName: $0) }
            + [TLSProbeTarget(host: host, port: port, serverName: nil)]
        let results = await TLSProbe.fetchChains(targets, concurrency: concurrency, timeout: timeout)
        let endpoint = TLSProbeTarget.display(host: host, port: port)
        if results.allSatisfy({ if case .failure = $0 { true } else { false } }) {
            let reasons = Set(results.compactMap { if case .failure(let e) = $0 { e.description } else { nil } })
            throw WorkflowError.failed(
                "cannot audit \(endpoint): no handshake succeeded: \(reasons.sorted().joined(separator: "; "))")
        }
        let served = ServedChains(results, chains: chains)
        let handshakes = zip(targets, served.outcomes).map { Handshake(serverName: $0.serverName, outcome: $1) }
        var keyMatches: Bool?
        if let privateKey, !served.leaves.isEmpty {
            keyMatches = served.leaves.contains { $0.matches(privateKey: privateKey) }
        }
        return LiveAudit.audit(
            planned: planned, endpoint: endpoint, handshakes: handshakes, at: chains.at, warnDays: warnDays,
            privateKeyMatches: keyMatches)
    }
}

/// The handshake outcomes of TLS probes, each distinct served chain parsed and verified once (most
/// names get the same chain): what `audit --connect` and `verify`'s certificate check share.
package struct ServedChains {
    /// One per probe, in order.
    package let outcomes: [Handshake.Outcome]
    /// The leaf of each distinct chain that could be read, in first-seen order.
    package let leaves: [Certificate]

    /// A chain that cannot be read or verified is a failed handshake, with the reason.
    package init(_ probes: [Result<TLSProbeResult, CryptoError>], chains: AuditChainBuilder) {
        var verified: [[[UInt8]]: Handshake.Outcome] = [:]
        var outcomes: [Handshake.Outcome] = []
        var leaves: [Certificate] = []
        for probe in probes {
            switch probe {
            case .failure(let error):
                outcomes.append(.failed(error.description))
            case .success(let served):
                if let known = verified[served.chain] {
                    outcomes.append(known)
                    continue
                }
                let outcome: Handshake.Outcome
                do {
                    let certificates = try served.chain.map { der throws in try Certificate(derEncoded: der) }
                    if let leaf = certificates.first {
                        outcome = .served(try chains.chain(leaf: leaf, others: Array(certificates.dropFirst())))
                        leaves.append(leaf)
                    } else {
                        outcome = .failed("the server sent no certificate")
                    }
                } catch {
                    outcome = .failed("the server sent a certificate that cannot be read: \(error)")
                }
                verified[served.chain] = outcome
                outcomes.append(outcome)
            }
        }
        self.outcomes = outcomes
        self.leaves = leaves
    }
}

extension AuditRun {
    /// `host`, `host:port`, `[v6]`, `[v6]:port`; the port defaults to 443.
    package static func parseEndpoint(_ text: String) -> (String, UInt16)? {
        guard let endpoint = try? Endpoint(parsing: text, defaultPort: 443), let port = endpoint.port else {
            return nil
        }
        return (endpoint.host, port)
    }
}

extension TLSProbeTarget {
    /// `host:port`, `[v6]:port`.
    package static func display(host: String, port: UInt16) -> String {
        Endpoint.display(host: host, port: port)
    }
}
