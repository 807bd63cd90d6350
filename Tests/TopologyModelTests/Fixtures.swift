import Foundation
import Testing

@testable import TopologyModel

/// A valid topology touching every part of the format; rule tests change one thing in it.
///
/// - two SIP domains, so Meet-per-domain rules have something to count;
/// - a Front End pool with an overridden internal web FQDN, a Director and a Standard Edition
///   server, so uniqueness and role rules have pairs to compare;
/// - Office Web Apps, an Edge pool with all three addresses, a reverse proxy with a route.
enum Fixture {
    static let header = """
        version: 1
        sipDomains: [contoso.com, fabrikam.com]

        """
    static let simpleUrls = """
        simpleUrls:
          meet:
            - {domain: contoso.com, url: "https://meet.contoso.com"}
            - {domain: fabrikam.com, url: "https://meet.fabrikam.com"}
          dialin: "https://dialin.contoso.com"
          admin: "https://admin.contoso.com"

        """
    static let pools = """
        pools:
          - fqdn: pool01.contoso.net
            role: frontEnd
            site: Redmond
            machines: [fe01.contoso.net, fe02.contoso.net]
            internalWebFqdn: lsweb.contoso.net
            externalWebFqdn: webext.contoso.com
            internalWebAddress: 192.168.10.5
            ports: {httpListen: 8080, httpsListen: 4443, httpPublished: 80, httpsPublished: 443}
          - fqdn: dirpool01.contoso.net
            role: director
            externalWebFqdn: webdirext.contoso.com
            internalWebAddress: 192.168.10.20
          - fqdn: se01.contoso.net
            role: standardEdition
            externalWebFqdn: webse.contoso.com

        """
    static let officeWebApps = """
        officeWebApps:
          fqdn: officewebapps01.contoso.com
          publishedExternally: true
          internalAddress: 192.168.10.30

        """
    static let edgePools = """
        edgePools:
          - fqdn: lsedge.contoso.net
            accessEdgeFqdn: sip.contoso.com
            webConferencingFqdn: webcon.contoso.com
            avFqdn: av.contoso.com
            externalAddresses: {access: 131.107.155.10, webConferencing: 131.107.155.20, av: 131.107.155.30}
            internalAddresses: [172.25.33.10]
            federation: true
            xmpp: false
            nextHop: dirpool01.contoso.net

        """
    static let reverseProxy = """
        reverseProxy:
          externalAddress: 203.0.113.10
          autodiscover: https
          lyncdiscoverRecord: a
          externalGateway: 203.0.113.1
          externalPrefixLength: 24
          internalAddress: 172.25.33.40
          internalPrefixLength: 24
          internalRoutes:
            - {subnet: 192.168.10.0/24, via: 172.25.33.1}

        """
    static let certificates = """
        certificates:
          keySize: 2048
          wildcard: none
          organization: {O: Contoso Ltd, OU: IT, L: Redmond, ST: WA, C: US}
          maxSubjectAlternativeNames: 100

        """

    static let yaml = header + simpleUrls + pools + officeWebApps + edgePools + reverseProxy + certificates

    /// The same topology as JSON (written by hand, so the two parsers are compared, not one).
    static let json = """
        {
          "version": 1,
          "sipDomains": ["contoso.com", "fabrikam.com"],
          "simpleUrls": {
            "meet": [
              {"domain": "contoso.com", "url": "https://meet.contoso.com"},
              {"domain": "fabrikam.com", "url": "https://meet.fabrikam.com"}
            ],
            "dialin": "https://dialin.contoso.com",
            "admin": "https://admin.contoso.com"
          },
          "pools": [
            {"fqdn": "pool01.contoso.net", "role": "frontEnd", "site": "Redmond",
             "machines": ["fe01.contoso.net", "fe02.contoso.net"],
             "internalWebFqdn": "lsweb.contoso.net", "externalWebFqdn": "webext.contoso.com",
             "internalWebAddress": "192.168.10.5",
             "ports": {"httpListen": 8080, "httpsListen": 4443, "httpPublished": 80, "httpsPublished": 443}},
            {"fqdn": "dirpool01.contoso.net", "role": "director", "externalWebFqdn": "webdirext.contoso.com",
             "internalWebAddress": "192.168.10.20"},
            {"fqdn": "se01.contoso.net", "role": "standardEdition", "externalWebFqdn": "webse.contoso.com"}
          ],
          "officeWebApps": {"fqdn": "officewebapps01.contoso.com", "publishedExternally": true,
                            "internalAddress": "192.168.10.30"},
          "edgePools": [
            {"fqdn": "lsedge.contoso.net", "accessEdgeFqdn": "sip.contoso.com",
             "webConferencingFqdn": "webcon.contoso.com", "avFqdn": "av.contoso.com",
             "externalAddresses": {"access": "131.107.155.10", "webConferencing": "131.107.155.20",
                                   "av": "131.107.155.30"},
             "internalAddresses": ["172.25.33.10"], "federation": true, "xmpp": false,
             "nextHop": "dirpool01.contoso.net"}
          ],
          "reverseProxy": {
            "externalAddress": "203.0.113.10", "autodiscover": "https", "lyncdiscoverRecord": "a",
            "externalGateway": "203.0.113.1", "externalPrefixLength": 24,
            "internalAddress": "172.25.33.40", "internalPrefixLength": 24,
            "internalRoutes": [{"subnet": "192.168.10.0/24", "via": "172.25.33.1"}]
          },
          "certificates": {
            "keySize": 2048, "wildcard": "none",
            "organization": {"O": "Contoso Ltd", "OU": "IT", "L": "Redmond", "ST": "WA", "C": "US"},
            "maxSubjectAlternativeNames": 100
          }
        }
        """

    /// The smallest valid topology: only required keys.
    static let minimal = """
        sipDomains: [contoso.com]
        simpleUrls:
          meet: [{domain: contoso.com, url: "https://meet.contoso.com"}]
          dialin: "https://dialin.contoso.com"
        pools:
          - {fqdn: se01.contoso.net, role: standardEdition, externalWebFqdn: webext.contoso.com}
        reverseProxy: {externalAddress: 203.0.113.10}
        """

    /// `yaml` with each `(old, new)` replaced once; fails the test when `old` is not there, so a
    /// typo in a test cannot turn into a test of the unchanged fixture.
    static func edited(
        _ edits: [(String, String)], base: String = yaml, sourceLocation: SourceLocation = #_sourceLocation
    )
        -> String
    {
        var text = base
        for (old, new) in edits {
            guard let range = text.range(of: old) else {
                Issue.record("fixture does not contain \(old.debugDescription)", sourceLocation: sourceLocation)
                continue
            }
            text.replaceSubrange(range, with: new)
        }
        return text
    }

    /// 1-based line of the first occurrence of `needle` in `text` (computed here, independently
    /// of the loader, so asserted lines are where the text really is).
    static func line(of needle: String, in text: String) -> Int? {
        guard let range = text.range(of: needle) else { return nil }
        return text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
    }

    /// Loads `text`, returning the problems (empty when it loads).
    static func problems(_ text: String, format: TopologyFormat = .yaml) -> [TopologyProblem] {
        do {
            _ = try TopologyLoader.load(text: text, format: format, source: "test.yaml")
            return []
        } catch {
            return error.problems
        }
    }
}
