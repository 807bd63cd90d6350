import TopologyModel

/// The certificates of a Front End pool, Standard Edition server or Director (lync-rules.md §6).
///
/// Microsoft's default practice is one certificate for the uses Default, WebServicesInternal and
/// WebServicesExternal, or one per use; the plan always shows the split form (DESIGN.md ids
/// `<fqdn>/default`, `<fqdn>/web-internal`, `<fqdn>/web-external`), and an administrator who wants
/// one certificate merges the three SAN lists.
///
/// Readings of the ambiguous rows (§13 item 5):
/// - every subject is the pool FQDN (the rule), not a member server FQDN (the examples): clients
///   and the reverse proxy reach the pool name or its load balancer, and member FQDNs are in the
///   SAN anyway;
/// - web-external carries Meet and Dial-in, not Admin: the examples (and SfB 2015's corrected
///   Director row) do, and Admin is internal only (§7);
/// - the autodiscover names go to the split web certificates (§6 "Autodiscover additions": Default
///   when one certificate, WebServicesInternal / WebServicesExternal "when certs are split"):
///   `lyncdiscoverinternal.<sipdomain>` on web-internal and `lyncdiscover.<sipdomain>` on
///   web-external, on every Director and user pool as Request-CsCertificate `-AllSipDomain` does,
///   so any pool can take the autodiscover publishing rule. `lyncdiscoverinternal` uses the SIP
///   domain (§13 item 4: the record-creation steps put it in the SIP-domain zone). Web-external
///   keeps `lyncdiscover.<d>` with `reverseProxy.autodiscover: http` too: Certificate summary -
///   Autodiscover (JJ945616) exempts only the reverse-proxy certificate from it (the port-80 rule
///   spares the public certificate), not the Front End and Director certificates;
/// - `sip.<sipdomain>` goes on the Default certificate of the pool internal `sip.<d>` records
///   point at (first Director, else first user pool), as the certificate wizard adds it.
enum PoolCertificates {
    static func plan(_ ctx: PlanningContext, index: Int) -> [CertificateDraft] {
        let pool = ctx.topology.pools[index]
        let fqdn = Hostname.normalized(pool.fqdn)
        let base = "pools[\(index)]"
        let kind = roleName(pool.role)
        let wildcardReason = "§6 " + SANListBuilder.wildcardReason(ctx.wildcardPolicy)

        // Default: pool FQDN, member FQDNs, sip.<d> on the sign-in pool.
        var standard = SANListBuilder()
        standard.add(fqdn, kind: .fixed, reason: "§6 \(kind) FQDN (subject repeated in the SAN)", path: "\(base).fqdn")
        addMachines(&standard, pool: pool, base: base)
        if ctx.signInPoolIndex == index {
            for seed in ctx.seeds.signInSip { standard.add(seed) }
        }
        // Every certificate of the pool: subject the pool FQDN, internal CA, key kept on the server;
        // wildcards (by the policy) only on the web certificates.
        func draft(_ sans: SANListBuilder, use: String, role: CertificateRole, purpose: String) -> CertificateDraft {
            let wildcards = role != .poolDefault
            let built = sans.build(
                policy: wildcards ? ctx.wildcardPolicy : .none, wildcardReason: wildcards ? wildcardReason : "")
            return CertificateDraft(
                certificate: PlannedCertificate(
                    id: "\(fqdn)/\(use)", role: role, subject: fqdn, subjectAlternativeNames: built.names,
                    requiredNames: sans.requiredNames, keySize: ctx.keySize, issuer: .internal,
                    exportablePrivateKey: false, wildcardAllowed: wildcards, purpose: "\(kind) \(fqdn) \(purpose)"),
                refusedWildcards: built.refused, invalidNames: sans.invalidNames)
        }
        var drafts = [
            draft(standard, use: "default", role: .poolDefault, purpose: "Default: SIP/MTLS with servers and clients")
        ]

        // Web internal: internal web FQDN, pool and members, simple URLs incl. Admin, lyncdiscoverinternal.
        var internalWeb = SANListBuilder(capacity: pool.machines.count + 2 * ctx.sipDomains.count + 4)
        internalWeb.add(
            fqdn, kind: .fixed, reason: "§6 \(kind) FQDN (subject repeated in the SAN)", path: "\(base).fqdn")
        internalWeb.add(
            pool.effectiveInternalWebFqdn, kind: .fixed, reason: "§6 internal web services FQDN",
            path: pool.internalWebFqdn == nil ? "\(base).fqdn" : "\(base).internalWebFqdn")
        addMachines(&internalWeb, pool: pool, base: base)
        for seed in ctx.seeds.poolSimpleUrls { internalWeb.add(seed) }
        if let admin = ctx.seeds.poolAdmin { internalWeb.add(admin) }
        for seed in ctx.seeds.poolAutodiscoverInternal { internalWeb.add(seed) }
        drafts.append(
            draft(
                internalWeb, use: "web-internal", role: .poolWebInternal,
                purpose: "WebServicesInternal: IIS internal web site (443)"))

        // Web external: only when the pool is published.
        if let external = pool.externalWebFqdn {
            var externalWeb = SANListBuilder(capacity: 2 * ctx.sipDomains.count + 3)
            externalWeb.add(
                fqdn, kind: .fixed, reason: "§6 \(kind) FQDN (subject repeated in the SAN)", path: "\(base).fqdn")
            externalWeb.add(
                external, kind: .fixed, reason: "§6 external web services FQDN (the reverse proxy's next hop name)",
                path: "\(base).externalWebFqdn")
            for seed in ctx.seeds.poolSimpleUrls { externalWeb.add(seed) }
            for seed in ctx.seeds.poolAutodiscover { externalWeb.add(seed) }
            drafts.append(
                draft(
                    externalWeb, use: "web-external", role: .poolWebExternal,
                    purpose: "WebServicesExternal: IIS external web site (4443), behind the reverse proxy"))
        }
        return drafts
    }

    static func roleName(_ role: PoolRole) -> String {
        switch role {
        case .frontEnd: "Front End pool"
        case .standardEdition: "Standard Edition server"
        case .director: "Director"
        }
    }

    private static func addMachines(_ sans: inout SANListBuilder, pool: Pool, base: String) {
        for (j, machine) in pool.machines.enumerated() {
            sans.add(machine, kind: .fixed, reason: "§6 member server FQDN", path: "\(base).machines[\(j)]")
        }
    }
}
