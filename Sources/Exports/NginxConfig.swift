import LyncSupport
import PublishingPlanner
import TopologyModel

extension Exporter {
    /// Pins an upstream (a rule target, optionally one forward port) to an address and port:
    /// `--resolve NAME[:PORT]=ADDR[:PORT]`, with `*` as NAME for every target.
    ///
    /// nginx resolves upstream host names once, at start-up, through the system resolver; a reverse
    /// proxy must not use the internal DNS (§3), and a rehearsal or a test must reach a stand-in
    /// on loopback. A pin replaces the name (and, when given, the port) in the `upstream` block;
    /// the Host header and SNI still carry the published name.
    public struct NginxUpstreamPin: Sendable, Equatable {
        /// The rule target (lower-case) or `*`.
        public var name: String
        /// Only the upstream with this forward port; `nil` for every port of `name`.
        public var port: Int?
        public var address: String
        /// Replacement port; `nil` keeps the forward port.
        public var newPort: Int?

        public init(name: String, port: Int? = nil, address: String, newPort: Int? = nil) {
            self.name = name
            self.port = port
            self.address = address
            self.newPort = newPort
        }

        /// Parses `NAME[:PORT]=ADDR[:PORT]` (an IPv6 ADDR in brackets when a port follows:
        /// `[::1]:18443`); `nil` when malformed.
        public static func parse(_ text: String) -> NginxUpstreamPin? {
            guard let eq = text.firstIndex(of: "=") else { return nil }
            let left = String(text[..<eq])
            let right = String(text[text.index(after: eq)...])
            guard let name = try? Endpoint(parsing: left), name.host == "*" || Hostname.syntaxProblem(name.host) == nil,
                let upstream = try? Endpoint(parsing: right), upstream.address != nil
            else { return nil }
            return NginxUpstreamPin(
                name: Hostname.normalized(name.host), port: name.port.map(Int.init), address: upstream.host,
                newPort: upstream.port.map(Int.init))
        }
    }

    /// Options of the nginx export.
    public struct NginxOptions: Sendable, Equatable {
        /// Default certificate path (PEM: the reverse-proxy certificate followed by its intermediates).
        public static let defaultCertificateFile = "/etc/nginx/ssl/lync-reverse-proxy.crt"
        /// Default private key path (PEM, readable only by root).
        public static let defaultKeyFile = "/etc/nginx/ssl/lync-reverse-proxy.key"
        /// Default file of the internal root CA (PEM) that issued the pools' certificates.
        public static let defaultUpstreamCAFile = "/etc/nginx/ssl/lync-internal-ca.crt"

        public var certificateFile: String
        public var keyFile: String
        /// Listen on this address only; `nil` listens on every address.
        public var listenAddress: String?
        /// Replaces every HTTPS rule's published port (443); `nil` keeps the plan's.
        public var httpsPort: Int?
        /// Replaces every HTTP rule's published port (80); `nil` keeps the plan's.
        public var httpPort: Int?
        /// A complete `nginx.conf` (`events {}`, `http {}`) instead of a file to include in `http {}`.
        public var full: Bool
        public var pins: [NginxUpstreamPin]
        /// The internal root CA (PEM) the pools' certificates are verified against on the upstream hop.
        public var upstreamCAFile: String
        /// `ssl_password_file`: passphrases of an encrypted key, one a line (the path, never a passphrase).
        public var sslPasswordFile: String?
        /// The lowest TLS version the listeners accept.
        public var tlsMinimum: NginxTLSVersion

        public init(
            certificateFile: String = NginxOptions.defaultCertificateFile,
            keyFile: String = NginxOptions.defaultKeyFile,
            listenAddress: String? = nil, httpsPort: Int? = nil, httpPort: Int? = nil, full: Bool = false,
            pins: [NginxUpstreamPin] = [], upstreamCAFile: String = NginxOptions.defaultUpstreamCAFile,
            sslPasswordFile: String? = nil, tlsMinimum: NginxTLSVersion = .v1_2
        ) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.listenAddress = listenAddress
            self.httpsPort = httpsPort
            self.httpPort = httpPort
            self.full = full
            self.pins = pins
            self.upstreamCAFile = upstreamCAFile
            self.sslPasswordFile = sslPasswordFile
            self.tlsMinimum = tlsMinimum
        }
    }

    /// `--tls-min`: the lowest protocol of the public listeners.
    public enum NginxTLSVersion: String, Sendable, Equatable, CaseIterable {
        case v1_2 = "1.2"
        case v1_3 = "1.3"

        /// The `ssl_protocols` list.
        var protocols: String { self == .v1_2 ? "TLSv1.2 TLSv1.3" : "TLSv1.3" }
    }

    /// One nginx upstream: a rule target and forward port.
    struct NginxUpstream: Equatable {
        var name: String
        var target: String
        var scheme: String
        var forwardPort: Int
        var server: String
        var comment: String
    }

    /// An nginx reverse-proxy configuration equivalent to the publishing plan (lync-rules.md §1, §10).
    ///
    /// Per rule one `server` block: `listen 443 ssl` (80 for the autodiscover-over-HTTP rule),
    /// `server_name` = the rule's public names, the reverse-proxy certificate, and `location /` (path
    /// `/*`; only the simple-URL paths on a shared base host, see `nginxLocation`) proxying to an `upstream` per target and forward port (4443; 8080; 443 for Office Web
    /// Apps). The original Host header is forwarded (`proxy_set_header Host $host`); the
    /// hop to the pool is HTTPS again (no SSL offloading) and verified like TMG's "use SSL to connect":
    /// the pool's certificate must chain to the internal root CA (`proxy_ssl_verify on`,
    /// `proxy_ssl_trusted_certificate`) and cover the rule's internal site name — the internal web
    /// FQDN, or the OWAS FQDN — which is also sent as SNI (`proxy_ssl_name`, `proxy_ssl_server_name
    /// on`). Verification is on by default: without `--upstream-ca` the config names a placeholder
    /// path that `nginx -t` refuses until the CA is there, rather than trusting any certificate.
    /// Time-outs are the rule's 960 s (mobile clients' long polls and push notifications), buffering
    /// is off in both directions so long polls and large uploads stream, and `client_max_body_size 0` leaves the request size limit to IIS on the pool.
    ///
    /// Upstream addresses: a `--resolve` pin, else the target address from the topology, else the
    /// target FQDN, which nginx resolves at start-up (HOSTS file or perimeter DNS, §3).
    public static func nginxConfig(_ plan: PublishingPlan, options: NginxOptions = NginxOptions()) -> String {
        let upstreams = nginxUpstreams(plan, pins: options.pins)
        var body: [String] = [
            "# lynccert: nginx reverse proxy for Lync Server 2013 / Skype for Business (lync-rules.md §10).",
            options.full
                ? "# A complete nginx.conf: nginx -t -c <this file>."
                : "# Include inside the http {} block of nginx.conf: include /etc/nginx/conf.d/lync.conf;",
            "# Certificate: the reverse-proxy certificate (lynccert id reverse-proxy) with its intermediates.",
            "# Upstream TLS is verified: the pools' certificates must chain to the internal root CA in",
            "#   \(nginxComment(options.upstreamCAFile))",
            "# and name the internal site (proxy_ssl_name).",
        ]
        if options.upstreamCAFile == NginxOptions.defaultUpstreamCAFile {
            body.append(
                "# Placeholder: copy the internal root CA (PEM) there, or export again with --upstream-ca FILE.")
        }
        if let password = options.sslPasswordFile {
            body.append(
                "# The key is encrypted: its passphrase is read from \(nginxComment(password)) (mode 0600, owner root)."
            )
        }
        body.append("")
        for u in upstreams {
            body += [
                "upstream \(u.name) {",
                "    # \(u.comment)",
                "    server \(u.server);",
                "    keepalive 16;",
                "}",
                "",
            ]
        }
        for rule in plan.rules {
            let http = rule.protocol == "http"
            let port = (http ? options.httpPort : options.httpsPort) ?? rule.listenPort
            let listen = options.listenAddress.map { hostPort($0, port) } ?? "\(port)"
            guard
                let upstream = upstreams.first(where: {
                    $0.target == rule.target && $0.forwardPort == rule.forwardPort && $0.scheme == rule.protocol
                })
            else { continue }
            body += [
                "# \(rule.kind.rawValue): \(rule.publicNames.joined(separator: ", ")) -> \(rule.target):\(rule.forwardPort)",
                "server {",
                "    listen \(listen)\(http ? "" : " ssl");",
                "    server_name \(rule.publicNames.joined(separator: " "));",
            ]
            if !http {
                body += [
                    "",
                    "    ssl_certificate \(nginxString(options.certificateFile));",
                    "    ssl_certificate_key \(nginxString(options.keyFile));",
                ]
                if let password = options.sslPasswordFile {
                    body.append("    ssl_password_file \(nginxString(password));")
                }
                body.append("    ssl_protocols \(options.tlsMinimum.protocols);")
            }
            body += [
                "",
                "    client_max_body_size 0;",
                "",
                "    location \(nginxLocation(rule.paths)) {",
                "        proxy_pass \(rule.protocol)://\(upstream.name);",
                "        proxy_http_version 1.1;",
                "        proxy_set_header Connection \"\";",
                "        proxy_set_header Host $host;",
            ]
            if !http {
                body += [
                    "        proxy_ssl_verify on;",
                    "        proxy_ssl_verify_depth 4;",
                    "        proxy_ssl_trusted_certificate \(nginxString(options.upstreamCAFile));",
                    "        proxy_ssl_server_name on;",
                    "        proxy_ssl_name \(nginxString(rule.target));",
                ]
            }
            body += [
                "        proxy_redirect off;",
                "        proxy_buffering off;",
                "        proxy_request_buffering off;",
                "        proxy_connect_timeout 30s;",
                "        proxy_read_timeout \(rule.timeoutSeconds)s;",
                "        proxy_send_timeout \(rule.timeoutSeconds)s;",
                "    }",
                "}",
                "",
            ]
        }
        while body.last == "" { body.removeLast() }
        guard options.full else { return body.joined(separator: "\n") + "\n" }
        var full = [
            "worker_processes 1;",
            "",
            "events {",
            "    worker_connections 1024;",
            "}",
            "",
            "http {",
        ]
        full += body.map { $0.isEmpty ? "" : "    " + $0 }
        full.append("}")
        return full.joined(separator: "\n") + "\n"
    }

    /// One upstream per (target, forward port, scheme), in rule order.
    static func nginxUpstreams(_ plan: PublishingPlan, pins: [NginxUpstreamPin]) -> [NginxUpstream] {
        var result: [NginxUpstream] = []
        for rule in plan.rules {
            if result.contains(where: {
                $0.target == rule.target && $0.forwardPort == rule.forwardPort && $0.scheme == rule.protocol
            }) {
                continue
            }
            let pin =
                pins.first { $0.name == rule.target && $0.port == rule.forwardPort }
                ?? pins.first { $0.name == rule.target && $0.port == nil }
                ?? pins.first { $0.name == "*" && ($0.port == nil || $0.port == rule.forwardPort) }
            let server: String
            let origin: String
            if let pin {
                server = hostPort(pin.address, pin.newPort ?? rule.forwardPort)
                origin = "pinned with --resolve"
            } else if let address = rule.targetAddress, IPAddress(address) != nil {
                server = hostPort(address, rule.forwardPort)
                origin = "address from the topology"
            } else {
                server = hostPort(rule.target, rule.forwardPort)
                origin = "resolved by nginx at start-up: HOSTS file or perimeter DNS"
            }
            let safe = String(rule.target.map { $0.isLetter || $0.isNumber ? $0 : "_" })
            result.append(
                NginxUpstream(
                    name: "lync_\(safe)_\(rule.forwardPort)", target: rule.target, scheme: rule.protocol,
                    forwardPort: rule.forwardPort, server: server,
                    comment: "\(rule.target) \(rule.protocol.uppercased()) \(rule.forwardPort) (\(origin))"))
        }
        return result
    }

    /// The location of a rule: `/` for `/*`; for the simple-URL paths of a shared base host a
    /// case-insensitive regular expression of just those paths (IIS matches paths without case),
    /// so the Admin path on that host is not proxied: `~* ^/(?:Meet|Dialin)(?:/|$)`.
    static func nginxLocation(_ paths: [String]) -> String {
        guard let alternatives = pathAlternatives(paths) else { return "/" }
        return "~* ^/(?:\(alternatives))(?:/|$)"
    }

    /// `addr:port`, with brackets around an IPv6 address.
    static func hostPort(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// A path inside a `#` comment: control characters (a newline would end the comment) become `?`.
    static func nginxComment(_ text: String) -> String {
        String(text.unicodeScalars.map { UntrustedText.isControl($0) ? "?" : Character($0) })
    }

    /// A path as an nginx string: bare when safe, else double-quoted with escapes.
    static func nginxString(_ text: String) -> String {
        let safe = !text.isEmpty && text.allSatisfy { !$0.isWhitespace && !";{}\"'\\#$".contains($0) }
        return safe ? text : "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }
}
