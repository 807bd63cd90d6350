import Foundation

/// Maps a `DocumentNode` onto the `Topology` model, collecting every problem on the way.
///
/// Field-level rules live here (types, required keys, unknown keys, host name and address syntax,
/// enum values, ranges); rules that compare fields with each other live in `TopologyValidator`.
/// Missing required values are left empty in the model so that reading can go on and report the
/// rest; the loader throws when any problem was found, so the partial model never escapes.
struct TopologyReader {
    var problems: [TopologyProblem] = []
    /// The line of every path present in the file (value line, else key line).
    var lines: [String: Int] = [:]

    // MARK: Keys of each map (DESIGN.md "The topology file", plus the model's optional extras)

    static let rootKeys = [
        "version", "sipDomains", "simpleUrls", "pools", "officeWebApps", "edgePools", "reverseProxy", "certificates",
    ]
    static let simpleUrlKeys = ["meet", "dialin", "admin"]
    static let meetKeys = ["domain", "url"]
    static let poolKeys = [
        "fqdn", "role", "site", "machines", "internalWebFqdn", "externalWebFqdn", "internalWebAddress", "ports",
    ]
    static let portKeys = ["httpListen", "httpsListen", "httpPublished", "httpsPublished"]
    static let officeWebAppsKeys = ["fqdn", "publishedExternally", "externalAddress", "internalAddress"]
    static let edgeKeys = [
        "fqdn", "accessEdgeFqdn", "webConferencingFqdn", "avFqdn", "externalAddresses", "internalAddresses",
        "federation", "xmpp", "nextHop", "accessEdgePort",
    ]
    static let edgeAddressKeys = ["access", "webConferencing", "av"]
    static let reverseProxyKeys = [
        "externalAddress", "autodiscover", "lyncdiscoverRecord", "externalGateway", "externalPrefixLength",
        "internalAddress", "internalPrefixLength", "internalGateway", "internalRoutes",
    ]
    static let routeKeys = ["subnet", "via"]
    static let certificateKeys = ["keySize", "wildcard", "organization", "maxSubjectAlternativeNames"]
    static let organizationKeys = ["O", "OU", "L", "ST", "C"]

    /// Key sizes accepted for RSA keys.
    ///
    /// Lync 2013 itself accepts 1024-bit keys (CS-DIR: "min key 1024, 2048 recommended"), but no
    /// public CA has issued a 1024-bit certificate since the CA/Browser Forum minimum became 2048
    /// bits (2013), so 1024 is refused with that reason rather than planned and then rejected by
    /// the CA. Sizes other than 2048/3072/4096 are refused as well: Windows `certreq` and every CA
    /// accept these three, and nothing in the rules calls for more.
    /// 1024 is Lync's documented minimum (Certificate summary, JJ204846: "you may receive a
    /// warning"): accepted, and the certificate plan warns `weak-key`.
    static let keySizes = [1024, 2048, 3072, 4096]

    // MARK: Entry point

    mutating func read(_ root: DocumentNode) -> Topology {
        var topology = Topology(sipDomains: [], simpleUrls: SimpleUrls(meet: [], dialin: ""), pools: [])
        guard
            let map = map(
                root, path: "", allowed: Self.rootKeys,
                what: "the top level must be a map with keys version, sipDomains, simpleUrls, pools, …")
        else { return topology }

        if let version = int(map, "version") {
            topology.version = version
            if version != 1 {
                add(path("", "version"), value: String(version), "only version 1 of the topology format exists")
            }
        }

        if let node = required(map, "sipDomains", what: "the SIP domains (a list, the default SIP domain first)"),
            let items = list(node, path: "sipDomains")
        {
            if items.isEmpty { add("sipDomains", "at least one SIP domain is required") }
            for (index, item) in items.enumerated() {
                let itemPath = "sipDomains[\(index)]"
                if let domain = fqdnScalar(item, path: itemPath, multiLabel: true, what: "a SIP domain") {
                    topology.sipDomains.append(domain)
                }
            }
        }

        if let node = required(map, "simpleUrls", what: "the simple URLs (meet, dialin, optional admin)") {
            topology.simpleUrls = readSimpleUrls(node)
        }

        if let node = required(map, "pools", what: "the Front End pools, Standard Edition servers and Directors"),
            let items = list(node, path: "pools")
        {
            if items.isEmpty { add("pools", "at least one pool (Front End, Standard Edition or Director) is required") }
            for (index, item) in items.enumerated() {
                topology.pools.append(readPool(item, path: "pools[\(index)]"))
            }
        }

        if let node = optional(map, "officeWebApps") {
            topology.officeWebApps = readOfficeWebApps(node)
        }

        if let node = optional(map, "edgePools"), let items = list(node, path: "edgePools") {
            for (index, item) in items.enumerated() {
                topology.edgePools.append(readEdge(item, path: "edgePools[\(index)]"))
            }
        }

        if let node = optional(map, "reverseProxy") {
            topology.reverseProxy = readReverseProxy(node)
        }

        if let node = optional(map, "certificates") {
            topology.certificates = readCertificates(node)
        }
        return topology
    }

    // MARK: Sections

    mutating func readSimpleUrls(_ node: DocumentNode) -> SimpleUrls {
        var urls = SimpleUrls(meet: [], dialin: "")
        guard let map = map(node, path: "simpleUrls", allowed: Self.simpleUrlKeys) else { return urls }
        if let meetNode = required(map, "meet", what: "one Meet URL per SIP domain: a list of {domain, url}"),
            let items = list(
                meetNode, path: "simpleUrls.meet", what: "a list of {domain: <SIP domain>, url: \"https://…\"} entries")
        {
            if items.isEmpty { add("simpleUrls.meet", "every SIP domain needs a Meet simple URL; the list is empty") }
            for (index, item) in items.enumerated() {
                let itemPath = "simpleUrls.meet[\(index)]"
                guard let entry = self.map(item, path: itemPath, allowed: Self.meetKeys) else { continue }
                let domain = fqdn(
                    entry, "domain", required: true, multiLabel: true, what: "the SIP domain this URL serves")
                let url = string(entry, "url", required: true, what: "the Meet URL, https://…")
                urls.meet.append(MeetUrl(domain: domain ?? "", url: url ?? ""))
            }
        }
        urls.dialin = string(map, "dialin", required: true, what: "the Dial-in URL, https://…") ?? ""
        urls.admin = string(map, "admin")
        return urls
    }

    mutating func readPool(_ node: DocumentNode, path poolPath: String) -> Pool {
        var pool = Pool(fqdn: "", role: .frontEnd)
        guard let map = map(node, path: poolPath, allowed: Self.poolKeys) else { return pool }
        pool.fqdn = fqdn(map, "fqdn", required: true, what: "the pool FQDN") ?? ""
        pool.role =
            enumValue(map, "role", PoolRole.self, required: true, what: "frontEnd, standardEdition or director")
            ?? .frontEnd
        pool.site = string(map, "site")
        if let machinesNode = optional(map, "machines"),
            let items = list(machinesNode, path: path(poolPath, "machines"))
        {
            for (index, item) in items.enumerated() {
                if let name = fqdnScalar(item, path: "\(poolPath).machines[\(index)]", what: "a server FQDN") {
                    pool.machines.append(name)
                }
            }
        }
        pool.internalWebFqdn = fqdn(map, "internalWebFqdn")
        pool.externalWebFqdn = fqdn(map, "externalWebFqdn", multiLabel: true)
        pool.internalWebAddress = address(map, "internalWebAddress")
        if let portsNode = optional(map, "ports"),
            let ports = self.map(portsNode, path: path(poolPath, "ports"), allowed: Self.portKeys)
        {
            pool.ports.httpListen = port(ports, "httpListen") ?? pool.ports.httpListen
            pool.ports.httpsListen = port(ports, "httpsListen") ?? pool.ports.httpsListen
            pool.ports.httpPublished = port(ports, "httpPublished") ?? pool.ports.httpPublished
            pool.ports.httpsPublished = port(ports, "httpsPublished") ?? pool.ports.httpsPublished
        }
        return pool
    }

    mutating func readOfficeWebApps(_ node: DocumentNode) -> OfficeWebApps? {
        guard let map = map(node, path: "officeWebApps", allowed: Self.officeWebAppsKeys) else { return nil }
        var owa = OfficeWebApps(
            fqdn: fqdn(map, "fqdn", required: true, multiLabel: true, what: "the OWAS farm FQDN") ?? "")
        owa.publishedExternally = bool(map, "publishedExternally") ?? false
        owa.externalAddress = address(map, "externalAddress")
        owa.internalAddress = address(map, "internalAddress")
        return owa
    }

    mutating func readEdge(_ node: DocumentNode, path edgePath: String) -> EdgePool {
        var edge = EdgePool(fqdn: "", accessEdgeFqdn: "", webConferencingFqdn: "", avFqdn: "")
        guard let map = map(node, path: edgePath, allowed: Self.edgeKeys) else { return edge }
        edge.fqdn = fqdn(map, "fqdn", required: true, what: "the Edge pool's internal FQDN") ?? ""
        edge.accessEdgeFqdn =
            fqdn(
                map, "accessEdgeFqdn", required: true, multiLabel: true, what: "the Access Edge FQDN, e.g. sip.<domain>"
            )
            ?? ""
        edge.webConferencingFqdn =
            fqdn(map, "webConferencingFqdn", required: true, multiLabel: true, what: "the Web Conferencing Edge FQDN")
            ?? ""
        edge.avFqdn = fqdn(map, "avFqdn", required: true, multiLabel: true, what: "the A/V Edge FQDN") ?? ""
        if let addressesNode = optional(map, "externalAddresses"),
            let addresses = self.map(
                addressesNode, path: path(edgePath, "externalAddresses"), allowed: Self.edgeAddressKeys)
        {
            edge.externalAddresses.access = addressList(addresses, "access")
            edge.externalAddresses.webConferencing = addressList(addresses, "webConferencing")
            edge.externalAddresses.av = addressList(addresses, "av")
        }
        if let internalNode = optional(map, "internalAddresses"),
            let items = list(internalNode, path: path(edgePath, "internalAddresses"))
        {
            for (index, item) in items.enumerated() {
                if let value = addressScalar(item, path: "\(edgePath).internalAddresses[\(index)]") {
                    edge.internalAddresses.append(value)
                }
            }
        }
        edge.federation = bool(map, "federation") ?? false
        edge.xmpp = bool(map, "xmpp") ?? false
        edge.nextHop = fqdn(map, "nextHop")
        edge.accessEdgePort = port(map, "accessEdgePort")
        return edge
    }

    mutating func readReverseProxy(_ node: DocumentNode) -> ReverseProxy {
        var proxy = ReverseProxy()
        guard let map = map(node, path: "reverseProxy", allowed: Self.reverseProxyKeys) else { return proxy }
        proxy.externalAddress = address(map, "externalAddress")
        proxy.autodiscover = enumValue(map, "autodiscover", AutodiscoverMode.self, what: "https or http") ?? .https
        proxy.lyncdiscoverRecord =
            enumValue(map, "lyncdiscoverRecord", LyncdiscoverRecordKind.self, what: "a or cname") ?? .a
        proxy.externalGateway = address(map, "externalGateway")
        proxy.externalPrefixLength = prefixLength(map, "externalPrefixLength", address: proxy.externalAddress)
        proxy.internalAddress = address(map, "internalAddress")
        proxy.internalPrefixLength = prefixLength(map, "internalPrefixLength", address: proxy.internalAddress)
        proxy.internalGateway = address(map, "internalGateway")
        if let routesNode = optional(map, "internalRoutes"),
            let items = list(routesNode, path: "reverseProxy.internalRoutes", what: "a list of {subnet, via}")
        {
            for (index, item) in items.enumerated() {
                let routePath = "reverseProxy.internalRoutes[\(index)]"
                guard let route = self.map(item, path: routePath, allowed: Self.routeKeys) else { continue }
                let subnet = self.subnet(route, "subnet")
                let via = address(route, "via", required: true, what: "the next-hop router on the internal network")
                if let subnet, let via,
                    let subnetBytes = IPAddressSyntax.parse(String(subnet.split(separator: "/")[0])),
                    let viaBytes = IPAddressSyntax.parse(via), subnetBytes.count != viaBytes.count
                {
                    add(
                        path(routePath, "via"), value: via,
                        "the next hop and the subnet must be the same address family (both IPv4 or both IPv6)")
                }
                proxy.internalRoutes.append(Route(subnet: subnet ?? "", via: via ?? ""))
            }
        }
        return proxy
    }

    mutating func readCertificates(_ node: DocumentNode) -> CertificatePolicy {
        var policy = CertificatePolicy()
        guard let map = map(node, path: "certificates", allowed: Self.certificateKeys) else { return policy }
        if let size = int(map, "keySize") {
            if !Self.keySizes.contains(size) {
                add(
                    "certificates.keySize", value: String(size),
                    "the RSA key size must be 2048, 3072 or 4096 (1024, Lync's minimum, is accepted with a warning)")
            } else {
                policy.keySize = size
            }
        }
        policy.wildcard =
            enumValue(map, "wildcard", WildcardPolicy.self, what: "none, simpleUrls or simpleUrlsAndAutodiscover")
            ?? .none
        if let orgNode = optional(map, "organization"),
            let org = self.map(orgNode, path: "certificates.organization", allowed: Self.organizationKeys)
        {
            var organization = Organization()
            organization.O = string(org, "O")
            organization.OU = string(org, "OU")
            organization.L = string(org, "L")
            organization.ST = string(org, "ST")
            if let country = string(org, "C") {
                if country.count == 2 && country.allSatisfy({ $0.isASCII && $0.isLetter }) {
                    organization.C = country.uppercased()
                } else {
                    add(
                        "certificates.organization.C", value: country,
                        "the country must be a two-letter ISO 3166 code such as US or DE")
                }
            }
            policy.organization = organization
        }
        if let maximum = int(map, "maxSubjectAlternativeNames") {
            if maximum < 1 {
                add(
                    "certificates.maxSubjectAlternativeNames", value: String(maximum),
                    "the SAN limit must be at least 1")
            } else {
                policy.maxSubjectAlternativeNames = maximum
            }
        }
        return policy
    }

    // MARK: Problems

    mutating func add(_ path: String, line: Int? = nil, value: String? = nil, _ message: String) {
        problems.append(TopologyProblem(path: path, line: line ?? lines[path], value: value, message: message))
    }

    func path(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : parent + "." + key }

    // MARK: Structure

    /// A map's entries by key, with its path and line.
    struct MapView {
        var path: String
        var line: Int?
        var entries: [String: DocumentNode.Entry]
    }

    mutating func map(_ node: DocumentNode, path: String, allowed: [String], what: String? = nil) -> MapView? {
        guard case .map(let entries) = node.kind else {
            if case .null = node.kind, path.isEmpty {
                problems.append(DocumentParser.emptyDocument)
                return nil
            }
            add(
                path, line: node.line, value: node.scalarText,
                (what ?? "expected a map (key: value pairs)") + ", got \(node.kindDescription)")
            return nil
        }
        if path.isEmpty && entries.isEmpty {
            problems.append(DocumentParser.emptyDocument)
            return nil
        }
        var view = MapView(path: path, line: node.line, entries: [:])
        for entry in entries {
            let childPath = self.path(path, entry.key)
            // A map or list value points at its key's line ("simpleUrls:"), where a reader looks.
            switch entry.value.kind {
            case .map, .list: lines[childPath] = entry.keyLine ?? entry.value.line ?? node.line
            default: lines[childPath] = entry.value.line ?? entry.keyLine ?? node.line
            }
            if allowed.contains(entry.key) {
                view.entries[entry.key] = entry
            } else {
                add(
                    childPath, line: entry.keyLine ?? lines[childPath],
                    Suggestion.unknownKeyMessage(entry.key, allowed: allowed, at: path))
            }
        }
        return view
    }

    mutating func list(_ node: DocumentNode, path: String, what: String? = nil) -> [DocumentNode]? {
        guard case .list(let items) = node.kind else {
            add(
                path, line: node.line, value: node.scalarText,
                "expected \(what ?? "a list"), got \(node.kindDescription)")
            return nil
        }
        for (index, item) in items.enumerated() {
            lines["\(path)[\(index)]"] = item.line ?? node.line
        }
        return items
    }

    /// The value of `key`, or a "required" problem when it is absent or null.
    mutating func required(_ map: MapView, _ key: String, what: String) -> DocumentNode? {
        let keyPath = path(map.path, key)
        guard let entry = map.entries[key] else {
            add(keyPath, line: lines[map.path] ?? map.line, "required key '\(key)' is missing: \(what)")
            return nil
        }
        if case .null = entry.value.kind {
            add(keyPath, "required key '\(key)' has no value: \(what)")
            return nil
        }
        return entry.value
    }

    /// The value of `key`, or `nil` when it is absent or null.
    func optional(_ map: MapView, _ key: String) -> DocumentNode? {
        guard let entry = map.entries[key] else { return nil }
        if case .null = entry.value.kind { return nil }
        return entry.value
    }

    mutating func value(_ map: MapView, _ key: String, required isRequired: Bool, what: String?) -> DocumentNode? {
        if isRequired { return required(map, key, what: what ?? "") }
        return optional(map, key)
    }

    // MARK: Scalars

    mutating func stringScalar(_ node: DocumentNode, path: String, what: String? = nil) -> String? {
        switch node.kind {
        case .string(let text):
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                add(path, line: node.line, "the value is empty" + (what.map { ": expected \($0)" } ?? ""))
                return nil
            }
            if let control = UntrustedText.firstControl(in: text) {
                // A newline in `O` would become a second line of the exported .cnf or .inf (an
                // extra SAN in the CSR); no topology value has a use for any control character.
                add(
                    path, line: node.line, value: text,
                    "contains the control character \(UntrustedText.visible(control)) (\(UntrustedText.codePoint(control))); topology values are single-line text without control characters"
                )
                return nil
            }
            return text
        case .number(let text):
            add(
                path, line: node.line, value: text,
                "expected text, got a number; put it in quotes if it is meant as text")
            return nil
        case .bool(let flag):
            add(
                path, line: node.line, value: flag ? "true" : "false",
                "expected text, got a boolean; put it in quotes if it is meant as text")
            return nil
        case .null:
            return nil
        case .map, .list:
            add(
                path, line: node.line,
                "expected text" + (what.map { " (\($0))" } ?? "") + ", got \(node.kindDescription)")
            return nil
        }
    }

    mutating func string(_ map: MapView, _ key: String, required isRequired: Bool = false, what: String? = nil)
        -> String?
    {
        guard let node = value(map, key, required: isRequired, what: what) else { return nil }
        return stringScalar(node, path: path(map.path, key), what: what)
    }

    mutating func fqdnScalar(_ node: DocumentNode, path: String, multiLabel: Bool = false, what: String? = nil)
        -> String?
    {
        guard let text = stringScalar(node, path: path, what: what) else {
            if case .null = node.kind { add(path, line: node.line, "the value is empty") }
            return nil
        }
        if let problem = Hostname.syntaxProblem(text) {
            add(path, line: node.line, value: text, "not a valid FQDN: \(problem)")
            return nil
        }
        let name = Hostname.normalized(text)
        if multiLabel && !name.contains(".") {
            add(
                path, line: node.line, value: text,
                "a single-label name is not supported here; give the full DNS name (e.g. \(name).contoso.com)")
            return nil
        }
        return name
    }

    mutating func fqdn(
        _ map: MapView, _ key: String, required isRequired: Bool = false, multiLabel: Bool = false, what: String? = nil
    ) -> String? {
        guard let node = value(map, key, required: isRequired, what: what) else { return nil }
        return fqdnScalar(node, path: path(map.path, key), multiLabel: multiLabel, what: what)
    }

    mutating func addressScalar(_ node: DocumentNode, path: String) -> String? {
        guard let text = stringScalar(node, path: path, what: "an IPv4 or IPv6 address") else { return nil }
        guard let bytes = IPAddressSyntax.parse(text) else {
            add(path, line: node.line, value: text, IPAddressSyntax.problem(text) ?? "not a valid IP address")
            return nil
        }
        return IPAddressSyntax.format(bytes)
    }

    mutating func address(_ map: MapView, _ key: String, required isRequired: Bool = false, what: String? = nil)
        -> String?
    {
        guard let node = value(map, key, required: isRequired, what: what) else { return nil }
        return addressScalar(node, path: path(map.path, key))
    }

    /// One address, or a list of them (an Edge pool with DNS load balancing), each once.
    mutating func addressList(_ map: MapView, _ key: String) -> [String] {
        guard let node = optional(map, key) else { return [] }
        let keyPath = path(map.path, key)
        guard case .list(let items) = node.kind else { return addressScalar(node, path: keyPath).map { [$0] } ?? [] }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard let value = addressScalar(item, path: "\(keyPath)[\(index)]") else { continue }
            if result.contains(value) {
                add("\(keyPath)[\(index)]", line: item.line, value: value, "this address is listed twice")
            } else {
                result.append(value)
            }
        }
        return result
    }

    mutating func subnet(_ map: MapView, _ key: String) -> String? {
        guard
            let node = value(
                map, key, required: true, what: "the destination subnet in CIDR form, e.g. 192.168.10.0/24")
        else { return nil }
        let keyPath = path(map.path, key)
        guard let text = stringScalar(node, path: keyPath, what: "a subnet in CIDR form") else { return nil }
        switch IPAddressSyntax.parseSubnet(text) {
        case .success(let subnet): return subnet.description
        case .failure(let error):
            add(keyPath, line: node.line, value: text, "not a valid subnet: \(error.reason)")
            return nil
        }
    }

    mutating func int(_ map: MapView, _ key: String) -> Int? {
        guard let node = optional(map, key) else { return nil }
        let keyPath = path(map.path, key)
        guard case .number(let text) = node.kind else {
            add(
                keyPath, line: node.line, value: node.scalarText, "expected a whole number, got \(node.kindDescription)"
            )
            return nil
        }
        guard let value = Int(text) else {
            add(keyPath, line: node.line, value: text, "expected a whole number")
            return nil
        }
        return value
    }

    mutating func port(_ map: MapView, _ key: String) -> Int? {
        guard let value = int(map, key) else { return nil }
        guard (1...65535).contains(value) else {
            add(path(map.path, key), value: String(value), "a TCP port must be between 1 and 65535")
            return nil
        }
        return value
    }

    mutating func prefixLength(_ map: MapView, _ key: String, address: String?) -> Int? {
        guard let value = int(map, key) else { return nil }
        let maximum = address.flatMap { IPAddressSyntax.parse($0) }.map { $0.count * 8 } ?? 128
        guard (0...maximum).contains(value) else {
            add(path(map.path, key), value: String(value), "a prefix length must be between 0 and \(maximum)")
            return nil
        }
        return value
    }

    mutating func bool(_ map: MapView, _ key: String) -> Bool? {
        guard let node = optional(map, key) else { return nil }
        guard case .bool(let flag) = node.kind else {
            add(
                path(map.path, key), line: node.line, value: node.scalarText,
                "expected true or false, got \(node.kindDescription)")
            return nil
        }
        return flag
    }

    mutating func enumValue<T: RawRepresentable & CaseIterable>(
        _ map: MapView, _ key: String, _ type: T.Type, required isRequired: Bool = false, what: String
    ) -> T? where T.RawValue == String {
        guard let node = value(map, key, required: isRequired, what: what) else { return nil }
        let keyPath = path(map.path, key)
        guard let text = stringScalar(node, path: keyPath, what: what) else { return nil }
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map(\.rawValue)
        var message = "must be one of: \(allowed.joined(separator: ", "))"
        if let guess = Suggestion.closest(to: text, among: allowed) { message += " (did you mean '\(guess)'?)" }
        add(keyPath, line: node.line, value: text, message)
        return nil
    }
}
