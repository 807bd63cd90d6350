import CertPlanner
import Foundation
import TestSupport
import Testing
import TopologyModel

@Suite("Certificate plan findings")
struct CertificateFindingTests {
    @Test("the contoso example plans without findings")
    func cleanExample() {
        #expect(CertificatePlanner.plan(Fixtures.contoso()).findings.isEmpty)
    }

    /// Certificate summary (JJ204846): minimum 1024 "but you may receive a warning".
    @Test("weak-key: 1024 (Lync's minimum, JJ204846) is a warning, as in audit; 2048 is fine")
    func weakKey() {
        var topology = Fixtures.contoso()
        topology.certificates.keySize = 1024
        let finding = CertificatePlanner.plan(topology).findings.first { $0.code == "weak-key" }
        #expect(finding?.severity == .warning)
        #expect(finding?.path == "certificates.keySize")
        topology.certificates.keySize = 2048
        #expect(!CertificatePlanner.plan(topology).codes.contains("weak-key"))
    }

    @Test("san-limit-exceeded: a public certificate over the limit is an error; at the limit is fine")
    func sanLimit() {
        var topology = Fixtures.contoso()
        let count = CertificatePlanner.plan(topology).required("reverse-proxy").subjectAlternativeNames.count
        topology.certificates.maxSubjectAlternativeNames = count
        #expect(!CertificatePlanner.plan(topology).codes.contains("san-limit-exceeded"))
        topology.certificates.maxSubjectAlternativeNames = count - 1
        let findings = CertificatePlanner.plan(topology).findings.filter { $0.code == "san-limit-exceeded" }
        // The reverse proxy (6 names) exceeds 5; internal-CA pool certificates with 8 names are not checked.
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .error)
        #expect(findings.first?.message.contains("reverse-proxy") == true)
    }

    @Test("san-limit-exceeded: 100 SIP domains push the reverse proxy past the default 100")
    func sanLimitManyDomains() {
        let domains = (1...100).map { "domain\($0).com" }
        let plan = CertificatePlanner.plan(Fixtures.contoso(sipDomains: domains))
        #expect(plan.required("reverse-proxy").subjectAlternativeNames.count == 4 + 200)
        #expect(plan.codes.contains("san-limit-exceeded"))
    }

    @Test("many-sip-domains: 11 domains with explicit lyncdiscover names warn; 10 or HTTP autodiscover do not")
    func manySipDomains() {
        let eleven = (1...11).map { "d\($0).com" }
        let finding = CertificatePlanner.plan(Fixtures.contoso(sipDomains: eleven)).findings
            .first { $0.code == "many-sip-domains" }
        #expect(finding?.severity == .warning)
        #expect(finding?.message.contains("autodiscover: http") == true)
        #expect(
            !CertificatePlanner.plan(Fixtures.contoso(sipDomains: Array(eleven.prefix(10)))).codes
                .contains("many-sip-domains"))
        #expect(
            !CertificatePlanner.plan(Fixtures.contoso(sipDomains: eleven, autodiscover: .http)).codes
                .contains("many-sip-domains"))
        #expect(
            !CertificatePlanner.plan(Fixtures.contoso(sipDomains: eleven, wildcard: .simpleUrlsAndAutodiscover))
                .codes.contains("many-sip-domains"))
    }

    @Test("pools-without-director: two user pools and no Director; not with a Director")
    func poolsWithoutDirector() {
        var topology = Fixtures.contoso()
        topology.pools.append(
            Pool(fqdn: "pool02.contoso.net", role: .frontEnd, externalWebFqdn: "webext2.contoso.com"))
        #expect(!CertificatePlanner.plan(topology).codes.contains("pools-without-director"))
        topology.pools.remove(at: 1)
        let finding = CertificatePlanner.plan(topology).findings.first { $0.code == "pools-without-director" }
        #expect(finding?.severity == .info)
    }

    @Test("pool-not-published: a user pool without external web FQDN in an Edge deployment warns")
    func poolNotPublished() {
        var topology = Fixtures.contoso()
        topology.pools.append(Pool(fqdn: "pool02.contoso.net", role: .frontEnd))
        let finding = CertificatePlanner.plan(topology).findings.first { $0.code == "pool-not-published" }
        #expect(finding?.severity == .warning)
        #expect(finding?.path == "pools[2].externalWebFqdn")
        topology.pools[2].externalWebFqdn = "webext2.contoso.com"
        #expect(!CertificatePlanner.plan(topology).codes.contains("pool-not-published"))
        // An internal-only deployment (no Edge, nothing published) has nothing to warn about.
        #expect(
            !CertificatePlanner.plan(Fixtures.standardEditionAlone(externalWeb: nil)).codes.contains(
                "pool-not-published"))
    }

    /// DNS summary - Reverse proxy (JJ204781): "you must define and publish both the Director and the
    /// Front End pool external web services if you are using Directors".
    @Test("director-not-published (JJ204781): a Director without external web FQDN is an error")
    func directorNotPublished() {
        var topology = Fixtures.contoso()
        topology.pools[1].externalWebFqdn = nil
        let plan = CertificatePlanner.plan(topology)
        let found = plan.findings.filter { $0.code == "director-not-published" }
        #expect(found.count == 1)
        #expect(found.first?.severity == .error && found.first?.path == "pools[1].externalWebFqdn")
        #expect(found.first?.message.contains("JJ204781") == true)
        #expect(!plan.codes.contains("pool-not-published"))
        #expect(!CertificatePlanner.plan(Fixtures.contoso()).codes.contains("director-not-published"))
    }

    @Test("no-reverse-proxy-certificate: Edge pools but no published pool")
    func noReverseProxy() {
        var topology = Fixtures.contoso()
        topology.pools[0].externalWebFqdn = nil
        topology.pools[1].externalWebFqdn = nil
        #expect(CertificatePlanner.plan(topology).codes.contains("no-reverse-proxy-certificate"))
        #expect(!CertificatePlanner.plan(Fixtures.contoso()).codes.contains("no-reverse-proxy-certificate"))
    }

    @Test("wildcard-no-benefit: each wildcard standing for one name is reported; a shared parent is not")
    func wildcardNoBenefit() {
        var topology = Fixtures.contoso(wildcard: .simpleUrls)
        #expect(!CertificatePlanner.plan(topology).codes.contains("wildcard-no-benefit"))
        topology.simpleUrls.dialin = "https://dialin.fabrikam.com"
        let plan = CertificatePlanner.plan(topology)
        let finding = plan.findings.first { $0.code == "wildcard-no-benefit" }
        #expect(finding?.severity == .info)
        #expect(finding?.path == "certificates.wildcard")
        // The policy is still honoured: each host gets its own parent's wildcard.
        #expect(plan.required("reverse-proxy").sanSet.isSuperset(of: ["*.contoso.com", "*.fabrikam.com"]))
    }

    /// Named apart from audit's wildcard-not-allowed (an error): one code, one severity.
    @Test("wildcard-single-label: a simple URL under a single-label parent stays explicit")
    func wildcardSingleLabel() {
        var topology = Fixtures.contoso(wildcard: .simpleUrls)
        topology.simpleUrls.dialin = "https://dialin.local"
        let plan = CertificatePlanner.plan(topology)
        #expect(plan.required("reverse-proxy").sanSet.contains("dialin.local"))
        #expect(!plan.required("reverse-proxy").sanSet.contains("*.local"))
        let findings = plan.findings.filter { $0.code == "wildcard-single-label" }
        #expect(findings.count == 1)  // reported once, though three certificates carry the name
        #expect(findings.first?.severity == .warning)
        #expect(!plan.codes.contains("wildcard-not-allowed"))
        #expect(
            !CertificatePlanner.plan(Fixtures.contoso(wildcard: .simpleUrls)).codes.contains("wildcard-single-label"))
    }

    @Test("invalid-name: an underscore in a planned name is an error naming the topology path")
    func invalidName() {
        var topology = Fixtures.contoso()
        topology.officeWebApps?.fqdn = "office_web_apps.contoso.com"
        let finding = CertificatePlanner.plan(topology).findings.first { $0.code == "invalid-name" }
        #expect(finding?.severity == .error)
        #expect(finding?.path == "officeWebApps.fqdn")
        #expect(!CertificatePlanner.plan(Fixtures.contoso(xmpp: true)).codes.contains("invalid-name"))
    }

    @Test("every catalogued code is produced by one of these cases")
    func everyCodeExercised() {
        var produced = Set<String>()
        var weak = Fixtures.contoso()
        weak.certificates.keySize = 1024
        weak.certificates.maxSubjectAlternativeNames = 1
        weak.certificates.wildcard = .simpleUrls
        weak.simpleUrls.dialin = "https://dialin.local"
        weak.officeWebApps?.fqdn = "owa_1.contoso.com"
        weak.pools.append(Pool(fqdn: "pool02.contoso.net", role: .frontEnd))
        weak.pools.append(Pool(fqdn: "dir02.contoso.net", role: .director))
        produced.formUnion(CertificatePlanner.plan(weak).codes)
        var noDirector = Fixtures.contoso(sipDomains: (1...11).map { "d\($0).com" }, wildcard: .simpleUrls)
        noDirector.pools[1] = Pool(fqdn: "pool02.contoso.net", role: .frontEnd)
        noDirector.pools[0].externalWebFqdn = nil
        produced.formUnion(CertificatePlanner.plan(noDirector).codes)
        var single = Fixtures.contoso(wildcard: .simpleUrls)
        single.simpleUrls.dialin = "https://dialin.fabrikam.com"
        produced.formUnion(CertificatePlanner.plan(single).codes)
        #expect(
            produced
                == [
                    "weak-key", "san-limit-exceeded", "many-sip-domains", "pools-without-director",
                    "pool-not-published",
                    "director-not-published", "no-reverse-proxy-certificate", "wildcard-no-benefit",
                    "wildcard-single-label", "invalid-name",
                ])
    }
}

@Suite("Plan values")
struct PlanValueTests {
    @Test("a certificate plan survives a JSON round trip; replaces is written only for wildcards")
    func codableRoundTrip() throws {
        let plan = CertificatePlanner.plan(Fixtures.contoso(wildcard: .simpleUrls))
        let data = try JSONEncoder().encode(plan)
        #expect(try JSONDecoder().decode(CertificatePlan.self, from: data) == plan)
        let explicit = try JSONEncoder().encode(PlannedName(name: "meet.contoso.com", reasons: ["r"]))
        #expect(!String(decoding: explicit, as: UTF8.self).contains("replaces"))
        let wildcard = try JSONEncoder().encode(
            PlannedName(name: "*.contoso.com", reasons: ["r"], replaces: ["meet.contoso.com"]))
        #expect(String(decoding: wildcard, as: UTF8.self).contains("\"replaces\":[\"meet.contoso.com\"]"))
    }
}
