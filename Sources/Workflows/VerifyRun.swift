import DNSPlanner
import DNSResolver
import Foundation
import HTTPProbe
import PublishingPlanner
import Topology

/// `ADDR[:PORT]` as `--connect` and `--dns-server` take it.
enum VerifyEndpoint {
    /// Parses `203.0.113.10`, `203.0.113.10:8443`, `[2001:db8::1]:443`, `2001:db8::1`,
    /// `rp.contoso.com:443`; `nil` when malformed.
    static func parse(_ text: String, defaultPort: UInt16) -> HTTPEndpoint? {
        var host = Substring(text)
        var port = defaultPort
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let p = UInt16(rest.dropFirst()), p > 0 else { return nil }
                port = p
            }
            guard host.contains(":"), IPAddressSyntax.isValid(String(host)) else { return nil }
            return HTTPEndpoint(address: String(host), port: port)
        }
        if host.filter({ $0 == ":" }).count > 1 {
            // A bare IPv6 address: no port possible without brackets.
            return IPAddressSyntax.isValid(String(host)) ? HTTPEndpoint(address: String(host), port: port) : nil
        }
        if let colon = host.firstIndex(of: ":") {
            guard let p = UInt16(host[host.index(after: colon)...]), p > 0 else { return nil }
            port = p
            host = host[..<colon]
        }
        let address = String(host)
        guard !address.isEmpty,
            IPAddressSyntax.isValid(address) || Hostname.syntaxProblem(Hostname.normalized(address)) == nil
        else { return nil }
        return HTTPEndpoint(address: address, port: port)
    }
}

/// Runs the verify checks: the requests through the reverse proxy and the judgements.
enum VerifyRun {
    struct Settings {
        var https: HTTPEndpoint
        var httpPort: UInt16
        var caFile: String?
        var timeout: TimeInterval
        var concurrency: Int
        /// The DNS server for the external view's check, when given.
        var dnsServer: DNSServer? = nil
        /// The time certificates are judged at and days left are counted from (`--at`).
        var now = Date()

        var http: HTTPEndpoint { HTTPEndpoint(address: https.address, port: httpPort) }
    }

    static func run(loaded: LoadedTopology, settings: Settings) async -> VerifyOutcome {
        let plan = FullPlan(loaded: loaded)
        var dns: VerifyDNS.Outcome? = nil
        if let server = settings.dnsServer {
            dns = await VerifyDNS.run(plan: plan.dns, server: server, timeout: settings.timeout)
        }
        let probes = VerifyChecks.probes(topology: plan.topology, plan: plan.publishing)
        let requests = probes.map { probe in
            HTTPRequest(
                url: probe.url, headers: probe.headers,
                connectTo: probe.isHTTPS ? settings.https : settings.http, timeout: settings.timeout,
                verifyPeer: settings.caFile != nil, caFile: settings.caFile)
        }
        // The HTTP requests and the certificate handshakes run side by side.
        async let httpAnswers = HTTPProbe.perform(requests, concurrency: settings.concurrency)
        async let certificateResults = VerifyCertificates.run(
            planned: plan.certificates.certificates.first { $0.id == "reverse-proxy" },
            names: VerifyChecks.httpsNames(plan: plan.publishing), endpoint: settings.https, caFile: settings.caFile,
            timeout: settings.timeout, concurrency: settings.concurrency, at: settings.now)
        let answers = await httpAnswers
        let published = Set(plan.publishing.rules.flatMap(\.publicNames))
        var results: [VerifyCheckResult] = []
        var unreachableCount = 0
        for (probe, answer) in zip(probes, answers) {
            switch answer {
            case .success(let response):
                let observation = VerifyObservation(
                    httpStatus: response.status, headers: response.headers.map { ($0.name, $0.value) },
                    body: response.body, redirects: response.redirects,
                    unfollowedRedirect: response.unfollowedRedirect,
                    redirectLimitReached: response.redirectLimitReached)
                results.append(VerifyChecks.judge(probe, observation: observation, publishedNames: published))
            case .failure(let error):
                let endpoint = probe.isHTTPS ? settings.https : settings.http
                let failure: VerifyTransportFailure
                switch error.code {
                case .couldNotConnect:
                    unreachableCount += 1
                    failure = .unreachable("\(endpoint): \(error.reason)")
                case .tls: failure = .tls(error.reason)
                case .timedOut: failure = .timedOut(error.reason)
                default: failure = .other(error.reason)
                }
                results.append(VerifyChecks.judge(probe, failure: failure))
            }
        }
        // The certificate served for each HTTPS name, audited for that name.
        results = merge(results, await certificateResults)
        return VerifyOutcome(
            plan: plan, settings: settings, probes: probes, results: results, dns: dns,
            unreachable: !probes.isEmpty && unreachableCount == probes.count)
    }
}

/// The HTTP results with each name's certificate result placed after that name's last HTTP check.
private func merge(_ http: [VerifyCheckResult], _ certificates: [VerifyCheckResult]) -> [VerifyCheckResult] {
    var out: [VerifyCheckResult] = []
    var pending = certificates
    for (index, result) in http.enumerated() {
        out.append(result)
        let last = !http[(index + 1)...].contains { $0.name == result.name }
        if last, let at = pending.firstIndex(where: { $0.name == result.name }) { out.append(pending.remove(at: at)) }
    }
    return out + pending
}

/// Everything `lynccert verify` found, ready to print, encode or put in the report.
struct VerifyOutcome {
    let plan: FullPlan
    let settings: VerifyRun.Settings
    let probes: [VerifyProbe]
    let results: [VerifyCheckResult]
    /// The external DNS check, when `--dns-server` was given.
    let dns: VerifyDNS.Outcome?
    /// No request could connect at all.
    let unreachable: Bool

    var summary: VerifySummary { VerifySummary(results) }

    /// GO when no check failed, no DNS record is missing, mismatched or in error, and the proxy
    /// answered at all; warnings do not stop a cut-over.
    var go: Bool { summary.fail == 0 && dns?.problems.isEmpty != false && !unreachable }
    var verdict: String { go ? "GO" : "NO-GO" }

    /// Names in first-appearance order, each with its results.
    var byName: [(name: String, results: [VerifyCheckResult])] {
        var order: [String] = []
        var groups: [String: [VerifyCheckResult]] = [:]
        for result in results {
            if groups[result.name] == nil { order.append(result.name) }
            groups[result.name, default: []].append(result)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    /// `45 days left`, `expired`.
    static func daysText(_ days: Int) -> String {
        days >= 0 ? "\(days) day\(days == 1 ? "" : "s") left" : "expired"
    }

    static func mark(_ status: VerifyStatus) -> String {
        switch status {
        case .ok: "✓"
        case .warning: "!"
        case .fail: "✗"
        }
    }

    func text() -> String {
        var lines = ["Verifying through \(settings.https) (HTTPS) and \(settings.http) (HTTP)", ""]
        if results.isEmpty {
            lines.append("The publishing plan publishes nothing to check.")
        }
        for group in byName {
            lines.append(group.name)
            for r in group.results {
                let what = r.kind == .certificate ? "certificate" : r.url
                // Messages quote headers, autodiscover values and certificate names: escaped.
                lines.append(UntrustedText.terminalEscaped("  \(Self.mark(r.status)) \(what)  \(r.message)"))
                if let thumbprint = r.thumbprint, let notAfter = r.notAfter, let days = r.daysUntilExpiry {
                    lines.append("      thumbprint \(thumbprint), notAfter \(notAfter) (\(Self.daysText(days)))")
                }
            }
        }
        let s = summary
        lines.append("")
        lines.append("\(s.total) checks: \(s.ok) ok, \(s.warning) warning(s), \(s.fail) failed")
        if let dns {
            let report = dns.report
            lines.append(
                "DNS (external view, asking \(dns.server)): \(report.results.count) records, "
                    + "\(report.count(.ok)) ok, \(report.count(.missing)) missing, \(report.count(.mismatch)) mismatch, "
                    + "\(report.count(.error)) error, \(report.count(.warning)) warning(s)")
            for r in dns.problems {
                lines.append(
                    UntrustedText.terminalEscaped(
                        "  ✗ \(r.type.rawValue) \(r.name)  \(r.status.rawValue): \(r.message)"))
            }
        }
        lines.append(verdict)
        return lines.joined(separator: "\n")
    }

    func json() throws -> String {
        struct Connect: Encodable {
            let https: String
            let http: String
        }
        struct DNSRecordStatus: Encodable {
            let view: String
            let type: String
            let name: String
            let expected: String
            let observed: [String]
            let status: String
            let message: String
        }
        struct DNSStatus: Encodable {
            let server: String
            let records: [DNSRecordStatus]
            let summary: [String: Int]
        }
        var object: [String: any Encodable] = [
            "connect": Connect(https: settings.https.description, http: settings.http.description),
            "checks": results,
            "summary": summary,
            "verdict": verdict,
        ]
        if let dns {
            object["dns"] = DNSStatus(
                server: dns.server,
                records: dns.report.results.map {
                    DNSRecordStatus(
                        view: $0.view.rawValue, type: $0.type.rawValue, name: $0.name, expected: $0.expected,
                        observed: $0.observed, status: $0.status.rawValue, message: $0.message)
                },
                summary: Dictionary(
                    uniqueKeysWithValues: DNSCheckStatus.allCases.map { ($0.rawValue, dns.report.count($0)) }))
        }
        return try JSONOutput.encode(object)
    }
}
