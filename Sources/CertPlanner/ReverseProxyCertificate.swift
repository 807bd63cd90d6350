import TopologyModel

/// The reverse proxy's listener certificate (lync-rules.md §4; CS-RP, RP-CERT, CS-AD, WILDCARD).
///
/// One certificate shared by one listener across every publishing rule (§4 rule 5, the layout
/// RP-SCEN step 7 describes). The subject is the external web services FQDN of the first user
/// pool (Front End pool or Standard Edition server) that has one, else of the first Director.
///
/// SAN order is CS-RP's "SAN/Order" (§13 item 1: order is not significant, so this is only the
/// canonical output order): user pools' external web FQDNs, Directors' external web FQDNs,
/// Dial-in, Meet hosts, Office Web Apps (only when `publishedExternally`),
/// `lyncdiscover.<sipdomain>` for each SIP domain (only when autodiscover is published over
/// HTTPS), then the wildcard entries. Not on this certificate: the Admin URL (internal only) and
/// `lyncdiscoverinternal.*` (§4 rule 3).
///
/// EKU: server authentication only. RP-CERT's MMC steps add Client Authentication, but the
/// listener never authenticates as a client, and public CAs are dropping clientAuth from TLS
/// server certificates (browser root programs require server-only hierarchies), so a request
/// asking for it would be refused or trimmed.
enum ReverseProxyCertificate {
    static let id = "reverse-proxy"

    static func plan(_ ctx: PlanningContext) -> CertificateDraft? {
        let pools = ctx.topology.pools
        let published = (ctx.userPoolIndices + ctx.directorIndices).filter { pools[$0].externalWebFqdn != nil }
        guard let first = published.first, let subject = pools[first].externalWebFqdn.map(Hostname.normalized)
        else { return nil }

        var sans = SANListBuilder(capacity: published.count + 2 * ctx.sipDomains.count + 3)
        for i in published {
            let pool = pools[i]
            guard let name = pool.externalWebFqdn else { continue }
            let what =
                pool.role == .director
                ? "external web services of Director \(pool.fqdn)"
                : "external web services of user pool \(pool.fqdn)"
            sans.add(name, kind: .fixed, reason: "§4.3 \(what)", path: "pools[\(i)].externalWebFqdn")
            if i == first {
                sans.add(name, kind: .fixed, reason: "§4.2 subject repeated in the SAN", path: nil)
            }
        }
        for seed in ctx.seeds.reverseProxySimpleUrls { sans.add(seed) }
        if let owas = ctx.topology.officeWebApps, owas.publishedExternally {
            sans.add(
                owas.fqdn, kind: .fixed, reason: "§4.3 Office Web Apps Server published externally",
                path: "officeWebApps.fqdn")
        }
        if ctx.topology.reverseProxy.autodiscover == .https {
            for seed in ctx.seeds.reverseProxyAutodiscover { sans.add(seed) }
        }
        let built = sans.build(
            policy: ctx.wildcardPolicy, wildcardReason: "§4.4 " + SANListBuilder.wildcardReason(ctx.wildcardPolicy))
        let certificate = PlannedCertificate(
            id: id, role: .reverseProxy, subject: subject, subjectAlternativeNames: built.names,
            requiredNames: sans.requiredNames, keySize: ctx.keySize,
            extendedKeyUsages: ["serverAuth"], issuer: .public, exportablePrivateKey: true,
            wildcardAllowed: true,
            purpose: "Reverse proxy HTTPS listener: external web services, simple URLs"
                + (ctx.topology.reverseProxy.autodiscover == .https ? ", autodiscover" : "")
                + (ctx.topology.officeWebApps?.publishedExternally == true ? ", Office Web Apps" : ""))
        return CertificateDraft(
            certificate: certificate, refusedWildcards: built.refused, invalidNames: sans.invalidNames)
    }
}
