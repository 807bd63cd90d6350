import CertPlanner
import TestSupport
import Testing
import TopologyModel

@Suite("Reverse-proxy certificate (lync-rules §4)")
struct ReverseProxyCertificateTests {
    /// CS-RP's table, in its "SAN/Order".
    static let csRP = [
        "webext.contoso.com", "webdirext.contoso.com", "dialin.contoso.com", "meet.contoso.com",
        "officewebapps01.contoso.com", "lyncdiscover.contoso.com",
    ]

    @Test("contoso: exactly Microsoft's CS-RP table, as a set and in canonical order")
    func contosoMatchesCSRP() {
        let rp = CertificatePlanner.plan(Fixtures.contoso()).required("reverse-proxy")
        #expect(rp.subject == "webext.contoso.com")
        #expect(rp.sanSet == Set(Self.csRP))
        #expect(rp.sanNames == Self.csRP)
        #expect(rp.requiredNames == Self.csRP)
    }

    /// EKU serverAuth only: public CAs no longer issue clientAuth in TLS server certificates.
    @Test("key profile: public CA, RSA policy size, KU critical, serverAuth only, exportable (§4 rule 1)")
    func keyProfile() {
        var topology = Fixtures.contoso()
        topology.certificates.keySize = 4096
        let rp = CertificatePlanner.plan(topology).required("reverse-proxy")
        #expect(rp.issuer == .public)
        #expect(rp.keyAlgorithm == "RSA")
        #expect(rp.keySize == 4096)
        #expect(rp.keyUsages == ["digitalSignature", "keyEncipherment"])
        #expect(rp.keyUsageCritical)
        #expect(rp.extendedKeyUsages == ["serverAuth"])
        #expect(rp.exportablePrivateKey)
        #expect(rp.wildcardAllowed)
        #expect(rp.role == .reverseProxy)
    }

    @Test("every SAN carries a rule and the topology path it comes from")
    func reasonsAndPaths() {
        let rp = CertificatePlanner.plan(Fixtures.contoso()).required("reverse-proxy")
        let byName = Dictionary(uniqueKeysWithValues: rp.subjectAlternativeNames.map { ($0.name, $0) })
        #expect(byName["webext.contoso.com"]?.paths == ["pools[0].externalWebFqdn"])
        #expect(byName["webext.contoso.com"]?.reasons.contains("§4.2 subject repeated in the SAN") == true)
        #expect(byName["webdirext.contoso.com"]?.paths == ["pools[1].externalWebFqdn"])
        #expect(byName["dialin.contoso.com"]?.paths == ["simpleUrls.dialin"])
        #expect(byName["meet.contoso.com"]?.paths == ["simpleUrls.meet[0].url"])
        #expect(byName["officewebapps01.contoso.com"]?.paths == ["officeWebApps.fqdn"])
        #expect(byName["lyncdiscover.contoso.com"]?.paths == ["sipDomains[0]"])
        for name in rp.subjectAlternativeNames {
            #expect(name.reasons.allSatisfy { $0.hasPrefix("§4") }, "\(name.name)")
        }
    }

    @Test("Office Web Apps is on the certificate only when published externally")
    func officeWebApps() {
        let published = CertificatePlanner.plan(Fixtures.contoso(owasPublished: true)).required("reverse-proxy")
        let internalOnly = CertificatePlanner.plan(Fixtures.contoso(owasPublished: false)).required("reverse-proxy")
        #expect(published.sanSet.contains("officewebapps01.contoso.com"))
        #expect(!internalOnly.sanSet.contains("officewebapps01.contoso.com"))
    }

    @Test("lyncdiscover.<d> for every SIP domain over HTTPS; none when autodiscover is published on HTTP")
    func autodiscover() {
        let https = CertificatePlanner.plan(Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]))
            .required("reverse-proxy")
        #expect(https.sanSet.isSuperset(of: ["lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com"]))
        let http = CertificatePlanner.plan(
            Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"], autodiscover: .http)
        ).required("reverse-proxy")
        #expect(!http.sanNames.contains { $0.hasPrefix("lyncdiscover") })
    }

    @Test("the Admin URL and lyncdiscoverinternal are never on the reverse-proxy certificate")
    func internalOnlyNames() {
        let plan = CertificatePlanner.plan(Fixtures.contoso())
        #expect(!plan.required("reverse-proxy").sanSet.contains("admin.contoso.com"))
        #expect(!plan.required("reverse-proxy").sanNames.contains { $0.hasPrefix("lyncdiscoverinternal") })
        // …while the pool's internal web certificate does carry them.
        #expect(plan.required("pool01.contoso.net/web-internal").sanSet.contains("admin.contoso.com"))
    }

    @Test("a Meet host per SIP domain, in SIP-domain order after Dial-in")
    func meetPerDomain() {
        let rp = CertificatePlanner.plan(Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]))
            .required("reverse-proxy")
        #expect(
            rp.sanNames == [
                "webext.contoso.com", "webdirext.contoso.com", "dialin.contoso.com", "meet.contoso.com",
                "meet.fabrikam.com", "officewebapps01.contoso.com", "lyncdiscover.contoso.com",
                "lyncdiscover.fabrikam.com",
            ])
    }

    @Test("names are deduplicated case-insensitively and keep both reasons")
    func deduplication() {
        var topology = Fixtures.contoso()
        topology.simpleUrls.meet = [MeetUrl(domain: "contoso.com", url: "https://LYNC.Contoso.com/Meet")]
        topology.simpleUrls.dialin = "https://lync.contoso.com/Dialin"
        let rp = CertificatePlanner.plan(topology).required("reverse-proxy")
        #expect(rp.sanNames.filter { $0 == "lync.contoso.com" }.count == 1)
        let entry = rp.subjectAlternativeNames.first { $0.name == "lync.contoso.com" }
        #expect(entry?.paths == ["simpleUrls.dialin", "simpleUrls.meet[0].url"])
        #expect(entry?.reasons.count == 2)
        #expect(!rp.sanNames.contains { $0 != $0.lowercased() })
    }

    @Test("subject: first published user pool, else first Director; no published pool, no certificate")
    func subjectChoice() {
        var topology = Fixtures.contoso()
        topology.pools[0].externalWebFqdn = nil
        let directorOnly = CertificatePlanner.plan(topology).required("reverse-proxy")
        #expect(directorOnly.subject == "webdirext.contoso.com")
        #expect(directorOnly.sanNames.first == "webdirext.contoso.com")
        topology.pools[1].externalWebFqdn = nil
        #expect(CertificatePlanner.plan(topology).certificate(id: "reverse-proxy") == nil)
    }

    @Test("wildcard simpleUrls: *.contoso.com replaces meet and dialin; web FQDNs and lyncdiscover stay explicit")
    func wildcardSimpleUrls() {
        let rp = CertificatePlanner.plan(Fixtures.contoso(wildcard: .simpleUrls)).required("reverse-proxy")
        #expect(
            rp.sanNames == [
                "webext.contoso.com", "webdirext.contoso.com", "officewebapps01.contoso.com",
                "lyncdiscover.contoso.com", "*.contoso.com",
            ])
        #expect(rp.subjectAlternativeNames.last?.replaces == ["dialin.contoso.com", "meet.contoso.com"])
        #expect(rp.subject == "webext.contoso.com")
        // The audit list still names every host the wildcard stands for.
        #expect(rp.requiredNames == Self.csRP)
        for name in rp.requiredNames {
            #expect(NameMatching.coveringName(for: name, in: rp.sanNames) != nil, "\(name)")
        }
    }

    @Test("wildcard simpleUrlsAndAutodiscover also replaces lyncdiscover.<d>")
    func wildcardAutodiscover() {
        let rp = CertificatePlanner.plan(Fixtures.contoso(wildcard: .simpleUrlsAndAutodiscover))
            .required("reverse-proxy")
        #expect(
            rp.sanNames == [
                "webext.contoso.com", "webdirext.contoso.com", "officewebapps01.contoso.com", "*.contoso.com",
            ])
        #expect(
            rp.subjectAlternativeNames.last?.replaces == [
                "dialin.contoso.com", "meet.contoso.com", "lyncdiscover.contoso.com",
            ])
    }

    @Test("a wildcard covers only its own parent domain: meet.fabrikam.com gets *.fabrikam.com, not *.contoso.com")
    func wildcardPerParentDomain() {
        let rp = CertificatePlanner.plan(
            Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"], wildcard: .simpleUrlsAndAutodiscover)
        ).required("reverse-proxy")
        let wildcards = rp.subjectAlternativeNames.filter { $0.name.hasPrefix("*.") }
        #expect(wildcards.map(\.name) == ["*.contoso.com", "*.fabrikam.com"])
        #expect(wildcards.last?.replaces == ["meet.fabrikam.com", "lyncdiscover.fabrikam.com"])
        for name in rp.requiredNames {
            #expect(NameMatching.coveringName(for: name, in: rp.sanNames) != nil, "\(name)")
        }
    }

    @Test("a simple URL deeper than its SIP domain gets the wildcard of its own parent")
    func wildcardDeeperHost() {
        var topology = Fixtures.contoso(wildcard: .simpleUrls)
        topology.simpleUrls.meet = [MeetUrl(domain: "contoso.com", url: "https://meet.lync.contoso.com")]
        topology.simpleUrls.dialin = "https://dialin.lync.contoso.com"
        let rp = CertificatePlanner.plan(topology).required("reverse-proxy")
        #expect(rp.sanNames.last == "*.lync.contoso.com")
        #expect(!rp.sanSet.contains("*.contoso.com"))
    }

    @Test("a wildcard is never the subject and never replaces the subject")
    func wildcardNeverSubject() {
        for policy in WildcardPolicy.allCases {
            let plan = CertificatePlanner.plan(Fixtures.contoso(wildcard: policy))
            for certificate in plan.certificates {
                #expect(!certificate.subject.contains("*"), "\(certificate.id)")
                #expect(certificate.sanNames.contains(certificate.subject), "\(certificate.id)")
            }
        }
    }
}
