import CertPlanner
import Foundation
import Testing
import TopologyImport
import TopologyModel

/// Imported topologies feed the certificate planner as imported, without any edits: the external
/// web FQDN the XML gives (Topology Builder's default, the pool's own name) is what is published.
@Suite("Planning imported topologies")
struct PlanningTests {
    static func reverseProxy(_ topology: Topology) -> PlannedCertificate? {
        CertificatePlanner.plan(topology).certificates.first { $0.id == "reverse-proxy" }
    }

    /// What each sample's reverse-proxy certificate must hold, read from the XML by hand: the subject
    /// is `WebServices`' `ExternalSettings@Host`; the SANs add the Dial-in and Meet simple URLs (the
    /// Contoso and OTC `SimpleUrlConfiguration`, Microsoft's defaults for the published topology,
    /// which has none) and `lyncdiscover.<sipdomain>` for each SIP domain. No sample publishes Office
    /// Web Apps externally (`IsExternal="false"` or no WacService), so its name is on none of them.
    static func expected(_ sample: Sample) -> (subject: String, sans: Set<String>) {
        switch sample {
        case .contoso:
            (
                "frontendpool.contoso.com",
                ["frontendpool.contoso.com", "dialin.contoso.com", "meet.contoso.com", "lyncdiscover.contoso.com"]
            )
        case .published:
            (
                "poolfe.tenant.rlevchenko.com",
                [
                    "poolfe.tenant.rlevchenko.com", "dialin.tenant.rlevchenko.com", "meet.tenant.rlevchenko.com",
                    "lyncdiscover.tenant.rlevchenko.com",
                ]
            )
        case .otc:
            ("oct-exh-002.otc.lab", ["oct-exh-002.otc.lab", "dialin.otc.lab", "meet.otc.lab", "lyncdiscover.otc.lab"])
        }
    }

    @Test(
        "as imported, each sample plans a reverse-proxy certificate for the name the XML publishes",
        arguments: Sample.allCases)
    func asImported(sample: Sample) throws {
        let imported = try sample.imported()
        let topology = imported.loaded.topology
        let expected = Self.expected(sample)
        #expect(topology.pools.map(\.externalWebFqdn) == [expected.subject])
        let certificate = try #require(Self.reverseProxy(topology))
        #expect(certificate.subject == expected.subject)
        #expect(Set(certificate.sanNames) == expected.sans)
        #expect(certificate.sanNames.count == expected.sans.count)
        // The same name inside and out is reported, not refused.
        #expect(
            imported.loaded.findings.contains {
                $0.code == "external-web-fqdn-equals-internal" && $0.severity == .warning
                    && $0.path == "pools[0].externalWebFqdn"
            })
        // The pools' own certificates are planned all the same.
        let plan = CertificatePlanner.plan(topology)
        for pool in topology.pools {
            #expect(plan.certificates.contains { $0.id == "\(pool.fqdn)/default" })
        }
    }

    @Test(
        "following MOB-TECH in the written YAML: a distinct external name clears the warning and renames the certificate"
    )
    func distinctExternalName() throws {
        let yaml = TopologyYAMLWriter.yaml(try Sample.contoso.imported(), source: Sample.contoso.rawValue)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasPrefix("    externalWebFqdn: frontendpool.contoso.com")
                ? "    externalWebFqdn: webext.contoso.com" : String(line)
        }
        let edited = lines.joined(separator: "\n")
        #expect(edited != yaml)
        let loaded = try TopologyLoader.load(text: edited, format: .yaml, source: "edited.yaml")
        #expect(!loaded.findings.contains { $0.code == "external-web-fqdn-equals-internal" })
        let certificate = try #require(Self.reverseProxy(loaded.topology))
        #expect(certificate.subject == "webext.contoso.com")
        #expect(
            Set(certificate.sanNames) == [
                "webext.contoso.com", "dialin.contoso.com", "meet.contoso.com", "lyncdiscover.contoso.com",
            ])
    }

    @Test("a topology with its own external names plans directly: pools, Director, both domains, Office Web Apps")
    func prefixedDocument() throws {
        let topology = try importXML(MappingTests.prefixed).loaded.topology
        let certificate = try #require(Self.reverseProxy(topology))
        #expect(certificate.subject == "webext.contoso.com")
        #expect(
            Set(certificate.sanNames) == [
                "webext.contoso.com", "webdirext.contoso.com", "dialin.fabrikam.com", "lync.fabrikam.com",
                "meet.contoso.com", "officewebapps01.contoso.com", "lyncdiscover.fabrikam.com",
                "lyncdiscover.contoso.com",
            ])
        // The Admin URL is internal only.
        #expect(!certificate.sanNames.contains("admin.contoso.com"))
    }
}
