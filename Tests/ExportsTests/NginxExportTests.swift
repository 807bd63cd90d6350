import Exports
import Foundation
import PublishingPlanner
import TestSupport
import Testing
import TopologyModel

@Suite("nginx export")
struct NginxExportTests {
    @Test("golden configuration: include file and full nginx.conf")
    func golden() {
        let plan = PublishingPlanning.plan(Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"]))
        assertSnapshot(Exporter.nginxConfig(plan), named: "nginx/contoso.conf")
        let http = PublishingPlanning.plan(Fixtures.contoso(addresses: false, autodiscover: .http))
        assertSnapshot(
            Exporter.nginxConfig(
                http,
                options: Exporter.NginxOptions(
                    listenAddress: "127.0.0.1", httpsPort: 18443, httpPort: 18080, full: true,
                    pins: [Exporter.NginxUpstreamPin(name: "*", address: "127.0.0.1")])),
            named: "nginx/contoso-autodiscover-http-full.conf")
    }

    @Test("server blocks: listeners, names, certificate, upstream, Host and SNI, time-outs, buffering")
    func contents() {
        let plan = PublishingPlanning.plan(Fixtures.contoso())
        let conf = Exporter.nginxConfig(
            plan, options: Exporter.NginxOptions(certificateFile: "/tmp/rp cert.pem", keyFile: "/tmp/rp.key"))
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
            "proxy_ssl_server_name on;", "proxy_ssl_verify on;", "proxy_read_timeout 960s;",
            "proxy_send_timeout 960s;", "proxy_buffering off;", "proxy_request_buffering off;",
            "client_max_body_size 0;",
        ] {
            #expect(conf.contains(line), "\(line)")
        }
        #expect(!conf.contains("listen 80"))
        #expect(!conf.contains("events {"))
    }

    /// TMG's rule "use SSL to connect" checks the pool's certificate against the internal site name
    /// (lync-rules.md §10, "Configuring Web publishing rules for a single internal pool", RP-RULES);
    /// nginx does the same: verify on, the internal root CA, the rule's target as name and SNI.
    @Test("upstream TLS is verified against the internal CA and the internal site name of each rule")
    func upstreamVerification() {
        let plan = PublishingPlanning.plan(Fixtures.contoso())
        let placeholder = Exporter.nginxConfig(plan)
        #expect(placeholder.contains("proxy_ssl_trusted_certificate /etc/nginx/ssl/lync-internal-ca.crt;"))
        #expect(placeholder.contains("# Placeholder: copy the internal root CA (PEM) there"))
        #expect(!placeholder.contains("proxy_ssl_verify off"))
        #expect(!placeholder.contains("ssl_password_file"))
        let conf = Exporter.nginxConfig(
            plan, options: Exporter.NginxOptions(upstreamCAFile: "/etc/pki/contoso root.pem"))
        #expect(!conf.contains("# Placeholder"))
        let servers = conf.components(separatedBy: "\nserver {").dropFirst()
        #expect(servers.count == plan.rules.count)
        for (rule, server) in zip(plan.rules, servers) {
            // Each HTTPS rule verifies against its own target, never the published name.
            #expect(server.contains("proxy_ssl_verify on;"), "\(rule.name)")
            #expect(server.contains("proxy_ssl_trusted_certificate \"/etc/pki/contoso root.pem\";"), "\(rule.name)")
            #expect(server.contains("proxy_ssl_server_name on;"), "\(rule.name)")
            #expect(server.contains("proxy_ssl_name \(rule.target);"), "\(rule.name)")
        }
        #expect(conf.contains("proxy_ssl_name lsweb.contoso.net;"))
        #expect(!conf.contains("proxy_ssl_name $host"))
    }

    @Test("--ssl-password-file writes the path (never a passphrase); --tls-min sets ssl_protocols")
    func passwordFileAndTLSMinimum() {
        let plan = PublishingPlanning.plan(Fixtures.contoso())
        let https = plan.rules.filter { $0.protocol == "https" }.count
        let conf = Exporter.nginxConfig(
            plan,
            options: Exporter.NginxOptions(sslPasswordFile: "/etc/nginx/ssl/rp.pass", tlsMinimum: .v1_3))
        #expect(conf.components(separatedBy: "    ssl_password_file /etc/nginx/ssl/rp.pass;\n").count - 1 == https)
        #expect(conf.components(separatedBy: "    ssl_protocols TLSv1.3;\n").count - 1 == https)
        #expect(!conf.contains("TLSv1.2"))
        let defaults = Exporter.nginxConfig(plan)
        #expect(defaults.components(separatedBy: "    ssl_protocols TLSv1.2 TLSv1.3;\n").count - 1 == https)
        // A newline in a path must not end the comment and inject a directive.
        let hostile = Exporter.nginxConfig(
            plan,
            options: Exporter.NginxOptions(upstreamCAFile: "/tmp/ca\nload_module x.so;", sslPasswordFile: "/p\nx;")
        )
        #expect(hostile.contains("#   /tmp/ca?load_module x.so;\n"))
        #expect(hostile.contains("read from /p?x; (mode 0600"))
        #expect(hostile.contains("proxy_ssl_trusted_certificate \"/tmp/ca\nload_module x.so;\";"))
        #expect(!hostile.contains("\nload_module x.so;\n"))
    }

    @Test("--resolve pins: exact port, name, wildcard; unknown addresses fall back to the target name")
    func pins() {
        let plan = PublishingPlanning.plan(Fixtures.contoso(addresses: false))
        let unpinned = Exporter.nginxConfig(plan)
        #expect(unpinned.contains("server lsweb.contoso.net:4443;"))
        let pinned = Exporter.nginxConfig(
            plan,
            options: Exporter.NginxOptions(pins: [
                Exporter.NginxUpstreamPin.parse("lsweb.contoso.net:4443=127.0.0.2:18443")!,
                Exporter.NginxUpstreamPin.parse("dirpool01.contoso.net=::1")!,
                Exporter.NginxUpstreamPin.parse("*=127.0.0.1")!,
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
        #expect((Exporter.NginxUpstreamPin.parse(text) != nil) == valid)
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
            let plan = PublishingPlanning.plan(topology)
            var options = Exporter.NginxOptions(
                certificateFile: cert, keyFile: key, listenAddress: "127.0.0.1",
                httpsPort: Int(try LoopbackPorts.allocate()),
                httpPort: Int(try LoopbackPorts.allocate()),
                pins: [Exporter.NginxUpstreamPin(name: "*", address: "127.0.0.1")],
                upstreamCAFile: cert)
            try tmp.write("lync.conf", Exporter.nginxConfig(plan, options: options))
            try tmp.write("wrapper.conf", "events {}\nhttp {\n    include \(tmp.file("lync.conf").path);\n}\n")
            options.full = true
            try tmp.write("full.conf", Exporter.nginxConfig(plan, options: options))
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

    /// nginx loads the key at `nginx -t`: an encrypted key passes only with its password file, and
    /// the placeholder CA path fails until the CA is in place (safe by default, not silently open).
    @Test("nginx -t: encrypted key with ssl_password_file, TLS 1.3 only; the CA placeholder is refused")
    func nginxTestEncryptedKey() throws {
        let tmp = try TemporaryDirectory()
        let cert = tmp.file("rp.crt").path
        let key = tmp.file("rp.key").path
        let passwords = try tmp.write("rp.pass", "not-this-one\nrehearsal-passphrase\n")
        let openssl = try runProcess(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-passout", "pass:rehearsal-passphrase", "-keyout", key,
                "-out", cert, "-days", "2", "-subj", "/CN=webext.contoso.com",
            ])
        try #require(openssl.status == 0, "\(openssl.stderr)")
        #expect(try String(contentsOfFile: key, encoding: .utf8).contains("ENCRYPTED PRIVATE KEY"))
        let plan = PublishingPlanning.plan(Fixtures.contoso())
        func nginxTest(_ options: Exporter.NginxOptions) throws -> ProcessResult {
            try tmp.write("full.conf", Exporter.nginxConfig(plan, options: options))
            // setsid: no controlling terminal, so OpenSSL cannot prompt for the passphrase on /dev/tty.
            return try runProcess(
                "setsid",
                [
                    "--wait", "nginx", "-t", "-p", tmp.path + "/", "-c", tmp.file("full.conf").path, "-e",
                    tmp.file("error.log").path,
                    "-g", "pid \(tmp.file("nginx.pid").path);",
                ])
        }
        var options = Exporter.NginxOptions(
            certificateFile: cert, keyFile: key, listenAddress: "127.0.0.1",
            httpsPort: Int(try LoopbackPorts.allocate()),
            full: true, pins: [Exporter.NginxUpstreamPin(name: "*", address: "127.0.0.1")], upstreamCAFile: cert,
            sslPasswordFile: passwords, tlsMinimum: .v1_3)
        let good = try nginxTest(options)
        #expect(good.status == 0 && good.stderr.contains("test is successful"), "\(good.stderr)")
        options.sslPasswordFile = nil
        let noPassword = try nginxTest(options)
        #expect(noPassword.status != 0, "\(noPassword.stderr)")
        #expect(noPassword.stderr.contains("rp.key"), "\(noPassword.stderr)")
        options.sslPasswordFile = passwords
        options.upstreamCAFile = Exporter.NginxOptions.defaultUpstreamCAFile
        let placeholder = try nginxTest(options)
        #expect(placeholder.status != 0)
        #expect(placeholder.stderr.contains("lync-internal-ca.crt"), "\(placeholder.stderr)")
    }
}
