import Foundation
import PublishingPlanner
import TestSupport
import Testing
import TopologyModel

@Suite("Verify checks: requests from the plan (lync-rules §11)")
struct VerifyProbeTests {
    @Test("contoso: every published name gets Microsoft's verify-access URLs, in rule order")
    func contosoProbes() {
        let topology = Fixtures.contoso()
        let probes = VerifyChecks.probes(topology: topology, plan: PublishingPlanning.plan(topology))
        let pool = { (name: String) in
            [
                "https://\(name)/abs", "https://\(name)/GroupExpansion/service.svc", "https://\(name)/meet",
                "https://\(name)/dialin", "https://\(name)/autodiscover/autodiscoverservice.svc/root",
            ]
        }
        #expect(
            probes.map(\.url)
                == pool("webext.contoso.com") + pool("webdirext.contoso.com") + [
                    "https://meet.contoso.com/", "https://dialin.contoso.com/", "https://lyncdiscover.contoso.com/",
                    "https://lyncdiscover.contoso.com/autodiscover/autodiscoverservice.svc/root",
                    "https://officewebapps01.contoso.com/hosting/discovery",
                ])
        #expect(
            probes.prefix(5).map(\.kind) == [
                .authenticationChallenge, .authenticationChallenge, .page, .page, .autodiscoverRoot,
            ])
        #expect(
            probes.suffix(5).map(\.kind) == [.page, .page, .autodiscover, .autodiscoverRoot, .officeWebAppsDiscovery])
        // The Admin simple URL is internal only: never requested from outside.
        #expect(!probes.contains { $0.url.contains("admin.") })
        // The DR monitor probe goes without an Accept header.
        #expect(probes.filter { $0.kind == .autodiscoverRoot }.allSatisfy { $0.headers == ["Accept:"] })
        #expect(probes.filter { $0.kind != .autodiscoverRoot }.allSatisfy { $0.headers.isEmpty })
        #expect(probes.first?.forwardsTo == "lsweb.contoso.net:4443")
    }

    @Test("autodiscover: http probes http://lyncdiscover.<domain>/ for every SIP domain, and no https lyncdiscover")
    func httpAutodiscover() {
        let topology = Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"], autodiscover: .http)
        let probes = VerifyChecks.probes(topology: topology, plan: PublishingPlanning.plan(topology))
        let discover = probes.filter { $0.kind == .autodiscover }
        #expect(discover.map(\.url) == ["http://lyncdiscover.contoso.com/", "http://lyncdiscover.fabrikam.com/"])
        #expect(discover.allSatisfy { !$0.isHTTPS })
        // lyncdiscover's autodiscover service path is asked on the same port-80 rule.
        #expect(
            probes.filter { $0.kind == .autodiscoverRoot && $0.name.hasPrefix("lyncdiscover.") }.map(\.url) == [
                "http://lyncdiscover.contoso.com/autodiscover/autodiscoverservice.svc/root",
                "http://lyncdiscover.fabrikam.com/autodiscover/autodiscoverservice.svc/root",
            ])
        #expect(probes.filter { $0.kind == .page && $0.url.hasSuffix("/") }.map(\.name).contains("meet.fabrikam.com"))
        #expect(
            VerifyChecks.httpsNames(plan: PublishingPlanning.plan(topology)).allSatisfy {
                !$0.hasPrefix("lyncdiscover")
            }
        )
    }

    @Test("Office Web Apps not published: no discovery request")
    func owasUnpublished() {
        var topology = Fixtures.contoso()
        topology.officeWebApps?.publishedExternally = false
        let probes = VerifyChecks.probes(topology: topology, plan: PublishingPlanning.plan(topology))
        #expect(!probes.contains { $0.kind == .officeWebAppsDiscovery })
    }

    @Test("path-style simple URLs on the external web FQDN ride on the pool's rule, each requested once")
    func pathSimpleUrls() {
        var topology = Fixtures.contoso()
        topology.simpleUrls = SimpleUrls(
            meet: [MeetUrl(domain: "contoso.com", url: "https://webext.contoso.com/Meeting")],
            dialin: "https://webext.contoso.com/dialin")
        let probes = VerifyChecks.probes(topology: topology, plan: PublishingPlanning.plan(topology))
        #expect(probes.filter { $0.url == "https://webext.contoso.com/Meeting" }.count == 1)
        #expect(probes.filter { $0.url.lowercased() == "https://webext.contoso.com/dialin" }.count == 1)
        #expect(probes.first { $0.url.hasSuffix("/Meeting") }?.rule == "webext.contoso.com")
    }

    @Test("https names to audit: every HTTPS public name once, in rule order")
    func httpsNames() {
        let plan = PublishingPlanning.plan(Fixtures.contoso())
        #expect(
            VerifyChecks.httpsNames(plan: plan) == [
                "webext.contoso.com", "webdirext.contoso.com", "meet.contoso.com", "dialin.contoso.com",
                "lyncdiscover.contoso.com", "officewebapps01.contoso.com",
            ])
    }
}

/// One answer and what the check must make of it.
struct JudgeCase: CustomTestStringConvertible, Sendable {
    var label: String
    var kind: VerifyCheckKind
    var status: Int
    var headers: [String] = []
    var body: String = ""
    var redirects: Int = 0
    var unfollowed: String? = nil
    var expected: VerifyStatus
    var messageContains: String

    var testDescription: String { label }
}

let autodiscoverJSON = """
    {"AccessLocation":"External","Root":{"Links":[
     {"href":"https://webdirext.contoso.com/Autodiscover/AutodiscoverService.svc/root/domain","token":"Domain"},
     {"href":"https://webdirext.contoso.com/Autodiscover/AutodiscoverService.svc/root/user","token":"User"},
     {"href":"https://webdirext.contoso.com/Autodiscover/AutodiscoverService.svc/root/oauth/user","token":"OAuth"}]}}
    """

let judgeCases: [JudgeCase] = [
    // /abs and /GroupExpansion/service.svc
    JudgeCase(
        label: "challenge: 401 Negotiate + NTLM", kind: .authenticationChallenge, status: 401,
        headers: ["WWW-Authenticate: Negotiate", "WWW-Authenticate: NTLM"], expected: .ok,
        messageContains: "Negotiate, NTLM"),
    JudgeCase(
        label: "challenge: 401 without WWW-Authenticate", kind: .authenticationChallenge, status: 401,
        expected: .fail, messageContains: "without a WWW-Authenticate"),
    JudgeCase(
        label: "challenge: Basic only (the proxy authenticates)", kind: .authenticationChallenge, status: 401,
        headers: ["WWW-Authenticate: Basic realm=\"rp\""], expected: .warning, messageContains: "no Negotiate or NTLM"),
    JudgeCase(
        label: "challenge: 200 without credentials", kind: .authenticationChallenge, status: 200, expected: .fail,
        messageContains: "without asking for credentials"),
    JudgeCase(
        label: "challenge: 404", kind: .authenticationChallenge, status: 404, expected: .fail,
        messageContains: "lsweb.contoso.net:4443"),
    JudgeCase(
        label: "challenge: 502 from the proxy", kind: .authenticationChallenge, status: 502, expected: .fail,
        messageContains: "could not get an answer from lsweb.contoso.net:4443"),
    JudgeCase(
        label: "challenge: 400 Invalid Hostname (Host header not forwarded)", kind: .authenticationChallenge,
        status: 400, body: "<h1>Bad Request - Invalid Hostname</h1>", expected: .fail,
        messageContains: "original host header"),
    // Pages
    JudgeCase(label: "page: 200", kind: .page, status: 200, expected: .ok, messageContains: "200"),
    JudgeCase(
        label: "page: 200 after a same-host redirect", kind: .page, status: 200, redirects: 1, expected: .ok,
        messageContains: "after 1 redirect"),
    JudgeCase(
        label: "page: 401 (internal site or authenticating listener)", kind: .page, status: 401,
        headers: ["WWW-Authenticate: NTLM"], expected: .fail, messageContains: "anonymous"),
    JudgeCase(
        label: "page: redirect to another host is not followed", kind: .page, status: 302,
        unfollowed: "https://login.contoso.com/", expected: .fail, messageContains: "https://login.contoso.com/"),
    JudgeCase(label: "page: 500", kind: .page, status: 500, expected: .fail, messageContains: "500"),
    // lyncdiscover
    JudgeCase(
        label: "autodiscover: External with Domain, User, OAuth", kind: .autodiscover, status: 200,
        body: autodiscoverJSON, expected: .ok, messageContains: "links Domain, User, OAuth"),
    JudgeCase(
        label: "autodiscover: AccessLocation Internal", kind: .autodiscover, status: 200,
        body: autodiscoverJSON.replacingOccurrences(of: "External", with: "Internal"), expected: .fail,
        messageContains: "internal web site"),
    JudgeCase(
        label: "autodiscover: no User link", kind: .autodiscover, status: 200,
        body: autodiscoverJSON.replacingOccurrences(of: "\"User\"", with: "\"Other\""), expected: .fail,
        messageContains: "no User link"),
    JudgeCase(
        label: "autodiscover: no OAuth link (Lync 2010)", kind: .autodiscover, status: 200,
        body: autodiscoverJSON.replacingOccurrences(of: "\"OAuth\"", with: "\"Other\""), expected: .warning,
        messageContains: "no OAuth link"),
    JudgeCase(
        label: "autodiscover: links to an unpublished host", kind: .autodiscover, status: 200,
        body: autodiscoverJSON.replacingOccurrences(of: "webdirext.contoso.com", with: "dirpool01.contoso.net"),
        expected: .fail, messageContains: "dirpool01.contoso.net"),
    JudgeCase(
        label: "autodiscover: HTML instead of JSON", kind: .autodiscover, status: 200,
        headers: ["Content-Type: text/html"], body: "<html>IIS</html>", expected: .fail,
        messageContains: "not the autodiscover JSON"),
    JudgeCase(
        label: "autodiscover: JSON without AccessLocation", kind: .autodiscover, status: 200, body: "{\"a\":1}",
        expected: .fail, messageContains: "no AccessLocation"),
    JudgeCase(
        label: "autodiscover: 403", kind: .autodiscover, status: 403, expected: .fail,
        messageContains: "instead of the autodiscover document"),
    // DR monitor probe
    JudgeCase(
        label: "autodiscover root: 200", kind: .autodiscoverRoot, status: 200, body: autodiscoverJSON, expected: .ok,
        messageContains: "AccessLocation External"),
    // "Verify access through your reverse proxy" (TechNet Gg429697): the external web site answers
    // AccessLocation External; Internal means the rule forwards to 443 (the internal site), not 4443.
    JudgeCase(
        label: "autodiscover root: AccessLocation Internal names the rule", kind: .autodiscoverRoot, status: 200,
        body: autodiscoverJSON.replacingOccurrences(of: "External", with: "Internal"), expected: .fail,
        messageContains:
            "AccessLocation Internal: rule webext.contoso.com forwards to the pool's internal web site; forward it "
            + "to the external web site instead (lsweb.contoso.net:4443, not 443"),
    JudgeCase(
        label: "autodiscover root: 406 (Accept header required)", kind: .autodiscoverRoot, status: 406,
        expected: .fail, messageContains: "instead of 200"),
    // Office Web Apps
    JudgeCase(
        label: "OWAS: WOPI discovery", kind: .officeWebAppsDiscovery, status: 200,
        body: "<wopi-discovery><net-zone/></wopi-discovery>", expected: .ok, messageContains: "WOPI"),
    JudgeCase(
        label: "OWAS: 200 but an IIS start page", kind: .officeWebAppsDiscovery, status: 200,
        body: "<html>IIS Windows Server</html>", expected: .fail, messageContains: "not a WOPI discovery"),
]

@Suite("Verify checks: judging answers")
struct VerifyJudgeTests {
    let published: Set<String> = [
        "webext.contoso.com", "webdirext.contoso.com", "meet.contoso.com", "dialin.contoso.com",
        "lyncdiscover.contoso.com",
    ]

    @Test("each answer gets the right status and says why", arguments: judgeCases)
    func judge(_ c: JudgeCase) {
        let probe = VerifyProbe(
            name: "webext.contoso.com", url: "https://webext.contoso.com/x", kind: c.kind, expected: "",
            rule: "webext.contoso.com", forwardsTo: "lsweb.contoso.net:4443")
        let headers = c.headers.map { line -> (name: String, value: String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), String(parts[1]).trimmingCharacters(in: .whitespaces))
        }
        let observation = VerifyObservation(
            httpStatus: c.status, headers: headers, body: Data(c.body.utf8),
            redirects: Array(repeating: "https://webext.contoso.com/x", count: c.redirects),
            unfollowedRedirect: c.unfollowed)
        let result = VerifyChecks.judge(probe, observation: observation, publishedNames: published)
        #expect(result.status == c.expected, "\(result.message)")
        #expect(result.message.contains(c.messageContains), "\(result.message)")
        #expect(result.httpStatus == c.status)
        #expect(result.name == "webext.contoso.com" && result.url == probe.url && result.kind == c.kind)
    }

    @Test("a same-host redirect loop is called a loop and names the URL; a long chain is too many redirects")
    func redirectLimit() {
        let probe = VerifyProbe(
            name: "meet.contoso.com", url: "https://meet.contoso.com/", kind: .page, expected: "", rule: "simple-urls",
            forwardsTo: "dirpool01.contoso.net:4443")
        let loop = "https://meet.contoso.com/a"
        let looped = VerifyChecks.judge(
            probe,
            observation: VerifyObservation(
                httpStatus: 302, redirects: ["https://meet.contoso.com/", loop, "https://meet.contoso.com/b", loop],
                unfollowedRedirect: "https://meet.contoso.com/b", redirectLimitReached: true),
            publishedNames: published)
        #expect(looped.status == .fail)
        #expect(
            looped.message.contains("redirect loop on the same host: https://meet.contoso.com/b"), "\(looped.message)")
        #expect(!looped.message.contains("only redirects on the same host are"))

        let chain = (1...5).map { "https://meet.contoso.com/\($0)" }
        let long = VerifyChecks.judge(
            probe,
            observation: VerifyObservation(
                httpStatus: 301, redirects: chain, unfollowedRedirect: "https://meet.contoso.com/6",
                redirectLimitReached: true),
            publishedNames: published)
        #expect(long.status == .fail)
        #expect(long.message.contains("too many redirects on the same host: 5 followed"), "\(long.message)")
        #expect(long.message.contains("https://meet.contoso.com/6"))
    }

    @Test("no HTTP answer: a failure that names the reason")
    func transportFailures() {
        let probe = VerifyProbe(
            name: "meet.contoso.com", url: "https://meet.contoso.com/", kind: .page, expected: "", rule: "simple-urls",
            forwardsTo: "dirpool01.contoso.net:4443")
        let cases: [(VerifyTransportFailure, String)] = [
            (.unreachable("127.0.0.1:1: refused"), "no connection: 127.0.0.1:1: refused"),
            (.tls("alert handshake failure"), "TLS handshake failed: alert handshake failure"),
            (.timedOut("10 s"), "no answer in time"),
            (.other("empty reply"), "empty reply"),
        ]
        for (failure, text) in cases {
            let result = VerifyChecks.judge(probe, failure: failure)
            #expect(result.status == .fail && result.httpStatus == nil)
            #expect(result.message.contains(text), "\(result.message)")
        }
    }

    @Test("JSON keeps every DESIGN.md field, httpStatus null without an HTTP answer")
    func jsonShape() throws {
        let result = VerifyCheckResult(
            name: "meet.contoso.com", url: "https://meet.contoso.com/", kind: .page, expected: "a page", status: .fail,
            httpStatus: nil, message: "no connection", rule: "simple-urls")
        let object = try #require(
            try JSONSerialization.jsonObject(with: try JSONEncoder().encode(result)) as? [String: Any])
        #expect(Set(object.keys) == ["name", "url", "kind", "expected", "status", "httpStatus", "message", "rule"])
        #expect(object["httpStatus"] is NSNull)
        #expect(object["kind"] as? String == "page" && object["status"] as? String == "fail")
        #expect(try JSONDecoder().decode(VerifyCheckResult.self, from: try JSONEncoder().encode(result)) == result)
    }

    @Test("summary counts each status")
    func summary() {
        func r(_ s: VerifyStatus) -> VerifyCheckResult {
            VerifyCheckResult(
                name: "n", url: "u", kind: .page, expected: "", status: s, httpStatus: nil, message: "", rule: "r")
        }
        let summary = VerifySummary([r(.ok), r(.ok), r(.warning), r(.fail), r(.ok)])
        #expect(summary == VerifySummary([r(.ok), r(.ok), r(.ok), r(.warning), r(.fail)]))
        #expect(summary.total == 5 && summary.ok == 3 && summary.warning == 1 && summary.fail == 1)
    }
}
