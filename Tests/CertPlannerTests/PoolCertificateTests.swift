import CertPlanner
import TestSupport
import Testing
import TopologyModel

@Suite("Pool certificates (lync-rules §6)")
struct PoolCertificateTests {
    /// CS-DIRPOOL: SN dirpool01.contoso.net; SAN dirpool01, dir01, dialin, meet, lyncdiscoverinternal,
    /// lyncdiscover (one certificate for all uses).
    static let csDirPool: Set<String> = [
        "dirpool01.contoso.net", "dir01.contoso.net", "dialin.contoso.com", "meet.contoso.com",
        "lyncdiscoverinternal.contoso.com", "lyncdiscover.contoso.com",
    ]

    @Test("CS-DIRPOOL: the Director's three certificates together hold Microsoft's names")
    func directorPool() {
        let plan = CertificatePlanner.plan(Fixtures.contoso())
        let base = "dirpool01.contoso.net"
        let standard = plan.required("\(base)/default")
        let internalWeb = plan.required("\(base)/web-internal")
        let externalWeb = plan.required("\(base)/web-external")
        for c in [standard, internalWeb, externalWeb] { #expect(c.subject == base) }
        #expect(standard.sanNames == ["dirpool01.contoso.net", "dir01.contoso.net", "sip.contoso.com"])
        #expect(
            internalWeb.sanNames == [
                "dirpool01.contoso.net", "dir01.contoso.net", "dialin.contoso.com", "meet.contoso.com",
                "admin.contoso.com", "lyncdiscoverinternal.contoso.com",
            ])
        #expect(
            externalWeb.sanNames == [
                "dirpool01.contoso.net", "webdirext.contoso.com", "dialin.contoso.com", "meet.contoso.com",
                "lyncdiscover.contoso.com",
            ])
        // Merged, as one certificate for all uses: the example plus the documented additions
        // (external web FQDN, sip.<d> of the sign-in pool, internal-only Admin URL).
        let union = standard.sanSet.union(internalWeb.sanSet).union(externalWeb.sanSet)
        #expect(union == Self.csDirPool.union(["webdirext.contoso.com", "sip.contoso.com", "admin.contoso.com"]))
    }

    @Test("CS-DIR single Director: dir01.contoso.net carries dialin, meet, lyncdiscoverinternal, lyncdiscover")
    func singleDirector() {
        var topology = Fixtures.contoso()
        topology.pools[1] = Pool(fqdn: "dir01.contoso.net", role: .director, externalWebFqdn: "webdirext.contoso.com")
        let plan = CertificatePlanner.plan(topology)
        let union = ["default", "web-internal", "web-external"]
            .map { plan.required("dir01.contoso.net/\($0)").sanSet }
            .reduce(Set<String>()) { $0.union($1) }
        #expect(
            union.isSuperset(of: [
                "dir01.contoso.net", "dialin.contoso.com", "meet.contoso.com", "lyncdiscoverinternal.contoso.com",
                "lyncdiscover.contoso.com",
            ]))
    }

    @Test("key profile: internal CA, not exportable, serverAuth, KU critical")
    func keyProfile() {
        let plan = CertificatePlanner.plan(Fixtures.contoso())
        for c in plan.certificates where [.poolDefault, .poolWebInternal, .poolWebExternal].contains(c.role) {
            #expect(c.issuer == .internal, "\(c.id)")
            #expect(!c.exportablePrivateKey, "\(c.id)")
            #expect(c.extendedKeyUsages == ["serverAuth"], "\(c.id)")
            #expect(c.keyUsageCritical, "\(c.id)")
            #expect(c.wildcardAllowed == (c.role != .poolDefault), "\(c.id)")
        }
    }

    @Test("Front End web-internal: pool, internal web FQDN, members, simple URLs incl. Admin")
    func frontEndWebInternal() {
        let c = CertificatePlanner.plan(Fixtures.contoso()).required("pool01.contoso.net/web-internal")
        #expect(c.subject == "pool01.contoso.net")
        #expect(
            c.sanNames == [
                "pool01.contoso.net", "lsweb.contoso.net", "fe01.contoso.net", "fe02.contoso.net",
                "dialin.contoso.com", "meet.contoso.com", "admin.contoso.com", "lyncdiscoverinternal.contoso.com",
            ])
        let byName = Dictionary(uniqueKeysWithValues: c.subjectAlternativeNames.map { ($0.name, $0.paths) })
        #expect(byName["lsweb.contoso.net"] == ["pools[0].internalWebFqdn"])
        #expect(byName["fe02.contoso.net"] == ["pools[0].machines[1]"])
    }

    @Test("web-external only when the pool has an external web FQDN; never carries Admin")
    func webExternalOnlyWhenPublished() {
        let published = CertificatePlanner.plan(Fixtures.standardEditionAlone())
        let c = published.required("se01.contoso.com/web-external")
        #expect(
            c.sanNames == [
                "se01.contoso.com", "webext.contoso.com", "dialin.contoso.com", "meet.contoso.com",
                "lyncdiscover.contoso.com",
            ])
        let unpublished = CertificatePlanner.plan(Fixtures.standardEditionAlone(externalWeb: nil))
        #expect(unpublished.certificate(id: "se01.contoso.com/web-external") == nil)
        #expect(unpublished.certificate(id: "se01.contoso.com/default") != nil)
        #expect(
            !CertificatePlanner.plan(Fixtures.contoso()).required("pool01.contoso.net/web-external").sanSet
                .contains("admin.contoso.com"))
    }

    @Test("Standard Edition: the internal web FQDN is the server FQDN, listed once")
    func standardEditionInternalWeb() {
        let c = CertificatePlanner.plan(Fixtures.standardEditionAlone()).required("se01.contoso.com/web-internal")
        #expect(
            c.sanNames == [
                "se01.contoso.com", "dialin.contoso.com", "meet.contoso.com",
                "lyncdiscoverinternal.contoso.com",
            ])
        #expect(c.subjectAlternativeNames.first?.paths == ["pools[0].fqdn"])
    }

    @Test("sip.<d> goes on the Default certificate of the Director, else of the first user pool only")
    func sipOnSignInPool() {
        let withDirector = CertificatePlanner.plan(Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]))
        #expect(
            withDirector.required("dirpool01.contoso.net/default").sanSet
                .isSuperset(of: ["sip.contoso.com", "sip.fabrikam.com"]))
        #expect(!withDirector.required("pool01.contoso.net/default").sanNames.contains { $0.hasPrefix("sip.") })
        let single = CertificatePlanner.plan(Fixtures.standardEditionAlone())
        #expect(single.required("se01.contoso.com/default").sanNames == ["se01.contoso.com", "sip.contoso.com"])
    }

    /// Certificate summary - Autodiscover (JJ945616): the port-80 rule exempts only the reverse-proxy
    /// certificate from lyncdiscover.<d>; the pool web-external certificates keep it.
    @Test("autodiscover over HTTP (JJ945616): only the reverse proxy drops lyncdiscover.<d>; pools keep it")
    func autodiscoverHttp() {
        let plan = CertificatePlanner.plan(Fixtures.contoso(autodiscover: .http))
        for id in ["pool01.contoso.net/web-external", "dirpool01.contoso.net/web-external"] {
            #expect(plan.required(id).sanSet.contains("lyncdiscover.contoso.com"), "\(id)")
            #expect(plan.required(id).requiredNames.contains("lyncdiscover.contoso.com"), "\(id)")
        }
        #expect(!plan.required("reverse-proxy").sanNames.contains { $0.hasPrefix("lyncdiscover") })
        #expect(plan.required("pool01.contoso.net/web-internal").sanSet.contains("lyncdiscoverinternal.contoso.com"))
    }

    @Test("wildcard policy on web certificates: simple URLs (and Admin) become *.contoso.com; Default untouched")
    func wildcardOnWebCertificates() {
        let plan = CertificatePlanner.plan(Fixtures.contoso(wildcard: .simpleUrls))
        let internalWeb = plan.required("pool01.contoso.net/web-internal")
        #expect(
            internalWeb.sanNames == [
                "pool01.contoso.net", "lsweb.contoso.net", "fe01.contoso.net", "fe02.contoso.net",
                "lyncdiscoverinternal.contoso.com", "*.contoso.com",
            ])
        #expect(
            internalWeb.subjectAlternativeNames.last?.replaces == [
                "dialin.contoso.com", "meet.contoso.com", "admin.contoso.com",
            ])
        let auto = CertificatePlanner.plan(Fixtures.contoso(wildcard: .simpleUrlsAndAutodiscover))
        #expect(
            auto.required("pool01.contoso.net/web-external").sanNames == [
                "pool01.contoso.net", "webext.contoso.com", "*.contoso.com",
            ])
        #expect(!auto.required("dirpool01.contoso.net/default").sanNames.contains { $0.hasPrefix("*") })
    }

    @Test("certificate order: reverse proxy, Edge, then each pool's default, web-internal, web-external")
    func order() {
        let ids = CertificatePlanner.plan(Fixtures.contoso()).certificates.map(\.id)
        #expect(
            ids == [
                "reverse-proxy", "edge-external", "edge-internal", "pool01.contoso.net/default",
                "pool01.contoso.net/web-internal", "pool01.contoso.net/web-external",
                "dirpool01.contoso.net/default", "dirpool01.contoso.net/web-internal",
                "dirpool01.contoso.net/web-external",
            ])
    }
}
