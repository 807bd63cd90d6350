import Foundation
import LyncSupport
import TestSupport
import Testing
import TopologyImport
import TopologyModel

/// The three real documents, each imported and compared field by field with what the XML says
/// (read by hand: see the comments at each expectation for the element it comes from).
@Suite("Importing the real topology samples")
struct SampleImportTests {
    @Test("the sample copies are the shared originals, byte for byte", arguments: Sample.allCases)
    func samplesAreUnchanged(sample: Sample) throws {
        let digest = try runProcess("sha256sum", [sample.url.path]).stdout.split(separator: " ").first.map(String.init)
        #expect(digest == sample.sha256)
        if FileManager.default.fileExists(atPath: sample.sharedURL.path) {
            #expect(try Data(contentsOf: sample.sharedURL) == sample.data())
        }
    }

    @Test("Contoso.tbxml: Enterprise pool, Edge pool with one external FQDN, internal Office Web Apps")
    func contoso() throws {
        let imported = try Sample.contoso.imported()
        let t = imported.loaded.topology

        // InternalDomains DefaultDomain="contoso.com"
        #expect(t.sipDomains == ["contoso.com"])
        // SimpleUrl Component="Meet" Domain="contoso.com" / Component="Dialin" Domain="*"; no Cscp.
        #expect(t.simpleUrls.meet == [MeetUrl(domain: "contoso.com", url: "https://meet.contoso.com")])
        #expect(t.simpleUrls.dialin == "https://dialin.contoso.com")
        #expect(t.simpleUrls.admin == nil)

        // Only frontendpool runs Registrar/WebServices; edgepool, xOffice1, xSQL1, xFile1, xFile2 are not pools.
        try #require(t.pools.count == 1)
        let pool = t.pools[0]
        #expect(pool.fqdn == "frontendpool.contoso.com")
        #expect(pool.role == .frontEnd)  // IsSingleMachineOnly="false", IsDirector="false"
        #expect(pool.site == "Contoso")
        #expect(
            pool.machines == [
                "xfrontend1.contoso.com", "xfrontend2.contoso.com", "xfrontend3.contoso.com", "xfrontend4.contoso.com",
            ])
        // ExternalSettings Host="frontendpool.contoso.com" is the pool's internal name (Topology Builder's
        // default): kept as the published name, with a check: note and the loader's MOB-TECH warning.
        #expect(pool.externalWebFqdn == "frontendpool.contoso.com")
        #expect(imported.annotations["pools[0].externalWebFqdn"]?.hasPrefix("check: equals the internal") == true)
        #expect(pool.internalWebFqdn == nil)
        #expect(pool.internalWebAddress == nil)
        // OCSWebSite External: Port 8080 / ConfiguredPort 80, Port 4443 / ConfiguredPort 443.
        #expect(pool.ports == WebPorts(httpListen: 8080, httpsListen: 4443, httpPublished: 80, httpsPublished: 443))

        // WacService DiscoveryUrl="https://xOffice1.contoso.com/hosting/discovery/" IsExternal="false"
        #expect(t.officeWebApps == OfficeWebApps(fqdn: "xoffice1.contoso.com", publishedExternally: false))

        try #require(t.edgePools.count == 1)
        let edge = t.edgePools[0]
        #expect(edge.fqdn == "edgepool.contoso.com")
        // Every external port configures ExternalEdge.contoso.com.
        #expect(edge.accessEdgeFqdn == "externaledge.contoso.com")
        #expect(edge.webConferencingFqdn == "externaledge.contoso.com")
        #expect(edge.avFqdn == "externaledge.contoso.com")
        // xedge1..3: External IPAddress="10.0.0.1" ConfiguredIPAddress="10.0.0.2" (the NAT address), then
        // .4 and .6: one address per server, DNS load balancing (JJ205319).
        let nat = ["10.0.0.2", "10.0.0.4", "10.0.0.6"]
        #expect(edge.externalAddresses == EdgeAddresses(access: nat, webConferencing: nat, av: nat))
        // AccessEdge SipClient External Port="5061": the single-FQDN layout's client port.
        #expect(edge.accessEdgePort == 5061)
        #expect(edge.internalAddresses == ["192.168.10.100", "192.168.10.101", "192.168.10.103"])
        // AccessEdge SipServer on the External side (federation), XmppFederationProxy 5269.
        #expect(edge.federation)
        #expect(edge.xmpp)
        // EdgeServer DependsOn the Registrar on frontendpool.
        #expect(edge.nextHop == "frontendpool.contoso.com")

        #expect(t.reverseProxy == ReverseProxy())
        #expect(t.certificates == CertificatePolicy())

        let codes = imported.loaded.findings.map(\.code)
        // The importer's findings first, then the topology loader's.
        #expect(
            codes == [
                "edge-address-private", "edge-address-private", "edge-address-private", "edge-pool-several-servers",
                "external-web-fqdn-equals-internal", "edge-names-shared", "edge-names-shared", "edge-names-shared",
                "reverse-proxy-address-missing",
            ])
        let sameName = try #require(imported.loaded.findings.first { $0.code == "external-web-fqdn-equals-internal" })
        #expect(sameName.severity == .warning)
        #expect(sameName.path == "pools[0].externalWebFqdn")
        #expect(sameName.message.contains("MOB-TECH"))
        #expect(
            Set(imported.loaded.findings.compactMap(\.path)) == [
                "pools[0].externalWebFqdn", "edgePools[0].externalAddresses.access",
                "edgePools[0].externalAddresses.webConferencing", "edgePools[0].externalAddresses.av",
                "edgePools[0].externalAddresses", "edgePools[0].webConferencingFqdn",
                "edgePools[0].avFqdn", "reverseProxy.externalAddress",
            ])
        #expect(imported.annotations["reverseProxy.externalAddress"]?.hasPrefix("needed:") == true)
        #expect(imported.annotations["edgePools[0].externalAddresses.access"]?.contains("10.0.0.2") == true)
        #expect(imported.annotations["edgePools[0].federation"] != nil)
        #expect(imported.annotations["simpleUrls.dialin"] == nil)
    }

    @Test("published DefaultTopology.xml: one-member Enterprise pool, defaults for the simple URLs")
    func published() throws {
        let imported = try Sample.published.imported()
        let t = imported.loaded.topology

        #expect(t.sipDomains == ["tenant.rlevchenko.com"])
        // No SimpleUrlConfiguration in a published topology: Microsoft's defaults, annotated.
        #expect(
            t.simpleUrls.meet == [MeetUrl(domain: "tenant.rlevchenko.com", url: "https://meet.tenant.rlevchenko.com")])
        #expect(t.simpleUrls.dialin == "https://dialin.tenant.rlevchenko.com")
        #expect(t.simpleUrls.admin == nil)
        #expect(imported.annotations["simpleUrls.meet[0].url"]?.hasPrefix("check:") == true)
        #expect(imported.annotations["simpleUrls.dialin"]?.hasPrefix("check:") == true)

        // Clusters 2 (SQL), 3 (file store) and 4 (Office Web Apps) are not pools.
        #expect(
            t.pools == [
                Pool(
                    fqdn: "poolfe.tenant.rlevchenko.com", role: .frontEnd, site: "Tenant",
                    machines: ["skype-fe-01.tenant.rlevchenko.com"], externalWebFqdn: "poolfe.tenant.rlevchenko.com",
                    ports: WebPorts(httpListen: 8080, httpsListen: 4443, httpPublished: 80, httpsPublished: 443))
            ])
        // The role is inferred (no IsSingleMachineOnly in this shape) and says so.
        #expect(imported.annotations["pools[0].role"]?.hasPrefix("check: inferred") == true)
        // DiscoveryUrl ends in /hosting/discover/; only the host matters.
        #expect(t.officeWebApps == OfficeWebApps(fqdn: "srv-owa-01.tenant.rlevchenko.com", publishedExternally: false))
        #expect(t.edgePools.isEmpty)

        let findings = imported.loaded.findings
        #expect(
            findings.map(\.code) == [
                "simple-url-default", "simple-url-default", "external-web-fqdn-equals-internal",
                "reverse-proxy-address-missing",
            ])
        #expect(findings[0].path == "simpleUrls.meet[0].url")
        #expect(findings[0].message.contains("Get-CsSimpleUrlConfiguration"))
        #expect(findings[1].path == "simpleUrls.dialin")
        #expect(findings[2].path == "pools[0].externalWebFqdn")
        #expect(findings.map(\.severity) == [.warning, .warning, .warning, .warning])
    }

    @Test("OTC.tbxml: Standard Edition server whose <Machine> has no Fqdn")
    func standardEdition() throws {
        let imported = try Sample.otc.imported()
        let t = imported.loaded.topology

        #expect(t.sipDomains == ["otc.lab"])
        #expect(
            t.simpleUrls
                == SimpleUrls(
                    meet: [MeetUrl(domain: "otc.lab", url: "https://meet.otc.lab")], dialin: "https://dialin.otc.lab"))
        // Cluster IsSingleMachineOnly="true" Fqdn="OCT-EXH-002.otc.lab"; <Machine> without Fqdn is the cluster.
        #expect(
            t.pools == [
                Pool(
                    fqdn: "oct-exh-002.otc.lab", role: .standardEdition, site: "OTC", machines: ["oct-exh-002.otc.lab"],
                    externalWebFqdn: "oct-exh-002.otc.lab",
                    ports: WebPorts(httpListen: 8080, httpsListen: 4443, httpPublished: 80, httpsPublished: 443))
            ])
        // Declared by the document: no inference note on the role.
        #expect(imported.annotations["pools[0].role"] == nil)
        #expect(t.officeWebApps == nil)
        #expect(t.edgePools.isEmpty)
        #expect(
            imported.loaded.findings.map(\.code) == [
                "external-web-fqdn-equals-internal", "reverse-proxy-address-missing",
            ])
        // ExternalSettings Host="OCT-EXH-002.otc.lab": the server's own name, kept (lower-cased).
        #expect(imported.annotations["pools[0].externalWebFqdn"]?.hasPrefix("check: equals the internal") == true)
    }

    @Test("the published sample saved by PowerShell as UTF-16 imports the same")
    func utf16() throws {
        let text = try Sample.published.text()
        var data = Data([0xFF, 0xFE])
        data.append(try #require(text.data(using: .utf16LittleEndian)))
        let imported = try TopologyXMLImporter.importTopology(data: data, source: "utf16.xml")
        #expect(imported == (try Sample.published.imported()))
    }

    @Test("a byte order mark is optional", arguments: [Sample.contoso, Sample.otc])
    func withoutByteOrderMark(sample: Sample) throws {
        let data = try sample.data()
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let stripped = try TopologyXMLImporter.importTopology(data: data.dropFirst(3), source: sample.rawValue)
        #expect(stripped == (try sample.imported()))
    }
}
