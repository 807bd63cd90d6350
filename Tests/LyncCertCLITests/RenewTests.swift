import Foundation
import TestSupport
import Testing

/// `lynccert csr --renew FILE | --from-endpoint HOST[:PORT]` and the audit's expiry summary, with
/// certificates issued by the test CA and served by nginx on 127.0.0.1.
@Suite("lynccert csr --renew / --from-endpoint; audit expiry summary", .serialized)
final class RenewTests {
    let directory: TemporaryDirectory
    let topology: String
    let ca: TestCA
    /// The reverse-proxy certificate in service: without meet.contoso.com (which the plan now
    /// needs), with legacy.contoso.com (which it no longer does), serverAuth only.
    let inService: TestCA.Issued

    /// The contoso example's reverse-proxy SAN list.
    static let planned = [
        "webext.contoso.com", "webdirext.contoso.com", "dialin.contoso.com", "meet.contoso.com",
        "officewebapps01.contoso.com", "lyncdiscover.contoso.com",
    ]

    init() async throws {
        directory = try TemporaryDirectory(prefix: "lynccert-renew")
        topology = directory.file("contoso.yaml").path
        let initResult = try await runLynccert(["init", "--example", "contoso", topology])
        try #require(initResult.status == 0, "\(initResult.stderr)")
        ca = try TestCA()
        let names = Self.planned.filter { $0 != "meet.contoso.com" } + ["legacy.contoso.com"]
        inService = try ca.issue(
            "in-service",
            .init(
                commonName: "webext.contoso.com", dnsNames: names, extendedKeyUsage: "serverAuth, clientAuth",
                notAfter: TestCA.timestamp(Date().addingTimeInterval(10 * 86_400 + 3_600))))
    }

    /// The SAN dNSNames of a CSR, checked by `openssl req -verify` (exits non-zero on a bad signature).
    func requestNames(_ csr: URL) throws -> Set<String> {
        let result = try runProcess("openssl", ["req", "-in", csr.path, "-noout", "-verify", "-text"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect((result.stdout + result.stderr).contains("verify OK"))
        #expect(result.stdout.contains("CN = webext.contoso.com\n"), "\(result.stdout)")
        return Set(opensslSANs(result.stdout).map { $0.replacingOccurrences(of: "DNS:", with: "") })
    }

    func expectComparison(_ stdout: String, source: String) {
        #expect(stdout.contains("Renewing \(source) (webext.contoso.com, expires "), "\(stdout)")
        #expect(stdout.contains("as reverse-proxy\n"), "\(stdout)")
        #expect(stdout.contains("  names:    5 kept, 1 added, 1 dropped\n"), "\(stdout)")
        #expect(stdout.contains("    + meet.contoso.com  (the plan needs it"), "\(stdout)")
        #expect(stdout.contains("    - legacy.contoso.com  (in service, no longer planned)"), "\(stdout)")
        #expect(!stdout.contains("+ webext.contoso.com") && !stdout.contains("- webext.contoso.com"))
        // The plan asks for serverAuth only (public CAs no longer issue clientAuth in server certificates).
        #expect(stdout.contains("  EKU:      -clientAuth\n"), "\(stdout)")
    }

    @Test(
        "--renew PEM, DER and PFX: matched to reverse-proxy by its names; adds and drops listed; CSR has the plan's names"
    )
    func renewFile() async throws {
        let pfx = try ca.export(inService, as: .pfx)
        for (form, extra) in [
            (try ca.export(inService, as: .pemBundle), [String]()), (try ca.export(inService, as: .der), []),
            (pfx, ["--renew-passphrase-file", try ca.passphraseFile().path]),
        ] {
            let out = directory.file("out-\(form.lastPathComponent)")
            let result = try await runLynccert(
                ["csr", topology, "--renew", form.path, "--out", out.path, "--key-size", "3072"] + extra)
            #expect(result.status == 0, "\(form.lastPathComponent): \(result.stderr)")
            expectComparison(result.stdout, source: form.path)
            #expect(result.stdout.contains("  key:      RSA 2048 -> RSA 3072\n"), "\(result.stdout)")
            #expect(try requestNames(out.appendingPathComponent("reverse-proxy.csr")) == Set(Self.planned))
        }
        // A PFX without its passphrase: a clear error naming the option.
        let locked = try await runLynccert([
            "csr", topology, "--renew", pfx.path, "--out", directory.file("locked").path,
        ])
        #expect(locked.status == 2)
        #expect(locked.stderr.contains("--renew-passphrase-file"), "\(locked.stderr)")
    }

    @Test("--from-endpoint: the leaf nginx serves on 127.0.0.1 is renewed like the file")
    func renewFromEndpoint() async throws {
        let server = try TLSServer(
            defaultHost: .init(
                names: [], certificateChain: try ca.export(inService, as: .pemBundle), key: inService.key),
            hosts: [])
        defer { server.stop() }
        let out = directory.file("from-endpoint")
        let result = try await runLynccert(["csr", topology, "--from-endpoint", server.address, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        expectComparison(result.stdout, source: server.address)
        #expect(result.stdout.contains("  key:      RSA 2048 (unchanged)\n"), "\(result.stdout)")
        #expect(try requestNames(out.appendingPathComponent("reverse-proxy.csr")) == Set(Self.planned))
        // Nothing listens on a port held closed: exit 3, naming the endpoint.
        let closedPort = try ClosedLoopbackPort()
        defer { closedPort.release() }
        let closed = closedPort.address
        let refused = try await runLynccert(["csr", topology, "--from-endpoint", closed, "--out", out.path, "--force"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains(closed), "\(refused.stderr)")
    }

    @Test("no unique match: --cert ID is required and named; --cert picks the planned certificate")
    func matching() async throws {
        // The pool's FQDN alone is on its Default, WebServicesInternal and WebServicesExternal certificates.
        let pool = try ca.issue("pool", .init(commonName: "pool01.contoso.net", dnsNames: ["pool01.contoso.net"]))
        let out = directory.file("pool")
        let ambiguous = try await runLynccert(["csr", topology, "--renew", pool.certificate.path, "--out", out.path])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("pool01.contoso.net/default"), "\(ambiguous.stderr)")
        #expect(ambiguous.stderr.contains("pool01.contoso.net/web-external"), "\(ambiguous.stderr)")
        #expect(ambiguous.stderr.contains("give --cert ID"), "\(ambiguous.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path + "/pool01.contoso.net_default.key"))

        let chosen = try await runLynccert([
            "csr", topology, "--renew", pool.certificate.path, "--cert", "pool01.contoso.net/default", "--out",
            out.path,
        ])
        #expect(chosen.status == 0, "\(chosen.stderr)")
        #expect(chosen.stdout.contains("as pool01.contoso.net/default\n"))
        #expect(chosen.stdout.contains("    + fe01.contoso.net"), "\(chosen.stdout)")

        let stranger = try ca.issue("stranger", .init(commonName: "www.example.org", dnsNames: ["www.example.org"]))
        let none = try await runLynccert(["csr", topology, "--renew", stranger.certificate.path, "--out", out.path])
        #expect(none.status == 2)
        #expect(none.stderr.contains("shares no name with any planned certificate"), "\(none.stderr)")

        for (arguments, mentions) in [
            (["--renew", pool.certificate.path, "--all"], "--all"),
            (["--renew", pool.certificate.path, "--from-endpoint", "127.0.0.1:1"], "not both"),
            (["--from-endpoint", "127.0.0.1:notaport"], "--from-endpoint"),
            (["--cert", "reverse-proxy", "--renew-passphrase-file", "/nonexistent"], "--renew"),
        ] {
            let result = try await runLynccert(["csr", topology, "--out", out.path] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(mentions), "\(arguments): \(result.stderr)")
        }
    }

    @Test("audit: an expiry summary of every certificate read, soonest first, in text and JSON")
    func expirySummary() async throws {
        let later = try ca.issue(
            "later",
            .init(
                commonName: "webext.contoso.com", dnsNames: Self.planned,
                notAfter: TestCA.timestamp(Date().addingTimeInterval(200 * 86_400 + 3_600))))
        let files = [try ca.export(later, as: .pemBundle).path, try ca.export(inService, as: .pem).path]
        let text = try await runLynccert(
            ["audit", topology, "--cert", "reverse-proxy", "--ca-file", ca.rootCertificate.path] + files)
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "expiry (soonest first):"), "\(text.stdout)")
        let rows = Array(lines[(start + 1)...].prefix { !$0.isEmpty }).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(rows.count == 3, "\(rows)")  // two leaves and the intermediate they share
        #expect(rows.first?.hasPrefix("10 days  ") == true, "\(rows)")
        #expect(rows.first?.hasSuffix("webext.contoso.com  [\(files[1])]") == true, "\(rows)")
        #expect(rows.dropFirst().first?.hasPrefix("200 days  ") == true, "\(rows)")
        #expect(rows.last?.contains("(chain)  [chain of \(files[0])]") == true, "\(rows)")

        let json = try await runLynccert(
            ["audit", topology, "--cert", "reverse-proxy", "--ca-file", ca.rootCertificate.path, "--format", "json"]
                + files)
        struct Report: Decodable {
            struct Certificate: Decodable { var source: String }
            struct Expiry: Decodable {
                var name: String
                var source: String
                var chain: Bool
                var daysLeft: Int
                var notAfter: String
            }
            var certificates: [Certificate]
            var expiry: [Expiry]
        }
        let report = try JSONDecoder().decode(Report.self, from: json.stdoutData)
        #expect(report.certificates.count == 2)
        #expect(report.expiry.map(\.daysLeft) == report.expiry.map(\.daysLeft).sorted())
        #expect(report.expiry.map(\.daysLeft).prefix(2) == [10, 200])
        #expect(report.expiry.map(\.chain) == [false, false, true])
        #expect(report.expiry.first?.source == files[1])
    }
}
