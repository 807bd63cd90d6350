import CertPlanner
import Crypto
import Foundation

/// From a parsed certificate (Crypto) to the plain facts the pure audit checks read (CertPlanner).
extension CertificateFacts {
    package init(_ certificate: Certificate, sha256Fingerprint: [UInt8]? = nil) {
        let key = certificate.publicKey
        let signature = certificate.signatureAlgorithm
        self.init(
            subjectCommonName: certificate.commonName, subjectDN: certificate.subject.description,
            issuerDN: certificate.issuer.description,
            subjectAlternativeNames: (certificate.subjectAlternativeNames?.entries ?? []).map(SANEntry.init),
            notBefore: certificate.notBefore, notAfter: certificate.notAfter, keyAlgorithm: key.algorithm.description,
            keyBits: key.bits, signatureAlgorithm: signature.name, signatureAlgorithmOID: signature.oid,
            keyUsage: certificate.keyUsage.map { KeyUsageFacts(usages: Set($0.usage.names), critical: $0.critical) },
            extendedKeyUsageOIDs: certificate.extendedKeyUsages?.usages.map(\.oid),
            crlDistributionPoints: certificate.crlDistributionPoints, isCA: certificate.isCA,
            isSelfSigned: certificate.isSelfSigned,
            sha256Fingerprint: Digest.colonHex(sha256Fingerprint ?? certificate.sha256Fingerprint),
            thumbprint: certificate.thumbprint,
            subjectAlternativeNamesUnreadable: certificate.undecodableExtensions.contains("subjectAltName"))
    }
}

extension SANEntry {
    package init(_ name: GeneralName) {
        switch name {
        case .dnsName(let text): self = .dnsName(text.bytes)
        case .ipAddress(let ip): self = .ipAddress(ip.bytes)
        case .rfc822Name(let text): self = .other(kind: "email", value: text.description)
        case .uri(let text): self = .other(kind: "URI", value: text.description)
        case .directoryName(let dn): self = .other(kind: "DirName", value: dn.description)
        case .other(let tag, _): self = .other(kind: "othername", value: "tag \(tag)")
        }
    }
}

extension ChainVerification {
    package init(_ result: ChainVerificationResult) {
        guard !result.trusted else {
            self = .trusted
            return
        }
        let kind: ChainFailureKind =
            switch result.failure {
            case .issuerMissing: .issuerMissing
            case .untrustedRoot: .untrustedRoot
            case .other, .none: .other
            }
        self = .failed(kind: kind, reason: "\(result.message) (at depth \(result.errorDepth))")
    }
}

/// Builds chain facts (leaf first, then the other certificates, verified against the anchors),
/// remembering each certificate's facts so a bundle of many leaves sharing a chain is read once.
package final class AuditChainBuilder: @unchecked Sendable {
    package let store: TrustStore?
    package let at: Date
    private let lock = NSLock()
    private var factsCache: [[UInt8]: CertificateFacts] = [:]

    package init(store: TrustStore?, at: Date) {
        self.store = store
        self.at = at
    }

    package func facts(of certificate: Certificate) -> CertificateFacts {
        let key = certificate.sha256Fingerprint
        lock.lock()
        let known = factsCache[key]
        lock.unlock()
        if let known { return known }
        let facts = CertificateFacts(certificate, sha256Fingerprint: key)
        lock.lock()
        factsCache[key] = facts
        lock.unlock()
        return facts
    }

    /// - Throws: `WorkflowError.badInput` when a certificate cannot be verified because it is malformed.
    package func chain(leaf: Certificate, others: [Certificate]) throws -> ChainFacts {
        try chain(leaf: leaf, others: others, otherFacts: others.map(facts(of:)))
    }

    /// `chain(leaf:others:)` with the facts of `others` read beforehand (`others.map(facts(of:))`):
    /// a bundle's CA certificates are the chain of every leaf in it.
    package func chain(leaf: Certificate, others: [Certificate], otherFacts: [CertificateFacts]) throws -> ChainFacts {
        var verification = ChainVerification.notChecked
        if let store {
            do {
                let result = try ChainVerifier.verify(
                    leaf: leaf, intermediates: others, store: store, at: at)
                verification = ChainVerification(result)
            } catch {
                throw WorkflowError.badInput("cannot verify the chain: \(error)")
            }
        }
        return ChainFacts(certificates: [facts(of: leaf)] + otherFacts, verification: verification)
    }
}

/// Which of the CA certificates given to a file audit belong in each leaf's chain.
///
/// A leaf's chain is the CA certificates that can be on its path — those whose subject name is
/// its issuer's, then their issuers', and so on, compared as OpenSSL's chain builder compares
/// names (canonical-form hashes) — plus the CA certificates that are on no leaf's path at all,
/// which every chain keeps as before so a stray certificate in a bundle still shows as an order
/// problem. A certificate on another leaf's path only is left out: a bundle of 2,000 leaves, each
/// with an intermediate of its own, otherwise gave every leaf a chain of 2,000 intermediates and
/// 1,999 order problems (quadratic time and 1.2 GiB). With one leaf, or leaves that share their
/// chain, every CA certificate is kept in its place, as the plain path does. Verification only
/// loses certificates OpenSSL could not have used (an issuer's name must match).
package struct AuthoritySelection {
    private let authorities: [Certificate]
    /// Authority indices by subject-name hash.
    private let bySubject: [UInt: [Int]]
    private let issuerHashes: [UInt?]
    /// Authorities whose name hash is unknown, kept in every chain.
    private let alwaysKept: [Int]
    /// Authorities on no leaf's path (filled by `init`).
    private var unreached: Set<Int> = []

    package init(authorities: [Certificate], leaves: [Certificate]) {
        self.authorities = authorities
        var bySubject: [UInt: [Int]] = [:]
        var alwaysKept: [Int] = []
        var issuerHashes: [UInt?] = []
        for (index, authority) in authorities.enumerated() {
            if let hash = authority.subjectNameHash {
                bySubject[hash, default: []].append(index)
            } else {
                alwaysKept.append(index)
            }
            issuerHashes.append(authority.issuerNameHash)
        }
        self.bySubject = bySubject
        self.alwaysKept = alwaysKept
        self.issuerHashes = issuerHashes
        var reached = Set(alwaysKept)
        var seenIssuers = Set<UInt>()
        for leaf in leaves {
            reached.formUnion(path(from: leaf.issuerNameHash, seen: &seenIssuers))
        }
        unreached = Set(authorities.indices).subtracting(reached)
    }

    /// The indices (into `authorities`, in their order) of `leaf`'s chain members.
    package func indices(for leaf: Certificate) -> [Int] {
        var seen = Set<UInt>()
        var kept = path(from: leaf.issuerNameHash, seen: &seen)
        kept.formUnion(unreached)
        kept.formUnion(alwaysKept)
        return kept.sorted()
    }

    /// Authorities reachable from an issuer-name hash; `seen` holds hashes already followed.
    private func path(from issuer: UInt?, seen: inout Set<UInt>) -> Set<Int> {
        var found = Set<Int>()
        guard let issuer else { return Set(authorities.indices) }
        var pending = [issuer]
        while let hash = pending.popLast() {
            guard seen.insert(hash).inserted else { continue }
            for index in bySubject[hash] ?? [] {
                found.insert(index)
                guard let next = issuerHashes[index] else { return Set(authorities.indices) }
                pending.append(next)
            }
        }
        return found
    }
}
