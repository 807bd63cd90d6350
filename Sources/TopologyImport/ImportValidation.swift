import Foundation
import Topology

/// The essential checks an imported topology must pass before anyone plans with it.
///
/// Names follow lync-rules.md §8.6 (`Hostname.syntaxProblem`), simple URLs §7 (`https://`, no port),
/// addresses must be IP addresses, pool FQDNs unique, and there must be at least one pool.
enum ImportValidation {
    static func problems(in topology: Topology) -> [TopologyProblem] {
        var problems: [TopologyProblem] = []
        func name(_ value: String?, _ path: String) {
            guard let value, let why = Hostname.syntaxProblem(value) else { return }
            problems.append(TopologyProblem(path: path, value: value, message: "not a valid FQDN: \(why)"))
        }
        func address(_ value: String?, _ path: String) {
            guard let value, !IPAddressText.isValid(value) else { return }
            problems.append(TopologyProblem(path: path, value: value, message: "not an IPv4 or IPv6 address"))
        }
        func url(_ value: String, _ path: String) {
            let lower = value.lowercased()
            guard lower.hasPrefix("https://") else {
                problems.append(
                    TopologyProblem(path: path, value: value, message: "a simple URL must start with https://"))
                return
            }
            guard let components = URLComponents(string: value), let host = components.host, !host.isEmpty else {
                problems.append(TopologyProblem(path: path, value: value, message: "the URL has no host name"))
                return
            }
            if components.port != nil {
                problems.append(TopologyProblem(path: path, value: value, message: "a simple URL must not name a port"))
            }
            name(host, path)
        }

        if topology.sipDomains.isEmpty {
            problems.append(TopologyProblem(path: "sipDomains", message: "the topology names no SIP domain"))
        }
        for (index, domain) in topology.sipDomains.enumerated() { name(domain, "sipDomains[\(index)]") }
        for (index, meet) in topology.simpleUrls.meet.enumerated() { url(meet.url, "simpleUrls.meet[\(index)].url") }
        url(topology.simpleUrls.dialin, "simpleUrls.dialin")
        if let admin = topology.simpleUrls.admin { url(admin, "simpleUrls.admin") }

        if topology.pools.isEmpty {
            problems.append(
                TopologyProblem(
                    path: "pools",
                    message: "the topology has no Front End pool, Standard Edition server or Director "
                        + "(no cluster runs WebServices or Registrar)"))
        }
        var seen = Set<String>()
        for (index, pool) in topology.pools.enumerated() {
            let path = "pools[\(index)]"
            name(pool.fqdn, "\(path).fqdn")
            if !seen.insert(pool.fqdn).inserted {
                problems.append(
                    TopologyProblem(path: "\(path).fqdn", value: pool.fqdn, message: "a second pool has this FQDN"))
            }
            for (m, machine) in pool.machines.enumerated() { name(machine, "\(path).machines[\(m)]") }
            name(pool.internalWebFqdn, "\(path).internalWebFqdn")
            name(pool.externalWebFqdn, "\(path).externalWebFqdn")
        }
        for (index, edge) in topology.edgePools.enumerated() {
            let path = "edgePools[\(index)]"
            name(edge.fqdn, "\(path).fqdn")
            name(edge.accessEdgeFqdn, "\(path).accessEdgeFqdn")
            name(edge.webConferencingFqdn, "\(path).webConferencingFqdn")
            name(edge.avFqdn, "\(path).avFqdn")
            name(edge.nextHop, "\(path).nextHop")
            address(edge.externalAddresses.access, "\(path).externalAddresses.access")
            address(edge.externalAddresses.webConferencing, "\(path).externalAddresses.webConferencing")
            address(edge.externalAddresses.av, "\(path).externalAddresses.av")
            for (a, inside) in edge.internalAddresses.enumerated() {
                address(inside, "\(path).internalAddresses[\(a)]")
            }
        }
        if let owa = topology.officeWebApps { name(owa.fqdn, "officeWebApps.fqdn") }
        return problems
    }
}
