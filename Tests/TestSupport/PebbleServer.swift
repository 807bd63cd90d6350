import Foundation

/// Let's Encrypt's Pebble ACME test CA (Debian package `pebble`) on 127.0.0.1, with
/// `pebble-challtestsrv` as its only DNS server (every name answers A 127.0.0.1, no AAAA), so
/// Pebble really validates HTTP-01 by connecting to 127.0.0.1:`httpPort`.
///
/// Pebble's own TLS certificate is made here (self-signed, IP SAN 127.0.0.1): `tlsTrustAnchor`
/// is the file to pass as `--acme-ca-file`. `rootCertificate()` fetches the root Pebble issues
/// under (new on every start) from its management interface.
public final class PebbleServer: @unchecked Sendable {
    public let folder: TemporaryDirectory
    public let port: UInt16
    public let managementPort: UInt16
    /// The port Pebble's VA connects to for HTTP-01.
    public let httpPort: UInt16
    public let tlsTrustAnchor: URL
    /// pebble-challtestsrv's management interface (plain HTTP): mock DNS data such as TXT records.
    public let challengeManagementPort: UInt16
    private let pebble: Process
    private let challtestsrv: Process

    public var directoryURL: String { "https://127.0.0.1:\(port)/dir" }

    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// - Parameters:
    ///   - nonceRejectPercent: `PEBBLE_WFE_NONCEREJECT`: share of good nonces refused as `badNonce`.
    ///   - blocklist: names Pebble refuses to order (`rejectedIdentifier`).
    ///   - dnsServer: Pebble's DNS server instead of pebble-challtestsrv (a BIND for DNS-01 tests).
    public init(
        nonceRejectPercent: Int = 0, blocklist: [String] = [], httpPort: UInt16? = nil, dnsServer: String? = nil
    ) throws {
        folder = try TemporaryDirectory(prefix: "lynccert-pebble")
        let cert = folder.file("tls.pem")
        let key = folder.file("tls.key")
        let made = try runProcess(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.path, "-out", cert.path, "-subj", "/CN=pebble test TLS", "-addext",
                "subjectAltName=IP:127.0.0.1", "-days", "2",
            ], timeout: 30)
        guard made.status == 0 else { throw SetupError(description: "openssl req: \(made.stderr)") }
        tlsTrustAnchor = cert

        let dnsServer = dnsServer
        // Pebble's VA connects to httpPort and tlsPort; it binds neither. The listeners' ports are
        // fresh on each attempt, for when another process took one meanwhile.
        self.httpPort = try httpPort ?? LoopbackPorts.allocate()
        let tlsPort = try LoopbackPorts.allocate()
        let blocked = blocklist.map { "\"\($0)\"" }.joined(separator: ",")
        let folder = folder
        let httpPortValue = self.httpPort
        let started = try LoopbackPorts.start(ports: 4) { ports -> Started in
            let (dnsPort, challManagement, port, managementPort) = (ports[0], ports[1], ports[2], ports[3])
            guard LoopbackPorts.canBind(dnsPort, type: SOCK_DGRAM) else {
                throw LoopbackPorts.PortTaken("UDP \(dnsPort) is taken")
            }
            let challLog = folder.file("challtestsrv.log")
            _ = FileManager.default.createFile(atPath: challLog.path, contents: nil)
            let challHandle = try FileHandle(forWritingTo: challLog)
            let challtestsrv = Process()
            challtestsrv.executableURL = URL(fileURLWithPath: "/usr/bin/pebble-challtestsrv")
            challtestsrv.arguments = [
                "-dns01", "127.0.0.1:\(dnsPort)", "-http01", "", "-https01", "", "-tlsalpn01", "", "-management",
                "127.0.0.1:\(challManagement)", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "",
            ]
            challtestsrv.standardOutput = challHandle
            challtestsrv.standardError = challHandle
            try challtestsrv.run()

            let config = """
                {"pebble": {"listenAddress": "127.0.0.1:\(port)", "managementListenAddress": "127.0.0.1:\(managementPort)",
                 "certificate": "\(cert.path)", "privateKey": "\(key.path)", "httpPort": \(httpPortValue),
                 "tlsPort": \(tlsPort), "ocspResponderURL": "", "externalAccountBindingRequired": false,
                 "domainBlocklist": [\(blocked)], "retryAfter": {"authz": 1, "order": 1}}}
                """
            let configPath = try folder.write("pebble.json", config)
            let pebble = Process()
            pebble.executableURL = URL(fileURLWithPath: "/usr/bin/pebble")
            pebble.arguments = ["-config", configPath, "-dnsserver", dnsServer ?? "127.0.0.1:\(dnsPort)"]
            pebble.environment = [
                "PEBBLE_VA_NOSLEEP": "1", "PEBBLE_WFE_NONCEREJECT": "\(nonceRejectPercent)", "PEBBLE_AUTHZREUSE": "0",
                "PATH": "/usr/bin:/bin",
            ]
            _ = FileManager.default.createFile(atPath: folder.file("pebble.log").path, contents: nil)
            let logHandle = try FileHandle(forWritingTo: folder.file("pebble.log"))
            pebble.standardOutput = logHandle
            pebble.standardError = logHandle
            try pebble.run()

            let started = Started(
                pebble: pebble, challtestsrv: challtestsrv, port: port, managementPort: managementPort,
                challengeManagementPort: challManagement)
            // Up when Pebble's two listeners and pebble-challtestsrv's management interface listen.
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline && pebble.isRunning && challtestsrv.isRunning {
                // Listening, and by the processes started here (not another one holding the port).
                if LoopbackPorts.listens(pid: pebble.processIdentifier, port: port),
                    LoopbackPorts.listens(pid: pebble.processIdentifier, port: managementPort),
                    LoopbackPorts.listens(pid: challtestsrv.processIdentifier, port: challManagement)
                {
                    return started
                }
                usleep(50_000)
            }
            started.stop()
            let logs = Self.read(folder.file("pebble.log")) + Self.read(challLog)
            if logs.lowercased().contains("address already in use") { throw LoopbackPorts.PortTaken(logs) }
            throw SetupError(description: "pebble did not start: \(logs)")
        }
        pebble = started.pebble
        challtestsrv = started.challtestsrv
        port = started.port
        managementPort = started.managementPort
        challengeManagementPort = started.challengeManagementPort
    }

    /// The two processes of one start attempt and their listening ports.
    private struct Started {
        var pebble: Process
        var challtestsrv: Process
        var port: UInt16
        var managementPort: UInt16
        var challengeManagementPort: UInt16

        func stop() {
            for process in [pebble, challtestsrv] where process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
    }

    private static func read(_ file: URL) -> String { (try? String(contentsOf: file, encoding: .utf8)) ?? "" }

    deinit { stop() }

    public var log: String { (try? String(contentsOf: folder.file("pebble.log"), encoding: .utf8)) ?? "" }

    func stop() {
        for process in [pebble, challtestsrv] where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The root CA certificate Pebble issues under, written to a file in `folder`.
    public func rootCertificate() throws -> URL {
        let target = folder.file("root.pem")
        let result = try runProcess(
            "curl",
            [
                "-sS", "--noproxy", "*", "--cacert", tlsTrustAnchor.path, "-o", target.path,
                "https://127.0.0.1:\(managementPort)/roots/0",
            ], timeout: 30)
        guard result.status == 0 else { throw SetupError(description: "fetching Pebble's root: \(result.stderr)") }
        return target
    }

    /// Makes pebble-challtestsrv answer TXT `value` for `host` (a name with the trailing dot).
    public func setTXT(host: String, value: String) throws {
        let body = "{\"host\":\"\(host)\",\"value\":\"\(value)\"}"
        let result = try runProcess(
            "curl",
            [
                "-sS", "-f", "--noproxy", "*", "-X", "POST", "-d", body,
                "http://127.0.0.1:\(challengeManagementPort)/set-txt",
            ], timeout: 30)
        guard result.status == 0 else { throw SetupError(description: "set-txt \(host): \(result.stderr)") }
    }
}

/// A TCP listener on 127.0.0.1 that never accepts: connections hang until the peer gives up.
public final class SilentListener: @unchecked Sendable {
    public let port: UInt16
    private let fd: Int32

    public init() throws {
        guard let (fd, port) = LoopbackSocket.bound(type: SOCK_STREAM), listen(fd, 64) == 0 else {
            throw PebbleServer.SetupError(description: "cannot listen on 127.0.0.1")
        }
        self.fd = fd
        self.port = port
    }

    deinit { close(fd) }
}

/// BIND 9 (`named`, Debian package `bind9`) on 127.0.0.1, primary for one zone that accepts
/// RFC 2136 updates signed with a TSIG key made here by `tsig-keygen`.
public final class BINDServer: @unchecked Sendable {
    public let folder: TemporaryDirectory
    public let port: UInt16
    /// The BIND `key` clause file (`--tsig-key`).
    public let keyFile: URL
    private let process: Process

    public init(zone: String) throws {
        folder = try TemporaryDirectory(prefix: "lynccert-named")
        keyFile = folder.file("acme.key")
        let keygen = try runProcess("/usr/sbin/tsig-keygen", ["-a", "hmac-sha256", "lynccert-acme"], timeout: 30)
        guard keygen.status == 0 else { throw PebbleServer.SetupError(description: "tsig-keygen: \(keygen.stderr)") }
        try keygen.stdout.write(to: keyFile, atomically: true, encoding: .utf8)
        try folder.write(
            "\(zone).zone",
            """
            $TTL 300
            @ IN SOA ns1.\(zone). hostmaster.\(zone). 1 3600 600 86400 60
            @ IN NS ns1.\(zone).
            ns1 IN A 127.0.0.1

            """)
        let dir = folder.path
        let keyPath = keyFile.path
        let log = folder.file("named.log")
        let folder = folder
        (port, process) = try LoopbackPorts.start(udp: true) { ports -> (UInt16, Process) in
            let port = ports[0]
            let conf = try folder.write(
                "named.conf",
                """
                options {
                    directory "\(dir)"; pid-file "\(dir)/named.pid"; session-keyfile "\(dir)/session.key";
                    listen-on port \(port) { 127.0.0.1; }; listen-on-v6 { none; };
                    recursion no; dnssec-validation no; notify no;
                };
                controls { };
                include "\(keyPath)";
                zone "\(zone)" { type primary; file "\(zone).zone"; allow-update { key "lynccert-acme"; }; };

                """)
            let check = try runProcess("/usr/bin/named-checkconf", [conf], timeout: 30)
            guard check.status == 0 else {
                throw PebbleServer.SetupError(description: "named-checkconf: \(check.stdout)")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/named")
            process.arguments = ["-g", "-c", conf]
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline && process.isRunning {
                if NSDServer.answers(port: port, zone: zone) { return (port, process) }
                usleep(50_000)
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            // named exits when its port is taken (checked with one held by another process).
            if text.contains("unable to listen on any configured interfaces") {
                throw LoopbackPorts.PortTaken("named: \(text)")
            }
            throw PebbleServer.SetupError(description: "named did not start: \(text)")
        }
    }

    deinit { stop() }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// `drill` (ldnsutils, an independent client): the TXT strings `name` has on this server.
    public func txt(_ name: String) throws -> [String] {
        let result = try runProcess("drill", ["-p", "\(port)", "@127.0.0.1", name, "TXT"], timeout: 30)
        return result.stdout.split(separator: "\n").filter { !$0.hasPrefix(";") && $0.contains("\tTXT\t") }.map {
            String($0.split(separator: "\t").last ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }
}
