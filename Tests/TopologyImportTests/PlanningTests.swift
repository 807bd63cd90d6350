import CertPlanner
import Foundation
import Testing
import Topology
import TopologyImport

/// Imported topologies feed the certificate planner: as imported, and completed the way the
/// written YAML asks (the `# needed:` lines filled in).
@Suite("Planning imported topologies")
struct PlanningTests {
    /// The written YAML with the `# needed:` lines for the external web FQDN and the reverse
    /// proxy's address filled in, loaded back.
    static func completed(_ sample: Sample, externalWebFqdn: String) throws -> Topology {
        var yaml = TopologyYAMLWriter.yaml(try sample.imported(), source: sample.rawValue)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("    # externalWebFqdn:  # needed:") { return "    externalWebFqdn: \(externalWebFqdn)" }
            if line.hasPrefix("  # externalAddress:  # needed:") { return "  externalAddress: 203.0.113.10" }
            return String(line)
        }
        yaml = lines.joined(separator: "\n")
        #expect(yaml.contains("externalWebFqdn: \(externalWebFqdn)\n"))
        #expect(yaml.contains("  externalAddress: 203.0.113.10\n"))
        return try TopologyLoader.load(text: yaml, format: .yaml, source: "completed.yaml").topology
    }

    static func reverseProxy(_ topology: Topology) -> PlannedCertificate? {
        CertificatePlanner.plan(topology).certificates.first { $0.id == "reverse-proxy" }
    }

    @Test("as imported, no pool is published yet, so there is no reverse-proxy certificate", arguments: Sample.allCases)
    func asImported(sample: Sample) throws {
        let topology = try sample.imported().loaded.topology
        #expect(topology.pools.allSatisfy { $0.externalWebFqdn == nil })
        let plan = CertificatePlanner.plan(topology)
        #expect(!plan.certificates.contains { $0.id == "reverse-proxy" })
        // The pools' own certificates are planned all the same.
        for pool in topology.pools {
            #expect(plan.certificates.contains { $0.id == "\(pool.fqdn)/default" })
        }
    }

    @Test("Contoso completed: the reverse-proxy certificate names the published pool, simple URLs, autodiscover")
    func contoso() throws {
        let topology = try Self.completed(.contoso, externalWebFqdn: "webext.contoso.com")
        let certificate = try #require(Self.reverseProxy(topology))
        #expect(certificate.subject == "webext.contoso.com")
        // Office Web Apps (xoffice1) is internal only (IsExternal="false"): not on this certificate.
        #expect(
            Set(certificate.sanNames) == [
                "webext.contoso.com", "dialin.contoso.com", "meet.contoso.com", "lyncdiscover.contoso.com",
            ])
        #expect(certificate.sanNames.count == 4)
    }

    @Test("published DefaultTopology completed: the defaulted simple URLs are on the certificate")
    func published() throws {
        let topology = try Self.completed(.published, externalWebFqdn: "lyncweb.tenant.rlevchenko.com")
        let certificate = try #require(Self.reverseProxy(topology))
        #expect(certificate.subject == "lyncweb.tenant.rlevchenko.com")
        #expect(
            Set(certificate.sanNames) == [
                "lyncweb.tenant.rlevchenko.com", "dialin.tenant.rlevchenko.com", "meet.tenant.rlevchenko.com",
                "lyncdiscover.tenant.rlevchenko.com",
            ])
    }

    @Test("OTC completed: the Standard Edition server's external name is the subject")
    func otc() throws {
        let topology = try Self.completed(.otc, externalWebFqdn: "webext.otc.lab")
        let certificate = try #require(Self.reverseProxy(topology))
        #expect(certificate.subject == "webext.otc.lab")
        #expect(
            Set(certificate.sanNames) == ["webext.otc.lab", "dialin.otc.lab", "meet.otc.lab", "lyncdiscover.otc.lab"])
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
