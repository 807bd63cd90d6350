import Foundation
import LyncSupport
import TopologyModel

/// Maps what the reader found onto the `Topology` model, noting every default it fills in and every
/// value the XML cannot give.
///
/// Readings of ambiguous parts (each also listed in docs/ambiguous-rules.md):
/// - **Which clusters are pools.** A cluster is a pool when it runs `WebServices` or `Registrar`:
///   every Front End pool, Standard Edition server and Director does. SQL, file-store, Edge, Office
///   Web Apps and Mediation-only clusters do not and are not pools.
/// - **Director.** `Service[Registrar]/RegistrarService@IsDirector="true"`; nothing else makes a
///   Director (a Registrar without user services may also be a branch appliance).
/// - **Standard Edition vs Front End.** `Cluster@IsSingleMachineOnly` when the document has it
///   (`.tbxml` always does). A published topology omits it; there a cluster is a Standard Edition
///   server when it has one machine and that machine either *is* the pool (an SE server's pool FQDN
///   is its own FQDN) or hosts the pool's own user store (SE keeps its store in local SQL Express).
///   A one-member Enterprise pool (`poolfe` with server `SKYPE-FE-01`, its store on a SQL server)
///   stays a Front End pool; the role is annotated as inferred.
/// - **Web ports.** Of the `urn:component:OCSWebSite` ports on the External side, `Port` is where IIS
///   listens (reverse proxy → server) and `ConfiguredPort` what clients are told (published). A
///   missing `ConfiguredPort` means Microsoft's published default (80/443).
/// - **Edge public addresses.** `NetInterface@ConfiguredIPAddress` is the address entered with "this
///   Edge pool's external address is translated by NAT", i.e. the public one; `@IPAddress` is the
///   address on the server's own adapter, public only without NAT. So the public address is
///   `ConfiguredIPAddress` when set, else `IPAddress`; `0.0.0.0` means unknown. Every server of the
///   pool contributes its address (DNS load balancing: one A record each, JJ205319); behind a
///   hardware load balancer the admin replaces the list with the VIP (`edge-pool-several-servers`).
/// - **Access Edge port.** The Access Edge's External `SipClient` port (`ConfiguredPort` when set,
///   else `Port`) becomes `accessEdgePort`: remote clients' `_sip._tls` port (5061 with a single
///   FQDN and IP address, 443 with three addresses, by Topology Builder's defaults).
/// - **Single external Edge FQDN.** When the Edge's external ports configure one FQDN only, the
///   Access, Web Conferencing and A/V services all take it (Topology Builder's "single FQDN and IP
///   address" option).
/// - **External web FQDN equal to the internal one.** Topology Builder's default sets
///   `ExternalSettings@Host` to the pool FQDN, and many deployments publish exactly that name: it is
///   what in-band provisioning tells clients, so it is the name the reverse-proxy certificate must
///   carry. It is kept as written (annotated `check:`), and the loader's validation reports it as the
///   warning `external-web-fqdn-equals-internal` (MOB-TECH asks for distinct names for mobility).
/// - **Federation.** Topology Builder writes the Access Edge's external server-to-server port
///   (`urn:component:AccessEdge`, `Usage="SipServer"`, External — `AccessEdgeExternalSipPort` of
///   `Get-CsService -EdgeServer`) only when federation is enabled; XMPP federation likewise adds the
///   `urn:component:XmppFederationProxy` external port 5269. Both are annotated for review.
struct TopologyMapper {
    let raw: RawTopology
    private(set) var problems: [TopologyProblem] = []
    private(set) var findings: [Finding] = []
    private(set) var annotations: [String: String] = [:]

    init(raw: RawTopology) { self.raw = raw }

    // MARK: - Notes

    private mutating func note(_ path: String, _ comment: String) {
        if let existing = annotations[path] {
            annotations[path] = existing + "; " + comment
        } else {
            annotations[path] = comment
        }
    }

    private mutating func finding(_ code: FindingCode, _ path: String?, _ message: String) {
        findings.append(Finding(code, message: message, path: path))
    }

    // MARK: - Mapping

    mutating func map() -> Topology {
        let sipDomains = dedupe(raw.sipDomains.map(Hostname.normalized))
        let clustersByKey = Dictionary(raw.clusters.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let servicesByKey = Dictionary(raw.services.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let simpleUrls = mapSimpleUrls(sipDomains: sipDomains)
        let pools = mapPools()
        let edgePools = mapEdgePools(
            sipDomains: sipDomains, clustersByKey: clustersByKey, servicesByKey: servicesByKey)
        let officeWebApps = mapOfficeWebApps(clustersByKey: clustersByKey)

        // The loader's validation reports it (reverse-proxy-address-missing); the note says why.
        note(
            "reverseProxy.externalAddress",
            "needed: the reverse proxy listener's public IP (not in the topology XML)")

        return Topology(
            sipDomains: sipDomains, simpleUrls: simpleUrls, pools: pools, officeWebApps: officeWebApps,
            edgePools: edgePools)
    }

    private func dedupe(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    // MARK: Simple URLs

    private mutating func mapSimpleUrls(sipDomains: [String]) -> SimpleUrls {
        let entries = raw.simpleUrls ?? []
        let missingWhy =
            raw.simpleUrls == nil
            ? (raw.shape == .published
                ? "a published topology does not hold simple URLs (read them with Get-CsSimpleUrlConfiguration)"
                : "the topology has no SimpleUrlConfiguration")
            : "the topology's SimpleUrlConfiguration has none"
        func url(_ entry: RawSimpleUrl) -> String? { entry.activeUrl ?? entry.entries.first }

        var meetByDomain: [String: String] = [:]
        var dialin: String?
        var admin: String?
        for entry in entries {
            guard let address = url(entry) else { continue }
            switch entry.component.lowercased() {
            case "meet":
                guard let domain = entry.domain.map(Hostname.normalized), domain != "*" else { continue }
                if !sipDomains.contains(domain) {
                    finding(
                        .simpleUrlUnknownDomain, "simpleUrls.meet",
                        "the Meet simple URL \(address) (line \(entry.line)) is for \(domain), which is not one of "
                            + "the topology's SIP domains; it is left out")
                    continue
                }
                if meetByDomain[domain] == nil { meetByDomain[domain] = address }
            case "dialin":
                if dialin == nil { dialin = address }
            case "cscp", "admin":
                if admin == nil { admin = address }
            default:
                continue
            }
        }

        var meet: [MeetUrl] = []
        for (index, domain) in sipDomains.enumerated() {
            if let address = meetByDomain[domain] {
                meet.append(MeetUrl(domain: domain, url: address))
                continue
            }
            let address = "https://meet.\(domain)"
            meet.append(MeetUrl(domain: domain, url: address))
            let path = "simpleUrls.meet[\(index)].url"
            finding(
                .simpleUrlDefault, path,
                "no Meet simple URL for \(domain): \(missingWhy); Microsoft's default \(address) is used — check it")
            note(path, "check: Microsoft's default Meet URL, not read from the topology")
        }

        let dialinAddress: String
        if let dialin {
            dialinAddress = dialin
        } else {
            dialinAddress = "https://dialin.\(sipDomains.first ?? "example.com")"
            finding(
                .simpleUrlDefault, "simpleUrls.dialin",
                "no Dial-in simple URL: \(missingWhy); Microsoft's default \(dialinAddress) is used — check it")
            note("simpleUrls.dialin", "check: Microsoft's default Dial-in URL, not read from the topology")
        }
        return SimpleUrls(meet: meet, dialin: dialinAddress, admin: admin)
    }

    // MARK: Pools

    private func services(on cluster: RawCluster) -> [RawService] {
        raw.services.filter { $0.clusterKey == cluster.key && !$0.onSqlInstance }
    }

    private mutating func mapPools() -> [Pool] {
        var pools: [Pool] = []
        for cluster in raw.clusters {
            let roles = services(on: cluster)
            let roleNames = Set(roles.map(\.role))
            guard roleNames.contains("WebServices") || roleNames.contains("Registrar") else { continue }
            let index = pools.count
            let fqdn = Hostname.normalized(cluster.fqdn)
            let machines = machineNames(of: cluster)

            let role: PoolRole
            if roles.contains(where: { $0.role == "Registrar" && $0.isDirector == true }) {
                role = .director
            } else if let single = cluster.isSingleMachineOnly {
                role = single ? .standardEdition : .frontEnd
            } else {
                let hostsOwnStore = raw.services.contains {
                    $0.role == "UserStore" && $0.onSqlInstance && $0.clusterKey == cluster.key
                }
                let isSE = machines.count == 1 && (machines.first == fqdn || hostsOwnStore)
                role = isSE ? .standardEdition : .frontEnd
                note(
                    "pools[\(index)].role",
                    isSE
                        ? "check: inferred (one server that is the pool itself or holds its own user store)"
                        : "check: inferred (the document does not say IsSingleMachineOnly)")
            }

            let web = roles.first { $0.role == "WebServices" }
            let externalWebFqdn = web?.externalHost.map(Hostname.normalized)
            var internalWebFqdn = web?.internalHost.map(Hostname.normalized)
            if internalWebFqdn == fqdn { internalWebFqdn = nil }
            let externalPath = "pools[\(index)].externalWebFqdn"
            if web != nil && externalWebFqdn == nil {
                note(externalPath, "needed: the external web services FQDN (the topology sets none)")
            } else if externalWebFqdn != nil, externalWebFqdn == (internalWebFqdn ?? fqdn) {
                // Kept as written (see the type's notes); the loader's validation reports it
                // (external-web-fqdn-equals-internal).
                note(
                    externalPath,
                    "check: equals the internal web FQDN (Topology Builder's default); mobility wants distinct names (MOB-TECH)"
                )
            }

            pools.append(
                Pool(
                    fqdn: fqdn, role: role, site: cluster.site, machines: machines, internalWebFqdn: internalWebFqdn,
                    externalWebFqdn: externalWebFqdn, ports: webPorts(web)))
        }
        return pools
    }

    /// Machine FQDNs; a single `<Machine/>` without `Fqdn` is the cluster itself.
    private mutating func machineNames(of cluster: RawCluster) -> [String] {
        var names: [String] = []
        for machine in cluster.machines {
            if let fqdn = machine.fqdn {
                names.append(Hostname.normalized(fqdn))
            } else if cluster.machines.count == 1 {
                names.append(Hostname.normalized(cluster.fqdn))
            } else {
                problems.append(
                    TopologyProblem(
                        path: "Machine@Fqdn", line: machine.line,
                        message:
                            "a machine of the \(cluster.machines.count)-machine cluster \(cluster.fqdn) has no Fqdn"))
            }
        }
        return dedupe(names)
    }

    private func webPorts(_ web: RawService?) -> WebPorts {
        var ports = WebPorts()
        guard let web else { return ports }
        for port in web.ports
        where port.owner == "urn:component:OCSWebSite" && port.side.caseInsensitiveCompare("External") == .orderedSame {
            switch port.protocolName.lowercased() {
            case "http":
                if let listen = port.port { ports.httpListen = listen }
                ports.httpPublished = port.configuredPort ?? 80
            case "https":
                if let listen = port.port { ports.httpsListen = listen }
                ports.httpsPublished = port.configuredPort ?? 443
            default:
                continue
            }
        }
        return ports
    }

    // MARK: Edge

    private mutating func mapEdgePools(
        sipDomains: [String], clustersByKey: [String: RawCluster], servicesByKey: [String: RawService]
    ) -> [EdgePool] {
        var edges: [EdgePool] = []
        let domain = sipDomains.first ?? "example.com"
        for cluster in raw.clusters {
            guard let edge = services(on: cluster).first(where: { $0.role == "EdgeServer" }) else { continue }
            let index = edges.count
            let path = "edgePools[\(index)]"
            let external = edge.ports.filter { $0.side.caseInsensitiveCompare("External") == .orderedSame }
            func port(_ owner: String, preferring usage: String) -> RawPort? {
                let owned = external.filter { $0.owner == "urn:component:\(owner)" }
                return owned.first { $0.usage == usage && $0.configuredFqdn != nil }
                    ?? owned.first { $0.configuredFqdn != nil } ?? owned.first { $0.usage == usage } ?? owned.first
            }
            let accessPort = port("AccessEdge", preferring: "SipClient")
            let dataPort = port("DataEdge", preferring: "PsomClient")
            let mediaPort = port("MediaRelayEdge", preferring: "TURNServer")
            let configured = dedupe(external.compactMap { $0.configuredFqdn.map(Hostname.normalized) })

            func fqdn(_ port: RawPort?, field: String, service: String, fallback: String) -> String {
                if let name = port?.configuredFqdn { return Hostname.normalized(name) }
                if configured.count == 1 { return configured[0] }
                finding(
                    .edgeFqdnDefault, "\(path).\(field)",
                    "the Edge pool \(cluster.fqdn) configures no external FQDN for the \(service) service; "
                        + "\(fallback) is used — check it")
                note("\(path).\(field)", "check: default name, not read from the topology")
                return fallback
            }
            let accessFqdn = fqdn(
                accessPort, field: "accessEdgeFqdn", service: "Access Edge", fallback: "sip.\(domain)")
            let webConferencingFqdn = fqdn(
                dataPort, field: "webConferencingFqdn", service: "Web Conferencing", fallback: "webcon.\(domain)")
            let avFqdn = fqdn(mediaPort, field: "avFqdn", service: "A/V Edge", fallback: "av.\(domain)")

            let addresses = EdgeAddresses(
                access: edgeAddresses(
                    cluster: cluster, port: accessPort, field: "\(path).externalAddresses.access",
                    service: "Access Edge"),
                webConferencing: edgeAddresses(
                    cluster: cluster, port: dataPort, field: "\(path).externalAddresses.webConferencing",
                    service: "Web Conferencing"),
                av: edgeAddresses(
                    cluster: cluster, port: mediaPort, field: "\(path).externalAddresses.av", service: "A/V Edge"))
            if cluster.machines.count > 1 {
                finding(
                    .edgePoolSeveralServers, "\(path).externalAddresses",
                    "the Edge pool \(cluster.fqdn) has \(cluster.machines.count) servers; each service lists every "
                        + "server's public address (DNS load balancing: one A record each); behind a hardware load "
                        + "balancer, replace each list with the VIP")
                note(
                    "\(path).externalAddresses",
                    "check: one address per Edge server (\(cluster.machines.count) servers, DNS load balancing)")
            }
            // The Access Edge's external client port (Topology Builder: 443 with three addresses,
            // 5061 with a single FQDN and address); ConfiguredPort is the port behind NAT, if any.
            let accessEdgePort = accessPort.flatMap { $0.configuredPort ?? $0.port }

            let internalAddresses = dedupe(
                cluster.machines.flatMap { machine in
                    machine.interfaces.filter { $0.side.caseInsensitiveCompare("Internal") == .orderedSame }
                        .compactMap { usable($0.address) }
                })

            let federation = external.contains { $0.owner == "urn:component:AccessEdge" && $0.usage == "SipServer" }
            let xmpp = external.contains { $0.owner == "urn:component:XmppFederationProxy" }
            note(
                "\(path).federation",
                federation
                    ? "check: the Access Edge's external federation port (SipServer) is configured"
                    : "check: no external federation port on the Access Edge")
            note(
                "\(path).xmpp",
                xmpp
                    ? "check: an XMPP federation proxy port (5269) is configured"
                    : "check: no XMPP federation proxy port")

            let nextHop = edge.dependencies.lazy.compactMap { servicesByKey[$0] }
                .first { $0.role == "Registrar" }
                .flatMap { $0.clusterKey }.flatMap { clustersByKey[$0] }.map { Hostname.normalized($0.fqdn) }

            edges.append(
                EdgePool(
                    fqdn: Hostname.normalized(cluster.fqdn), accessEdgeFqdn: accessFqdn,
                    webConferencingFqdn: webConferencingFqdn, avFqdn: avFqdn, externalAddresses: addresses,
                    internalAddresses: internalAddresses, federation: federation, xmpp: xmpp, nextHop: nextHop,
                    accessEdgePort: accessEdgePort))
        }
        return edges
    }

    /// An address other than blank or `0.0.0.0` / `::` (Topology Builder's "use all configured addresses").
    private func usable(_ address: String?) -> String? {
        guard let address, address != "0.0.0.0", address != "::" else { return nil }
        return address
    }

    /// The public addresses of one Edge service, one per server of the pool in machine order (a
    /// one-server pool gives one; several servers are DNS load balancing, one A record each).
    private mutating func edgeAddresses(cluster: RawCluster, port: RawPort?, field: String, service: String)
        -> [String]
    {
        let number = port?.number ?? "1"
        var addresses: [String] = []
        for machine in cluster.machines {
            let interface = machine.interfaces.first {
                $0.side.caseInsensitiveCompare("External") == .orderedSame && $0.number == number
            }
            if let address = usable(interface?.configuredAddress) ?? usable(interface?.address),
                !addresses.contains(address)
            {
                addresses.append(address)
            }
        }
        guard !addresses.isEmpty else {
            // The loader's validation reports it (edge-address-missing); the note says why.
            note(field, "needed: the \(service) public IP (not in the topology XML)")
            return []
        }
        let privateOnes = addresses.filter { IPAddress($0)?.isPrivate ?? false }
        if !privateOnes.isEmpty {
            let list = privateOnes.joined(separator: ", ")
            let one = privateOnes.count == 1
            finding(
                .edgeAddressPrivate, field,
                "the \(service) address\(one ? "" : "es") \(list) of \(cluster.fqdn) \(one ? "is a private address" : "are private addresses"); "
                    + "public DNS needs the public address the service is reached at from the internet (its NAT "
                    + "address): fill it in")
            note(
                field,
                "check: \(list) \(one ? "is a private address" : "are private addresses"); public DNS needs the public (NAT) address"
            )
        }
        return addresses
    }

    // MARK: Office Web Apps

    private mutating func mapOfficeWebApps(clustersByKey: [String: RawCluster]) -> OfficeWebApps? {
        let wacs = raw.services.filter { $0.role == "WacService" }
        guard let wac = wacs.first else { return nil }
        if wacs.count > 1 {
            finding(
                .officeWebAppsSeveral, "officeWebApps",
                "the topology has \(wacs.count) Office Web Apps servers; the topology file holds one, the first")
        }
        var host = wac.wacDiscoveryUrl.flatMap { URLComponents(string: $0)?.host }
        if host == nil {
            host = wac.clusterKey.flatMap { clustersByKey[$0]?.fqdn }
            note("officeWebApps.fqdn", "check: taken from the cluster; the WacService has no usable DiscoveryUrl")
        }
        guard let host else { return nil }
        return OfficeWebApps(fqdn: Hostname.normalized(host), publishedExternally: wac.wacIsExternal ?? false)
    }
}
