/// The finding codes the host planner emits (docs/findings.md, "host plan findings"). Kebab-case and stable.
public enum HostPlanFindingCode {
    /// Error: a publishing target's address lies in no routed subnet and not on the internal
    /// adapter's own subnet (§3).
    public static let targetNotRouted = "target-not-routed"
    /// Warning: a target's address lies in no routed subnet, and whether it is on the internal
    /// adapter's subnet is unknown (no `internalPrefixLength`): it may be on-link.
    public static let targetRouteUnknown = "target-route-unknown"
    /// Warning: an internal name has no known address; the admin must add it to the HOSTS file or
    /// the perimeter DNS (§3, §10).
    public static let internalAddressUnknown = "internal-address-unknown"
    /// Error: a default gateway on the internal adapter (§3: gateway on the external adapter only).
    public static let gatewayOnInternalAdapter = "gateway-on-internal-adapter"
    /// Error: the external and internal adapters share a subnet (§3: two separate networks).
    public static let adaptersSameSubnet = "adapters-same-subnet"
    /// Error: a route's next hop is not on the internal adapter's subnet; Windows cannot reach it.
    public static let routeNextHopOffSubnet = "route-next-hop-off-subnet"
    /// Error: a route's next hop is on the external side (external gateway, external address or
    /// external subnet): internal traffic would leave through the perimeter's outside.
    public static let routeViaNotInternal = "route-via-not-internal"
    /// Error: a route whose subnet or next hop is not a valid address (only from hand-built topologies;
    /// the loader refuses such files).
    public static let routeInvalid = "route-invalid"
    /// Warning: the topology does not give the reverse proxy's internal address; routes and
    /// firewall sources cannot be checked.
    public static let internalAdapterUnknown = "internal-adapter-unknown"
    /// Info: the internal adapter's prefix length is not given; on-link and next-hop checks are skipped.
    public static let internalPrefixUnknown = "internal-prefix-unknown"

    /// Every code, for documentation tests.
    public static let all = [
        targetNotRouted, targetRouteUnknown, internalAddressUnknown, gatewayOnInternalAdapter, adaptersSameSubnet,
        routeNextHopOffSubnet,
        routeViaNotInternal, routeInvalid, internalAdapterUnknown, internalPrefixUnknown,
    ]
}
