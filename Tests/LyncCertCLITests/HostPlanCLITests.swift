import Foundation
import TestSupport
import Testing

/// `lynccert plan --only host` and the host part of the full plan, run through the built binary.
@Suite("lynccert plan: the reverse proxy host part", .timeLimit(.minutes(2)))
struct HostPlanCLITests {
    /// Writes the bundled example `name` into `folder` and returns its path.
    static func example(_ name: String, in folder: TemporaryDirectory) async throws -> String {
        let path = folder.file("\(name).yaml").path
        let result = try await runLynccert(["init", "--example", name, path])
        #expect(result.status == 0, "\(result.stderr)")
        return path
    }

    @Test("--only host: adapters, routes, names, firewall and one check line per published pool")
    func onlyHost() async throws {
        let folder = try TemporaryDirectory()
        let path = try await Self.example("contoso", in: folder)
        let result = try await runLynccert(["plan", path, "--only", "host"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Reverse proxy host setup:\n"))
        #expect(result.stdout.contains("Internal adapter: 172.25.33.40/24, subnet 172.25.33.0/24, no default gateway"))
        #expect(result.stdout.contains("192.168.10.0/24 via 172.25.33.1"))
        #expect(
            result.stdout.contains(
                "check: lynccert audit \(path) --cert pool01.contoso.net/web-external --connect 192.168.10.5:4443 "
                    + "--ca-file internal-root.pem"))
        #expect(result.stdout.contains("--cert dirpool01.contoso.net/web-external --connect 192.168.10.20:4443"))
        #expect(!result.stdout.contains("DNS records:"))
        #expect(!result.stdout.contains("Publishing rules"))
    }

    @Test("the full plan shows the host part after the publishing part")
    func fullPlanOrder() async throws {
        let folder = try TemporaryDirectory()
        let result = try await runLynccert(["plan", try Self.example("contoso", in: folder)])
        #expect(result.status == 0, "\(result.stderr)")
        let publishing = try #require(result.stdout.range(of: "Publishing rules"))
        let host = try #require(result.stdout.range(of: "Reverse proxy host setup:"))
        let findings = try #require(result.stdout.range(of: "Findings:"))
        #expect(publishing.lowerBound < host.lowerBound)
        #expect(host.lowerBound < findings.lowerBound)
    }

    @Test("--only host --format json: the hostPlan key and the host findings only")
    func json() async throws {
        let folder = try TemporaryDirectory()
        let result = try await runLynccert([
            "plan", try Self.example("multi-domain", in: folder), "--only", "host", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        #expect(Set(object.keys) == ["hostPlan", "findings"])
        let host = try #require(object["hostPlan"] as? [String: Any])
        let routes = try #require(host["routes"] as? [[String: Any]])
        #expect(routes.map { $0["subnet"] as? String } == ["192.168.10.0/24", "192.168.20.0/24"])
        #expect(host["defaultGatewayOn"] as? [String] == ["external"])
        let findings = try #require(object["findings"] as? [[String: Any]])
        // multi-domain gives no internal prefix length: the on-link checks are skipped, and said so.
        #expect(findings.map { $0["code"] as? String } == ["internal-prefix-unknown"])
    }

    @Test("a gateway on the internal adapter: exit 1 with --only host, not reported with --only certs")
    func internalGatewayExitCode() async throws {
        let folder = try TemporaryDirectory()
        let path = try await Self.example("contoso", in: folder)
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "  internalPrefixLength: 24\n", with: "  internalPrefixLength: 24\n  internalGateway: 172.25.33.1\n")
        let broken = try folder.write("gateway.yaml", text)
        let host = try await runLynccert(["plan", broken, "--only", "host"])
        #expect(host.status == 1)
        #expect(host.stdout.contains("ERROR gateway-on-internal-adapter (reverseProxy.internalGateway)"))
        let certs = try await runLynccert(["plan", broken, "--only", "certs"])
        #expect(!certs.stdout.contains("gateway-on-internal-adapter"))
    }

    @Test("export --to hosts|routes|firewall: standard output, --out DIR files, --adapter-name")
    func exports() async throws {
        let folder = try TemporaryDirectory()
        let path = try await Self.example("contoso", in: folder)

        let hosts = try await runLynccert(["export", path, "--to", "hosts"])
        #expect(hosts.status == 0, "\(hosts.stderr)")
        #expect(hosts.stdout.contains("192.168.10.5   lsweb.contoso.net"))

        let routes = try await runLynccert(["export", path, "--to", "routes", "--adapter-name", "Ethernet 2"])
        #expect(routes.status == 0, "\(routes.stderr)")
        #expect(routes.stdout.contains("rem ===== routes.cmd ====="))
        #expect(routes.stdout.contains("rem ===== routes-netsh.cmd ====="))
        #expect(routes.stdout.contains("route -p ADD 192.168.10.0 MASK 255.255.255.0 172.25.33.1"))
        #expect(routes.stdout.contains("add route 192.168.10.0/24 \"Ethernet 2\" 172.25.33.1 store=persistent"))

        let out = folder.file("rp").path
        let firewall = try await runLynccert(["export", path, "--to", "firewall", "--out", out])
        #expect(firewall.status == 0, "\(firewall.stderr)")
        let csv = try String(contentsOfFile: out + "/firewall.csv", encoding: .utf8)
        let ps1 = try String(contentsOfFile: out + "/firewall.ps1", encoding: .utf8)
        #expect(csv.hasPrefix("Name,Direction,Adapter,Source,Destination"))
        #expect(ps1.contains("New-NetFirewallRule -DisplayName 'Lync reverse proxy HTTPS 443 in (203.0.113.10)'"))
        // Never over existing files without --force.
        let again = try await runLynccert(["export", path, "--to", "firewall", "--out", out])
        #expect(again.status == 2)
        #expect(try await runLynccert(["export", path, "--to", "firewall", "--out", out, "--force"]).status == 0)
    }

    @Test("--adapter-name is only for --to routes, and refuses double quotes")
    func adapterNameUsage() async throws {
        let folder = try TemporaryDirectory()
        let path = try await Self.example("contoso", in: folder)
        let wrong = try await runLynccert(["export", path, "--to", "hosts", "--adapter-name", "LAN"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("--adapter-name applies only to --to routes"))
        let quoted = try await runLynccert(["export", path, "--to", "routes", "--adapter-name", "A\"B"])
        #expect(quoted.status == 2)
    }

    @Test("export --to routes exits 1 when a target is not routed, and says so on stderr")
    func unroutedExitCode() async throws {
        let folder = try TemporaryDirectory()
        let path = try await Self.example("multi-domain", in: folder)
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "    - {subnet: 192.168.20.0/24, via: 172.25.33.1}\n", with: "")
        let broken = try folder.write("unrouted.yaml", text)
        let result = try await runLynccert(["export", broken, "--to", "routes"])
        #expect(result.stdout.contains("rem MISSING target-route-unknown: pool02.contoso.net"))
        // multi-domain has no internal prefix length: a warning (exit 0), printed on stderr.
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: target-route-unknown"))
    }
}
