import Topology

/// Derives the certificate plan from a topology (lync-rules.md §4–§6). Pure.
///
/// The plan lists, in this order: the reverse-proxy certificate (when a pool is published), each
/// Edge pool's external and internal certificates, then each pool's Default, WebServicesInternal
/// and (when published) WebServicesExternal certificates, all in topology order. Findings follow
/// the certificates: topology-wide policy findings first, then per-certificate ones.
///
/// Every step is linear in the number of names: duplicates are merged through dictionaries and
/// sets, never by scanning lists.
public enum CertificatePlanner {
    /// The certificate plan of `topology`.
    ///
    /// - Parameter topology: a validated topology (see `TopologyLoader`); names are normalised
    ///   (lower-cased, trailing dot dropped) on the way in.
    /// - Returns: every certificate the topology needs and the findings about them. Policy
    ///   problems are findings, never errors.
    public static func plan(_ topology: Topology) -> CertificatePlan {
        let ctx = PlanningContext(topology)
        var certificates: [PlannedCertificate] = []
        var refused: [String] = []

        let reverseProxy = ReverseProxyCertificate.plan(ctx)
        if let reverseProxy {
            certificates.append(reverseProxy.certificate)
            refused += reverseProxy.refusedWildcards
        }
        for index in topology.edgePools.indices {
            certificates.append(EdgeCertificates.external(ctx, index: index))
            certificates.append(EdgeCertificates.internal(ctx, index: index))
        }
        for index in topology.pools.indices {
            let pool = PoolCertificates.plan(ctx, index: index)
            certificates += pool.certificates
            refused += pool.refused
        }

        var findings = CertificatePlanFindings.topologyFindings(ctx, reverseProxy: reverseProxy?.certificate)
        var seenRefused = Set<String>()
        for name in refused where seenRefused.insert(name).inserted {
            findings.append(CertificatePlanFindings.refusedWildcard(name))
        }
        for certificate in certificates {
            findings += CertificatePlanFindings.certificateFindings(
                certificate, maxSANs: topology.certificates.maxSubjectAlternativeNames)
        }
        var seen = Set<Finding>()
        findings = findings.filter { seen.insert($0).inserted }
        return CertificatePlan(certificates: certificates, findings: findings)
    }
}
