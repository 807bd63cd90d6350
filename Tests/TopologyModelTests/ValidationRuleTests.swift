import Foundation
import Testing

@testable import TopologyModel

/// One validation rule: an edit of the fixture that still loads, and one that breaks the rule.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var rule: String
    /// Edits that keep the topology valid near the rule's boundary (`[]` = the fixture itself).
    var passing: [(String, String)]
    var failing: [(String, String)]
    /// Expected field path of the problem.
    var path: String
    /// Text whose line the problem must report (searched in the failing text); `nil` = no line.
    var lineOf: String?
    /// A fragment the message must contain.
    var message: String

    var testDescription: String { rule }
}

@Suite("Validation rules: one passing and one failing input each")
struct ValidationRuleTests {
    static let cases: [RuleCase] = [
        // Format version
        RuleCase(
            rule: "version must be 1", passing: [("version: 1\n", "")], failing: [("version: 1", "version: 2")],
            path: "version", lineOf: "version: 2", message: "only version 1"),
        RuleCase(
            rule: "version is a number, not text", passing: [], failing: [("version: 1", "version: \"1\"")],
            path: "version", lineOf: "version:", message: "expected a whole number, got text"),

        // SIP domains (§8.6)
        RuleCase(
            rule: "sipDomains is required", passing: [],
            failing: [("sipDomains: [contoso.com, fabrikam.com]\n", "")],
            path: "sipDomains", lineOf: "version", message: "required key 'sipDomains' is missing"),
        RuleCase(
            rule: "sipDomains is not empty", passing: [],
            failing: [
                ("sipDomains: [contoso.com, fabrikam.com]", "sipDomains: []")
            ], path: "sipDomains", lineOf: "sipDomains: []", message: "at least one SIP domain"),
        RuleCase(
            rule: "a SIP domain has at least two labels",
            passing: [
                ("[contoso.com, fabrikam.com]", "[contoso.com, fabrikam.co.uk]"),
                ("domain: fabrikam.com", "domain: fabrikam.co.uk"),
            ],
            failing: [("[contoso.com, fabrikam.com]", "[contoso.com, fabrikam]")],
            path: "sipDomains[1]", lineOf: "sipDomains:", message: "single-label"),
        RuleCase(
            rule: "a SIP domain has no underscore",
            passing: [
                ("[contoso.com, fabrikam.com]", "[contoso.com, fab-rikam.com]"),
                ("domain: fabrikam.com", "domain: fab-rikam.com"),
            ],
            failing: [("[contoso.com, fabrikam.com]", "[contoso.com, fab_rikam.com]")],
            path: "sipDomains[1]", lineOf: "sipDomains:", message: "underscore"),
        RuleCase(
            rule: "SIP domains are listed once", passing: [],
            failing: [("[contoso.com, fabrikam.com]", "[contoso.com, fabrikam.com, Contoso.com]")],
            path: "sipDomains[2]", lineOf: "sipDomains:", message: "listed twice"),

        // Host name syntax (§8.6)
        RuleCase(
            rule: "labels are at most 63 characters",
            passing: [("fqdn: pool01.contoso.net", "fqdn: \(String(repeating: "p", count: 63)).contoso.net")],
            failing: [("fqdn: pool01.contoso.net", "fqdn: \(String(repeating: "p", count: 64)).contoso.net")],
            path: "pools[0].fqdn", lineOf: "fqdn: ppp", message: "longer than 63"),
        RuleCase(
            rule: "names are at most 253 characters",
            passing: [("externalWebFqdn: webext.contoso.com", "externalWebFqdn: \(longName(253))")],
            failing: [("externalWebFqdn: webext.contoso.com", "externalWebFqdn: \(longName(254))")],
            path: "pools[0].externalWebFqdn", lineOf: "externalWebFqdn: aaa", message: "longer than 253"),
        RuleCase(
            rule: "names hold letters, digits and hyphens only",
            passing: [("avFqdn: av.contoso.com", "avFqdn: av-1.contoso.com")],
            failing: [("avFqdn: av.contoso.com", "avFqdn: av!.contoso.com")],
            path: "edgePools[0].avFqdn", lineOf: "avFqdn:", message: "other than letters, digits and hyphens"),
        RuleCase(
            rule: "an IP address is not a host name",
            passing: [], failing: [("accessEdgeFqdn: sip.contoso.com", "accessEdgeFqdn: 131.107.155.10")],
            path: "edgePools[0].accessEdgeFqdn", lineOf: "accessEdgeFqdn:", message: "not a valid FQDN"),

        // Simple URLs (§7)
        RuleCase(
            rule: "Meet URLs are required", passing: [],
            failing: [
                (
                    """
                      meet:
                        - {domain: contoso.com, url: "https://meet.contoso.com"}
                        - {domain: fabrikam.com, url: "https://meet.fabrikam.com"}

                    """, ""
                )
            ], path: "simpleUrls.meet", lineOf: "simpleUrls:", message: "required key 'meet' is missing"),
        RuleCase(
            rule: "every SIP domain has a Meet URL", passing: [],
            failing: [("    - {domain: fabrikam.com, url: \"https://meet.fabrikam.com\"}\n", "")],
            path: "simpleUrls.meet", lineOf: "  meet:", message: "SIP domain fabrikam.com has no Meet URL"),
        RuleCase(
            rule: "a Meet URL only for a listed SIP domain", passing: [],
            failing: [
                (
                    "{domain: fabrikam.com, url: \"https://meet.fabrikam.com\"}",
                    "{domain: fabrikam.com, url: \"https://meet.fabrikam.com\"}\n    - {domain: litware.com, url: \"https://meet.litware.com\"}"
                )
            ],
            path: "simpleUrls.meet[2].domain", lineOf: "litware", message: "only be given for a SIP domain listed"),
        RuleCase(
            rule: "one Meet URL per SIP domain", passing: [],
            failing: [
                (
                    "{domain: fabrikam.com, url: \"https://meet.fabrikam.com\"}",
                    "{domain: fabrikam.com, url: \"https://meet.fabrikam.com\"}\n    - {domain: contoso.com, url: \"https://meet2.contoso.com\"}"
                )
            ],
            path: "simpleUrls.meet[2].domain", lineOf: "meet2", message: "already has a Meet URL"),
        RuleCase(
            rule: "Dial-in URL is required", passing: [],
            failing: [("  dialin: \"https://dialin.contoso.com\"\n", "")],
            path: "simpleUrls.dialin", lineOf: "simpleUrls:", message: "required key 'dialin' is missing"),
        RuleCase(
            rule: "only one Dial-in URL (a list is refused)", passing: [],
            failing: [
                (
                    "dialin: \"https://dialin.contoso.com\"",
                    "dialin: [\"https://dialin.contoso.com\", \"https://dialin.fabrikam.com\"]"
                )
            ],
            path: "simpleUrls.dialin", lineOf: "dialin:", message: "expected text"),
        RuleCase(
            rule: "Admin URL is optional", passing: [("  admin: \"https://admin.contoso.com\"\n", "")],
            failing: [("admin: \"https://admin.contoso.com\"", "admin: \"ftp://admin.contoso.com\"")],
            path: "simpleUrls.admin", lineOf: "admin:", message: "must start with https://"),
        RuleCase(
            rule: "simple URLs use https://, not http://",
            passing: [("\"https://dialin.contoso.com\"", "\"HTTPS://dialin.contoso.com\"")],
            failing: [("\"https://dialin.contoso.com\"", "\"http://dialin.contoso.com\"")],
            path: "simpleUrls.dialin", lineOf: "dialin:", message: "must start with https://"),
        RuleCase(
            rule: "simple URLs carry no port", passing: [],
            failing: [("\"https://dialin.contoso.com\"", "\"https://dialin.contoso.com:443\"")],
            path: "simpleUrls.dialin", lineOf: "dialin:", message: "no port"),
        RuleCase(
            rule: "simple URL hosts are valid FQDNs", passing: [],
            failing: [("\"https://meet.fabrikam.com\"", "\"https://meet_.fabrikam.com\"")],
            path: "simpleUrls.meet[1].url", lineOf: "meet_", message: "not a valid FQDN"),
        RuleCase(
            rule: "Meet and Dial-in hosts are full DNS names; Admin may be single-label",
            passing: [("\"https://admin.contoso.com\"", "\"https://admin\"")],
            failing: [("\"https://dialin.contoso.com\"", "\"https://dialin\"")],
            path: "simpleUrls.dialin", lineOf: "dialin:", message: "must be a full DNS name"),
        RuleCase(
            rule: "simple URLs are unique", passing: [],
            failing: [("\"https://dialin.contoso.com\"", "\"https://Meet.contoso.com/\"")],
            path: "simpleUrls.dialin", lineOf: "dialin:", message: "must be unique"),
        RuleCase(
            rule: "no simple URL is a prefix of another",
            passing: [
                ("\"https://meet.contoso.com\"", "\"https://lync.contoso.com/Meet\""),
                ("\"https://dialin.contoso.com\"", "\"https://lync.contoso.com/Dialin\""),
            ],
            failing: [("\"https://dialin.contoso.com\"", "\"https://meet.contoso.com/dialin\"")],
            path: "simpleUrls.dialin", lineOf: "dialin:", message: "no simple URL may be a prefix of another"),
        RuleCase(
            rule: "no simple URL contains a pool FQDN",
            passing: [("\"https://dialin.contoso.com\"", "\"https://dialin.contoso.com/pool01\"")],
            failing: [("\"https://dialin.contoso.com\"", "\"https://dialin.pool01.contoso.net\"")],
            path: "simpleUrls.dialin", lineOf: "dialin:", message: "must not contain a pool FQDN (pool01.contoso.net)"),

        // Pools (§2)
        RuleCase(
            rule: "pools is required", passing: [], failing: [(Fixture.pools, "")],
            path: "pools", lineOf: "version", message: "required key 'pools' is missing"),
        RuleCase(
            rule: "pools is not empty", passing: [], failing: [(Fixture.pools, "pools: []\n")],
            path: "pools", lineOf: "pools: []", message: "at least one pool"),
        RuleCase(
            rule: "a pool has an fqdn", passing: [],
            failing: [("  - fqdn: se01.contoso.net\n    role: standardEdition", "  - role: standardEdition")],
            path: "pools[2].fqdn", lineOf: "- role: standardEdition", message: "required key 'fqdn' is missing"),
        RuleCase(
            rule: "a pool has a role", passing: [], failing: [("    role: director\n", "")],
            path: "pools[1].role", lineOf: "fqdn: dirpool01", message: "required key 'role' is missing"),
        RuleCase(
            rule: "role is frontEnd, standardEdition or director", passing: [],
            failing: [("role: director", "role: Director")],
            path: "pools[1].role", lineOf: "role: Director", message: "did you mean 'director'?"),
        RuleCase(
            rule: "pool FQDNs are unique", passing: [],
            failing: [("fqdn: se01.contoso.net", "fqdn: POOL01.contoso.net")],
            path: "pools[2].fqdn", lineOf: "POOL01", message: "pool FQDN listed twice"),
        RuleCase(
            rule: "a Standard Edition server cannot override its internal web FQDN",
            passing: [("role: standardEdition\n", "role: standardEdition\n    internalWebFqdn: se01.contoso.net\n")],
            failing: [("role: standardEdition\n", "role: standardEdition\n    internalWebFqdn: seweb.contoso.net\n")],
            path: "pools[2].internalWebFqdn", lineOf: "seweb", message: "Standard Edition server cannot override"),
        RuleCase(
            rule: "an external web FQDN is not another pool's internal name (MOB-TECH)",
            // A pool's own internal name is only a warning (see `sameNameInsideAndOut`).
            passing: [("externalWebFqdn: webdirext.contoso.com", "externalWebFqdn: dirpool01.contoso.net")],
            failing: [("externalWebFqdn: webse.contoso.com", "externalWebFqdn: lsweb.contoso.net")],
            path: "pools[2].externalWebFqdn", lineOf: "externalWebFqdn: lsweb",
            message: "this is the internal name of pool01.contoso.net (pools[0])"),
        // As Topology Builder validates an internal web FQDN override (SFB-TB-WEB, MOB-TECH).
        RuleCase(
            rule: "an internal web override is not the pool's own external web FQDN (Topology Builder)",
            passing: [],
            failing: [("externalWebFqdn: webext.contoso.com", "externalWebFqdn: lsweb.contoso.net")],
            path: "pools[0].internalWebFqdn", lineOf: "internalWebFqdn: lsweb",
            message: "equals this pool's external web FQDN (pools[0].externalWebFqdn, line"),
        RuleCase(
            rule: "an internal web override is not an Edge pool's FQDN (Topology Builder)", passing: [],
            failing: [("internalWebFqdn: lsweb.contoso.net", "internalWebFqdn: lsedge.contoso.net")],
            path: "pools[0].internalWebFqdn", lineOf: "internalWebFqdn: lsedge",
            message: "FQDN of an Edge pool (edgePools[0].fqdn, line"),
        RuleCase(
            rule: "an internal web override is not a server's FQDN (Topology Builder)", passing: [],
            failing: [("internalWebFqdn: lsweb.contoso.net", "internalWebFqdn: fe02.contoso.net")],
            path: "pools[0].internalWebFqdn", lineOf: "internalWebFqdn: fe02",
            message: "FQDN of a server (pools[0].machines[1], line"),
        RuleCase(
            rule: "an external web FQDN is not another pool's FQDN (MOB-TECH)", passing: [],
            failing: [("externalWebFqdn: webdirext.contoso.com", "externalWebFqdn: se01.contoso.net")],
            path: "pools[1].externalWebFqdn", lineOf: "externalWebFqdn: se01",
            message: "internal name of se01.contoso.net"),
        RuleCase(
            rule: "external web FQDNs are unique per pool",
            passing: [("externalWebFqdn: webse.contoso.com", "externalWebFqdn: webse.fabrikam.com")],
            failing: [("externalWebFqdn: webse.contoso.com", "externalWebFqdn: webext.contoso.com")],
            path: "pools[2].externalWebFqdn", lineOf: "externalWebFqdn: webext.contoso.com\nofficeWebApps",
            message: "must be unique per pool"),
        RuleCase(
            rule: "a Director's external web FQDN differs from every Front End's (CR-INT)", passing: [],
            failing: [("externalWebFqdn: webdirext.contoso.com", "externalWebFqdn: webext.contoso.com")],
            path: "pools[1].externalWebFqdn",
            lineOf: "externalWebFqdn: webext.contoso.com\n    internalWebAddress: 192.168.10.20",
            message: "Director's external web FQDN must differ"),
        RuleCase(
            rule: "overridden internal web FQDNs are unique",
            passing: [("role: director\n", "role: director\n    internalWebFqdn: dirweb.contoso.net\n")],
            failing: [("role: director\n", "role: director\n    internalWebFqdn: lsweb.contoso.net\n")],
            path: "pools[1].internalWebFqdn", lineOf: "internalWebFqdn: lsweb.contoso.net\n    externalWebFqdn: webdir",
            message: "must be unique (SFB-TB-WEB); pools[0].internalWebFqdn, line"),
        RuleCase(
            rule: "an internal web override is not another pool's FQDN (Topology Builder)", passing: [],
            failing: [("role: director\n", "role: director\n    internalWebFqdn: pool01.contoso.net\n")],
            path: "pools[1].internalWebFqdn", lineOf: "internalWebFqdn: pool01.contoso.net",
            message: "FQDN of another pool (pools[0].fqdn, line"),
        RuleCase(
            rule: "a server belongs to one pool",
            passing: [("role: director\n", "role: director\n    machines: [dir01.contoso.net]\n")],
            failing: [("role: director\n", "role: director\n    machines: [fe02.contoso.net]\n")],
            path: "pools[1].machines[0]", lineOf: "machines: [fe02", message: "belongs to one pool"),

        // Addresses, subnets, ports
        RuleCase(
            rule: "addresses are IPv4 or IPv6",
            passing: [("internalWebAddress: 192.168.10.5", "internalWebAddress: \"2001:db8::5\"")],
            failing: [("internalWebAddress: 192.168.10.5", "internalWebAddress: 192.168.10.256")],
            path: "pools[0].internalWebAddress", lineOf: "192.168.10.256", message: "not a valid IPv4 address"),
        RuleCase(
            rule: "IPv6 addresses are well-formed", passing: [],
            failing: [("externalAddress: 203.0.113.10", "externalAddress: \"2001:db8:::10\"")],
            path: "reverseProxy.externalAddress", lineOf: "2001:db8:::10", message: "not a valid IPv6 address"),
        RuleCase(
            rule: "Edge internal addresses are addresses", passing: [],
            failing: [("internalAddresses: [172.25.33.10]", "internalAddresses: [172.25.33.10, edge.contoso.net]")],
            path: "edgePools[0].internalAddresses[1]", lineOf: "internalAddresses:", message: "not a valid IPv4"),
        RuleCase(
            rule: "route subnets are CIDR",
            passing: [
                ("{subnet: 192.168.10.0/24, via: 172.25.33.1}", "{subnet: \"2001:db8:10::/48\", via: \"2001:db8::1\"}")
            ],
            failing: [("subnet: 192.168.10.0/24", "subnet: 192.168.10.0")],
            path: "reverseProxy.internalRoutes[0].subnet", lineOf: "subnet:", message: "address/prefix-length"),
        RuleCase(
            rule: "route prefix lengths fit the family", passing: [],
            failing: [("subnet: 192.168.10.0/24", "subnet: 192.168.10.0/33")],
            path: "reverseProxy.internalRoutes[0].subnet", lineOf: "subnet:", message: "from 0 to 32"),
        RuleCase(
            rule: "route subnets have no host bits set", passing: [],
            failing: [("subnet: 192.168.10.0/24", "subnet: 192.168.10.5/24")],
            path: "reverseProxy.internalRoutes[0].subnet", lineOf: "subnet:", message: "did you mean 192.168.10.0/24?"),
        RuleCase(
            rule: "a route's next hop is the subnet's family", passing: [],
            failing: [("via: 172.25.33.1", "via: \"2001:db8::1\"")],
            path: "reverseProxy.internalRoutes[0].via", lineOf: "via:", message: "same address family"),
        RuleCase(
            rule: "ports are 1-65535",
            passing: [("httpsListen: 4443", "httpsListen: 65535")],
            failing: [("httpsListen: 4443", "httpsListen: 65536")],
            path: "pools[0].ports.httpsListen", lineOf: "httpsListen: 65536", message: "between 1 and 65535"),
        RuleCase(
            rule: "port 0 is refused", passing: [], failing: [("httpPublished: 80", "httpPublished: 0")],
            path: "pools[0].ports.httpPublished", lineOf: "httpPublished: 0", message: "between 1 and 65535"),
        RuleCase(
            rule: "prefix lengths fit the address", passing: [],
            failing: [("externalPrefixLength: 24", "externalPrefixLength: 40")],
            path: "reverseProxy.externalPrefixLength", lineOf: "externalPrefixLength", message: "between 0 and 32"),

        // Enumerations and policy
        RuleCase(
            rule: "autodiscover is https or http", passing: [("autodiscover: https", "autodiscover: http")],
            failing: [("autodiscover: https", "autodiscover: HTTPS")],
            path: "reverseProxy.autodiscover", lineOf: "autodiscover:", message: "did you mean 'https'?"),
        RuleCase(
            rule: "lyncdiscoverRecord is a or cname", passing: [("lyncdiscoverRecord: a", "lyncdiscoverRecord: cname")],
            failing: [("lyncdiscoverRecord: a", "lyncdiscoverRecord: aaaa")],
            path: "reverseProxy.lyncdiscoverRecord", lineOf: "lyncdiscoverRecord:", message: "must be one of: a, cname"),
        RuleCase(
            rule: "wildcard is none, simpleUrls or simpleUrlsAndAutodiscover",
            passing: [("wildcard: none", "wildcard: simpleUrlsAndAutodiscover")],
            failing: [("wildcard: none", "wildcard: all")],
            path: "certificates.wildcard", lineOf: "wildcard:", message: "must be one of: none, simpleUrls"),
        // Certificate summary (JJ204846): minimum 1024 "but you may receive a warning" — accepted.
        RuleCase(
            rule: "key size is 1024 (Lync's minimum, JJ204846), 2048, 3072 or 4096",
            passing: [("keySize: 2048", "keySize: 1024")],
            failing: [("keySize: 2048", "keySize: 2000")],
            path: "certificates.keySize", lineOf: "keySize:", message: "must be 2048, 3072 or 4096"),
        RuleCase(
            rule: "the country is a two-letter code", passing: [("C: US", "C: \"NO\"")],
            failing: [("C: US", "C: USA")],
            path: "certificates.organization.C", lineOf: "C: USA", message: "two-letter ISO 3166"),
        RuleCase(
            rule: "the SAN limit is at least 1", passing: [],
            failing: [("maxSubjectAlternativeNames: 100", "maxSubjectAlternativeNames: 0")],
            path: "certificates.maxSubjectAlternativeNames", lineOf: "maxSubjectAlternativeNames", message: "at least 1"
        ),

        // Types
        RuleCase(
            rule: "a number where text belongs", passing: [("site: Redmond", "site: \"2013\"")],
            failing: [("site: Redmond", "site: 2013")],
            path: "pools[0].site", lineOf: "site: 2013", message: "expected text, got a number"),
        RuleCase(
            rule: "a list where a map belongs", passing: [],
            failing: [(Fixture.reverseProxy, "reverseProxy: [203.0.113.10]\n")],
            path: "reverseProxy", lineOf: "reverseProxy:", message: "expected a map (key: value pairs), got a list"),
        RuleCase(
            rule: "a map where a list belongs", passing: [],
            failing: [("machines: [fe01.contoso.net, fe02.contoso.net]", "machines: {fe01: fe01.contoso.net}")],
            path: "pools[0].machines", lineOf: "machines:", message: "expected a list, got a map"),
        RuleCase(
            rule: "booleans are true or false", passing: [("xmpp: false", "xmpp: False")],
            failing: [("federation: true", "federation: yes")],
            path: "edgePools[0].federation", lineOf: "federation:", message: "expected true or false, got text"),
        RuleCase(
            rule: "empty text is refused", passing: [], failing: [("site: Redmond", "site: \"\"")],
            path: "pools[0].site", lineOf: "site:", message: "the value is empty"),

        // Unknown keys
        RuleCase(
            rule: "a misspelt key is refused with a suggestion", passing: [],
            failing: [("externalWebFqdn: webext.contoso.com", "externalWebFQDN: webext.contoso.com")],
            path: "pools[0].externalWebFQDN", lineOf: "externalWebFQDN", message: "did you mean 'externalWebFqdn'?"),
        RuleCase(
            rule: "a typo at the top level is refused with a suggestion", passing: [],
            failing: [("edgePools:", "edgePool:")],
            path: "edgePool", lineOf: "edgePool:", message: "did you mean 'edgePools'?"),
        RuleCase(
            rule: "an unrelated key lists the allowed keys", passing: [],
            failing: [("  publishedExternally: true\n", "  publishedExternally: true\n  colour: blue\n")],
            path: "officeWebApps.colour", lineOf: "colour:",
            message: "the keys allowed here are: fqdn, publishedExternally"),

        // Edge and public names
        RuleCase(
            rule: "Edge service names may be shared",
            passing: [("webConferencingFqdn: webcon.contoso.com", "webConferencingFqdn: sip.contoso.com")],
            failing: [("webConferencingFqdn: webcon.contoso.com", "webConferencingFqdn: sip_.contoso.com")],
            path: "edgePools[0].webConferencingFqdn", lineOf: "webConferencingFqdn:", message: "underscore"),
        RuleCase(
            rule: "an Edge name is not also published by the reverse proxy", passing: [],
            failing: [("accessEdgeFqdn: sip.contoso.com", "accessEdgeFqdn: webext.contoso.com")],
            path: "edgePools[0].accessEdgeFqdn", lineOf: "accessEdgeFqdn:", message: "cannot point at both"),
        RuleCase(
            rule: "Office Web Apps does not share a Lync web name", passing: [],
            failing: [("fqdn: officewebapps01.contoso.com", "fqdn: meet.contoso.com")],
            path: "officeWebApps.fqdn", lineOf: "fqdn: meet.contoso.com", message: "cannot point at both"),
        RuleCase(
            rule: "lyncdiscover names are reserved for autodiscover", passing: [],
            failing: [("externalWebFqdn: webse.contoso.com", "externalWebFqdn: lyncdiscover.fabrikam.com")],
            path: "pools[2].externalWebFqdn", lineOf: "lyncdiscover.fabrikam.com",
            message: "reserved for the autodiscover"),
        RuleCase(
            rule: "an Edge pool is not a Lync pool", passing: [],
            failing: [("fqdn: lsedge.contoso.net", "fqdn: dirpool01.contoso.net")],
            path: "edgePools[0].fqdn", lineOf: "fqdn: dirpool01.contoso.net\n    accessEdge",
            message: "an Edge pool cannot have the FQDN"),
        RuleCase(
            rule: "Edge pools are listed once", passing: [],
            failing: [(Fixture.edgePools, Fixture.edgePools + secondEdge)],
            path: "edgePools[1].fqdn", lineOf: "LSEDGE", message: "Edge pool listed twice"),

        // YAML itself
        RuleCase(
            rule: "a key appears once per map", passing: [],
            failing: [("    role: frontEnd\n", "    role: frontEnd\n    role: director\n")],
            path: "", lineOf: "role: frontEnd", message: "appears twice"),
        RuleCase(
            rule: "broken YAML names the line", passing: [],
            failing: [("  dialin: \"https://dialin.contoso.com\"", "  dialin: \"https://dialin.contoso.com")],
            path: "", lineOf: nil, message: "not valid YAML"),
    ]

    /// The fixture's Edge pool again, as a second list item with the same (differently cased) FQDN.
    static let secondEdge = Fixture.edgePools.replacingOccurrences(of: "edgePools:\n", with: "")
        .replacingOccurrences(of: "lsedge", with: "LSEDGE").replacingOccurrences(of: "sip.", with: "sip2.")
        .replacingOccurrences(of: "webcon.", with: "webcon2.").replacingOccurrences(of: "av.", with: "av2.")

    /// A 253/254-character name of 63-character labels (for the length limit).
    static func longName(_ length: Int) -> String {
        var labels: [String] = []
        var remaining = length
        while remaining > 0 {
            let size = min(63, remaining)
            labels.append(String(repeating: "a", count: size))
            remaining -= size + 1
        }
        var name = labels.joined(separator: ".")
        if name.count > length { name = String(name.prefix(length)) }
        if name.hasSuffix(".") { name = String(name.dropLast()) + "b" }
        return name
    }

    @Test("the fixture itself loads without problems or findings")
    func fixtureLoads() throws {
        let loaded = try TopologyLoader.load(text: Fixture.yaml, format: .yaml, source: "fixture.yaml")
        #expect(loaded.findings.isEmpty)
        #expect(loaded.topology.pools.count == 3)
    }

    /// The pool, the edit that makes its external web FQDN its own internal web FQDN, and that name.
    static let sameName: [(pool: Int, edit: (String, String), name: String)] = [
        (
            1, ("externalWebFqdn: webdirext.contoso.com", "externalWebFqdn: dirpool01.contoso.net"),
            "dirpool01.contoso.net"
        ),
        (2, ("externalWebFqdn: webse.contoso.com", "externalWebFqdn: se01.contoso.net"), "se01.contoso.net"),
    ]

    /// Only without an override: an explicit internal web override equal to the external web FQDN
    /// is refused, as Topology Builder does (see the rule cases).
    @Test(
        "an external web FQDN equal to the pool's own internal web FQDN loads with a warning (MOB-TECH)",
        arguments: 0..<sameName.count)
    func sameNameInsideAndOut(_ index: Int) throws {
        let (pool, edit, name) = Self.sameName[index]
        let text = Fixture.edited([edit])
        #expect(Fixture.problems(text).isEmpty, "\(Fixture.problems(text))")
        let loaded = try TopologyLoader.load(text: text, format: .yaml, source: "same.yaml")
        #expect(loaded.topology.pools[pool].externalWebFqdn == name)
        #expect(loaded.findings.map(\.code) == ["external-web-fqdn-equals-internal"])
        let finding = try #require(loaded.findings.first)
        #expect(finding.severity == .warning)
        #expect(finding.path == "pools[\(pool)].externalWebFqdn")
        #expect(finding.message.contains(name))
        #expect(finding.message.contains("MOB-TECH"))
        #expect(finding.message.contains("split-brain DNS"))
    }

    @Test("rule", arguments: cases)
    func rule(_ rule: RuleCase) throws {
        let passing = Fixture.edited(rule.passing)
        #expect(Fixture.problems(passing).isEmpty, "passing input: \(Fixture.problems(passing))")

        let failing = Fixture.edited(rule.failing)
        let problems = Fixture.problems(failing)
        let expectedLine = rule.lineOf.flatMap { Fixture.line(of: $0, in: failing) }
        if rule.lineOf != nil { #expect(expectedLine != nil, "the test's lineOf text is not in the failing input") }
        let match = problems.first { $0.path == rule.path && $0.message.contains(rule.message) }
        #expect(match != nil, "no problem at \(rule.path) saying \(rule.message); got \(problems)")
        if let match, let expectedLine {
            #expect(match.line == expectedLine, "\(match)")
        }
        if let match, rule.lineOf == nil { #expect(match.line != nil, "YAML syntax errors carry a line") }
    }
}
