import Exports
import Foundation
import PublishingPlanner
import TestSupport
import Testing
import Topology

@Suite("nginx export")
struct NginxExportTests {
    @Test("golden configuration: include file and full nginx.conf")
    func golden() {
        let plan = PublishingPlanner.plan(Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]))
        assertSnapshot(Exports.nginxConfig(plan), named: "nginx/contoso.conf")
        let http = PublishingPlanner.plan(Fixtures.contoso(addresses: false, autodiscover: .http))
        assertSnapshot(
            Exports.nginxConfig(
                http,
                options: Exports.NginxOptions(
                    listenAddress: "127.0.0.1", httpsPort: 18443, httpPort: 18080, full: true,
                    pins: [Exports.NginxUpstreamPin(name: "*", address: "127.0.0.1")])),
            named: "nginx/contoso-autodiscover-http-full.conf")
    }

    @Test("server blocks: listeners, names, certificate, upstream, Host and SNI, time-outs, buffering")
    func contents() {
        let plan = PublishingPlanner.plan(Fixtures.contoso())
        let conf = Exports.nginxConfig(
            plan, options: Exports.NginxOptions(certificateFile: "/tmp/rp cert.pem", keyFile: "/tmp/rp.key"))
        #expect(conf.components(separatedBy: "server {").count - 1 == plan.rules.count)
        #expect(conf.contains("    listen 443 ssl;\n    server_name meet.contoso.com dialin.contoso.com;"))
        #expect(conf.contains("ssl_certificate \"/tmp/rp cert.pem\";"))
        #expect(conf.contains("ssl_certificate_key /tmp/rp.key;"))
        #expect(
            conf.contains(
                "upstream lync_lsweb_contoso_net_4443 {\n    # lsweb.contoso.net HTTPS 4443 (address from the topology)\n    server 192.168.10.5:4443;"
            ))
        #expect(conf.contains("server 192.168.10.30:443;"))
        for line in [
            "proxy_pass https://lync_dirpool01_contoso_net_4443;", "proxy_set_header Host $host;",
            "proxy_ssl_server_name on;", "proxy_ssl_name $host;", "proxy_read_timeout 960s;",
            "proxy_send_timeout 960s;", "proxy_buffering off;", "proxy_request_buffering off;",
            "client_max_body_size 0;",
        ] {
            #expect(conf.contains(line), "\(line)")
        }
        #expect(!conf.contains("listen 80"))
        #expect(!conf.contains("events {"))
    }

    @Test("--resolve pins: exact port, name, wildcard; unknown addresses fall back to the target name")
    func pins() {
        let plan = PublishingPlanner.plan(Fixtures.contoso(addresses: false))
        let unpinned = Exports.nginxConfig(plan)
        #expect(unpinned.contains("server lsweb.contoso.net:4443;"))
        let pinned = Exports.nginxConfig(
            plan,
            options: Exports.NginxOptions(pins: [
                Exports.NginxUpstreamPin.parse("lsweb.contoso.net:4443=127.0.0.2:18443")!,
                Exports.NginxUpstreamPin.parse("dirpool01.contoso.net=::1")!,
                Exports.NginxUpstreamPin.parse("*=127.0.0.1")!,
            ]))
        #expect(pinned.contains("server 127.0.0.2:18443;"))
        #expect(pinned.contains("server [::1]:4443;"))
        #expect(pinned.contains("server 127.0.0.1:443;"))  // Office Web Apps, by the wildcard
    }

    @Test(
        "pin syntax",
        arguments: [
            ("a.contoso.net=127.0.0.1", true), ("a.contoso.net:4443=127.0.0.1:18443", true), ("*=::1", true),
            ("*=[::1]:18443", true), ("a.contoso.net=host.example", false), ("=127.0.0.1", false),
            ("a.contoso.net", false), ("a.contoso.net=127.0.0.1:0", false), ("a_b.contoso.net=127.0.0.1", false),
            ("a.contoso.net:x=127.0.0.1", false),
        ])
    func pinSyntax(text: String, valid: Bool) {
        #expect((Exports.NginxUpstreamPin.parse(text) != nil) == valid)
    }

    /// `nginx -t` on the export, both as an include and as a full configuration, with a real
    /// self-signed certificate. All upstreams are pinned to 127.0.0.1, so nginx resolves nothing.
    @Test("nginx -t accepts the include file and the full configuration")
    func nginxTest() throws {
        let tmp = try TemporaryDirectory()
        let cert = tmp.file("rp.crt").path
        let key = tmp.file("rp.key").path
        let openssl = try runProcess(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                "-subj", "/CN=webext.contoso.com", "-addext", "subjectAltName=DNS:webext.contoso.com",
            ])
        try #require(openssl.status == 0, "\(openssl.stderr)")
        for topology in [Fixtures.contoso(), Fixtures.contoso(addresses: false, autodiscover: .http)] {
            let plan = PublishingPlanner.plan(topology)
            var options = Exports.NginxOptions(
                certificateFile: cert, keyFile: key, listenAddress: "127.0.0.1", httpsPort: Int(freeLoopbackPort()),
                httpPort: Int(freeLoopbackPort()), pins: [Exports.NginxUpstreamPin(name: "*", address: "127.0.0.1")])
            try tmp.write("lync.conf", Exports.nginxConfig(plan, options: options))
            try tmp.write("wrapper.conf", "events {}\nhttp {\n    include \(tmp.file("lync.conf").path);\n}\n")
            options.full = true
            try tmp.write("full.conf", Exports.nginxConfig(plan, options: options))
            for conf in ["wrapper.conf", "full.conf"] {
                let result = try runProcess(
                    "nginx",
                    [
                        "-t", "-p", tmp.path + "/", "-c", tmp.file(conf).path, "-e", tmp.file("error.log").path, "-g",
                        "pid \(tmp.file("nginx.pid").path);",
                    ])
                #expect(result.status == 0, "\(conf): \(result.stderr)")
                #expect(result.stderr.contains("test is successful"), "\(conf): \(result.stderr)")
            }
        }
    }
}
