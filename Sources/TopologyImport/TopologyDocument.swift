import Foundation
import LyncSupport
import TopologyModel

/// The two document shapes of lync-rules.md §12.
enum TopologyShape: Sendable, Equatable {
    /// A Topology Builder file: `TopologyBuilder` › `NewTopology` › `PartialTopology`.
    case topologyBuilder
    /// A published topology (`Get-CsTopology -AsXml`): root `Topology`.
    case published
}

/// A machine's network interface (`NetInterface`).
struct RawInterface: Equatable {
    var side: String
    var number: String
    var address: String?
    var configuredAddress: String?
}

/// A `Machine` of a cluster.
struct RawMachine: Equatable {
    var fqdn: String?
    var interfaces: [RawInterface]
    var line: Int
}

/// A `Cluster`: a pool, an Edge pool, a SQL server, a file server, an Office Web Apps farm…
struct RawCluster: Equatable {
    /// `UniqueId` (`.tbxml`) or `SiteId:Number` of its `ClusterId` (published).
    var key: String
    var fqdn: String
    var isSingleMachineOnly: Bool?
    var machines: [RawMachine]
    var site: String?
    var line: Int
}

/// A `Port` of a service.
struct RawPort: Equatable {
    var owner: String
    var usage: String
    var side: String
    var number: String
    var port: Int?
    var configuredPort: Int?
    var configuredFqdn: String?
    var protocolName: String
}

/// A `Service` (one role on one cluster).
struct RawService: Equatable {
    /// `UniqueId` (`.tbxml`) or `SiteId:RoleName:Instance` of its `ServiceId` (published).
    var key: String
    var role: String
    /// The cluster it runs on; for a store on a SQL instance, the SQL instance's cluster.
    var clusterKey: String?
    var onSqlInstance: Bool
    var dependencies: [String]
    var ports: [RawPort]
    var isDirector: Bool?
    var externalHost: String?
    var internalHost: String?
    var wacDiscoveryUrl: String?
    var wacIsExternal: Bool?
    var line: Int
}

/// A `SimpleUrl` of the `SimpleUrlConfiguration`.
struct RawSimpleUrl: Equatable {
    var component: String
    var domain: String?
    var activeUrl: String?
    var entries: [String]
    var line: Int
}

/// What the importer read from either shape, before mapping to the `Topology` model.
struct RawTopology: Equatable {
    var shape: TopologyShape
    /// SIP domains as written, the `DefaultDomain` first.
    var sipDomains: [String] = []
    /// `nil` when the document has no `SimpleUrlConfiguration` (always so for a published topology).
    var simpleUrls: [RawSimpleUrl]?
    var clusters: [RawCluster] = []
    var services: [RawService] = []
}

/// The document's root: one of the two shapes, or why not.
enum RootCheck {
    case shape(TopologyShape)
    case refused(TopologyProblem)
}

/// Reads the elements of either shape into a `RawTopology`, collecting every problem.
struct TopologyDocumentReader {
    private(set) var problems: [TopologyProblem] = []
    /// SQL instance key → the key of the cluster it lives on.
    private var sqlInstances: [String: String] = [:]

    private typealias NS = LyncNamespace

    /// Which shape `root` starts, or the problem with it.
    static func shape(of root: XNode) -> RootCheck {
        let expected = [
            ("TopologyBuilder", NS.topologyBuilder, TopologyShape.topologyBuilder),
            ("Topology", NS.topology, TopologyShape.published),
        ]
        for (name, namespace, shape) in expected where root.name == name {
            if root.namespace == namespace { return .shape(shape) }
            let actual = root.namespace.isEmpty ? "no namespace" : "namespace '\(root.namespace)'"
            return .refused(
                TopologyProblem(
                    path: root.name, line: root.line,
                    message: "the root element is in \(actual); a Lync topology's \(name) is in '\(namespace)'"))
        }
        return .refused(
            TopologyProblem(
                path: root.name, line: root.line,
                message:
                    "the root element is '\(root.name)'; expected 'TopologyBuilder' (a Topology Builder .tbxml file) "
                    + "or 'Topology' (a published topology from Get-CsTopology -AsXml)"))
    }

    mutating func read(root: XNode, shape: TopologyShape) -> RawTopology {
        var raw = RawTopology(shape: shape)
        switch shape {
        case .topologyBuilder:
            guard let newTopology = root.child(NS.topologyBuilder, "NewTopology") else {
                problem(root, "NewTopology", "the Topology Builder file has no NewTopology element")
                return raw
            }
            guard let partial = newTopology.child(NS.writableTopology, "PartialTopology") else {
                problem(newTopology, "PartialTopology", "NewTopology holds no PartialTopology element")
                return raw
            }
            raw.sipDomains = readDomains(partial)
            raw.simpleUrls = readSimpleUrls(partial)
            readBuilderClusters(partial, into: &raw)
            for node in partial.child(NS.writableTopology, "Services")?.children(NS.writableTopology, "Service") ?? [] {
                if let service = readBuilderService(node) { raw.services.append(service) }
            }
        case .published:
            raw.sipDomains = readDomains(root)
            raw.simpleUrls = readSimpleUrls(root)
            readPublishedClusters(root, into: &raw)
            for node in root.child(NS.topology, "Services")?.children(NS.topology, "Service") ?? [] {
                if let service = readPublishedService(node) { raw.services.append(service) }
            }
        }
        return raw
    }

    // MARK: - Shared parts

    private mutating func problem(_ node: XNode, _ path: String, _ message: String) {
        problems.append(TopologyProblem(path: path, line: node.line, message: message))
    }

    private mutating func required(_ node: XNode, _ attribute: String) -> String? {
        if let value = node.attribute(attribute) { return value }
        problem(node, "\(node.name)@\(attribute)", "the required attribute \(attribute) is missing or empty")
        return nil
    }

    private mutating func readDomains(_ parent: XNode) -> [String] {
        guard let domains = parent.child(NS.topology, "InternalDomains") else {
            problem(parent, "InternalDomains", "the topology has no InternalDomains element (the SIP domains)")
            return []
        }
        var names: [String] = []
        for domain in domains.children(NS.topology, "InternalDomain") {
            if let name = required(domain, "Name") { names.append(name) }
        }
        if let defaultDomain = domains.attribute("DefaultDomain") {
            names.removeAll { Hostname.normalized($0) == Hostname.normalized(defaultDomain) }
            names.insert(defaultDomain, at: 0)
        }
        if names.isEmpty && problems.isEmpty {
            problem(domains, "InternalDomains", "the topology names no SIP domain")
        }
        return names
    }

    private mutating func readSimpleUrls(_ parent: XNode) -> [RawSimpleUrl]? {
        guard let configuration = parent.child(NS.simpleUrl, "SimpleUrlConfiguration") else { return nil }
        return configuration.children(NS.simpleUrl, "SimpleUrl").compactMap { node in
            guard let component = required(node, "Component") else { return nil }
            return RawSimpleUrl(
                component: component, domain: node.attribute("Domain"), activeUrl: node.attribute("ActiveUrl"),
                entries: node.children(NS.simpleUrl, "SimpleUrlEntry").compactMap { $0.attribute("Url") },
                line: node.line)
        }
    }

    private func siteName(_ site: XNode) -> String? {
        let name = site.child(NS.topology, "Name")?.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return name?.isEmpty == false ? name : nil
    }

    private mutating func readMachine(_ node: XNode) -> RawMachine {
        RawMachine(
            fqdn: node.attribute("Fqdn"),
            interfaces: node.children(NS.topology, "NetInterface").map { interface in
                RawInterface(
                    side: interface.attribute("InterfaceSide") ?? "",
                    number: interface.attribute("InterfaceNumber") ?? "1",
                    address: interface.attribute("IPAddress"),
                    configuredAddress: interface.attribute("ConfiguredIPAddress"))
            },
            line: node.line)
    }

    private mutating func readServiceBody(_ node: XNode, into service: inout RawService) {
        for portList in node.children(NS.serviceRoles, "Ports") {
            for port in portList.children(NS.serviceRoles, "Port") {
                service.ports.append(
                    RawPort(
                        owner: port.attribute("Owner") ?? "", usage: port.attribute("Usage") ?? "",
                        side: port.attribute("InterfaceSide") ?? "", number: port.attribute("InterfaceNumber") ?? "1",
                        port: port.attribute("Port").flatMap { Int($0) },
                        configuredPort: port.attribute("ConfiguredPort").flatMap { Int($0) },
                        configuredFqdn: port.attribute("ConfiguredFqdn"), protocolName: port.attribute("Protocol") ?? ""
                    ))
            }
        }
        if let registrar = node.child(NS.serviceRoles, "RegistrarService") {
            service.isDirector = registrar.boolAttribute("IsDirector")
        }
        if let web = node.child(NS.serviceRoles, "WebService") {
            service.externalHost = web.child(NS.serviceRoles, "ExternalSettings")?.attribute("Host")
            service.internalHost = web.child(NS.serviceRoles, "InternalSettings")?.attribute("Host")
        }
        if let wac = node.child(NS.serviceRoles, "WacService") {
            service.wacDiscoveryUrl = wac.attribute("DiscoveryUrl")
            service.wacIsExternal = wac.boolAttribute("IsExternal")
        }
    }

    // MARK: - Topology Builder (.tbxml)

    private mutating func readBuilderClusters(_ partial: XNode, into raw: inout RawTopology) {
        let ns = NS.writableTopology
        var sites: [(XNode, String?)] = []
        for central in partial.child(ns, "CentralSites")?.children(ns, "CentralSite") ?? [] {
            sites.append((central, siteName(central)))
            for remote in central.child(ns, "RemoteSites")?.children(ns, "RemoteSite") ?? [] {
                sites.append((remote, siteName(remote)))
            }
        }
        for (site, name) in sites {
            for node in site.child(ns, "Clusters")?.children(ns, "Cluster") ?? [] {
                let key = required(node, "UniqueId")
                let fqdn = required(node, "Fqdn")
                let machines = node.child(ns, "Machines")?.children(ns, "Machine").map { readMachine($0) } ?? []
                for sql in node.child(ns, "SqlInstances")?.children(ns, "SqlInstance") ?? [] {
                    if let sqlKey = sql.attribute("UniqueId"), let key { sqlInstances[sqlKey] = key }
                }
                guard let key, let fqdn else { continue }
                raw.clusters.append(
                    RawCluster(
                        key: key, fqdn: fqdn, isSingleMachineOnly: node.boolAttribute("IsSingleMachineOnly"),
                        machines: machines, site: name, line: node.line))
            }
        }
    }

    private mutating func readBuilderService(_ node: XNode) -> RawService? {
        let ns = NS.writableTopology
        guard let key = required(node, "UniqueId"), let role = required(node, "RoleName") else { return nil }
        var clusterKey = node.attribute("InstalledOn")
        var onSql = false
        if let target = clusterKey, let owner = sqlInstances[target] {
            clusterKey = owner
            onSql = true
        }
        var service = RawService(
            key: key, role: role, clusterKey: clusterKey, onSqlInstance: onSql,
            dependencies: node.child(ns, "DependsOn")?.children(ns, "Dependency").compactMap {
                $0.attribute("ServiceUniqueId")
            } ?? [], ports: [], line: node.line)
        readServiceBody(node, into: &service)
        return service
    }

    // MARK: - Published topology

    private static func clusterKey(_ clusterId: XNode?) -> String? {
        guard let clusterId, let site = clusterId.attribute("SiteId"), let number = clusterId.attribute("Number") else {
            return nil
        }
        return "\(site):\(number)"
    }

    private static func serviceKey(_ serviceId: XNode?) -> String? {
        guard let serviceId, let role = serviceId.attribute("RoleName") else { return nil }
        return "\(serviceId.attribute("SiteId") ?? ""):\(role):\(serviceId.attribute("Instance") ?? "1")"
    }

    private mutating func readPublishedClusters(_ root: XNode, into raw: inout RawTopology) {
        let ns = NS.topology
        var siteNames: [String: String] = [:]
        if let sites = root.child(ns, "Sites") {
            for site in sites.children where site.namespace == ns && site.name.hasSuffix("Site") {
                if let id = site.attribute("SiteId"), let name = siteName(site) { siteNames[id] = name }
            }
        }
        for node in root.child(ns, "Clusters")?.children(ns, "Cluster") ?? [] {
            let fqdn = required(node, "Fqdn")
            let clusterId = node.child(ns, "ClusterId")
            guard let key = Self.clusterKey(clusterId) else {
                problem(node, "Cluster/ClusterId", "the cluster has no ClusterId with SiteId and Number")
                continue
            }
            guard let fqdn else { continue }
            raw.clusters.append(
                RawCluster(
                    key: key, fqdn: fqdn, isSingleMachineOnly: node.boolAttribute("IsSingleMachineOnly"),
                    machines: node.children(ns, "Machine").map { readMachine($0) },
                    site: clusterId?.attribute("SiteId").flatMap { siteNames[$0] }, line: node.line))
        }
    }

    private mutating func readPublishedService(_ node: XNode) -> RawService? {
        let ns = NS.topology
        guard let serviceId = node.child(ns, "ServiceId") else {
            problem(node, "Service/ServiceId", "the service has no ServiceId")
            return nil
        }
        guard required(serviceId, "RoleName") != nil, let key = Self.serviceKey(serviceId),
            let role = serviceId.attribute("RoleName")
        else { return nil }
        var clusterKey: String?
        var onSql = false
        if let installedOn = node.child(ns, "InstalledOn") {
            if let sql = installedOn.child(ns, "SqlInstanceId") {
                clusterKey = Self.clusterKey(sql.child(ns, "ClusterId"))
                onSql = true
            } else {
                clusterKey = Self.clusterKey(installedOn.child(ns, "ClusterId"))
            }
        }
        var service = RawService(
            key: key, role: role, clusterKey: clusterKey, onSqlInstance: onSql,
            dependencies: node.child(ns, "DependsOn")?.children(ns, "Dependency").compactMap {
                Self.serviceKey($0.child(ns, "ServiceId"))
            } ?? [], ports: [], line: node.line)
        readServiceBody(node, into: &service)
        return service
    }
}
