import CertPlanner
import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import LyncCertCLI

/// `lynccert issue` against Pebble (Let's Encrypt's ACME test CA) on loopback. Pebble resolves
/// every name through pebble-challtestsrv to 127.0.0.1 and really fetches the HTTP-01 token from
/// lynccert's responder (or the webroot's web server) on the test's port.
@Suite("lynccert issue: ACME (RFC 8555) against Pebble", .serialized)
struct IssueTests {
    static let planNames: Set<String> = [
        "webext.contoso.com", "webdirext.contoso.com", "dialin.contoso.com", "meet.contoso.com",
        "officewebapps01.contoso.com", "lyncdiscover.contoso.com",
    ]

    /// The contoso example topology (its reverse-proxy certificate holds `planNames`).
    func topology(in dir: TemporaryDirectory) async throws -> String {
        let path = dir.file("topology.yaml").path
        let result = try await runLynccert(["init", path])
        try #require(result.status == 0, "\(result.stderr)")
        return path
    }

    func issueArguments(_ topology: String, pebble: PebbleServer, out: String, extra: [String] = []) -> [String] {
        [
            "issue", topology, "--cert", "reverse-proxy", "--acme-directory", pebble.directoryURL, "--acme-ca-file",
            pebble.tlsTrustAnchor.path, "--agree-tos", "--email", "admin@contoso.com", "--challenge", "http-01",
            "--out", out,
        ] + extra
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    func files(in folder: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
    }

    @Test("HTTP-01 through the built-in responder: the plan's names are issued, written 0600/0644, and audited clean")
    func issuesWithResponder() async throws {
        let dir = try TemporaryDirectory()
        let pebble = try PebbleServer()
        let topo = try await topology(in: dir)
        let out = dir.file("certs").path
        let root = try pebble.rootCertificate()
        let result = try await runLynccert(
            issueArguments(
                topo, pebble: pebble, out: out,
                extra: [
                    "--http-port", "\(pebble.httpPort)", "--listen-address", "127.0.0.1", "--audit-ca-file", root.path,
                ]), timeout: 120)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)\n\(pebble.log)")
        #expect(
            files(in: out)
                == [
                    "acme-account.key", "reverse-proxy.key", "reverse-proxy.crt", "reverse-proxy.chain.pem",
                    "reverse-proxy.fullchain.pem",
                ])
        #expect(try mode("\(out)/reverse-proxy.key") == 0o600)
        #expect(try mode("\(out)/acme-account.key") == 0o600)
        #expect(try mode("\(out)/reverse-proxy.crt") == 0o644)

        // openssl, not lynccert, checks the chain and the names.
        let verify = try runProcess(
            "openssl",
            [
                "verify", "-CAfile", root.path, "-untrusted", "\(out)/reverse-proxy.chain.pem",
                "\(out)/reverse-proxy.crt",
            ])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let text = try runProcess(
            "openssl", ["x509", "-in", "\(out)/reverse-proxy.crt", "-noout", "-ext", "subjectAltName"])
        let sans = Set(
            text.stdout.split(whereSeparator: { $0 == "," || $0 == "\n" }).map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { $0.hasPrefix("DNS:") }.map { String($0.dropFirst(4)) })
        #expect(sans == Self.planNames)
        // The key written is the certificate's key.
        let certKey = try runProcess("openssl", ["x509", "-in", "\(out)/reverse-proxy.crt", "-noout", "-pubkey"])
        let fileKey = try runProcess("openssl", ["pkey", "-in", "\(out)/reverse-proxy.key", "-pubout"])
        #expect(!certKey.stdout.isEmpty && certKey.stdout == fileKey.stdout)
        // Full chain = certificate + chain.
        let full = try String(contentsOfFile: "\(out)/reverse-proxy.fullchain.pem", encoding: .utf8)
        let leaf = try String(contentsOfFile: "\(out)/reverse-proxy.crt", encoding: .utf8)
        let chain = try String(contentsOfFile: "\(out)/reverse-proxy.chain.pem", encoding: .utf8)
        #expect(full == leaf + chain)
        #expect(chain.contains("BEGIN CERTIFICATE"))

        // The audit of `lynccert audit` ran on the result: every planned name covered.
        for name in Self.planNames { #expect(result.stdout.contains("✓ \(name)")) }
        #expect(result.stdout.contains("0 missing names, 0 errors"))
        // Pebble validated every name over HTTP-01 against the responder.
        #expect(result.stderr.components(separatedBy: "validated ").count - 1 == Self.planNames.count)

        // A second run reuses the account key and refuses to replace the certificate without --force.
        let accountBefore = try Data(contentsOf: URL(fileURLWithPath: "\(out)/acme-account.key"))
        let keyBefore = try Data(contentsOf: URL(fileURLWithPath: "\(out)/reverse-proxy.key"))
        let again = try await runLynccert(
            issueArguments(
                topo, pebble: pebble, out: out,
                extra: ["--http-port", "\(pebble.httpPort)", "--listen-address", "127.0.0.1"]))
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists; pass --force"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/reverse-proxy.key")) == keyBefore)

        let forced = try await runLynccert(
            issueArguments(
                topo, pebble: pebble, out: out,
                extra: [
                    "--http-port", "\(pebble.httpPort)", "--listen-address", "127.0.0.1", "--audit-ca-file", root.path,
                    "--force",
                ]))
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/acme-account.key")) == accountBefore)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/reverse-proxy.key")) != keyBefore)
        #expect(!forced.stderr.contains("new ACME account key"))
    }

    @Test("issued, but the audit finds an error (Pebble's root is not trusted): exit 1, the files are still written")
    func auditGapExitsOne() async throws {
        let dir = try TemporaryDirectory()
        let pebble = try PebbleServer()
        let out = dir.file("certs").path
        // No --audit-ca-file: the audit uses the system store, which does not hold Pebble's fresh root.
        let result = try await runLynccert(
            issueArguments(
                try topology(in: dir), pebble: pebble, out: out,
                extra: ["--http-port", "\(pebble.httpPort)", "--listen-address", "127.0.0.1"]))
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("untrusted-chain"))
        #expect(result.stdout.contains("FAILED"))
        #expect(
            files(in: out).isSuperset(of: ["reverse-proxy.key", "reverse-proxy.crt", "reverse-proxy.fullchain.pem"]))
    }

    @Test("dns-01 --manual: the TXT records are printed, the CA checks them only after Enter, and issues")
    func dns01Manual() async throws {
        let dir = try TemporaryDirectory()
        let pebble = try PebbleServer()
        let out = dir.file("certs").path
        let process = Process()
        process.executableURL = TestSupport.lynccertBinary
        process.arguments = [
            "issue", try await topology(in: dir), "--cert", "reverse-proxy", "--acme-directory", pebble.directoryURL,
            "--acme-ca-file", pebble.tlsTrustAnchor.path, "--agree-tos", "--challenge", "dns-01", "--manual",
            "--out", out, "--audit-ca-file", try pebble.rootCertificate().path, "--timeout", "60",
        ]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        var stderrText = Data()
        let start = Date()
        while !String(decoding: stderrText, as: UTF8.self).contains("press Enter")
            && Date().timeIntervalSince(start) < 30
        {
            stderrText.append(errors.fileHandleForReading.availableData)
        }
        try #require(String(decoding: stderrText, as: UTF8.self).contains("press Enter"))
        var stdoutText = ""
        while stdoutText.components(separatedBy: " IN TXT ").count - 1 < Self.planNames.count
            && Date().timeIntervalSince(start) < 30
        {
            stdoutText += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        }
        // One TXT line per name, at _acme-challenge.<name>.
        var records: [String: String] = [:]
        for line in stdoutText.split(separator: "\n") where line.contains(" IN TXT ") {
            let parts = line.split(separator: " ")
            records[String(parts[0])] = parts.last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        #expect(Set(records.keys) == Set(Self.planNames.map { "_acme-challenge.\($0)." }))
        for (host, value) in records {
            #expect(value.count == 43)  // base64url of a SHA-256 digest
            try pebble.setTXT(host: host, value: value)
        }
        input.fileHandleForWriting.write(Data("\n".utf8))
        let done = Date()
        while process.isRunning && Date().timeIntervalSince(done) < 60 { usleep(20_000) }
        let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let restErr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(rest)\n\(restErr)")
        #expect(rest.contains("0 missing names, 0 errors"))
        #expect(files(in: out).contains("reverse-proxy.fullchain.pem"))
    }

    @Test("dns-01 through RFC 2136 + TSIG against BIND: records added, answered, validated by Pebble, removed")
    func dns01DynamicUpdate() async throws {
        let dir = try TemporaryDirectory()
        let named = try BINDServer(zone: "contoso.com")
        let pebble = try PebbleServer(dnsServer: "127.0.0.1:\(named.port)")
        let out = dir.file("certs").path
        let result = try await runLynccert(
            [
                "issue", try topology(in: dir), "--cert", "reverse-proxy", "--acme-directory", pebble.directoryURL,
                "--acme-ca-file", pebble.tlsTrustAnchor.path, "--agree-tos", "--challenge", "dns-01", "--dns-update",
                "127.0.0.1:\(named.port)", "--tsig-key", named.keyFile.path, "--out", out, "--audit-ca-file",
                try pebble.rootCertificate().path, "--timeout", "60",
            ], timeout: 120)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)\n\(pebble.log)")
        #expect(result.stdout.contains("0 missing names, 0 errors"))
        #expect(result.stderr.contains("every server answers the 6 TXT record(s)"))
        // Pebble asked BIND: the records were there during the order and are gone afterwards.
        for name in Self.planNames {
            #expect(result.stderr.contains("removed TXT _acme-challenge.\(name)."))
            #expect(try named.txt("_acme-challenge.\(name)").isEmpty)
        }
        #expect(files(in: out).contains("reverse-proxy.fullchain.pem"))
    }

    @Test("dns-01 with a wrong TSIG key: BIND refuses the update, exit 3 naming the update and the key, nothing issued")
    func dns01WrongKey() async throws {
        let dir = try TemporaryDirectory()
        let named = try BINDServer(zone: "contoso.com")
        let pebble = try PebbleServer(dnsServer: "127.0.0.1:\(named.port)")
        let wrongKey = try dir.write(
            "wrong.key",
            "key \"lynccert-acme\" {\n\talgorithm hmac-sha256;\n\tsecret \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\";\n};\n"
        )
        let out = dir.file("certs").path
        let result = try await runLynccert([
            "issue", try topology(in: dir), "--cert", "reverse-proxy", "--acme-directory", pebble.directoryURL,
            "--acme-ca-file", pebble.tlsTrustAnchor.path, "--agree-tos", "--challenge", "dns-01", "--dns-update",
            "127.0.0.1:\(named.port)", "--tsig-key", wrongKey, "--out", out, "--timeout", "30",
        ])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("the update for _acme-challenge."), "\(result.stderr)")
        #expect(result.stderr.contains("check the TSIG key"))
        #expect(files(in: out) == ["acme-account.key"])
    }

    @Test("a planned wildcard: refused with http-01 (exit 2), issued with dns-01, proved at _acme-challenge.<domain>")
    func wildcard() async throws {
        let dir = try TemporaryDirectory()
        let plain = try await String(contentsOfFile: try topology(in: dir), encoding: .utf8)
        let wildcardTopology = try dir.write(
            "wildcard.yaml", plain.replacingOccurrences(of: "  wildcard: none ", with: "  wildcard: simpleUrls "))
        let named = try BINDServer(zone: "contoso.com")
        let pebble = try PebbleServer(dnsServer: "127.0.0.1:\(named.port)")
        let out = dir.file("certs").path
        let http = try await runLynccert(
            issueArguments(
                wildcardTopology, pebble: pebble, out: out,
                extra: ["--http-port", "\(pebble.httpPort)", "--listen-address", "127.0.0.1"]))
        #expect(http.status == 2)
        #expect(http.stderr.contains("*.contoso.com is a wildcard"), "\(http.stderr)")
        #expect(!files(in: out).contains("acme-account.key"))

        let dns = try await runLynccert([
            "issue", wildcardTopology, "--cert", "reverse-proxy", "--acme-directory", pebble.directoryURL,
            "--acme-ca-file", pebble.tlsTrustAnchor.path, "--agree-tos", "--challenge", "dns-01", "--dns-update",
            "127.0.0.1:\(named.port)", "--tsig-key", named.keyFile.path, "--out", out, "--audit-ca-file",
            try pebble.rootCertificate().path, "--timeout", "60",
        ])
        #expect(dns.status == 0, "\(dns.stdout)\n\(dns.stderr)")
        #expect(dns.stderr.contains("removed TXT _acme-challenge.contoso.com."))
        let text = try runProcess(
            "openssl", ["x509", "-in", "\(out)/reverse-proxy.crt", "-noout", "-ext", "subjectAltName"])
        #expect(text.stdout.contains("DNS:*.contoso.com"))
        #expect(!text.stdout.contains("DNS:meet.contoso.com"))
        // The audit still checks the explicit hosts the wildcard stands for.
        #expect(dns.stdout.contains("meet.contoso.com"))
        #expect(dns.stdout.contains("0 missing names, 0 errors"))
    }

    @Test("a certificate the plan gets from the internal CA: warned about before the order (acme-internal-certificate)")
    func internalCertificateWarning() async throws {
        let dir = try TemporaryDirectory()
        let pebble = try PebbleServer()
        let out = dir.file("certs").path
        let topo = try await topology(in: dir)
        var arguments = issueArguments(
            topo, pebble: pebble, out: out,
            extra: ["--http-port", "\(pebble.httpPort)", "--listen-address", "127.0.0.1"])
        arguments[arguments.firstIndex(of: "reverse-proxy")!] = "edge-internal"
        let result = try await runLynccert(arguments)
        #expect(result.stderr.contains("warning: acme-internal-certificate: edge-internal"), "\(result.stderr)")
        // Pebble validates anything that resolves to loopback: issued, and audited.
        #expect(result.status == 0 || result.status == 1)
        #expect(files(in: out).contains("edge-internal.crt"))

        let publicOne = try await runLynccert(
            issueArguments(
                topo, pebble: pebble, out: dir.file("rp").path,
                extra: ["--http-port", "\(pebble.httpPort)", "--listen-address", "127.0.0.1"]))
        #expect(!publicOne.stderr.contains("acme-internal-certificate"))
    }

    @Test("--webroot writes the tokens for an existing web server and removes them afterwards")
    func issuesWithWebroot() async throws {
        let dir = try TemporaryDirectory()
        let webroot = dir.file("www").path
        try FileManager.default.createDirectory(atPath: webroot, withIntermediateDirectories: true)
        // python3's http.server plays the admin's web server; it binds port 0 and names the port
        // it got once it listens ("Serving HTTP on 127.0.0.1 port N ..."), which Pebble then uses for HTTP-01.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = ["-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", webroot, "0"]
        let serverOutput = Pipe()
        server.standardOutput = serverOutput
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            // SIGKILL: a child of the test runner may start with SIGTERM blocked.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        var banner = ""
        while !banner.contains("\n") {
            let chunk = serverOutput.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        let words = banner.split(separator: " ")
        let httpPort = try #require(
            words.firstIndex(of: "port").flatMap { UInt16(words[words.index(after: $0)]) }, "http.server: \(banner)")
        let pebble = try PebbleServer(httpPort: httpPort)

        let out = dir.file("certs").path
        let result = try await runLynccert(
            issueArguments(
                try topology(in: dir), pebble: pebble, out: out,
                extra: ["--webroot", webroot, "--audit-ca-file", try pebble.rootCertificate().path]))
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(files(in: out).contains("reverse-proxy.fullchain.pem"))
        #expect(files(in: "\(webroot)/.well-known/acme-challenge").isEmpty)
    }

    @Test("badNonce answers are retried with the nonce that came with them (PEBBLE_WFE_NONCEREJECT=30)")
    func retriesBadNonce() async throws {
        let dir = try TemporaryDirectory()
        let pebble = try PebbleServer(nonceRejectPercent: 30)
        let out = dir.file("certs").path
        let result = try await runLynccert(
            issueArguments(
                try topology(in: dir), pebble: pebble, out: out,
                extra: [
                    "--http-port", "\(pebble.httpPort)", "--listen-address", "127.0.0.1", "--audit-ca-file",
                    try pebble.rootCertificate().path,
                ]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(files(in: out).contains("reverse-proxy.crt"))
        // About 20 signed requests at 30 %: no rejection at all has a chance below 0.1 %.
        let line = result.stderr.split(separator: "\n").first { $0.contains("badNonce") }
        #expect(line != nil, "\(result.stderr)")
        // The summary counts the retries actually made: at least one.
        let count = line.flatMap { $0.split(separator: " ").compactMap { Int($0) }.first } ?? 0
        #expect(count >= 1, "\(result.stderr)")
    }

    @Test("a name the CA refuses: its problem document is shown verbatim, exit 3, no key or certificate")
    func caRejectsName() async throws {
        let dir = try TemporaryDirectory()
        let pebble = try PebbleServer(blocklist: ["dialin.contoso.com"])
        let out = dir.file("certs").path
        let result = try await runLynccert(
            issueArguments(
                try topology(in: dir), pebble: pebble, out: out,
                extra: ["--http-port", "\(pebble.httpPort)", "--listen-address", "127.0.0.1"]))
        #expect(result.status == 3)
        #expect(result.stderr.contains("urn:ietf:params:acme:error:rejectedIdentifier"), "\(result.stderr)")
        #expect(result.stderr.contains("dialin.contoso.com"))
        #expect(files(in: out) == ["acme-account.key"])
    }

    @Test("an unreachable CA (a closed loopback port) fails with exit 3 and writes no certificate")
    func caUnreachable() async throws {
        let dir = try TemporaryDirectory()
        let closed = try ClosedLoopbackPort()
        defer { closed.release() }
        let out = dir.file("certs").path
        let result = try await runLynccert(
            [
                "issue", try topology(in: dir), "--cert", "reverse-proxy", "--acme-directory",
                "https://\(closed.address)/dir", "--agree-tos", "--http-port", "\(try LoopbackPorts.allocate())",
                "--listen-address", "127.0.0.1", "--out", out,
            ], timeout: 60)
        #expect(result.status == 3)
        #expect(result.stderr.contains("cannot reach the CA"), "\(result.stderr)")
        #expect(!files(in: out).contains("reverse-proxy.key"))
        #expect(!files(in: out).contains("reverse-proxy.crt"))
    }

    @Test("an order still pending at --timeout fails with exit 3 and says so; nothing is written (hang guard: 60 s)")
    func orderDeadline() async throws {
        let dir = try TemporaryDirectory()
        // Pebble's HTTP-01 connection goes to a listener that never answers: the authorization stays pending.
        let silent = try SilentListener()
        let pebble = try PebbleServer(httpPort: silent.port)
        let webroot = dir.file("www").path
        let out = dir.file("certs").path
        let result = try await runLynccert(
            issueArguments(
                try topology(in: dir), pebble: pebble, out: out, extra: ["--webroot", webroot, "--timeout", "3"]),
            timeout: 60)
        #expect(result.status == 3)
        #expect(result.stderr.contains("deadline"), "\(result.stderr)")
        #expect(files(in: out) == ["acme-account.key"])
        #expect(files(in: "\(webroot)/.well-known/acme-challenge").isEmpty)
    }

    @Test("an interrupted run (SIGINT while the order is pending) leaves no key, certificate or temporary file")
    func interruptedRun() async throws {
        let dir = try TemporaryDirectory()
        let silent = try SilentListener()
        let pebble = try PebbleServer(httpPort: silent.port)
        let out = dir.file("certs").path
        let process = Process()
        process.executableURL = TestSupport.lynccertBinary
        process.arguments = issueArguments(
            try await topology(in: dir), pebble: pebble, out: out,
            extra: [
                "--http-port", "\(try LoopbackPorts.allocate())", "--listen-address", "127.0.0.1", "--timeout", "60",
            ])
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until the order exists (the new key and CSR are made by then), then interrupt.
        var seen = Data()
        let start = Date()
        while !String(decoding: seen, as: UTF8.self).contains("order ") && Date().timeIntervalSince(start) < 30 {
            seen.append(errors.fileHandleForReading.availableData)
        }
        #expect(String(decoding: seen, as: UTF8.self).contains("order "))
        kill(process.processIdentifier, SIGINT)
        let stopAt = Date()
        while process.isRunning && Date().timeIntervalSince(stopAt) < 10 { usleep(20_000) }
        let stoppedBySIGINT = !process.isRunning
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(stoppedBySIGINT)
        #expect(process.terminationReason == .uncaughtSignal || process.terminationStatus != 0)
        #expect(files(in: out) == ["acme-account.key"])
    }

    @Test("a public CA's limits are findings of the catalogue: more than 100 names, a short lifetime")
    func publicCALimits() async throws {
        let tmp = try TemporaryDirectory()
        let topo = try await topology(in: tmp)
        let text = try String(contentsOfFile: topo, encoding: .utf8)
        let loaded = try TopologyLoader.load(text: text, format: .yaml, source: "topology.yaml")
        let planned = try #require(CertificatePlanner.plan(loaded.topology).certificate(id: "reverse-proxy"))
        #expect(IssueCommand.publicCAFindings(planned, names: ["a.contoso.com"]).isEmpty)
        let many = (0..<101).map { "n\($0).contoso.com" }
        let limit = IssueCommand.publicCAFindings(planned, names: many)
        #expect(limit.map(\.code) == ["acme-name-limit"] && limit.first?.severity == .warning)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let short = try #require(
            IssueCommand.validityFinding(planned, notBefore: start, notAfter: start.addingTimeInterval(90 * 86_400)))
        #expect(short.code == "acme-short-validity" && short.severity == .info)
        #expect(short.message.contains("valid for 90 days"))
        #expect(
            IssueCommand.validityFinding(planned, notBefore: start, notAfter: start.addingTimeInterval(397 * 86_400))
                == nil)
    }
}
