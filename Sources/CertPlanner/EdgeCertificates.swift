import TopologyModel

/// The Edge pool's external and internal interface certificates (lync-rules.md §5).
///
/// Ids: the first Edge pool's certificates are `edge-external` and `edge-internal` (DESIGN.md);
/// every further Edge pool's are `<edge pool fqdn>/edge-external` and `<edge pool fqdn>/edge-internal`,
/// so a one-Edge topology keeps the short ids and several Edge pools never collide.
///
/// External interface, one certificate for Access, Web Conferencing and A/V authentication:
/// subject = Access Edge FQDN (the §13 item 6 note that Lync 2013 no longer requires it is read
/// as "still recommended", so it stays); SAN = Access Edge FQDN (subject repeated, TLS ignores
/// the subject), Web Conferencing Edge FQDN, `sip.<sipdomain>` for every SIP domain, and with
/// XMPP `xmpp.<default SIP domain>` and `*.<default SIP domain>`. The A/V Edge FQDN is not added.
///
/// `sip.<sipdomain>` is planned for every SIP domain, whatever domain the Access Edge FQDN is in:
/// §5 asks for it "when client auto-configuration or federation is used", and remote clients
/// always auto-configure (the DNS plan publishes `_sip._tls.<d>` → Access Edge and clients fall
/// back to `sip.<d>`), so the condition always holds in an Edge deployment. Each Edge pool's
/// certificate carries them, so DNS can be moved to another Edge pool without a new certificate.
///
/// EKU: server authentication only. Client authentication is needed only for public IM
/// connectivity (AOL), which the topology model does not have (and which no longer exists);
/// public CAs are also dropping clientAuth from TLS server certificates.
enum EdgeCertificates {
    static func externalId(_ index: Int, pool: EdgePool) -> String {
        index == 0 ? "edge-external" : "\(Hostname.normalized(pool.fqdn))/edge-external"
    }

    static func internalId(_ index: Int, pool: EdgePool) -> String {
        index == 0 ? "edge-internal" : "\(Hostname.normalized(pool.fqdn))/edge-internal"
    }

    static func external(_ ctx: PlanningContext, index: Int) -> CertificateDraft {
        let pool = ctx.topology.edgePools[index]
        let base = "edgePools[\(index)]"
        var sans = SANListBuilder()
        sans.add(
            pool.accessEdgeFqdn, kind: .fixed, reason: "§5 Access Edge FQDN (subject repeated in the SAN)",
            path: "\(base).accessEdgeFqdn")
        sans.add(
            pool.webConferencingFqdn, kind: .fixed, reason: "§5 Web Conferencing Edge FQDN",
            path: "\(base).webConferencingFqdn")
        for seed in ctx.seeds.edgeSip { sans.add(seed) }
        if pool.xmpp, let (domain, _) = ctx.sipDomains.first {
            sans.add(
                "xmpp." + domain, kind: .fixed, reason: "§5 XMPP federation for the default SIP domain",
                path: "\(base).xmpp")
            sans.add(
                "*." + domain, kind: .fixed, reason: "§5 XMPP federation wildcard for the default SIP domain",
                path: "\(base).xmpp")
        }
        let built = sans.build(policy: .none, wildcardReason: "")
        let certificate = PlannedCertificate(
            id: externalId(index, pool: pool), role: .edgeExternal,
            subject: Hostname.normalized(pool.accessEdgeFqdn), subjectAlternativeNames: built.names,
            requiredNames: sans.requiredNames, keySize: ctx.keySize, extendedKeyUsages: ["serverAuth"],
            issuer: .public, exportablePrivateKey: true, wildcardAllowed: pool.xmpp,
            purpose: "Edge external interface of \(Hostname.normalized(pool.fqdn)): Access Edge, Web Conferencing "
                + "Edge, A/V authentication" + (pool.xmpp ? ", XMPP" : ""))
        return CertificateDraft(certificate: certificate, invalidNames: sans.invalidNames)
    }

    /// Internal interface: subject = Edge pool FQDN. §5 says no SAN is required; the subject is
    /// still repeated as the one SAN entry, because RFC 6125 clients ignore the subject CN when a
    /// SAN extension is present and CAs add it anyway.
    static func `internal`(_ ctx: PlanningContext, index: Int) -> CertificateDraft {
        let pool = ctx.topology.edgePools[index]
        var sans = SANListBuilder()
        sans.add(
            pool.fqdn, kind: .fixed, reason: "§5 Edge internal pool FQDN (subject repeated in the SAN)",
            path: "edgePools[\(index)].fqdn")
        let certificate = PlannedCertificate(
            id: internalId(index, pool: pool), role: .edgeInternal, subject: Hostname.normalized(pool.fqdn),
            subjectAlternativeNames: sans.build(policy: .none, wildcardReason: "").names,
            requiredNames: sans.requiredNames, keySize: ctx.keySize, extendedKeyUsages: ["serverAuth"],
            issuer: .internal, exportablePrivateKey: true, wildcardAllowed: true,
            purpose: "Edge internal interface of \(Hostname.normalized(pool.fqdn)): traffic with Directors and "
                + "Front End pools")
        return CertificateDraft(certificate: certificate, invalidNames: sans.invalidNames)
    }
}
