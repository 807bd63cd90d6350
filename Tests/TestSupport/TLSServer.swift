import Foundation

/// An nginx TLS server on 127.0.0.1 with name-based virtual hosts, for live audit tests.
///
/// nginx runs in the foreground (`daemon off`) with its prefix, pid file, logs and temp folders
/// in a temporary folder; it is stopped (SIGQUIT, then SIGKILL) when the value is released.
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
    private let process: Process
    private let directory: TemporaryDirectory

    /// Starts nginx with `defaultHost` as the default server (what a client without SNI, or with
    /// an unknown name, gets) and `hosts` as named servers; returns once the port accepts.
    public init(defaultHost: VirtualHost, hosts: [VirtualHost]) throws {
        let directory = try TemporaryDirectory(prefix: "lynccert-nginx")
        let port = freeLoopbackPort()
        self.directory = directory
        self.port = port
        let d = directory.path
        func block(_ host: VirtualHost, isDefault: Bool) -> String {
            """
                server {
                    listen 127.0.0.1:\(port) ssl\(isDefault ? " default_server" : "");
                    server_name \(isDefault ? "_" : host.names.joined(separator: " "));
                    ssl_certificate \(host.certificateChain.path);
                    ssl_certificate_key \(host.key.path);
                    return 204;
                }
            """
        }
        let config = """
            worker_processes 1;
            pid \(d)/nginx.pid;
            error_log \(d)/error.log;
            events { worker_connections 512; }
            http {
                access_log off;
                client_body_temp_path \(d)/body;
                proxy_temp_path \(d)/proxy;
                fastcgi_temp_path \(d)/fastcgi;
                uwsgi_temp_path \(d)/uwsgi;
                scgi_temp_path \(d)/scgi;
                ssl_protocols TLSv1.2 TLSv1.3;
                ssl_session_cache off;
            \(block(defaultHost, isDefault: true))
            \(hosts.map { block($0, isDefault: false) }.joined(separator: "\n"))
            }
            """
        let configPath = try directory.write("nginx.conf", config)
        let process = Process()
        self.process = process
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        process.arguments = ["-p", d, "-e", "\(d)/error.log", "-c", configPath, "-g", "daemon off;"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if !process.isRunning {
                let log = (try? String(contentsOfFile: "\(d)/error.log", encoding: .utf8)) ?? ""
                throw TestCAError(message: "nginx exited: \(log)")
            }
            if Self.accepts(port: port) { return }
            usleep(20_000)
        }
        stop()
        throw TestCAError(message: "nginx did not listen on 127.0.0.1:\(port) within 10 s")
    }

    /// `127.0.0.1:<port>`.
    public var address: String { "127.0.0.1:\(port)" }

    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGQUIT)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    static func accepts(port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
