import DNSPlanner
import TestSupport
import Testing
import TopologyModel

/// Every DNS finding code, each with a topology that raises it and one that does not.
@Suite("DNS plan findings")
struct DNSFindingTests {
    func findings(_ topology: Topology, _ code: String) -> [Finding] {
        DNSPlanning.plan(topology).findings.filter { $0.code == code }
    }

    @Test("address-needed (warning, external DNS) and internal-address-needed (info): one per missing field")
    func addressNeeded() {
        let missing = findings(Fixtures.contoso(addresses: false), FindingCode.addressNeeded.code)
        let internalOnly = findings(Fixtures.contoso(addresses: false), FindingCode.internalAddressNeeded.code)
        let paths = missing.compactMap(\.path)
        let internalPaths = internalOnly.compactMap(\.path)
        #expect(paths.count == Set(paths).count && Set(paths).isDisjoint(with: internalPaths))
        #expect(missing.first { $0.path == "reverseProxy.externalAddress" }?.severity == .warning)
        #expect(internalOnly.first { $0.path == "pools[0].internalWebAddress" }?.severity == .info)
        #expect(missing.allSatisfy { $0.severity == .warning } && internalOnly.allSatisfy { $0.severity == .info })
        #expect(paths.contains("edgePools[0].externalAddresses.access"))
        #expect(internalPaths.contains("edgePools[0].internalAddresses"))
        #expect(findings(Fixtures.contoso(), FindingCode.internalAddressNeeded.code).isEmpty)
        #expect(findings(Fixtures.contoso(), FindingCode.addressNeeded.code).isEmpty)
    }

    @Test("invalid-address: a topology address that is not an IP address")
    func invalidAddress() {
        var topology = Fixtures.contoso()
        topology.reverseProxy.externalAddress = "203.0.113"
        let bad = findings(topology, FindingCode.invalidAddress.code)
        #expect(bad.count == 1)
        #expect(bad.first?.severity == .error && bad.first?.path == "reverseProxy.externalAddress")
        #expect(findings(Fixtures.contoso(), FindingCode.invalidAddress.code).isEmpty)
    }

    @Test("private-address-external: RFC 1918, shared (RFC 6598), unique-local, loopback, link-local in external DNS")
    func privateExternal() {
        for address in [
            "10.45.16.10", "172.16.0.1", "192.168.1.1", "100.64.0.10", "fd00::1", "127.0.0.1", "169.254.1.1", "fe80::1",
        ] {
            var topology = Fixtures.contoso()
            topology.edgePools[0].externalAddresses.access = [address]
            let bad = findings(topology, FindingCode.privateAddressExternal.code)
            // One finding for the field, although sip, xmpp and sip.<d> records all use it.
            #expect(bad.count == 1, "\(address)")
            #expect(bad.first?.path == "edgePools[0].externalAddresses.access")
            #expect(bad.first?.severity == .error)
        }
        // Public addresses, and private ones in the internal view, are fine.
        #expect(findings(Fixtures.contoso(), FindingCode.privateAddressExternal.code).isEmpty)
        var topology = Fixtures.contoso()
        topology.reverseProxy.externalAddress = "172.32.0.1"  // just outside 172.16/12
        #expect(findings(topology, FindingCode.privateAddressExternal.code).isEmpty)
        topology.reverseProxy.externalAddress = "100.128.0.1"  // just outside 100.64/10
        #expect(findings(topology, FindingCode.privateAddressExternal.code).isEmpty)
    }

    @Test("cross-domain-cname: lyncdiscover CNAME into another domain over HTTPS")
    func crossDomainCNAME() {
        let two = ["contoso.com", "fabrikam.com"]
        let bad = findings(Fixtures.contoso(sipDomains: two, lyncdiscover: .cname), FindingCode.crossDomainCNAME.code)
        #expect(bad.count == 1)
        #expect(bad.first?.message.contains("lyncdiscover.fabrikam.com") == true)
        #expect(bad.first?.severity == .error)
        // Same domain: fine. Over HTTP (the port-80 rule): fine. A records: fine.
        #expect(findings(Fixtures.contoso(lyncdiscover: .cname), FindingCode.crossDomainCNAME.code).isEmpty)
        #expect(
            findings(
                Fixtures.contoso(sipDomains: two, lyncdiscover: .cname, autodiscover: .http),
                FindingCode.crossDomainCNAME.code
            ).isEmpty)
        #expect(findings(Fixtures.contoso(sipDomains: two), FindingCode.crossDomainCNAME.code).isEmpty)
    }

    @Test("srv-target-other-domain: only when the topology leaves a sign-in SRV no name in its domain")
    func srvTargetOtherDomain() {
        // The plan's own choices never raise it: two SIP domains, a Director outside both.
        #expect(
            findings(
                Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]), FindingCode.srvTargetOtherDomain.code
            )
            .isEmpty)
        #expect(findings(Fixtures.standardEdition(), FindingCode.srvTargetOtherDomain.code).isEmpty)
        // sip.fabrikam.com taken by Office Web Apps (external and internal): no name in fabrikam.com
        // leads to the Access Edge or to the Director.
        var topology = Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"])
        topology.officeWebApps?.fqdn = "sip.fabrikam.com"
        let bad = findings(topology, FindingCode.srvTargetOtherDomain.code)
        let messages = bad.map(\.message)
        #expect(messages.count == 2)
        #expect(messages.contains { $0.hasPrefix("external _sip._tls.fabrikam.com points at sip.contoso.com") })
        #expect(messages.contains { $0.hasPrefix("internal _sipinternaltls._tcp.fabrikam.com points at dirpool01") })
        #expect(messages.allSatisfy { $0.contains("officeWebApps.fqdn") && $0.contains("add an ") })
        #expect(!messages.contains { $0.contains("_sipfederationtls") || $0.contains("_xmpp") })
        #expect(bad.allSatisfy { $0.severity == .warning })
    }

    /// DNS requirements for simple URLs (Gg425874): options 2 and 3 share the Admin URL's base host
    /// with Meet and Dial-in on purpose; only a whole-host Admin URL is internal-only.
    @Test("internal-only-name-external: a whole-host Admin URL or lyncdiscoverinternal in external DNS (Gg425874)")
    func internalOnlyExternal() {
        var shared = Fixtures.contoso()
        shared.simpleUrls = SimpleUrls(
            meet: [MeetUrl(domain: "contoso.com", url: "https://lync.contoso.com/Meet")],
            dialin: "https://lync.contoso.com/Dialin", admin: "https://lync.contoso.com/Admin")
        #expect(findings(shared, FindingCode.internalOnlyNameExternal.code).isEmpty)
        var topology = Fixtures.contoso()
        topology.pools[1].externalWebFqdn = "admin.contoso.com"
        let admin = findings(topology, FindingCode.internalOnlyNameExternal.code)
        #expect(admin.count == 1 && admin.first?.path == "simpleUrls.admin")
        var discover = Fixtures.contoso()
        discover.pools[1].externalWebFqdn = "lyncdiscoverinternal.contoso.com"
        #expect(findings(discover, FindingCode.internalOnlyNameExternal.code).count == 1)
        #expect(findings(Fixtures.contoso(), FindingCode.internalOnlyNameExternal.code).isEmpty)
    }

    @Test("external-only-name-internal: lyncdiscover in internal DNS (split-brain)")
    func externalOnlyInternal() {
        var topology = Fixtures.contoso()
        topology.pools[0].internalWebFqdn = "lyncdiscover.contoso.com"
        let bad = findings(topology, FindingCode.externalOnlyNameInternal.code)
        #expect(bad.count == 1 && bad.first?.severity == .error)
        #expect(findings(Fixtures.contoso(), FindingCode.externalOnlyNameInternal.code).isEmpty)
    }

    @Test("conflicting-records: two services behind one name, or a CNAME beside other data")
    func conflicts() {
        var twoAddresses = Fixtures.contoso()
        twoAddresses.officeWebApps = OfficeWebApps(
            fqdn: "meet.contoso.com", publishedExternally: true, externalAddress: "203.0.113.11")
        // Both views: externally .10 versus .11, internally the Director versus the OWAS server.
        let both = findings(twoAddresses, FindingCode.conflictingRecords.code)
        #expect(both.count == 2)
        #expect(both.allSatisfy { $0.message.contains("meet.contoso.com") && $0.severity == .warning })
        var cname = Fixtures.contoso(lyncdiscover: .cname)
        cname.pools[0].externalWebFqdn = "lyncdiscover.contoso.com"
        #expect(findings(cname, FindingCode.conflictingRecords.code).count == 1)
        #expect(findings(Fixtures.contoso(), FindingCode.conflictingRecords.code).isEmpty)
    }

    @Test("the complete contoso topology plans without findings")
    func clean() {
        var topology = Fixtures.contoso()
        topology.pools = topology.pools.map { pool in
            var p = pool
            p.fqdn = p.fqdn.replacingOccurrences(".contoso.net", ".contoso.com")
            return p
        }
        #expect(DNSPlanning.plan(topology).findings == [])
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
