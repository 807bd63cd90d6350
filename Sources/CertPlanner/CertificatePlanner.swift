import TopologyModel

/// Derives the certificate plan from a topology (lync-rules.md §4–§6). Pure.
///
/// The plan lists, in this order: the reverse-proxy certificate (when a pool is published), each
/// Edge pool's external and internal certificates, then each pool's Default, WebServicesInternal
/// and (when published) WebServicesExternal certificates, all in topology order. Findings follow
/// the certificates: topology-wide policy findings first, then per-certificate ones.
///
/// Every step is linear in the number of names: duplicates are merged through dictionaries and
/// sets, never by scanning lists, and the names repeated on every pool (one per SIP domain) are
/// prepared and syntax-checked once.
public enum CertificatePlanner {
    /// The certificate plan of `topology`.
    ///
    /// - Parameter topology: a validated topology (see `TopologyLoader`); names are normalised
    ///   (lower-cased, trailing dot dropped) on the way in.
    /// - Returns: every certificate the topology needs and the findings about them. Policy
    ///   problems are findings, never errors.
    public static func plan(_ topology: Topology) -> CertificatePlan {
        let ctx = PlanningContext(topology)
        var drafts: [CertificateDraft] = []
        let reverseProxy = ReverseProxyCertificate.plan(ctx)
        if let reverseProxy { drafts.append(reverseProxy) }
        for index in topology.edgePools.indices {
            drafts.append(EdgeCertificates.external(ctx, index: index))
            drafts.append(EdgeCertificates.internal(ctx, index: index))
        }
        for index in topology.pools.indices {
            drafts += PoolCertificates.plan(ctx, index: index)
        }

        var findings = CertificatePlanFindings.topologyFindings(ctx, reverseProxy: reverseProxy?.certificate)
        var reportedRefused = Set<String>()
        var reportedInvalid = Set<String>()
        for draft in drafts {
            for name in draft.refusedWildcards where reportedRefused.insert(name).inserted {
                findings.append(CertificatePlanFindings.refusedWildcard(name))
            }
        }
        for draft in drafts {
            findings += CertificatePlanFindings.certificateFindings(
                draft.certificate, maxSANs: topology.certificates.maxSubjectAlternativeNames)
            for invalid in draft.invalidNames where reportedInvalid.insert(invalid.name).inserted {
                findings.append(CertificatePlanFindings.invalidNameFinding(invalid, certificate: draft.certificate.id))
            }
        }
        return CertificatePlan(certificates: drafts.map(\.certificate), findings: findings)
    }
}
