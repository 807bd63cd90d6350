import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small deployment whose every published name is served on loopback: one Front End pool,
/// Meet and Dial-in simple URLs, lyncdiscover, Office Web Apps.
let verifyTopology = """
    version: 1
    sipDomains: [contoso.com]
    simpleUrls:
      meet: [{domain: contoso.com, url: "https://meet.contoso.com"}]
      dialin: "https://dialin.contoso.com"
    pools:
      - fqdn: pool01.contoso.net
        role: frontEnd
        internalWebFqdn: lsweb.contoso.net
        externalWebFqdn: webext.contoso.com
        internalWebAddress: 127.0.0.1
    officeWebApps:
      fqdn: officewebapps01.contoso.com
      publishedExternally: true
      internalAddress: 127.0.0.1
    reverseProxy:
      externalAddress: 127.0.0.1
      autodiscover: https

    """

/// Every name the reverse proxy publishes for `verifyTopology`.
let verifyNames = [
    "webext.contoso.com", "meet.contoso.com", "dialin.contoso.com", "lyncdiscover.contoso.com",
    "officewebapps01.contoso.com",
]

/// The stand-in pool web site behind a hand-written nginx reverse proxy, on loopback.
final class VerifyRig {
    let directory: TemporaryDirectory
    let topology: String
    let standIn: LyncWebStandIn
    let proxy: NginxReverseProxy
    let ca: RehearsalCA
    /// The certificate nginx serves for every name.
    let frontCertificate: URL
    /// The stand-in for the pool's internal web site, when a rule forwards there.
    private(set) var internalSite: LyncWebStandIn?
    let httpsPort: UInt16

    /// - Parameters:
    ///   - keepHost: forward the original Host header (Lync needs it, §10).
    ///   - omit: public names that get no server block (the default server answers 404 for them).
    ///   - accessLocation: what the stand-in's autodiscover says.
    ///   - toInternalSite: public names whose rule forwards to a second stand-in playing the pool's
    ///     internal web site (443: same pages and challenges, autodiscover `AccessLocation` `Internal`).
    init(
        keepHost: Bool = true, omit: Set<String> = [], accessLocation: String = "External",
        toInternalSite: Set<String> = [], topologyText: String = verifyTopology
    ) throws {
        directory = try TemporaryDirectory(prefix: "lynccert-verify")
        topology = try directory.write("topology.yaml", topologyText)
        let backend = try makeSelfSignedCertificate(in: directory, name: "pool", dnsNames: ["lsweb.contoso.net"])
        standIn = try LyncWebStandIn(
            names: verifyNames, externalWebFqdn: "webext.contoso.com", certificate: backend.certificate,
            key: backend.key, accessLocation: accessLocation)
        ca = try RehearsalCA(in: directory)
        let front = try ca.issue("rp", dnsNames: verifyNames)
        frontCertificate = front.certificate
        let names = verifyNames.filter { !omit.contains($0) && !toInternalSite.contains($0) }
        var internalSite: LyncWebStandIn?
        if !toInternalSite.isEmpty {
            internalSite = try LyncWebStandIn(
                names: verifyNames, externalWebFqdn: "webext.contoso.com", certificate: backend.certificate,
                key: backend.key, accessLocation: "Internal")
        }
        self.internalSite = internalSite
        let standIn = standIn
        proxy = try NginxReverseProxy.start { ports in
            let httpsPort = ports[0]
            var internalBlock = ""
            if let site = internalSite {
                internalBlock = """
                        server {
                            listen 127.0.0.1:\(httpsPort) ssl;
                            server_name \(toInternalSite.sorted().joined(separator: " "));
                            ssl_certificate \(front.certificate.path);
                            ssl_certificate_key \(front.key.path);
                            location / {
                                proxy_pass https://127.0.0.1:\(site.port);
                                proxy_set_header Host $host;
                                proxy_ssl_server_name on;
                                proxy_ssl_name $host;
                                proxy_redirect off;
                            }
                        }
                    """
            }
            let block = """
                    server {
                        listen 127.0.0.1:\(httpsPort) ssl default_server;
                        server_name _;
                        ssl_certificate \(front.certificate.path);
                        ssl_certificate_key \(front.key.path);
                        return 404;
                    }
                    server {
                        listen 127.0.0.1:\(httpsPort) ssl;
                        server_name \(names.joined(separator: " "));
                        ssl_certificate \(front.certificate.path);
                        ssl_certificate_key \(front.key.path);
                        location / {
                            proxy_pass https://127.0.0.1:\(standIn.port);
                            \(keepHost ? "proxy_set_header Host $host;" : "")
                            proxy_ssl_server_name on;
                            proxy_ssl_name $host;
                            proxy_redirect off;
                        }
                    }
                """
            return block + "\n" + internalBlock
        }
        httpsPort = proxy.ports[0]
    }

    func verify(_ extra: [String] = []) async throws -> ProcessResult {
        try await runLynccert(
            ["verify", topology, "--connect", "127.0.0.1:\(httpsPort)", "--ca-file", ca.certificate.path] + extra)
    }
}

/// The parts of `verify --format json` the tests read.
struct VerifyJSON: Decodable {
    struct Check: Decodable {
        var name: String
        var url: String
        var kind: String
        var expected: String
        var status: String
        var httpStatus: Int?
        var message: String
        var rule: String
        var thumbprint: String?
        var notAfter: String?
        var daysUntilExpiry: Int?
    }
    struct Summary: Decodable {
        var total: Int
        var ok: Int
        var warning: Int
        var fail: Int
    }
    var checks: [Check]
    var summary: Summary
    var verdict: String

    init(_ result: ProcessResult) throws {
        self = try JSONDecoder().decode(VerifyJSON.self, from: result.stdoutData)
    }
}

@Suite("lynccert verify through nginx to a Lync web stand-in", .serialized)
struct VerifyTests {
    @Test("a healthy reverse proxy: every check passes, exit 0")
    func healthy() async throws {
        let rig = try VerifyRig()
        let text = try await rig.verify()
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        for line in [
            "✓ https://webext.contoso.com/abs  401, WWW-Authenticate: Negotiate, NTLM",
            "✓ https://webext.contoso.com/GroupExpansion/service.svc  401, WWW-Authenticate: Negotiate, NTLM",
            "✓ https://webext.contoso.com/meet  200 after 1 redirect(s) on the same host",
            "✓ https://webext.contoso.com/autodiscover/autodiscoverservice.svc/root  200, AccessLocation External",
            "✓ https://meet.contoso.com/  200",
            "✓ https://lyncdiscover.contoso.com/  AccessLocation External, links Domain, User, OAuth",
            "✓ https://officewebapps01.contoso.com/hosting/discovery  200, WOPI discovery",
            "✓ certificate  covered by meet.contoso.com on webext.contoso.com",
            "✓ certificate  covered by lyncdiscover.contoso.com on webext.contoso.com",
        ] {
            #expect(text.stdout.contains(line), "missing: \(line)\n\(text.stdout)")
        }
        let json = try VerifyJSON(try await rig.verify(["--format", "json"]))
        #expect(json.summary.fail == 0 && json.summary.warning == 0)
        let http = json.checks.filter { $0.kind != "certificate" }
        #expect(http.count == 10)
        #expect(Set(http.map(\.name)) == Set(verifyNames))
        let certificates = json.checks.filter { $0.kind == "certificate" }
        #expect(certificates.map(\.name) == verifyNames)
        #expect(certificates.allSatisfy { $0.status == "ok" && $0.url == "https://\($0.name)/" })
        // The stand-in saw each request with the published name as Host: nginx kept it, and
        // lynccert sent the name, not the test port.
        #expect(rig.standIn.requests.contains { $0.hasPrefix("lyncdiscover.contoso.com / ") })
        #expect(
            rig.standIn.requests.contains {
                $0.hasPrefix("webext.contoso.com /autodiscover/autodiscoverservice.svc/root accept=None")
            })
    }

    @Test("a proxy that does not forward the Host header: every check fails, naming the setting")
    func hostHeaderDropped() async throws {
        let rig = try VerifyRig(keepHost: false)
        let result = try await rig.verify(["--format", "json"])
        #expect(result.status == 1)
        let json = try VerifyJSON(result)
        let http = json.checks.filter { $0.kind != "certificate" }
        #expect(!http.isEmpty && http.allSatisfy { $0.status == "fail" && $0.httpStatus == 400 })
        #expect(http.allSatisfy { $0.message.contains("original host header") })
    }

    @Test("a name left off the proxy: only that name's checks fail")
    func nameNotPublished() async throws {
        let rig = try VerifyRig(omit: ["lyncdiscover.contoso.com"])
        let result = try await rig.verify(["--format", "json"])
        #expect(result.status == 1)
        let json = try VerifyJSON(result)
        let failed = json.checks.filter { $0.status == "fail" && $0.kind != "certificate" }
        #expect(
            failed.map(\.url) == [
                "https://lyncdiscover.contoso.com/",
                "https://lyncdiscover.contoso.com/autodiscover/autodiscoverservice.svc/root",
            ])
        #expect(failed.allSatisfy { $0.httpStatus == 404 && $0.message.contains("not published here") })
    }

    @Test("a proxy forwarding to the internal web site: lyncdiscover says AccessLocation Internal")
    func internalSite() async throws {
        let rig = try VerifyRig(accessLocation: "Internal")
        let result = try await rig.verify()
        #expect(result.status == 1)
        #expect(
            result.stdout.contains("✗ https://lyncdiscover.contoso.com/  AccessLocation Internal"), "\(result.stdout)")
        #expect(result.stdout.contains("✓ https://webext.contoso.com/abs"))
        // Every external web name's autodiscover answer gives the internal site away, naming its rule.
        #expect(
            result.stdout.contains(
                "✗ https://webext.contoso.com/autodiscover/autodiscoverservice.svc/root  AccessLocation Internal: "
                    + "rule webext.contoso.com"))
        #expect(
            result.stdout.contains(
                "✗ https://lyncdiscover.contoso.com/autodiscover/autodiscoverservice.svc/root  AccessLocation "
                    + "Internal: rule autodiscover"))
    }

    // "Verify access through your reverse proxy" (TechNet Gg429697) and "Configure web publishing
    // rules for a single internal pool" (TechNet Gg429712): 443 is bridged to 4443, never to 443.
    @Test("a rule forwarding webext to the internal web site (443, not 4443): NO-GO naming that rule")
    func ruleToInternalSite() async throws {
        let rig = try VerifyRig(toInternalSite: ["webext.contoso.com"])
        let report = rig.directory.file("cutover.html")
        let result = try await rig.verify(["--report", report.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let line =
            "✗ https://webext.contoso.com/autodiscover/autodiscoverservice.svc/root  AccessLocation Internal: "
            + "rule webext.contoso.com forwards to the pool's internal web site; forward it to the external web site "
            + "instead (lsweb.contoso.net:4443, not 443"
        #expect(result.stdout.contains(line), "\(result.stdout)")
        // The internal site challenges and serves pages too: only autodiscover tells the sites apart.
        #expect(result.stdout.contains("✓ https://webext.contoso.com/abs"))
        #expect(result.stdout.contains("✓ https://lyncdiscover.contoso.com/  AccessLocation External"))
        #expect(result.stdout.contains("NO-GO"))
        let json = try VerifyJSON(try await rig.verify(["--format", "json"]))
        let failed = json.checks.filter { $0.status == "fail" }
        #expect(failed.map(\.url) == ["https://webext.contoso.com/autodiscover/autodiscoverservice.svc/root"])
        #expect(failed.first?.rule == "webext.contoso.com")
        #expect(json.verdict == "NO-GO")
        // The requests did reach the internal stand-in, through nginx, with the published name.
        #expect(
            rig.internalSite?.requests.contains {
                $0.hasPrefix("webext.contoso.com /autodiscover/autodiscoverservice.svc/root")
            } == true)
        let page = try ReportPage(try String(contentsOf: report, encoding: .utf8))
        #expect(page.verdict.hasPrefix("NO-GO"))
        #expect(page.text.contains("rule webext.contoso.com forwards to the pool's internal web site"))
    }

    @Test("each certificate check shows the thumbprint as Windows does, notAfter and the days left from --at")
    func certificateThumbprint() async throws {
        let rig = try VerifyRig()
        let thumbprint = try opensslThumbprint(rig.frontCertificate.path)
        let end = try runProcess(
            "openssl", ["x509", "-in", rig.frontCertificate.path, "-noout", "-enddate", "-dateopt", "iso_8601"])
        let iso = try #require(end.stdout.split(separator: "=").last).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: " ", with: "T")
        let notAfter = try #require(ISO8601DateFormatter().date(from: iso))
        let at = ISO8601DateFormatter().string(from: notAfter.addingTimeInterval(-(20 * 86_400 + 3600)))
        let json = try VerifyJSON(try await rig.verify(["--format", "json", "--at", at]))
        let certificates = json.checks.filter { $0.kind == "certificate" }
        #expect(certificates.count == verifyNames.count)
        #expect(certificates.allSatisfy { $0.thumbprint == thumbprint && $0.daysUntilExpiry == 20 })
        #expect(certificates.allSatisfy { $0.notAfter == iso })
        // HTTP checks carry no certificate fields.
        #expect(json.checks.filter { $0.kind != "certificate" }.allSatisfy { $0.thumbprint == nil })
        let text = try await rig.verify(["--at", at])
        #expect(
            text.stdout.contains("      thumbprint \(thumbprint), notAfter \(iso) (20 days left)"), "\(text.stdout)")
        await #expect(try rig.verify(["--at", "someday"]).status == 2)
    }

    @Test("--report: failures first, plan warnings counted, certificates with thumbprint and days left, path printed")
    func reportLayout() async throws {
        let rig = try VerifyRig(omit: ["meet.contoso.com"])
        let thumbprint = try opensslThumbprint(rig.frontCertificate.path)
        let report = rig.directory.file("cutover.html")
        let result = try await rig.verify(["--report", report.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("report written to \(report.path)"))
        let json = try await rig.verify(["--report", rig.directory.file("r2.html").path, "--format", "json"])
        #expect(json.stderr.contains("report written to \(rig.directory.file("r2.html").path)"))
        #expect(try VerifyJSON(json).verdict == "NO-GO")
        let page = try ReportPage(try String(contentsOf: report, encoding: .utf8))
        // GO/NO-GO, then what failed, then the plan; the details after.
        #expect(Array(page.sections.prefix(2)) == ["failed", "plan"], "\(page.sections)")
        #expect(page.verdict.hasPrefix("NO-GO"))
        let failed = page.allRows.filter { $0.table == "failed-checks" }
        #expect(failed.map(\.name) == ["meet.contoso.com"])
        #expect(failed.allSatisfy { $0.status == "fail" })
        // The banner counts the plan's warnings: as many as the plan findings table shows.
        let warnings = page.rowClasses["findings"]?.filter { $0 == "warning" }.count ?? 0
        let errors = page.rowClasses["findings"]?.filter { $0 == "fail" }.count ?? 0
        let plural = { (n: Int, word: String) in "\(n) \(word)\(n == 1 ? "" : "s")" }
        #expect(
            page.verdict.contains("plan: \(plural(warnings, "warning")), \(plural(errors, "error"))"), "\(page.verdict)"
        )
        let certificates = page.allRows.filter { $0.table == "certificate-checks" }
        #expect(certificates.count == verifyNames.count)
        #expect(certificates.allSatisfy { $0.attributes["data-thumbprint"] == thumbprint })
        #expect(certificates.allSatisfy { Int($0.attributes["data-days"] ?? "") ?? -1 >= 0 })
        #expect(page.text.contains("Thumbprint (SHA-1)") && page.text.contains("Days left"))
    }

    @Test("--report into a missing folder: exit 2 before any request is made")
    func reportFolderMissing() async throws {
        let rig = try VerifyRig()
        let target = rig.directory.file("no-such-folder/cutover.html").path
        let result = try await rig.verify(["--report", target])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stderr.contains("no-such-folder") && result.stderr.contains("does not exist"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(rig.standIn.requests.isEmpty, "\(rig.standIn.requests)")
        let folder = try await rig.verify(["--report", rig.directory.path])
        #expect(folder.status == 2 && folder.stderr.contains("is a folder"))
    }

    @Test("autodiscover: http is checked on --http-port through a plain-HTTP listener")
    func httpAutodiscover() async throws {
        let directory = try TemporaryDirectory(prefix: "lynccert-verify-http")
        let topology = try directory.write(
            "t.yaml", verifyTopology.replacingOccurrences(of: "autodiscover: https", with: "autodiscover: http"))
        let standIn = try LyncWebStandIn(names: verifyNames, externalWebFqdn: "webext.contoso.com")
        let proxy = try NginxReverseProxy.start { ports in
            """
            server {
                listen 127.0.0.1:\(ports[0]);
                server_name lyncdiscover.contoso.com;
                location / { proxy_pass http://127.0.0.1:\(standIn.port); proxy_set_header Host $host; }
            }
            """
        }
        let httpPort = proxy.ports[0]
        // Nothing listens for HTTPS: only the HTTP request can pass.
        let closed = try ClosedLoopbackPort()
        defer { closed.release() }
        let result = try await runLynccert(
            ["verify", topology, "--connect", closed.address, "--http-port", "\(httpPort)", "--format", "json"])
        #expect(result.status == 1, "\(result.stderr)")
        let json = try VerifyJSON(result)
        let discover = json.checks.filter { $0.kind == "autodiscover" }
        #expect(discover.map(\.url) == ["http://lyncdiscover.contoso.com/"])
        #expect(discover.first?.status == "ok", "\(discover)")
        let https = json.checks.filter { $0.url.hasPrefix("https://") }
        #expect(https.filter { $0.kind != "certificate" }.allSatisfy { $0.message.hasPrefix("no connection") })
        #expect(https.filter { $0.kind == "certificate" }.allSatisfy { $0.message.hasPrefix("TLS handshake failed") })
        #expect(!https.contains { $0.name == "lyncdiscover.contoso.com" })
        proxy.stop()
    }

    @Test("nothing listening at --connect: exit 3 and a message")
    func unreachable() async throws {
        let directory = try TemporaryDirectory()
        let topology = try directory.write("t.yaml", verifyTopology)
        let closed = try ClosedLoopbackPort()
        defer { closed.release() }
        let port = closed.port
        let result = try await runLynccert([
            "verify", topology, "--connect", "127.0.0.1:\(port)", "--http-port", "\(port)",
        ])
        #expect(result.status == 3)
        #expect(result.stderr.contains("no connection to 127.0.0.1:\(port)"))
    }

    @Test(
        "bad input: exit 2 naming the problem",
        arguments: [
            (["--connect", "127.0.0.1:99999"], "--connect"),
            (["--connect", "::1::2"], "--connect"),
            (["--connect", "[::1]x"], "--connect"),
            (["--connect", "127.0.0.1", "--timeout", "0"], "--timeout"),
            (["--connect", "127.0.0.1", "--concurrency", "0"], "--concurrency"),
            (["--connect", "127.0.0.1", "--http-port", "0"], "--http-port"),
            (["--connect", "127.0.0.1", "--ca-file", "/nonexistent/ca.pem"], "/nonexistent/ca.pem"),
        ])
    func badInput(_ arguments: [String], _ named: String) async throws {
        let directory = try TemporaryDirectory()
        let topology = try directory.write("t.yaml", verifyTopology)
        let result = try await runLynccert(["verify", topology] + arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(named), "\(result.stderr)")
    }

    @Test("--report writes one self-contained page that holds the findings and renders in Chromium")
    func report() async throws {
        let rig = try VerifyRig(omit: ["lyncdiscover.contoso.com"])
        let report = rig.directory.file("cutover.html")
        let result = try await rig.verify(["--report", report.path])
        #expect(result.status == 1)
        let html = try String(contentsOf: report, encoding: .utf8)
        // Self-contained: nothing to fetch.
        for external in ["<script", "<link", "src=", "http-equiv", "@import", "url("] {
            #expect(!html.contains(external), "\(external)")
        }
        let page = try ReportPage(html)
        #expect(page.verdict.hasPrefix("NO-GO"))
        let failed = page.checks.filter { $0.status == "fail" }
        #expect(failed.map(\.name) == ["lyncdiscover.contoso.com", "lyncdiscover.contoso.com"])
        // 8 HTTP checks and the 5 names' certificates (the default server sends the same one).
        #expect(page.checks.filter { $0.status == "ok" }.count == 13)
        #expect(page.tables.contains("certificate-checks"))
        #expect(page.tables.contains("certificates") && page.tables.contains("dns-records"))
        #expect(page.tables.contains("publishing-rules"))
        #expect(page.text.contains("lyncdiscover.contoso.com") && page.text.contains("webext.contoso.com"))

        let png = rig.directory.file("cutover.png")
        let shot = try runProcess(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--screenshot=\(png.path)", "--window-size=1280,2000",
                "file://\(report.path)",
            ], environment: ["HOME": rig.directory.path], timeout: 180)
        #expect(shot.status == 0, "\(shot.stderr)")
        let data = try Data(contentsOf: png)
        #expect(data.count > 20_000, "a blank page compresses to a few kB; got \(data.count) bytes")
        // PNG signature, then the IHDR chunk: width and height, big-endian.
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: data[12..<16], as: UTF8.self) == "IHDR")
        let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1280 && height == 2000)
    }

    @Test("report text from the topology and from servers is escaped")
    func reportEscaping() async throws {
        let rig = try VerifyRig()
        let report = rig.directory.file("r.html")
        _ = try await rig.verify(["--report", report.path])
        let html = try String(contentsOf: report, encoding: .utf8)
        // Quotes in messages (the DR monitor note, the TMG "Verify normalization" note) are escaped.
        #expect(!html.contains("\"Verify normalization\""))
        _ = try ReportPage(html)
    }
}

/// The report read back with XMLParser (it is well-formed XHTML).
struct ReportPage {
    struct Row {
        var name: String
        var status: String
        var table: String
        var attributes: [String: String]
    }
    /// Check rows of the detail tables (the "what failed" table repeats failed rows).
    var checks: [Row] = []
    /// Every check row, with the table it is in.
    var allRows: [Row] = []
    /// The `class` of every row of each table, by table id.
    var rowClasses: [String: [String]] = [:]
    /// Section ids in page order.
    var sections: [String] = []
    var tables: Set<String> = []
    var verdict = ""
    var text = ""

    init(_ html: String) throws {
        let delegate = Collector()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw StandInError(message: "the report is not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")")
        }
        allRows = delegate.rows
        checks = delegate.rows.filter { $0.table != "failed-checks" }
        rowClasses = delegate.rowClasses
        sections = delegate.sections
        tables = delegate.tables
        verdict = delegate.verdict.trimmingCharacters(in: .whitespacesAndNewlines)
        text = delegate.text
    }

    final class Collector: NSObject, XMLParserDelegate {
        var rows: [Row] = []
        var tables: Set<String> = []
        var rowClasses: [String: [String]] = [:]
        var sections: [String] = []
        var table = ""
        var verdict = ""
        var text = ""
        var inVerdict = false

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if element == "tr", let name = attributes["data-name"], let status = attributes["data-status"] {
                rows.append(Row(name: name, status: status, table: table, attributes: attributes))
            }
            if element == "tr", let rowClass = attributes["class"] { rowClasses[table, default: []].append(rowClass) }
            if element == "table", let id = attributes["id"] {
                tables.insert(id)
                table = id
            }
            if element == "section", let id = attributes["id"] { sections.append(id) }
            if element == "div", attributes["id"] == "verdict" { inVerdict = true }
        }

        func parser(
            _ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?
        ) {
            if element == "div" { inVerdict = false }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
            if inVerdict { verdict += string }
        }
    }
}
