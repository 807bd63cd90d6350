import Foundation
import TestSupport
import Testing

/// A whole cut-over rehearsed on loopback with real servers, every artefact made by lynccert:
/// NSD serves the zone from `lynccert export --to bind`; nginx runs the configuration from
/// `lynccert export --to nginx` with the certificate `lynccert csr` asked for, signed by a test CA;
/// the Lync web stand-in plays the pool. `dns check`, `audit --connect` and `verify` all pass;
/// then one thing at a time is broken, and the right command must flag exactly that.
///
/// The topology points every published name at 127.0.0.1, so the planner reports
/// `private-address-external` (an error: external clients could not reach it) and `export`
/// exits 1 while still writing its files; the rehearsal asserts on everything else.
@Suite("Cut-over rehearsal on loopback", .serialized)
final class RehearsalTests {
    let directory: TemporaryDirectory
    let topology: String
    let standIn: LyncWebStandIn
    let ca: RehearsalCA
    let csr: URL
    let key: URL
    let zone: String
    /// nginx's port, set by `startProxy` (the export is written for it).
    private(set) var httpsPort: UInt16 = 0

    init() async throws {
        directory = try TemporaryDirectory(prefix: "lynccert-rehearsal")
        topology = try directory.write("topology.yaml", verifyTopology)

        // DNS: the external zone as exported.
        let zones = directory.file("zones")
        let export = try await runLynccert([
            "export", topology, "--to", "bind", "--view", "external", "--out", zones.path,
        ])
        #expect(export.status == 1 && export.stderr.contains("private-address-external"), "\(export.stderr)")
        zone = try String(contentsOf: zones.appendingPathComponent("external/contoso.com.zone"), encoding: .utf8)

        // The reverse-proxy certificate request.
        let certs = directory.file("certs")
        let request = try await runLynccert(["csr", topology, "--cert", "reverse-proxy", "--out", certs.path])
        #expect(request.status == 0, "\(request.stderr)")
        csr = certs.appendingPathComponent("reverse-proxy.csr")
        key = certs.appendingPathComponent("reverse-proxy.key")
        ca = try RehearsalCA(in: directory)

        // The pool's (and OWAS') certificate from the internal CA: nginx verifies the upstream hop.
        let backend = try ca.issue("pool", dnsNames: ["lsweb.contoso.net", "officewebapps01.contoso.com"])
        standIn = try LyncWebStandIn(
            names: verifyNames, externalWebFqdn: "webext.contoso.com", certificate: backend.certificate,
            key: backend.key)
    }

    /// nginx running `lynccert export --to nginx`, with `certificate`; `edit` changes the config first.
    func startProxy(certificate: URL, edit: (String) -> String = { $0 }) async throws -> NginxReverseProxy {
        let proxy = try await NginxReverseProxy.start { (ports: [UInt16]) async throws -> String in
            let result = try await runLynccert([
                "export", topology, "--to", "nginx", "--listen-address", "127.0.0.1", "--https-port", "\(ports[0])",
                "--resolve", "*=127.0.0.1:\(standIn.port)", "--certificate-file", certificate.path, "--key-file",
                key.path, "--upstream-ca", ca.certificate.path,
            ])
            // The nginx export reads the publishing plan only: the loopback DNS finding does not concern it.
            #expect(result.status == 0 && result.stdout.contains("server {"), "\(result.stderr)")
            return edit(result.stdout)
        }
        httpsPort = proxy.ports[0]
        return proxy
    }

    func dnsCheck(_ nsd: NSDServer) async throws -> (status: Int32, notOK: [String: String]) {
        let result = try await runLynccert([
            "dns", "check", topology, "--view", "external", "--server", nsd.address, "--format", "json",
        ])
        struct Report: Decodable {
            struct Record: Decodable {
                var name: String
                var status: String
            }
            var records: [Record]
        }
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        let notOK = report.records.filter { $0.status != "ok" && $0.status != "warning" }
        return (result.status, Dictionary(notOK.map { ($0.name, $0.status) }, uniquingKeysWith: { a, _ in a }))
    }

    /// `lynccert audit --cert reverse-proxy --connect`: exit status and the names it finds missing.
    func audit() async throws -> (status: Int32, missing: [String]) {
        let result = try await runLynccert([
            "audit", topology, "--cert", "reverse-proxy", "--connect", "127.0.0.1:\(httpsPort)", "--ca-file",
            ca.certificate.path, "--format", "json",
        ])
        struct Report: Decodable {
            struct Certificate: Decodable { var missing: [String] }
            var certificates: [Certificate]
        }
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        return (result.status, report.certificates.flatMap(\.missing))
    }

    func verify(_ nsd: NSDServer? = nil) async throws -> (status: Int32, failed: Set<String>, json: VerifyJSON) {
        var arguments = [
            "verify", topology, "--connect", "127.0.0.1:\(httpsPort)", "--ca-file", ca.certificate.path, "--format",
            "json",
        ]
        if let nsd { arguments += ["--dns-server", nsd.address] }
        let result = try await runLynccert(arguments)
        let json = try VerifyJSON(result)
        return (result.status, Set(json.checks.filter { $0.status == "fail" }.map(\.name)), json)
    }

    @Test("the planned deployment passes dns check and verify, and the report says GO")
    func healthy() async throws {
        let nsd = try NSDServer(zones: ["contoso.com": zone])
        let proxy = try await startProxy(certificate: try ca.sign(csr))
        let dns = try await dnsCheck(nsd)
        #expect(dns.status == 0 && dns.notOK.isEmpty, "\(dns.notOK)")
        let audit = try await audit()
        #expect(audit.status == 0 && audit.missing.isEmpty)
        let report = directory.file("cutover.html")
        let result = try await runLynccert([
            "verify", topology, "--connect", "127.0.0.1:\(httpsPort)", "--ca-file", ca.certificate.path,
            "--dns-server", nsd.address, "--report", report.path,
        ])
        #expect(result.status == 0, "\(result.stdout)\n\(proxy.errorLog)")
        #expect(result.stdout.contains("15 checks: 15 ok"))
        #expect(result.stdout.hasSuffix("\nGO\nreport written to \(report.path)\n"))
        // Five published names, each flagged as a private address in external DNS (a warning: the
        // rehearsal's loopback), and two internal-only names correctly absent.
        #expect(
            result.stdout.contains(
                "DNS (external view, asking \(nsd.address)): 7 records, 2 ok, 0 missing, 0 mismatch, 0 error, 5 warning(s)"
            ),
            "\(result.stdout)")
        let page = try ReportPage(try String(contentsOf: report, encoding: .utf8))
        #expect(page.verdict.hasPrefix("GO"))
        #expect(page.tables.contains("dns-status"))
    }

    @Test("a certificate issued without one name: verify fails exactly that name")
    func droppedSAN() async throws {
        let nsd = try NSDServer(zones: ["contoso.com": zone])
        let names = verifyNames.filter { $0 != "meet.contoso.com" }
        let proxy = try await startProxy(certificate: try ca.sign(csr, dnsNames: names))
        let result = try await verify(nsd)
        #expect(result.status == 1)
        #expect(result.failed == ["meet.contoso.com"], "\(result.json.checks.filter { $0.status == "fail" })")
        let meet = result.json.checks.filter { $0.name == "meet.contoso.com" }
        // The HTTP request (verifying with --ca-file) and the certificate audit both refuse it.
        #expect(meet.first { $0.kind == "page" }?.message.contains("TLS handshake failed") == true)
        #expect(meet.first { $0.kind == "certificate" }?.message.hasPrefix("name-not-covered") == true)
        let audit = try await audit()
        #expect(audit.status == 1 && audit.missing == ["meet.contoso.com"])
        await #expect(try dnsCheck(nsd).status == 0)
        proxy.stop()
    }

    @Test("a deleted DNS record: dns check (and verify --dns-server) flag exactly that record")
    func deletedRecord() async throws {
        let broken = zone.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("dialin ") }.joined(separator: "\n")
        #expect(broken != zone)
        let nsd = try NSDServer(zones: ["contoso.com": broken])
        let proxy = try await startProxy(certificate: try ca.sign(csr))
        let dns = try await dnsCheck(nsd)
        #expect(dns.status == 1)
        #expect(dns.notOK == ["dialin.contoso.com": "missing"])
        let result = try await verify(nsd)
        #expect(result.status == 1)
        // The reverse proxy itself is fine: every HTTP and certificate check passes; only DNS is short.
        #expect(result.failed.isEmpty)
        await #expect(try audit().status == 0)
        proxy.stop()
    }

    @Test("a record pointing at the wrong address: dns check flags exactly that record as a mismatch")
    func wrongAddress() async throws {
        let broken = zone.replacingOccurrences(
            of: "meet            IN A     127.0.0.1", with: "meet            IN A     127.0.0.2")
        #expect(broken != zone)
        let nsd = try NSDServer(zones: ["contoso.com": broken])
        let dns = try await dnsCheck(nsd)
        #expect(dns.status == 1)
        #expect(dns.notOK == ["meet.contoso.com": "mismatch"])
    }

    @Test("a proxy location removed: verify fails exactly the name it served")
    func removedLocation() async throws {
        let nsd = try NSDServer(zones: ["contoso.com": zone])
        let proxy = try await startProxy(certificate: try ca.sign(csr)) { config in
            Self.removingLocation(of: "lyncdiscover.contoso.com", from: config)
        }
        let result = try await verify(nsd)
        #expect(result.status == 1)
        #expect(result.failed == ["lyncdiscover.contoso.com"])
        // lyncdiscover's two requests: the document at / and the autodiscover service path.
        #expect(
            result.json.checks.filter { $0.status == "fail" }.map(\.kind) == ["autodiscover", "autodiscover-root"])
        await #expect(try dnsCheck(nsd).status == 0)
        await #expect(try audit().status == 0)
        proxy.stop()
    }

    @Test("the pool serves a certificate the internal CA did not issue: nginx refuses the upstream hop")
    func untrustedPool() async throws {
        let rogue = try makeSelfSignedCertificate(
            in: directory, name: "rogue", dnsNames: ["lsweb.contoso.net", "officewebapps01.contoso.com"])
        let impostor = try LyncWebStandIn(
            names: verifyNames, externalWebFqdn: "webext.contoso.com", certificate: rogue.certificate, key: rogue.key)
        let proxy = try await startProxy(certificate: try ca.sign(csr)) { config in
            config.replacingOccurrences(of: "127.0.0.1:\(self.standIn.port)", with: "127.0.0.1:\(impostor.port)")
        }
        let result = try await verify()
        #expect(result.status == 1)
        #expect(Set(verifyNames).isSubset(of: result.failed), "\(result.failed)")
        #expect(impostor.requests.isEmpty, "\(impostor.requests)")
        #expect(proxy.errorLog.contains("upstream SSL certificate verify error"), "\(proxy.errorLog)")
        proxy.stop()
        impostor.stop()
    }

    /// Deletes the `location / { … }` block of the server whose `server_name` holds `name`.
    static func removingLocation(of name: String, from config: String) -> String {
        var lines = config.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let server = lines.firstIndex(where: { $0.contains("server_name") && $0.contains(name) }),
            let start = lines[server...].firstIndex(where: { $0.contains("location / {") }),
            let end = lines[start...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "}" })
        else { return config }
        lines.removeSubrange(start...end)
        return lines.joined(separator: "\n")
    }
}

/// A throw-away CA made with the `openssl` command that signs CSRs, copying their names or
/// putting others in their place (TestSupport's `TestCA` issues leaves with keys of its own; the
/// rehearsal needs the key and request `lynccert csr` made). Leaves are valid for a year and carry
/// a CRL distribution point, so a healthy certificate draws no audit warning.
struct RehearsalCA {
    let certificate: URL
    let key: URL
    let directory: TemporaryDirectory

    init(in directory: TemporaryDirectory) throws {
        self.directory = directory
        certificate = directory.file("ca.pem")
        key = directory.file("ca.key")
        let result = try runProcess(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path, "-out", certificate.path,
                "-days", "3650", "-subj", "/CN=Contoso Rehearsal CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        guard result.status == 0 else { throw StandInError(message: "openssl req (CA): \(result.stderr)") }
    }

    /// A new key and a certificate for `dnsNames` (the first is the subject CN).
    func issue(_ name: String, dnsNames: [String]) throws -> (certificate: URL, key: URL) {
        let key = directory.file("\(name).key")
        let csr = directory.file("\(name).csr")
        let result = try runProcess(
            "openssl",
            [
                "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path, "-out", csr.path, "-subj",
                "/CN=\(dnsNames.first ?? name)",
            ])
        guard result.status == 0 else { throw StandInError(message: "openssl req: \(result.stderr)") }
        return (try sign(csr, dnsNames: dnsNames), key)
    }

    /// Signs `csr`: with its own SAN when `dnsNames` is nil, else with exactly `dnsNames`.
    func sign(_ csr: URL, dnsNames: [String]? = nil) throws -> URL {
        let out = directory.file("issued-\(UUID().uuidString).pem")
        let san = dnsNames.map { "subjectAltName = " + $0.map { "DNS:\($0)" }.joined(separator: ", ") + "\n" } ?? ""
        let ext = try directory.write(
            "ext-\(UUID().uuidString).cnf",
            "[v3]\nbasicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\n"
                + "extendedKeyUsage = serverAuth, clientAuth\n"
                + "crlDistributionPoints = URI:http://crl.contoso.test/rehearsal.crl\n" + san)
        var arguments = [
            "x509", "-req", "-in", csr.path, "-CA", certificate.path, "-CAkey", key.path, "-set_serial",
            "\(Int.random(in: 1000...999_999))", "-days", "365", "-sha256", "-out", out.path, "-extfile", ext,
            "-extensions", "v3",
        ]
        if dnsNames == nil { arguments += ["-copy_extensions", "copy"] }
        let result = try runProcess("openssl", arguments)
        guard result.status == 0 else { throw StandInError(message: "openssl x509 -req: \(result.stderr)") }
        return out
    }
}
