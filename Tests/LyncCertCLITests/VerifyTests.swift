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
    let httpsPort = freeLoopbackPort()

    /// - Parameters:
    ///   - keepHost: forward the original Host header (Lync needs it, §10).
    ///   - omit: public names that get no server block (the default server answers 404 for them).
    ///   - accessLocation: what the stand-in's autodiscover says.
    init(
        keepHost: Bool = true, omit: Set<String> = [], accessLocation: String = "External",
        topologyText: String = verifyTopology
    ) throws {
        directory = try TemporaryDirectory(prefix: "lynccert-verify")
        topology = try directory.write("topology.yaml", topologyText)
        let backend = try makeSelfSignedCertificate(in: directory, name: "pool", dnsNames: ["lsweb.contoso.net"])
        standIn = try LyncWebStandIn(
            names: verifyNames, externalWebFqdn: "webext.contoso.com", certificate: backend.certificate,
            key: backend.key, accessLocation: accessLocation)
        ca = try RehearsalCA(in: directory)
        let front = try ca.issue("rp", dnsNames: verifyNames)
        let names = verifyNames.filter { !omit.contains($0) }
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
        proxy = try NginxReverseProxy(httpBlock: block, ports: [httpsPort])
    }

    func verify(_ extra: [String] = []) throws -> ProcessResult {
        try runLynccert(
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
    }
    struct Summary: Decodable {
        var total: Int
        var ok: Int
        var warning: Int
        var fail: Int
    }
    var checks: [Check]
    var summary: Summary

    init(_ result: ProcessResult) throws {
        self = try JSONDecoder().decode(VerifyJSON.self, from: result.stdoutData)
    }
}

@Suite("lynccert verify through nginx to a Lync web stand-in", .serialized)
struct VerifyTests {
    @Test("a healthy reverse proxy: every check passes, exit 0")
    func healthy() throws {
        let rig = try VerifyRig()
        let text = try rig.verify()
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
        let json = try VerifyJSON(try rig.verify(["--format", "json"]))
        #expect(json.summary.fail == 0 && json.summary.warning == 0)
        let http = json.checks.filter { $0.kind != "certificate" }
        #expect(http.count == 9)
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
    func hostHeaderDropped() throws {
        let rig = try VerifyRig(keepHost: false)
        let result = try rig.verify(["--format", "json"])
        #expect(result.status == 1)
        let json = try VerifyJSON(result)
        let http = json.checks.filter { $0.kind != "certificate" }
        #expect(!http.isEmpty && http.allSatisfy { $0.status == "fail" && $0.httpStatus == 400 })
        #expect(http.allSatisfy { $0.message.contains("original host header") })
    }

    @Test("a name left off the proxy: only that name's checks fail")
    func nameNotPublished() throws {
        let rig = try VerifyRig(omit: ["lyncdiscover.contoso.com"])
        let result = try rig.verify(["--format", "json"])
        #expect(result.status == 1)
        let json = try VerifyJSON(result)
        let failed = json.checks.filter { $0.status == "fail" && $0.kind != "certificate" }
        #expect(failed.map(\.url) == ["https://lyncdiscover.contoso.com/"])
        #expect(failed.first?.httpStatus == 404)
        #expect(failed.first?.message.contains("not published here") == true)
    }

    @Test("a proxy forwarding to the internal web site: lyncdiscover says AccessLocation Internal")
    func internalSite() throws {
        let rig = try VerifyRig(accessLocation: "Internal")
        let result = try rig.verify()
        #expect(result.status == 1)
        #expect(
            result.stdout.contains("✗ https://lyncdiscover.contoso.com/  AccessLocation Internal"), "\(result.stdout)")
        #expect(result.stdout.contains("✓ https://webext.contoso.com/abs"))
    }

    @Test("autodiscover: http is checked on --http-port through a plain-HTTP listener")
    func httpAutodiscover() throws {
        let directory = try TemporaryDirectory(prefix: "lynccert-verify-http")
        let topology = try directory.write(
            "t.yaml", verifyTopology.replacingOccurrences(of: "autodiscover: https", with: "autodiscover: http"))
        let standIn = try LyncWebStandIn(names: verifyNames, externalWebFqdn: "webext.contoso.com")
        let httpPort = freeLoopbackPort()
        let proxy = try NginxReverseProxy(
            httpBlock: """
                server {
                    listen 127.0.0.1:\(httpPort);
                    server_name lyncdiscover.contoso.com;
                    location / { proxy_pass http://127.0.0.1:\(standIn.port); proxy_set_header Host $host; }
                }
                """, ports: [httpPort])
        // Nothing listens for HTTPS: only the HTTP request can pass.
        let closed = freeLoopbackPort()
        let result = try runLynccert(
            ["verify", topology, "--connect", "127.0.0.1:\(closed)", "--http-port", "\(httpPort)", "--format", "json"])
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
    func unreachable() throws {
        let directory = try TemporaryDirectory()
        let topology = try directory.write("t.yaml", verifyTopology)
        let port = freeLoopbackPort()
        let result = try runLynccert(["verify", topology, "--connect", "127.0.0.1:\(port)", "--http-port", "\(port)"])
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
    func badInput(_ arguments: [String], _ named: String) throws {
        let directory = try TemporaryDirectory()
        let topology = try directory.write("t.yaml", verifyTopology)
        let result = try runLynccert(["verify", topology] + arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(named), "\(result.stderr)")
    }

    @Test("--report writes one self-contained page that holds the findings and renders in Chromium")
    func report() throws {
        let rig = try VerifyRig(omit: ["lyncdiscover.contoso.com"])
        let report = rig.directory.file("cutover.html")
        let result = try rig.verify(["--report", report.path])
        #expect(result.status == 1)
        let html = try String(contentsOf: report, encoding: .utf8)
        // Self-contained: nothing to fetch.
        for external in ["<script", "<link", "src=", "http-equiv", "@import", "url("] {
            #expect(!html.contains(external), "\(external)")
        }
        let page = try ReportPage(html)
        #expect(page.verdict.hasPrefix("NO-GO"))
        let failed = page.checks.filter { $0.status == "fail" }
        #expect(failed.map(\.name) == ["lyncdiscover.contoso.com"])
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
    func reportEscaping() throws {
        let rig = try VerifyRig()
        let report = rig.directory.file("r.html")
        _ = try rig.verify(["--report", report.path])
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
    }
    var checks: [Row] = []
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
        checks = delegate.rows
        tables = delegate.tables
        verdict = delegate.verdict.trimmingCharacters(in: .whitespacesAndNewlines)
        text = delegate.text
    }

    final class Collector: NSObject, XMLParserDelegate {
        var rows: [Row] = []
        var tables: Set<String> = []
        var verdict = ""
        var text = ""
        var inVerdict = false

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if element == "tr", let name = attributes["data-name"], let status = attributes["data-status"] {
                rows.append(Row(name: name, status: status))
            }
            if element == "table", let id = attributes["id"] { tables.insert(id) }
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
