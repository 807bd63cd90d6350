import DNSPlanner

extension PlanText {
    /// The DNS plan as one table per view: type, name, value, purpose.
    ///
    /// SRV values read `priority weight port target`; a record whose address the topology does
    /// not give shows `(needed: <topology field>)`.
    package static func dns(_ plan: DNSPlan) -> String {
        var out: [String] = []
        for view in DNSView.allCases {
            let records = plan.records(in: view)
            out.append("DNS records, \(view.rawValue) view (\(view == .external ? "public DNS" : "internal DNS")):")
            if records.isEmpty {
                out.append("  (none)")
                out.append("")
                continue
            }
            let rows = records.map { r in
                [r.type.rawValue, r.name, dnsValueText(r), "\(r.purpose) (\(r.rule))"]
            }
            out += table(header: ["TYPE", "NAME", "VALUE", "PURPOSE"], rows: rows)
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    package static func dnsValueText(_ r: DNSRecord) -> String {
        guard let value = r.value else { return "(needed: \(r.path ?? "not in the topology"))" }
        if r.type == .SRV { return "\(r.priority ?? 0) \(r.weight ?? 0) \(r.port ?? 0) \(value)" }
        return value
    }

    /// Left-aligned columns, two spaces apart, indented by two; the last column is not padded.
    package static func table(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            "  "
                + row.enumerated().map { column, cell in
                    column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
                }.joined(separator: "  ")
        }
    }
}
