import Crypto
import DNSPlanner
import DNSResolver
import Foundation
import HTTPProbe
import LyncSupport
import PublishingPlanner
import TopologyModel

/// `ADDR[:PORT]` as `--connect` and `--dns-server` take it.
package enum VerifyEndpoint {
    /// Parses `203.0.113.10`, `203.0.113.10:8443`, `[2001:db8::1]:443`, `2001:db8::1`,
    /// `rp.contoso.com:443`; `nil` when malformed.
    package static func parse(_ text: String, defaultPort: UInt16) -> HTTPEndpoint? {
        guard let endpoint = try? Endpoint(parsing: text, defaultPort: defaultPort), let port = endpoint.port,
            endpoint.address != nil || Hostname.syntaxProblem(Hostname.normalized(endpoint.host)) == nil
        else { return nil }
        return HTTPEndpoint(address: endpoint.host, port: port)
    }
}

/// Runs the verify checks: the requests through the reverse proxy and the judgements.
package enum VerifyRun {
    package struct Settings: Sendable {
        package var https: HTTPEndpoint
        package var httpPort: UInt16
        /// `--ca-file`: the HTTP requests verify the peer against it (and only when it is given).
        package var caFile: String?
        /// The anchors the served certificates are verified against (`--ca-file`, else the
        /// system's), or why they could not be loaded (every certificate check then fails).
        package var trustStore: Result<TrustStore, WorkflowError>
        package var timeout: TimeInterval
        package var concurrency: Int
        /// The DNS server for the external view's check, when given.
        package var dnsServer: DNSServer? = nil
        /// The time certificates are judged at and days left are counted from (`--at`).
        package var now = Date()

        package init(
            https: HTTPEndpoint, httpPort: UInt16, caFile: String?, trustStore: Result<TrustStore, WorkflowError>,
            timeout: TimeInterval, concurrency: Int, dnsServer: DNSServer? = nil, now: Date = Date()
        ) {
            self.https = https
            self.httpPort = httpPort
            self.caFile = caFile
            self.trustStore = trustStore
            self.timeout = timeout
            self.concurrency = concurrency
            self.dnsServer = dnsServer
            self.now = now
        }

        package var http: HTTPEndpoint { HTTPEndpoint(address: https.address, port: httpPort) }
    }

    package static func run(loaded: LoadedTopology, settings: Settings) async -> VerifyOutcome {
        let plan = FullPlan(loaded: loaded)
        var dns: DNSCheckRun.Outcome? = nil
        if let server = settings.dnsServer {
            dns = await DNSCheckRun.external(plan: plan.dns, server: server, timeout: settings.timeout)
        }
        let probes = VerifyChecks.probes(topology: plan.topology, plan: plan.publishing)
        let requests = probes.map { probe in
            HTTPRequest(
                url: probe.url, headers: probe.headers,
                connectTo: probe.isHTTPS ? settings.https : settings.http, timeout: settings.timeout,
                verifyPeer: settings.caFile != nil, caFile: settings.caFile)
        }
        // The HTTP requests and the certificate handshakes run side by side.
        async let httpAnswers = HTTPClient.perform(requests, concurrency: settings.concurrency)
        async let certificateResults = VerifyCertificates.run(
            planned: plan.certificates.certificates.first { $0.id == "reverse-proxy" },
            names: VerifyChecks.httpsNames(plan: plan.publishing), endpoint: settings.https,
            trustStore: settings.trustStore,
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
            plan: plan, settings: settings, results: results, dns: dns,
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
package struct VerifyOutcome {
    package let plan: FullPlan
    package let settings: VerifyRun.Settings
    package let results: [VerifyCheckResult]
    /// The external DNS check, when `--dns-server` was given.
    package let dns: DNSCheckRun.Outcome?
    /// No request could connect at all.
    package let unreachable: Bool

    package var summary: VerifySummary { VerifySummary(results) }

    /// `VerifyChecks.isGo`: the one verdict the text, the JSON and the HTML report show.
    package var go: Bool {
        VerifyChecks.isGo(summary, dnsProblems: dns?.problems.count ?? 0, unreachable: unreachable)
    }
    package var verdict: String { go ? "GO" : "NO-GO" }

    /// Names in first-appearance order, each with its results.
    package var byName: [(name: String, results: [VerifyCheckResult])] {
        var order: [String] = []
        var groups: [String: [VerifyCheckResult]] = [:]
        for result in results {
            if groups[result.name] == nil { order.append(result.name) }
            groups[result.name, default: []].append(result)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }
}
