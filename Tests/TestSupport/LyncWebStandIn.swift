import Foundation

/// A stand-in for a Lync pool's external web site (IIS on 4443), on 127.0.0.1, for verify tests.
///
/// Runs `LyncWebStandIn.py` (python3's `http.server` + `ssl`), which answers Microsoft's
/// verify-access URLs like the real site: 401 with `WWW-Authenticate: Negotiate` / `NTLM` on
/// `/abs` and `/GroupExpansion/service.svc`, the Meet and Dial-in pages, autodiscover JSON at `/`
/// for `lyncdiscover.*` and at `/autodiscover/autodiscoverservice.svc/root`, WOPI discovery at
/// `/hosting/discovery`, and 400 "Invalid Hostname" for a Host header it does not know (as
/// HTTP.sys does). Stopped when the value is released.
public final class LyncWebStandIn: @unchecked Sendable {
    public let port: UInt16
    private let process: Process
    private let logFile: URL
    private let directory: TemporaryDirectory

    /// Starts the stand-in; returns once it listens.
    ///
    /// - Parameters:
    ///   - names: Host header values it answers (every published name of the rules that reach it).
    ///   - externalWebFqdn: the host of the links in its autodiscover answers.
    ///   - certificate, key: PEM files to serve TLS with; `nil` serves plain HTTP (the 8080 side).
    ///   - accessLocation: `External` for the external web site (4443); `Internal` makes it the
    ///     pool's internal web site (443), which serves the same challenges and pages: a test puts
    ///     one of each behind nginx and points one rule at the internal one (the 443-vs-4443 mistake).
    public init(
        names: [String], externalWebFqdn: String, certificate: URL? = nil, key: URL? = nil,
        accessLocation: String = "External"
    ) throws {
        directory = try TemporaryDirectory(prefix: "lynccert-standin")
        logFile = directory.file("requests.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let script = TestSupport.packageRoot.appendingPathComponent("Tests/TestSupport/LyncWebStandIn.py")
        var arguments = [
            script.path, "--names", names.joined(separator: ","), "--external-web-fqdn", externalWebFqdn,
            "--access-location", accessLocation,
        ]
        if let certificate, let key { arguments += ["--cert", certificate.path, "--key", key.path] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        self.process = process
        // The first line is "PORT <n>"; the script binds port 0, so no other process can take it first.
        var line = Data()
        let handle = out.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let port = UInt16(text.dropFirst(5)) else {
            process.terminate()
            process.waitUntilExit()
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            throw StandInError(message: "the Lync web stand-in did not start: \(text) \(log)")
        }
        self.port = port
    }

    /// `Host path accept=<Accept>` of every request received so far, in order.
    public var requests: [String] {
        ((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// nginx on 127.0.0.1 running a reverse-proxy configuration (the `server` and `upstream` blocks a
/// test writes by hand, or the output of `lynccert export --to nginx`).
///
/// nginx runs in the foreground with its prefix, pid, logs and temp folders in a temporary
/// folder; `nginx -t` checks the configuration first, so a broken one fails with nginx's message.
public final class NginxReverseProxy: @unchecked Sendable {
    private let process: Process
    private let directory: TemporaryDirectory
    /// Ports `listen` lines were given, to wait for.
    public let ports: [UInt16]

    /// Starts nginx on `count` ports from ``LoopbackPorts`` with `httpBlock(ports)` inside
    /// `http {}`; when one was taken meanwhile, again on new ports.
    public static func start(ports count: Int = 1, httpBlock: ([UInt16]) throws -> String) throws -> NginxReverseProxy {
        try LoopbackPorts.start(ports: count) { ports in
            try NginxReverseProxy(httpBlock: httpBlock(ports), ports: ports)
        }
    }

    /// `start(ports:httpBlock:)` for a block that awaits (lynccert run in-process).
    public static func start(
        ports count: Int = 1, asyncHTTPBlock httpBlock: ([UInt16]) async throws -> String
    ) async throws -> NginxReverseProxy {
        try await LoopbackPorts.start(ports: count) { ports in
            try NginxReverseProxy(httpBlock: await httpBlock(ports), ports: ports)
        }
    }

    /// Starts nginx with `httpBlock` inside `http {}`; returns once every port in `ports` accepts.
    /// - Throws: ``LoopbackPorts/PortTaken`` when nginx could not bind a port.
    public init(httpBlock: String, ports: [UInt16]) throws {
        let directory = try TemporaryDirectory(prefix: "lynccert-rp")
        self.directory = directory
        self.ports = ports
        let d = directory.path
        let config = """
            worker_processes 1;
            pid \(d)/nginx.pid;
            error_log \(d)/error.log;
            events { worker_connections 256; }
            http {
                access_log \(d)/access.log;
                client_body_temp_path \(d)/body;
                proxy_temp_path \(d)/proxy;
                fastcgi_temp_path \(d)/fastcgi;
                uwsgi_temp_path \(d)/uwsgi;
                scgi_temp_path \(d)/scgi;
            \(httpBlock)
            }
            """
        let configPath = try directory.write("nginx.conf", config)
        let test = try runProcess("/usr/sbin/nginx", ["-t", "-p", d, "-e", "\(d)/error.log", "-c", configPath])
        guard test.status == 0 else {
            throw StandInError(message: "nginx -t refused the configuration: \(test.stderr)")
        }
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
                if log.contains("Address already in use") { throw LoopbackPorts.PortTaken("nginx: \(log)") }
                throw StandInError(message: "nginx exited: \(log)")
            }
            // nginx writes its pid into the pid file once its sockets are bound (`nginx -t` leaves
            // it empty): a port that accepts before then may be another process's listener.
            let pid = (try? String(contentsOfFile: "\(d)/nginx.pid", encoding: .utf8)) ?? ""
            if pid == "\(process.processIdentifier)\n" && ports.allSatisfy(loopbackPortAccepts) { return }
            usleep(20_000)
        }
        stop()
        throw StandInError(message: "nginx did not listen on 127.0.0.1 ports \(ports) within 10 s")
    }

    /// nginx's error log (upstream failures show here).
    public var errorLog: String {
        (try? String(contentsOfFile: directory.path + "/error.log", encoding: .utf8)) ?? ""
    }

    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGQUIT)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// A harness that could not start.
public struct StandInError: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
public func loopbackPortAccepts(_ port: UInt16) -> Bool { LoopbackSocket.connects(to: port) }

/// A self-signed certificate and key made with the `openssl` command, for test servers whose
/// certificate is not under test (the stand-in behind the proxy).
public func makeSelfSignedCertificate(
    in directory: TemporaryDirectory, name: String, dnsNames: [String]
) throws -> (certificate: URL, key: URL) {
    let cert = directory.file("\(name).pem")
    let key = directory.file("\(name).key")
    let san = dnsNames.map { "DNS:\($0)" }.joined(separator: ",")
    let result = try runProcess(
        "openssl",
        [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path, "-out", cert.path, "-days", "2",
            "-subj", "/CN=\(dnsNames.first ?? name)", "-addext", "subjectAltName=\(san)",
        ])
    guard result.status == 0 else { throw StandInError(message: "openssl req failed: \(result.stderr)") }
    return (cert, key)
}
