import LyncSupport
import TopologyModel

/// Derives the DNS plan's findings from the merged records. Pure.
struct DNSPlanFindings {
    let topology: Topology
    let sipDomains: [String]
    let records: [SourcedRecord]

    func all() -> [Finding] {
        addressNeeded() + invalidAddresses() + privateExternal() + crossDomainCNAMEs() + srvTargets() + wrongView()
            + conflicts()
    }

    /// Groups records by a key in first-appearance order.
    private func grouped(_ items: [SourcedRecord], by key: (SourcedRecord) -> String) -> [(String, [SourcedRecord])] {
        var order: [String] = []
        var groups: [String: [SourcedRecord]] = [:]
        for item in items {
            let k = key(item)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(item)
        }
        return order.map { ($0, groups[$0]!) }
    }

    private static func list(_ items: [SourcedRecord]) -> String {
        var seen = Set<String>()
        let names = items.map { "\($0.record.view.rawValue) \($0.record.name)" }.filter { seen.insert($0).inserted }
        return names.count <= 4 ? names.joined(separator: ", ") : names.prefix(4).joined(separator: ", ") + ", …"
    }

    /// One finding per topology field whose address is missing: `address-needed` (warning) when an
    /// external record needs it (the internet cannot reach the service), `internal-address-needed`
    /// (info) when only internal records do.
    func addressNeeded() -> [Finding] {
        let needed = records.filter { $0.record.addressNeeded }
        return grouped(needed, by: { $0.record.path ?? "" }).map { path, items in
            let external = items.contains { $0.record.view == .external }
            let what = items.first?.record.type == .CNAME ? "a target name" : "an address"
            let field = path == "pools" ? "a pool (the topology has none)" : path
            return Finding(
                external ? .addressNeeded : .internalAddressNeeded,
                message:
                    "\(items.count) planned record(s) need \(what) the topology does not give (\(Self.list(items))): "
                    + "fill in \(field); lynccert never invents one", path: path == "pools" ? nil : path)
        }
    }

    func invalidAddresses() -> [Finding] {
        let bad = records.filter {
            ($0.record.type == .A || $0.record.type == .AAAA) && $0.record.value.map { IPAddress($0) == nil } == true
        }
        return grouped(bad, by: { $0.valuePath ?? "" }).map { path, items in
            Finding(
                .invalidAddress,
                message: "'\(items[0].record.value ?? "")' is not an IPv4 or IPv6 address (\(Self.list(items)))",
                path: path)
        }
    }

    /// §8.1/§8.4: external DNS must hold the public address (the NAT's outside address), never a
    /// private one, which the internet cannot reach.
    func privateExternal() -> [Finding] {
        let bad = records.filter {
            $0.record.view == .external && $0.record.value.flatMap(IPAddress.init)?.isPrivate == true
        }
        // One finding per field: the addresses of one list (DNS load balancing) are one fact.
        return grouped(bad, by: { ($0.valuePath ?? "").strippingIndex }).map { path, items in
            var seen = Set<String>()
            let values = items.compactMap(\.record.value).filter { seen.insert($0).inserted }
            let what =
                values.count == 1
                ? "\(values[0]) is a private, loopback or link-local address but is"
                : "\(values.joined(separator: ", ")) are private, loopback or link-local addresses but are"
            return Finding(
                .privateAddressExternal,
                message:
                    "\(what) planned in external DNS (\(Self.list(items))): external clients cannot reach "
                    + "\(values.count == 1 ? "it" : "them"); use the public (NAT outside) address (§8.1, §8.4)",
                path: path)
        }
    }

    /// The SIP domain a `lyncdiscover.<d>` / `lyncdiscoverinternal.<d>` name belongs to, else its parent.
    private func domain(of name: String) -> String? {
        for prefix in ["lyncdiscover.", "lyncdiscoverinternal."] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return Hostname.parent(of: name)
    }

    /// §8.2: mobile clients do not follow a CNAME into another domain over HTTPS; only the HTTP/80
    /// autodiscover rule makes it work.
    func crossDomainCNAMEs() -> [Finding] {
        guard topology.reverseProxy.autodiscover == .https else { return [] }
        return records.compactMap { item in
            let r = item.record
            guard r.type == .CNAME, r.view == .external, r.name.hasPrefix("lyncdiscover."), let target = r.value,
                let domain = domain(of: r.name), !Hostname.isWithin(target, domain: domain)
            else { return nil }
            return Finding(
                .crossDomainCNAME,
                message:
                    "\(r.name) is a CNAME to \(target), outside \(domain), while autodiscover is published over "
                    + "HTTPS: mobile clients do not follow a CNAME into another domain over HTTPS (§8.2). Use an A "
                    + "record to the reverse proxy (reverseProxy.lyncdiscoverRecord: a) or the port-80 rule "
                    + "(reverseProxy.autodiscover: http)", path: "reverseProxy.lyncdiscoverRecord")
        }
    }

    /// §8.3: with strict DNS naming (the default), Lync clients accept a sign-in SRV target only
    /// inside the SRV's own domain. Federation and XMPP SRV records are not client sign-in and may
    /// point anywhere, so they are not checked.
    func srvTargets() -> [Finding] {
        records.compactMap { item in
            let r = item.record
            guard r.type == .SRV, let target = r.value else { return nil }
            let prefix: String
            if r.name.hasPrefix("_sip._tls.") {
                prefix = "_sip._tls."
            } else if r.name.hasPrefix("_sipinternaltls._tcp.") {
                prefix = "_sipinternaltls._tcp."
            } else {
                return nil
            }
            let domain = String(r.name.dropFirst(prefix.count))
            guard !Hostname.isWithin(target, domain: domain) else { return nil }
            let fix =
                item.fix
                ?? (r.view == .external
                    ? "point it at an A record in \(domain) for the Access Edge (on the Edge certificate)"
                    : "point it at an A record in \(domain) for the pool (on its certificate)")
            return Finding(
                .srvTargetOtherDomain,
                message:
                    "\(r.view.rawValue) \(r.name) points at \(target), outside \(domain): Lync clients with strict DNS "
                    + "naming (the default) refuse it (§8.3, Gg398758); \(fix)", path: item.valuePath)
        }
    }

    /// §8.2/§7: `lyncdiscoverinternal` and the Admin URL are internal only; `lyncdiscover` is
    /// external only (split-brain DNS is not supported for the autodiscover names).
    ///
    /// An Admin URL with a path shares its base host by design in DNS requirements for simple URLs
    /// (Gg425874) options 2 and 3 (`https://lync.contoso.com/Admin` beside `…/Meet` and `…/Dialin`):
    /// the host is then public for Meet and Dial-in and the publishing rule leaves the Admin path
    /// out. Only an Admin URL that is a whole host (no path) makes its host internal-only.
    func wrongView() -> [Finding] {
        let adminHost = topology.simpleUrls.admin.flatMap(SimpleUrl.parse).flatMap { $0.path.isEmpty ? $0.host : nil }
        var findings: [Finding] = []
        var reported = Set<String>()
        for item in records {
            let r = item.record
            guard reported.insert("\(r.view.rawValue) \(r.name)").inserted else { continue }
            switch r.view {
            case .external:
                if r.name.hasPrefix("lyncdiscoverinternal.") {
                    findings.append(
                        Finding(
                            .internalOnlyNameExternal,
                            message:
                                "\(r.name) is planned in external DNS (\(r.purpose)): the internal autodiscover URL "
                                + "must not be reachable from outside (§8.2)"))
                } else if r.name == adminHost {
                    findings.append(
                        Finding(
                            .internalOnlyNameExternal,
                            message:
                                "\(r.name), the Admin simple URL host, is planned in external DNS (\(r.purpose)): the "
                                + "Admin URL is internal only (§7); give it a host of its own",
                            path: "simpleUrls.admin"))
                }
            case .internal:
                if r.name.hasPrefix("lyncdiscover."), sipDomains.contains(String(r.name.dropFirst(13))) {
                    findings.append(
                        Finding(
                            .externalOnlyNameInternal,
                            message:
                                "\(r.name) is planned in internal DNS (\(r.purpose)): lyncdiscover lives only in "
                                + "external DNS, split-brain DNS is not supported for it (§8.2)"))
                }
            }
        }
        return findings
    }

    /// Records of one name that DNS cannot hold together: a CNAME beside other data (RFC 1034
    /// §3.6.2), or A records with different addresses from different topology fields (one name
    /// would round-robin between two services). Several addresses of one list (Edge internal
    /// addresses) are DNS load balancing and fine.
    func conflicts() -> [Finding] {
        var findings: [Finding] = []
        let byName = grouped(records, by: { "\($0.record.view.rawValue) \($0.record.name)" })
        for (_, items) in byName where items.count > 1 {
            let r = items[0].record
            let hasCNAME = items.contains { $0.record.type == .CNAME }
            let sources = Set(items.map { ($0.valuePath ?? "").strippingIndex })
            if hasCNAME || sources.count > 1 {
                let values = items.map { "\($0.record.type.rawValue) \($0.record.value ?? "?")" }
                findings.append(
                    Finding(
                        .conflictingRecords,
                        message:
                            "\(r.view.rawValue) \(r.name) is planned as \(values.joined(separator: " and ")) ("
                            + items.map(\.record.purpose).joined(separator: "; ")
                            + "): one name cannot "
                            + (hasCNAME ? "be a CNAME and hold other records" : "point at two different services")))
            }
        }
        return findings
    }
}

extension String {
    /// `edgePools[0].internalAddresses[1]` → `edgePools[0].internalAddresses` (the list, not the item).
    fileprivate var strippingIndex: String {
        guard hasSuffix("]"), let open = lastIndex(of: "[") else { return self }
        return String(self[..<open])
    }
}
