import CertPlanner
import DNSPlanner
import Exports
import Foundation
import PublishingPlanner
import TestSupport
import Testing
import TopologyModel

/// DNS requirements for simple URLs (Gg425874), options 2 and 3: Meet, Dial-in and Admin share a
/// base host (`https://lync.contoso.com/Meet`, `…/Dialin`, `…/Admin`). The host is public for Meet
/// and Dial-in; the publishing rules carry only those paths, so Admin stays internal.
@Suite("Simple URL options 2 and 3 (Gg425874)")
struct SimpleUrlOptionsTests {
    /// Option 2 of "DNS requirements for simple URLs" (Gg425874), with fabrikam.com's Meet URL on its own host.
    static func option2() -> Topology {
        var topology = Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"])
        topology.simpleUrls = SimpleUrls(
            meet: [
                MeetUrl(domain: "contoso.com", url: "https://lync.contoso.com/Meet"),
                MeetUrl(domain: "fabrikam.com", url: "https://lync.fabrikam.com/Meet"),
            ],
            dialin: "https://lync.contoso.com/Dialin", admin: "https://lync.contoso.com/Admin")
        return topology
    }

    /// Option 3 (Gg425874, DNS-SURL reading): one host, the SIP domain as the first path segment.
    static func option3() -> Topology {
        var topology = Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"])
        topology.simpleUrls = SimpleUrls(
            meet: [
                MeetUrl(domain: "contoso.com", url: "https://lync.contoso.com/contosoSIPdomain/Meet"),
                MeetUrl(domain: "fabrikam.com", url: "https://lync.contoso.com/fabrikamSIPdomain/Meet"),
            ],
            dialin: "https://lync.contoso.com/contosoSIPdomain/Dialin",
            admin: "https://lync.contoso.com/contosoSIPdomain/Admin")
        return topology
    }

    @Test("Gg425874 options 2 and 3 load without problems and plan without errors")
    func loadsAndPlans() throws {
        for topology in [Self.option2(), Self.option3()] {
            let loaded = try TopologyLoader.validate(topology, source: "options.yaml")
            #expect(loaded.findings.isEmpty, "\(loaded.findings)")
            #expect(!DNSPlanning.plan(topology).findings.hasErrors)
            #expect(!PublishingPlanning.plan(topology).findings.hasErrors)
            #expect(!CertificatePlanner.plan(topology).findings.hasErrors)
            let rp = try #require(CertificatePlanner.plan(topology).certificates.first { $0.id == "reverse-proxy" })
            #expect(rp.requiredNames.contains("lync.contoso.com"))
        }
    }

    @Test("Gg425874 options 2 and 3: the shared Admin host is no internal-only-name-external error")
    func noInternalOnlyError() {
        for topology in [Self.option2(), Self.option3()] {
            let plan = DNSPlanning.plan(topology)
            #expect(
                !plan.findings.contains { $0.code == FindingCode.internalOnlyNameExternal.code }, "\(plan.findings)")
            #expect(plan.records(in: .external).contains { $0.name == "lync.contoso.com" })
        }
        // A whole-host Admin URL whose host is public stays an error.
        var wholeHost = Fixtures.contoso()
        wholeHost.pools[0].externalWebFqdn = "admin.contoso.com"
        let findings = DNSPlanning.plan(wholeHost).findings.filter {
            $0.code == FindingCode.internalOnlyNameExternal.code
        }
        #expect(findings.count == 1 && findings.first?.path == "simpleUrls.admin")
    }

    @Test("Gg425874 option 2: one rule per shared host, publishing only the Meet and Dial-in paths")
    func publishingPaths() throws {
        let plan = PublishingPlanning.plan(Self.option2())
        let simple = plan.rules.filter { $0.kind == .simpleUrls }
        #expect(simple.map(\.publicNames) == [["lync.contoso.com"], ["lync.fabrikam.com"]])
        #expect(simple.first?.paths == ["/Meet/*", "/Dialin/*"])
        #expect(simple.first?.path == "/Meet/*")
        #expect(simple.last?.paths == ["/Meet/*"])
        #expect(!simple.flatMap(\.paths).contains { $0.lowercased().contains("admin") })
        #expect(simple.allSatisfy { $0.target == "dirpool01.contoso.net" })
        // Every other rule still publishes the whole host.
        #expect(plan.rules.filter { $0.kind != .simpleUrls }.allSatisfy { $0.paths == ["/*"] })
        // Option 3: one host, both SIP domains' paths.
        let three = PublishingPlanning.plan(Self.option3()).rules.filter { $0.kind == .simpleUrls }
        #expect(three.count == 1)
        #expect(
            three.first?.paths == [
                "/contosoSIPdomain/Meet/*", "/fabrikamSIPdomain/Meet/*", "/contosoSIPdomain/Dialin/*",
            ])
    }

    @Test("Gg425874 option 2: IIS ARR and nginx forward Meet and Dial-in, not Admin")
    func exportsMatchPaths() throws {
        let plan = PublishingPlanning.plan(Self.option2())
        let arr = Exporter.iisARRConfig(plan)
        let pattern = try #require(Exporter.pathPattern(["/Meet/*", "/Dialin/*"]))
        #expect(arr.contains("<match url=\"\(pattern)\" ignoreCase=\"true\" />"))
        // apply-arr.cmd sets up the same match as the configuration file, never the whole host.
        let commands = Exporter.iisARRCommands(plan)
        #expect(commands.contains("match.url:\(pattern)\" /\"") && commands.contains(".match.ignoreCase:True"))
        let pathRules = plan.rules.filter { $0.paths != ["/*"] }.map { "ARR_\($0.publicNames[0])" }
        for line in commands.split(separator: "\r\n") where line.contains("match.url:*") {
            #expect(!pathRules.contains { line.contains($0) }, "\(line)")
        }
        let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        func matches(_ path: String) -> Bool {
            regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
        }
        for path in ["Meet", "Meet/", "meet/alice/ABC123", "Dialin", "dialin/"] { #expect(matches(path), "\(path)") }
        for path in ["Admin", "Admin/", "Meeting", "abs", "x/Meet"] { #expect(!matches(path), "\(path)") }
        let nginx = Exporter.nginxConfig(plan)
        #expect(nginx.contains("location ~* ^/(?:Meet|Dialin)(?:/|$) {"))
        #expect(nginx.contains("location ~* ^/(?:Meet)(?:/|$) {"))
        let tmg = Exporter.tmgRules(plan, topology: Self.option2())
        let rule = try #require(tmg.first { $0.name == "Lync simple URLs lync.contoso.com" })
        #expect(rule.settings.contains { $0.field == "Path" && $0.value == "/Meet/*" })
        #expect(rule.settings.contains { $0.field == "Additional paths" && $0.value == "/Dialin/*" })
    }

    @Test("Gg425874 option 2: nginx -t accepts the path locations")
    func nginxAcceptsPaths() throws {
        let tmp = try TemporaryDirectory()
        let cert = tmp.file("rp.crt").path
        let key = tmp.file("rp.key").path
        let openssl = try runProcess(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                "-subj", "/CN=webext.contoso.com",
            ])
        try #require(openssl.status == 0, "\(openssl.stderr)")
        let options = Exporter.NginxOptions(
            certificateFile: cert, keyFile: key, listenAddress: "127.0.0.1",
            httpsPort: Int(try LoopbackPorts.allocate()),
            httpPort: Int(try LoopbackPorts.allocate()), full: true,
            pins: [Exporter.NginxUpstreamPin(name: "*", address: "127.0.0.1")], upstreamCAFile: cert)
        for topology in [Self.option2(), Self.option3()] {
            try tmp.write("full.conf", Exporter.nginxConfig(PublishingPlanning.plan(topology), options: options))
            let result = try runProcess(
                "nginx",
                [
                    "-t", "-p", tmp.path + "/", "-c", tmp.file("full.conf").path, "-e", tmp.file("error.log").path,
                    "-g", "pid \(tmp.file("nginx.pid").path);",
                ])
            #expect(result.status == 0 && result.stderr.contains("test is successful"), "\(result.stderr)")
        }
    }
    /// The exported nginx configuration, run for real in front of the stand-in pool web site:
    /// `/Meet` and `/Dialin` on the shared host reach the pool, `/Admin` never leaves the proxy.
    @Test("Gg425874 option 2 live: nginx forwards /Meet and /Dialin, answers /Admin itself with 404")
    func liveNginxPaths() throws {
        let directory = try TemporaryDirectory(prefix: "lynccert-options")
        let names = ["lync.contoso.com", "lync.fabrikam.com"]
        let plan = PublishingPlanning.plan(Self.option2())
        // nginx verifies the pool's certificate against the internal site name of each rule.
        let targets = Array(Set(plan.rules.map(\.target)))
        let backend = try makeSelfSignedCertificate(in: directory, name: "backend", dnsNames: names + targets)
        let front = try makeSelfSignedCertificate(in: directory, name: "front", dnsNames: names)
        let standIn = try LyncWebStandIn(
            names: names, externalWebFqdn: "webext.contoso.com", certificate: backend.certificate, key: backend.key)
        defer { standIn.stop() }
        // nginx is awaited on the HTTPS port, the one the requests below use.
        let proxy = try NginxReverseProxy.start { ports in
            let options = Exporter.NginxOptions(
                certificateFile: front.certificate.path, keyFile: front.key.path, listenAddress: "127.0.0.1",
                httpsPort: Int(ports[0]), httpPort: Int(try LoopbackPorts.allocate()),
                pins: [Exporter.NginxUpstreamPin(name: "*", address: "127.0.0.1", newPort: Int(standIn.port))],
                upstreamCAFile: backend.certificate.path)
            return Exporter.nginxConfig(plan, options: options)
        }
        defer { proxy.stop() }
        let httpsPort = proxy.ports[0]
        func status(_ host: String, _ path: String) throws -> String {
            let result = try runProcess(
                "curl",
                [
                    "-sk", "--noproxy", "*", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "--resolve",
                    "\(host):\(httpsPort):127.0.0.1", "https://\(host):\(httpsPort)\(path)",
                ])
            return result.stdout
        }
        #expect(try status("lync.contoso.com", "/Meet") == "301")  // the stand-in's trailing-slash redirect
        #expect(try status("lync.contoso.com", "/meet/") == "200")
        #expect(try status("lync.contoso.com", "/Dialin/") == "200")
        #expect(try status("lync.fabrikam.com", "/Meet/") == "200")
        #expect(try status("lync.contoso.com", "/Admin") == "404")
        #expect(try status("lync.contoso.com", "/Admin/") == "404")
        #expect(try status("lync.fabrikam.com", "/Dialin/") == "404")  // fabrikam's host carries Meet only
        let seen = standIn.requests
        #expect(seen.contains { $0.hasPrefix("lync.contoso.com /Meet ") }, "\(seen)")
        #expect(!seen.contains { $0.lowercased().contains("/admin") }, "\(seen)")
        #expect(!seen.contains { $0.hasPrefix("lync.fabrikam.com /Dialin") }, "\(seen)")
    }
}
