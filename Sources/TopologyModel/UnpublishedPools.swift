extension Topology {
    /// Pools whose web services are not published although the deployment is reachable from
    /// outside (an Edge pool, or another pool published): the certificate and publishing plans
    /// both report them through this one function, with the same code, severity and path, so the
    /// combined findings hold one per pool.
    ///
    /// - `pool-not-published` (warning): a Front End pool or Standard Edition server; its remote
    ///   users get no meetings, address book or mobility (lync-rules.md §1).
    /// - `director-not-published` (error): a Director. DNS summary - Reverse proxy (JJ204781):
    ///   "you must define and publish both the Director and the Front End pool external web
    ///   services if you are using Directors" — remote clients sign in and are redirected through it.
    public func unpublishedPoolFindings() -> [Finding] {
        guard pools.contains(where: { $0.externalWebFqdn != nil }) || !edgePools.isEmpty else { return [] }
        return pools.enumerated().compactMap { index, pool in
            guard pool.externalWebFqdn == nil, !pool.fqdn.isEmpty else { return nil }
            let path = "pools[\(index)].externalWebFqdn"
            if pool.role == .director {
                return Finding(
                    .directorNotPublished,
                    message:
                        "Director \(pool.fqdn) has no externalWebFqdn: with Directors, both the Director's and the "
                        + "Front End pools' external web services must be defined and published (DNS summary - "
                        + "Reverse proxy, JJ204781)", path: path)
            }
            let role = pool.role == .standardEdition ? "Standard Edition server" : "Front End pool"
            return Finding(
                .poolNotPublished,
                message:
                    "\(role) \(pool.fqdn) has no externalWebFqdn: its web services are not published through the "
                    + "reverse proxy, so remote users homed on it get no meetings, address book, group expansion "
                    + "or mobility (§1)", path: path)
        }
    }
}
