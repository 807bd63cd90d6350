import Foundation
import LyncSupport
import Testing
import TopologyImport
import TopologyModel

/// Inline documents for what the samples do not show: prefixes, Directors, separate Edge FQDNs and
/// addresses, port overrides, several SIP domains, the published shape's Standard Edition.
@Suite("Mapping topology XML onto the model")
struct MappingTests {
    /// A Topology Builder file written with prefixes for every namespace, holding:
    /// - two SIP domains, the default (Fabrikam.com, mixed case) listed second;
    /// - a Meet URL without ActiveUrl (first entry wins), one for a domain that is not a SIP domain,
    ///   a Dial-in and an Admin (`Cscp`) URL;
    /// - an Enterprise pool with overridden web ports, a Director (`IsDirector="true"`), a
    ///   Mediation-only cluster and an Office Web Apps farm published externally;
    /// - a single Edge server (`<Machine>` without Fqdn) with three external interfaces, the second
    ///   behind NAT, and separate FQDNs per service; no federation or XMPP ports;
    /// - an unknown element holding a `Cluster` that must not be read, and an `InternalDomain` in a
    ///   foreign namespace that must be ignored.
    static let prefixed = """
        <?xml version="1.0" encoding="utf-8"?>
        <tb:TopologyBuilder xmlns:tb="\(NS.tb)">
          <tb:NewTopology>
            <w:PartialTopology xmlns:w="\(NS.wt)" xmlns:t="\(NS.t)" xmlns:s="\(NS.su)" xmlns:r="\(NS.sr)">
              <t:InternalDomains DefaultDomain="Fabrikam.com">
                <t:InternalDomain Name="contoso.com" />
                <t:InternalDomain Name="fabrikam.com" />
                <x:InternalDomain xmlns:x="urn:example:other" Name="evil.example" />
              </t:InternalDomains>
              <s:SimpleUrlConfiguration>
                <s:SimpleUrl Component="Meet" Domain="contoso.com" ActiveUrl="https://meet.contoso.com">
                  <s:SimpleUrlEntry Url="https://meet.contoso.com" />
                </s:SimpleUrl>
                <s:SimpleUrl Component="Meet" Domain="fabrikam.com">
                  <s:SimpleUrlEntry Url="https://lync.fabrikam.com/meet" />
                  <s:SimpleUrlEntry Url="https://meet.fabrikam.com" />
                </s:SimpleUrl>
                <s:SimpleUrl Component="Meet" Domain="other.example" ActiveUrl="https://meet.other.example" />
                <s:SimpleUrl Component="Dialin" Domain="*" ActiveUrl="https://dialin.fabrikam.com" />
                <s:SimpleUrl Component="Cscp" Domain="*" ActiveUrl="https://admin.contoso.com" />
              </s:SimpleUrlConfiguration>
              <w:Unknown>
                <w:Cluster UniqueId="ghost" Fqdn="ghost.contoso.net" />
              </w:Unknown>
              <w:CentralSites>
                <w:CentralSite SiteId="1">
                  <t:Name>Redmond Campus</t:Name>
                  <w:Clusters>
                    <w:Cluster UniqueId="c-fe" Fqdn="pool01.contoso.net" IsSingleMachineOnly="false">
                      <w:Machines><w:Machine Fqdn="FE01.contoso.net" /><w:Machine Fqdn="fe02.contoso.net" /></w:Machines>
                    </w:Cluster>
                    <w:Cluster UniqueId="c-dir" Fqdn="dirpool01.contoso.net" IsSingleMachineOnly="false">
                      <w:Machines><w:Machine Fqdn="dir01.contoso.net" /></w:Machines>
                    </w:Cluster>
                    <w:Cluster UniqueId="c-edge" Fqdn="lsedge.contoso.net" IsSingleMachineOnly="true">
                      <w:Machines>
                        <w:Machine>
                          <t:NetInterface InterfaceSide="Internal" InterfaceNumber="1" IPAddress="172.25.33.10" />
                          <t:NetInterface InterfaceSide="External" InterfaceNumber="1" IPAddress="131.107.155.10" />
                          <t:NetInterface InterfaceSide="External" InterfaceNumber="2" IPAddress="10.45.16.20"
                              ConfiguredIPAddress="131.107.155.20" />
                          <t:NetInterface InterfaceSide="External" InterfaceNumber="3" IPAddress="131.107.155.30" />
                        </w:Machine>
                      </w:Machines>
                    </w:Cluster>
                    <w:Cluster UniqueId="c-med" Fqdn="med01.contoso.net" IsSingleMachineOnly="true">
                      <w:Machines><w:Machine /></w:Machines>
                    </w:Cluster>
                    <w:Cluster UniqueId="c-owa" Fqdn="owas01.contoso.net" IsSingleMachineOnly="true">
                      <w:Machines><w:Machine /></w:Machines>
                    </w:Cluster>
                  </w:Clusters>
                </w:CentralSite>
              </w:CentralSites>
              <w:Services>
                <w:Service UniqueId="s-us" RoleName="UserServices" InstalledOn="c-fe" />
                <w:Service UniqueId="s-reg" RoleName="Registrar" InstalledOn="c-fe">
                  <r:RegistrarService IsDirector="false" />
                </w:Service>
                <w:Service UniqueId="s-web" RoleName="WebServices" InstalledOn="c-fe">
                  <r:Ports>
                    <r:Port Owner="urn:component:OCSWebSite" Usage="WebSite" InterfaceSide="External" InterfaceNumber="1"
                        Port="8081" Protocol="Http" ConfiguredPort="8000" />
                    <r:Port Owner="urn:component:OCSWebSite" Usage="WebSite" InterfaceSide="External" InterfaceNumber="1"
                        Port="4444" Protocol="Https" ConfiguredPort="4443" />
                    <r:Port Owner="urn:component:OCSWebSite" Usage="WebSite" InterfaceSide="Primary" InterfaceNumber="1"
                        Port="80" Protocol="Http" />
                  </r:Ports>
                  <r:WebService>
                    <r:ExternalSettings Host="WebExt.contoso.com"><r:OverrideUrls /></r:ExternalSettings>
                  </r:WebService>
                </w:Service>
                <w:Service UniqueId="s-dreg" RoleName="Registrar" InstalledOn="c-dir">
                  <r:RegistrarService IsDirector="true" />
                </w:Service>
                <w:Service UniqueId="s-dweb" RoleName="WebServices" InstalledOn="c-dir">
                  <r:WebService><r:ExternalSettings Host="webdirext.contoso.com" /></r:WebService>
                </w:Service>
                <w:Service UniqueId="s-edge" RoleName="EdgeServer" InstalledOn="c-edge">
                  <w:DependsOn><w:Dependency ServiceUniqueId="s-dreg" Usage="Default" /></w:DependsOn>
                  <r:Ports>
                    <r:Port Owner="urn:component:AccessEdge" Usage="SipServer" InterfaceSide="Internal" InterfaceNumber="1"
                        Port="5061" Protocol="Mtls" />
                    <r:Port Owner="urn:component:AccessEdge" Usage="SipClient" InterfaceSide="External" InterfaceNumber="1"
                        Port="443" Protocol="Tls" ConfiguredFqdn="sip.contoso.com" />
                    <r:Port Owner="urn:component:DataEdge" Usage="PsomClient" InterfaceSide="External" InterfaceNumber="2"
                        Port="443" Protocol="Tls" ConfiguredFqdn="webcon.contoso.com" />
                    <r:Port Owner="urn:component:MediaRelayEdge" Usage="TURNServer" InterfaceSide="External"
                        InterfaceNumber="3" Port="443" Protocol="Tcp" ConfiguredFqdn="av.contoso.com" />
                  </r:Ports>
                </w:Service>
                <w:Service UniqueId="s-med" RoleName="MediationServer" InstalledOn="c-med" />
                <w:Service UniqueId="s-wac" RoleName="WacService" InstalledOn="c-owa">
                  <r:WacService DiscoveryUrl="https://OfficeWebApps01.contoso.com/hosting/discovery/" IsExternal="true" />
                </w:Service>
              </w:Services>
            </w:PartialTopology>
          </tb:NewTopology>
        </tb:TopologyBuilder>
        """

    @Test("prefixes do not matter; namespaces do")
    func prefixedDocument() throws {
        let imported = try importXML(Self.prefixed)
        let t = imported.loaded.topology

        #expect(t.sipDomains == ["fabrikam.com", "contoso.com"])
        #expect(
            t.simpleUrls
                == SimpleUrls(
                    meet: [
                        MeetUrl(domain: "fabrikam.com", url: "https://lync.fabrikam.com/meet"),
                        MeetUrl(domain: "contoso.com", url: "https://meet.contoso.com"),
                    ],
                    dialin: "https://dialin.fabrikam.com", admin: "https://admin.contoso.com"))
        #expect(
            t.pools == [
                Pool(
                    fqdn: "pool01.contoso.net", role: .frontEnd, site: "Redmond Campus",
                    machines: ["fe01.contoso.net", "fe02.contoso.net"], externalWebFqdn: "webext.contoso.com",
                    ports: WebPorts(httpListen: 8081, httpsListen: 4444, httpPublished: 8000, httpsPublished: 4443)),
                Pool(
                    fqdn: "dirpool01.contoso.net", role: .director, site: "Redmond Campus",
                    machines: ["dir01.contoso.net"], externalWebFqdn: "webdirext.contoso.com"),
            ])
        #expect(
            t.edgePools == [
                EdgePool(
                    fqdn: "lsedge.contoso.net", accessEdgeFqdn: "sip.contoso.com",
                    webConferencingFqdn: "webcon.contoso.com", avFqdn: "av.contoso.com",
                    externalAddresses: EdgeAddresses(
                        access: "131.107.155.10", webConferencing: "131.107.155.20", av: "131.107.155.30"),
                    internalAddresses: ["172.25.33.10"], federation: false, xmpp: false,
                    // AccessEdge SipClient External Port="443" (three addresses).
                    nextHop: "dirpool01.contoso.net", accessEdgePort: 443)
            ])
        #expect(t.officeWebApps == OfficeWebApps(fqdn: "officewebapps01.contoso.com", publishedExternally: true))

        let findings = imported.loaded.findings
        #expect(
            findings.map(\.code) == [
                "simple-url-unknown-domain", "reverse-proxy-address-missing", "office-web-apps-address-missing",
            ])
        #expect(findings[0].message.contains("other.example"))
        #expect(imported.annotations["edgePools[0].federation"]?.contains("no external federation port") == true)
    }

    /// A published topology: Standard Edition server (machine = pool, store on its own SQL
    /// instance) and an Edge server whose ports configure no external FQDN and whose addresses
    /// are `0.0.0.0`.
    static let publishedSE = """
        <Topology xmlns="\(NS.t)" Signature="00000000-0000-0000-0000-000000000000">
          <InternalDomains DefaultDomain="litwareinc.com">
            <InternalDomain Name="litwareinc.com" />
          </InternalDomains>
          <Sites>
            <CentralSite SiteId="2"><Name>Dublin</Name></CentralSite>
          </Sites>
          <Clusters>
            <Cluster Fqdn="se01.litwareinc.com">
              <ClusterId SiteId="2" Number="1" />
              <Machine OrdinalInCluster="1" Fqdn="se01.litwareinc.com" />
            </Cluster>
            <Cluster Fqdn="edge01.litwareinc.net">
              <ClusterId SiteId="2" Number="2" />
              <Machine OrdinalInCluster="1" Fqdn="edge01.litwareinc.net">
                <NetInterface InterfaceSide="Internal" InterfaceNumber="1" IPAddress="0.0.0.0" />
                <NetInterface InterfaceSide="External" InterfaceNumber="1" IPAddress="0.0.0.0" />
              </Machine>
            </Cluster>
          </Clusters>
          <Services>
            <Service>
              <ServiceId SiteId="2" RoleName="UserStore" Instance="1" />
              <InstalledOn><SqlInstanceId Name="rtc"><ClusterId SiteId="2" Number="1" /></SqlInstanceId></InstalledOn>
            </Service>
            <Service>
              <ServiceId SiteId="2" RoleName="Registrar" Instance="1" />
              <InstalledOn><ClusterId SiteId="2" Number="1" /></InstalledOn>
              <RegistrarService xmlns="\(NS.sr)" IsDirector="false" />
            </Service>
            <Service>
              <ServiceId SiteId="2" RoleName="WebServices" Instance="1" />
              <InstalledOn><ClusterId SiteId="2" Number="1" /></InstalledOn>
              <WebService xmlns="\(NS.sr)"><ExternalSettings Host="lyncweb.litwareinc.com" /></WebService>
            </Service>
            <Service>
              <ServiceId SiteId="2" RoleName="EdgeServer" Instance="1" />
              <DependsOn>
                <Dependency Usage="Default"><ServiceId SiteId="2" RoleName="Registrar" Instance="1" /></Dependency>
              </DependsOn>
              <InstalledOn><ClusterId SiteId="2" Number="2" /></InstalledOn>
              <Ports xmlns="\(NS.sr)">
                <Port Owner="urn:component:AccessEdge" Usage="SipClient" InterfaceSide="External" InterfaceNumber="1"
                    Port="5061" Protocol="Tls" />
                <Port Owner="urn:component:AccessEdge" Usage="SipServer" InterfaceSide="External" InterfaceNumber="1"
                    Port="5061" Protocol="Mtls" />
              </Ports>
            </Service>
          </Services>
        </Topology>
        """

    @Test("published shape: Standard Edition inferred, Edge names defaulted, unknown addresses left to fill in")
    func publishedStandardEdition() throws {
        let imported = try importXML(Self.publishedSE)
        let t = imported.loaded.topology
        #expect(
            t.pools == [
                Pool(
                    fqdn: "se01.litwareinc.com", role: .standardEdition, site: "Dublin",
                    machines: ["se01.litwareinc.com"], externalWebFqdn: "lyncweb.litwareinc.com")
            ])
        #expect(imported.annotations["pools[0].role"]?.hasPrefix("check: inferred") == true)
        #expect(
            t.edgePools == [
                EdgePool(
                    fqdn: "edge01.litwareinc.net", accessEdgeFqdn: "sip.litwareinc.com",
                    webConferencingFqdn: "webcon.litwareinc.com", avFqdn: "av.litwareinc.com",
                    externalAddresses: EdgeAddresses(), internalAddresses: [], federation: true, xmpp: false,
                    nextHop: "se01.litwareinc.com", accessEdgePort: 5061)
            ])
        let codes = imported.loaded.findings.map(\.code)
        #expect(codes.filter { $0 == "edge-fqdn-default" }.count == 3)
        #expect(codes.filter { $0 == "edge-address-missing" }.count == 3)
        #expect(codes.filter { $0 == "simple-url-default" }.count == 2)
        for field in ["access", "webConferencing", "av"] {
            let path = "edgePools[0].externalAddresses.\(field)"
            #expect(imported.loaded.findings.contains { $0.code == "edge-address-missing" && $0.path == path })
            #expect(imported.annotations[path]?.hasPrefix("needed:") == true)
        }
        #expect(imported.annotations["edgePools[0].accessEdgeFqdn"]?.hasPrefix("check:") == true)
    }

    @Test("a pool with web services but no external web FQDN is kept and flagged")
    func missingExternalWebFqdn() throws {
        let text = Self.publishedSE.replacingOccurrences(
            of: #"<WebService xmlns="\#(NS.sr)"><ExternalSettings Host="lyncweb.litwareinc.com" /></WebService>"#,
            with: "")
        let imported = try importXML(text)
        #expect(imported.loaded.topology.pools.first?.externalWebFqdn == nil)
        // Not a loader finding any more: `plan` reports the unpublished pool once.
        #expect(!imported.loaded.findings.contains { $0.code == "pool-not-published" })
        #expect(imported.annotations["pools[0].externalWebFqdn"]?.hasPrefix("needed:") == true)
    }

    @Test("an external host that is ANOTHER pool's internal name is still refused (MOB-TECH)")
    func externalHostIsAnotherPoolsName() throws {
        let text = Self.prefixed.replacingOccurrences(
            of: #"<r:ExternalSettings Host="webdirext.contoso.com" />"#,
            with: #"<r:ExternalSettings Host="pool01.contoso.net" />"#)
        #expect(text != Self.prefixed)
        let error = try #require(importError(text))
        #expect(error.problems.map(\.path) == ["pools[1].externalWebFqdn"])
        #expect(error.problems[0].value == "pool01.contoso.net")
        #expect(error.problems[0].message.contains("internal name of pool01.contoso.net"))
    }

    @Test("several Office Web Apps farms: the first is used, and that is said")
    func severalOfficeWebApps() throws {
        let second = """
                <w:Service UniqueId="s-wac2" RoleName="WacService" InstalledOn="c-owa">
                  <r:WacService DiscoveryUrl="https://owas02.contoso.com/hosting/discovery/" IsExternal="false" />
                </w:Service>
              </w:Services>
            """
        let text = Self.prefixed.replacingOccurrences(of: "      </w:Services>", with: second)
        #expect(text != Self.prefixed)
        let imported = try importXML(text)
        #expect(imported.loaded.topology.officeWebApps?.fqdn == "officewebapps01.contoso.com")
        #expect(
            imported.loaded.findings.contains { $0.code == "office-web-apps-several" && $0.path == "officeWebApps" })
    }
}
