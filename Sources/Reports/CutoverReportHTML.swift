import CertPlanner
import DNSPlanner
import Foundation
import PublishingPlanner
import TopologyModel
import Workflows

/// The cut-over report of `lynccert verify --report FILE.html`: one self-contained page for a
/// change board.
///
/// The page has no external resources (inline CSS, no scripts, no images, no fonts to fetch), so
/// it can be mailed or attached to a change record and still render the same. Every piece of
/// text from the topology or from a server is HTML-escaped. The markup is well-formed XHTML
/// (every element closed, attributes quoted), so it can be read back with an XML parser.
///
/// Sections, failures first: the verdict (with the plan's warnings and errors counted); what
/// failed (every failed check and DNS record, so a change board sees the blockers without
/// scrolling); the plan (certificates and their names, external DNS records, publishing rules,
/// plan findings); the DNS status when a DNS server was checked; the certificate served per
/// published name (thumbprint as Windows shows it, notAfter, days left); the HTTP checks.
package struct CutoverReport {
    let outcome: VerifyOutcome
    let generated: Date
    /// What made the page (`lynccert 0.1.0`), for its header.
    let generator: String

    package init(outcome: VerifyOutcome, generated: Date, generator: String) {
        self.outcome = outcome
        self.generated = generated
        self.generator = generator
    }

    package func html() -> String {
        var page = HTMLWriter()
        let summary = outcome.summary
        let httpResults = outcome.results.filter { $0.kind != .certificate }
        let certificateResults = outcome.results.filter { $0.kind == .certificate }
        // The DNS section is left out when no DNS server was given.
        let dns = outcome.dns
        let dnsFailures = dns?.problems ?? []
        let dnsProblems = dnsFailures.count
        // The same verdict as the text and JSON.
        let go = outcome.go
        let planFindings = outcome.plan.findings
        let planWarnings = planFindings.filter { $0.severity == .warning }.count
        let planErrors = planFindings.filter { $0.severity == .error }.count

        page.raw("<!DOCTYPE html>\n")
        page.open("html", ["xmlns": "http://www.w3.org/1999/xhtml", "lang": "en"])
        page.open("head")
        page.void("meta", ["charset": "utf-8"])
        page.element("title", "Cut-over report: \(outcome.plan.topology.defaultSipDomain ?? "Lync")")
        page.open("style")
        page.raw(Self.css)
        page.close("style")
        page.close("head")
        page.open("body")

        page.element("h1", "Lync reverse-proxy cut-over report")
        page.open("p", ["class": "meta"])
        page.text(
            "SIP domains \(outcome.plan.topology.sipDomains.joined(separator: ", ")) · reverse proxy tested at "
                + "\(outcome.settings.https) (HTTPS) and \(outcome.settings.http) (HTTP) · generated "
                + ISO8601DateFormatter().string(from: generated) + " by \(generator)")
        page.close("p")

        page.open("div", ["class": go ? "verdict go" : "verdict nogo", "id": "verdict"])
        page.element("strong", go ? "GO" : "NO-GO")
        page.text(
            " — \(summary.total) checks: \(summary.ok) ok, \(summary.warning) warning(s), \(summary.fail) failed"
                + (dns.map {
                    " · DNS: \($0.report.results.count) records checked, \(dnsProblems) missing, mismatched or in error"
                }
                    ?? "")
                + (outcome.unreachable ? " · the reverse proxy could not be reached at all" : "")
                + " · plan: \(AuditReport.plural(planWarnings, "warning")), \(AuditReport.plural(planErrors, "error"))")
        page.close("div")

        failedSection(&page, outcome.results.filter { $0.status == .fail }, dnsFailures)
        planSection(&page)
        if let dns { dnsSection(&page, server: dns.serverList, rows: dns.report.results) }
        certificateSection(&page, certificateResults)
        checksSection(&page, httpResults)

        page.close("body")
        page.close("html")
        return page.output + "\n"
    }

    /// Everything that stops the cut-over, before any detail.
    private func failedSection(_ page: inout HTMLWriter, _ failed: [VerifyCheckResult], _ dns: [DNSCheckResult]) {
        let nothing = outcome.unreachable ? "Nothing answered." : "Nothing failed."
        Self.section(
            &page, id: "failed", heading: "What failed", emptyNote: failed.isEmpty && dns.isEmpty ? nothing : nil
        ) {
            if !failed.isEmpty { checkTable(&$0, failed, id: "failed-checks") }
            if !dns.isEmpty { Self.dnsTable(&$0, dns, id: "failed-dns") }
        }
    }

    /// A section under an `h2`: `emptyNote` as its only paragraph when given, else what `body` writes.
    private static func section(
        _ page: inout HTMLWriter, id: String, heading: String, emptyNote: String? = nil,
        body: (inout HTMLWriter) -> Void
    ) {
        page.open("section", ["id": id])
        page.element("h2", heading)
        if let emptyNote { page.element("p", emptyNote) } else { body(&page) }
        page.close("section")
    }

    /// DNS check rows: status mark, record, what was expected and what answered.
    private static func dnsTable(_ page: inout HTMLWriter, _ rows: [DNSCheckResult], id: String) {
        page.table(
            ["", "Type", "Name", "Expected", "Observed", "Note"],
            rows: rows.map { r in
                [
                    mark(r.status.rawValue), r.type.rawValue, r.name, r.expected, r.observed.joined(separator: "\n"),
                    r.message,
                ]
            }, rowClasses: rows.map { rowClass($0.status.rawValue) }, attributes: ["id": id])
    }

    private func planSection(_ page: inout HTMLWriter) {
        let plan = outcome.plan
        page.open("section", ["id": "plan"])
        page.element("h2", "Plan")

        page.element("h3", "Certificates")
        page.table(
            ["Certificate", "Subject", "Names (SAN)", "Key", "Issuer"],
            rows: plan.certificates.certificates.map { c in
                [
                    c.id, c.subject, c.sanNames.joined(separator: "\n"), "\(c.keyAlgorithm) \(c.keySize)",
                    c.issuer.rawValue,
                ]
            }, attributes: ["id": "certificates"])

        page.element("h3", "External DNS records")
        let external = plan.dns.records.filter { $0.view == .external }
        page.table(
            ["Type", "Name", "Value", "Purpose"],
            rows: external.map { r in
                let value =
                    r.type == .SRV
                    ? "\(r.priority ?? 0) \(r.weight ?? 0) \(r.port ?? 0) \(r.value ?? "(address needed)")"
                    : (r.value ?? "(address needed)")
                return [r.type.rawValue, r.name, value, r.purpose]
            }, attributes: ["id": "dns-records"])

        page.element("h3", "Publishing rules")
        page.table(
            ["Rule", "Public names", "Forwards to", "Listener", "Path"],
            rows: plan.publishing.rules.map { r in
                [
                    r.name, r.publicNames.joined(separator: "\n"),
                    r.target + (r.targetAddress.map { " (\($0))" } ?? ""),
                    "\(r.protocol.uppercased()) \(r.listenPort) → \(r.forwardPort)", r.paths.joined(separator: ", "),
                ]
            }, attributes: ["id": "publishing-rules"])

        let findings = plan.findings.filter { $0.severity != .info }
        if !findings.isEmpty {
            page.element("h3", "Plan findings")
            page.table(
                ["Severity", "Code", "Finding"],
                rows: findings.map { [$0.severity.rawValue, $0.code, $0.message] },
                rowClasses: findings.map { $0.severity == .error ? "fail" : "warning" }, attributes: ["id": "findings"])
        }
        page.close("section")
    }

    private func dnsSection(_ page: inout HTMLWriter, server: String, rows: [DNSCheckResult]) {
        Self.section(&page, id: "dns", heading: "DNS status (asked \(server))") {
            Self.dnsTable(&$0, rows, id: "dns-status")
        }
    }

    private func certificateSection(_ page: inout HTMLWriter, _ results: [VerifyCheckResult]) {
        Self.section(
            &page, id: "certificate-coverage", heading: "Certificate served for each name",
            emptyNote: results.isEmpty ? "The served certificates were not audited in this run." : nil
        ) { certificateTable(&$0, results) }
    }

    private func checksSection(_ page: inout HTMLWriter, _ results: [VerifyCheckResult]) {
        Self.section(
            &page, id: "http-checks", heading: "HTTP checks through the reverse proxy",
            emptyNote: results.isEmpty ? "The publishing plan publishes nothing to check." : nil
        ) { checkTable(&$0, results, id: "checks") }
    }

    /// One row per published name: the check, then the certificate as an admin finds it again in
    /// the Windows certificate store (thumbprint) and when it must be renewed.
    private func certificateTable(_ page: inout HTMLWriter, _ results: [VerifyCheckResult]) {
        Self.checkRows(
            &page, results, id: "certificate-checks",
            headings: ["", "Name", "Thumbprint (SHA-1)", "Not after", "Days left", "Result"],
            data: { r in
                ["data-thumbprint": r.thumbprint ?? "", "data-days": r.daysUntilExpiry.map(String.init) ?? ""]
            },
            cells: { r in
                [
                    r.thumbprint ?? "—", r.notAfter ?? "—",
                    r.daysUntilExpiry.map { $0 >= 0 ? String($0) : "expired" } ?? "—",
                ]
            })
    }

    private func checkTable(_ page: inout HTMLWriter, _ results: [VerifyCheckResult], id: String) {
        Self.checkRows(
            &page, results, id: id, headings: ["", "Name", "URL", "Expected", "HTTP", "Result"],
            cells: { r in [r.url, r.expected, r.httpStatus.map(String.init) ?? "—"] })
    }

    /// A table of checks, a row each with machine-readable `data-` attributes: the status mark,
    /// the name, `cells` (the first in the monospace `url` style), then the result.
    private static func checkRows(
        _ page: inout HTMLWriter, _ results: [VerifyCheckResult], id: String, headings: [String],
        data: (VerifyCheckResult) -> [String: String] = { _ in [:] }, cells: (VerifyCheckResult) -> [String]
    ) {
        page.open("table", ["id": id])
        page.open("thead")
        page.open("tr")
        for heading in headings { page.element("th", heading) }
        page.close("tr")
        page.close("thead")
        page.open("tbody")
        for r in results {
            let attributes = [
                "class": "check \(rowClass(r.status.rawValue))", "data-name": r.name,
                "data-status": r.status.rawValue, "data-kind": r.kind.rawValue,
            ]
            page.open("tr", attributes.merging(data(r)) { $1 })
            page.element("td", mark(r.status.rawValue), ["class": "mark"])
            page.element("td", r.name)
            for (index, cell) in cells(r).enumerated() { page.element("td", cell, index == 0 ? ["class": "url"] : [:]) }
            page.element("td", r.message)
            page.close("tr")
        }
        page.close("tbody")
        page.close("table")
    }

    package static func mark(_ status: String) -> String {
        switch status {
        case "ok": "✓"
        case "warning": "!"
        default: "✗"
        }
    }

    package static func rowClass(_ status: String) -> String {
        switch status {
        case "ok": "ok"
        case "warning", "info": "warning"
        default: "fail"
        }
    }

    package static let css = """
        body { font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif; margin: 24px 32px; color: #1b1b1b; }
        h1 { font-size: 24px; margin-bottom: 4px; }
        h2 { font-size: 19px; margin-top: 28px; border-bottom: 2px solid #ddd; padding-bottom: 4px; }
        h3 { font-size: 15px; margin-top: 18px; }
        p.meta { color: #555; margin-top: 0; }
        .verdict { font-size: 17px; padding: 12px 16px; border-radius: 6px; margin: 16px 0; }
        .verdict.go { background: #e3f4e5; border: 1px solid #4caf50; }
        .verdict.nogo { background: #fbe5e3; border: 1px solid #d9534f; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; margin-bottom: 8px; }
        th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; white-space: pre-line; }
        th { background: #f2f2f2; }
        td.url { font-family: "DejaVu Sans Mono", Consolas, monospace; word-break: break-all; }
        td.mark { width: 20px; text-align: center; font-weight: bold; }
        tr.ok td.mark { color: #2e7d32; }
        tr.warning { background: #fff8e1; }
        tr.fail { background: #fdecea; }
        tr.fail td.mark { color: #c62828; }
        """
}

/// Builds well-formed XHTML with every text and attribute value escaped.
package struct HTMLWriter {
    private(set) var output = ""
    private var depth = 0

    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in XML at all.
                if ch.value < 0x20 && ch != "\n" && ch != "\t" {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }

    private static func attributes(_ attributes: [String: String]) -> String {
        attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
    }

    package mutating func raw(_ text: String) { output += text }

    package mutating func text(_ text: String) { output += Self.escape(text) }

    package mutating func open(_ tag: String, _ attributes: [String: String] = [:]) {
        output += "<\(tag)\(Self.attributes(attributes))>"
        if ["html", "head", "body", "section", "table", "thead", "tbody", "tr", "style"].contains(tag) {
            output += "\n"
        }
        depth += 1
    }

    package mutating func close(_ tag: String) {
        depth -= 1
        output += "</\(tag)>\n"
    }

    package mutating func void(_ tag: String, _ attributes: [String: String] = [:]) {
        output += "<\(tag)\(Self.attributes(attributes)) />\n"
    }

    package mutating func element(_ tag: String, _ text: String, _ attributes: [String: String] = [:]) {
        output += "<\(tag)\(Self.attributes(attributes))>\(Self.escape(text))</\(tag)>"
        if !["td", "th", "strong"].contains(tag) { output += "\n" }
    }

    package mutating func table(
        _ headings: [String], rows: [[String]], rowClasses: [String]? = nil, attributes: [String: String] = [:]
    ) {
        open("table", attributes)
        open("thead")
        open("tr")
        for heading in headings { element("th", heading) }
        close("tr")
        close("thead")
        open("tbody")
        for (index, row) in rows.enumerated() {
            open("tr", rowClasses.map { ["class": $0[index]] } ?? [:])
            for cell in row { element("td", cell) }
            close("tr")
        }
        close("tbody")
        close("table")
    }
}
