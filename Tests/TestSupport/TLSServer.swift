import Foundation

/// An nginx TLS server on 127.0.0.1 with name-based virtual hosts, for live audit tests.
///
/// Runs on ``NginxReverseProxy`` (prefix, pid, logs and temp folders in a temporary folder,
/// `nginx -t` first); stopped (SIGQUIT, then SIGKILL) when the value is released.
public final class TLSServer: @unchecked Sendable {
    /// One `server` block: the names it answers (SNI) and its certificate chain and key.
    public struct VirtualHost: Sendable {
        public var names: [String]
        /// PEM: the leaf, then any intermediates to send.
        public var certificateChain: URL
        public var key: URL

        public init(names: [String], certificateChain: URL, key: URL) {
            self.names = names
            self.certificateChain = certificateChain
            self.key = key
        }
    }

    public let port: UInt16
    private let nginx: NginxReverseProxy

    /// Starts nginx with `defaultHost` as the default server (what a client without SNI, or with
    /// an unknown name, gets) and `hosts` as named servers; returns once the port accepts.
    public init(defaultHost: VirtualHost, hosts: [VirtualHost]) throws {
        nginx = try NginxReverseProxy.start { ports in
            func block(_ host: VirtualHost, isDefault: Bool) -> String {
                """
                    server {
                        listen 127.0.0.1:\(ports[0]) ssl\(isDefault ? " default_server" : "");
                        server_name \(isDefault ? "_" : host.names.joined(separator: " "));
                        ssl_certificate \(host.certificateChain.path);
                        ssl_certificate_key \(host.key.path);
                        return 204;
                    }
                """
            }
            return """
                    ssl_protocols TLSv1.2 TLSv1.3;
                    ssl_session_cache off;
                \(block(defaultHost, isDefault: true))
                \(hosts.map { block($0, isDefault: false) }.joined(separator: "\n"))
                """
        }
        port = nginx.ports[0]
    }

    /// `127.0.0.1:<port>`.
    public var address: String { "127.0.0.1:\(port)" }

    public func stop() { nginx.stop() }
}
