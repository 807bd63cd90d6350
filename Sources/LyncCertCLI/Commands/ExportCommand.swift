import ArgumentParser
import CertPlanner
import DNSPlanner
import Exports
import Foundation
import LyncSupport
import PublishingPlanner
import Reports
import TopologyModel
import Workflows

/// What `lynccert export` writes.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case bind
    case windowsDNS = "windows-dns"
    case iisARR = "iis-arr"
    case tmg
    case nginx
    case certreqINF = "certreq-inf"
    case opensslCNF = "openssl-cnf"
    case hosts
    case routes
    case firewall

    var usesDNSPlan: Bool { self == .bind || self == .windowsDNS }
    var usesCertificate: Bool { self == .certreqINF || self == .opensslCNF }
}

/// `lynccert export`: artifacts for the tools administrators already use.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write artifacts for other tools: bind, windows-dns, iis-arr, tmg, nginx, certreq-inf, openssl-cnf, hosts, "
            + "routes, firewall.",
        discussion: """
            FORMATS
              bind         zone files, one per view and zone \
            (--out DIR: DIR/<view>/<zone>.zone; --ns NAME[=ADDR] names the apex name servers, \
            default a placeholder ns1.<zone> at 192.0.2.1)
              windows-dns  PowerShell (DnsServer module), views separated
              iis-arr      applicationHost.config server farms and rewrite rules \
            (--out DIR: the XML and apply-arr.cmd for appcmd.exe)
              tmg          Forefront TMG 2010 rule sheet \
            (--out DIR: tmg-rules.md and tmg-rules.csv)
              nginx        server blocks to include in http {} \
            (--full: a complete nginx.conf)
              certreq-inf  certreq -new INF for --cert ID \
            (--ca-template NAME: the enterprise CA template, e.g. WebServer for internal pools)
              openssl-cnf  openssl req -config file for --cert ID
              hosts        the reverse proxy's HOSTS file entries for the internal names
              routes       persistent routes (--out DIR: routes.cmd with route -p ADD, \
            routes-netsh.cmd with netsh; --adapter-name, default Internal)
              firewall     firewall rules (--out DIR: firewall.csv, firewall.ps1)

            Without --out everything goes to standard output. --out never \
            overwrites an existing file unless --force is given.

            EXAMPLES
              lynccert export topology.yaml --to bind --out zones
              lynccert export topology.yaml --to bind --ns ns1.contoso.com=198.51.100.53 \\
                  --ns ns2.example.net
              lynccert export topology.yaml --to windows-dns --view external
              lynccert export topology.yaml --to iis-arr --out arr
              lynccert export topology.yaml --to nginx \\
                  --certificate-file /etc/ssl/rp.pem --key-file /etc/ssl/rp.key \\
                  --upstream-ca /etc/ssl/internal-root.pem --tls-min 1.2
              lynccert export topology.yaml --to nginx --full \\
                  --listen-address 127.0.0.1 --https-port 18443 --resolve '*=127.0.0.1'
              lynccert export topology.yaml --to certreq-inf --cert reverse-proxy
              lynccert export topology.yaml --to certreq-inf --cert pool01.contoso.net/default \\
                  --ca-template WebServer
              lynccert export topology.yaml --to routes --adapter-name "Ethernet 2" --out rp

            EXIT CODES
              0  exported, no error-level findings
              1  exported; the plan holds error-level findings (on stderr)
              2  bad input or usage: malformed topology, unknown --cert, \
            an --out file that exists
              3  could not write the output
            """
    )

    @OptionGroup var input: TopologyArgument

    @Option(
        help:
            "Export format: bind, windows-dns, iis-arr, tmg, nginx, certreq-inf, openssl-cnf, hosts, routes or firewall."
    )
    var to: ExportFormat

    @Option(help: "Certificate id (certreq-inf, openssl-cnf): reverse-proxy, edge-external, <pool>/default, …")
    var cert: String?

    @Option(
        help: ArgumentHelp(
            "certreq-inf: the enterprise CA's certificate template ([RequestAttributes]); WebServer for internal pools.",
            valueName: "name"))
    var caTemplate: String?

    @Option(help: "Write to this file (or directory, for bind, iis-arr and tmg) instead of standard output.")
    var out: String?

    @Option(help: "Only this DNS view (bind, windows-dns): external or internal.")
    var view: DNSView?

    @Flag(help: "Overwrite files that already exist.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "nginx: PEM certificate (with intermediates).", valueName: "file"))
    var certificateFile: String = Exporter.NginxOptions.defaultCertificateFile

    @Option(help: ArgumentHelp("nginx: PEM private key.", valueName: "file"))
    var keyFile: String = Exporter.NginxOptions.defaultKeyFile

    @Flag(help: "nginx: a complete nginx.conf (events {}, http {}) instead of a file to include.")
    var full = false

    @Option(help: ArgumentHelp("nginx: listen on this address only (default: every address).", valueName: "address"))
    var listenAddress: String?

    @Option(help: ArgumentHelp("nginx: port of the HTTPS listeners (default: the plan's, 443).", valueName: "port"))
    var httpsPort: Int?

    @Option(help: ArgumentHelp("nginx: port of the HTTP listener (default: the plan's, 80).", valueName: "port"))
    var httpPort: Int?

    @Option(
        help: ArgumentHelp(
            "nginx: pin an upstream to an address: NAME[:PORT]=ADDR[:PORT]; NAME * means every target. Repeatable.",
            valueName: "pin"))
    var resolve: [String] = []

    @Option(
        help: ArgumentHelp(
            "nginx: the internal root CA (PEM) the pools' certificates must chain to; the upstream hop is always verified (default: \(Exporter.NginxOptions.defaultUpstreamCAFile), a placeholder to fill).",
            valueName: "file"))
    var upstreamCA: String = Exporter.NginxOptions.defaultUpstreamCAFile

    @Option(
        help: ArgumentHelp(
            "nginx: ssl_password_file for an encrypted key: the path nginx reads the passphrase from (never the passphrase).",
            valueName: "path"))
    var sslPasswordFile: String?

    @Option(help: ArgumentHelp("nginx: lowest TLS version of the listeners: 1.2 or 1.3.", valueName: "version"))
    var tlsMin: Exporter.NginxTLSVersion = .v1_2

    @Option(help: ArgumentHelp("routes: the Windows name of the reverse proxy's internal adapter.", valueName: "name"))
    var adapterName: String = Exporter.defaultInternalAdapterName

    @Option(
        name: .customLong("ns"),
        help: ArgumentHelp(
            "bind: an apex name server, NAME[=ADDR]; a name inside the zone needs its address (glue). Repeatable. "
                + "Default: ns1.<zone> at 192.0.2.1, a placeholder.",
            valueName: "name[=addr]"))
    var nameServers: [String] = []

    func validate() throws {
        if to.usesCertificate && cert == nil {
            throw ValidationError("--to \(to.rawValue) needs --cert ID (see `lynccert plan --only certs`)")
        }
        if !to.usesCertificate && cert != nil {
            throw ValidationError("--cert applies only to --to certreq-inf and --to openssl-cnf")
        }
        if let caTemplate {
            guard to == .certreqINF else { throw ValidationError("--ca-template applies only to --to certreq-inf") }
            if let problem = Exporter.caTemplateProblem(caTemplate) {
                throw ValidationError("--ca-template \(problem)")
            }
        }
        if view != nil && !to.usesDNSPlan {
            throw ValidationError("--view applies only to --to bind and --to windows-dns")
        }
        let nginxOnly =
            full || listenAddress != nil || httpsPort != nil || httpPort != nil || !resolve.isEmpty
            || certificateFile != Exporter.NginxOptions.defaultCertificateFile
            || keyFile != Exporter.NginxOptions.defaultKeyFile
            || upstreamCA != Exporter.NginxOptions.defaultUpstreamCAFile || sslPasswordFile != nil || tlsMin != .v1_2
        if nginxOnly && to != .nginx {
            throw ValidationError(
                "--certificate-file, --key-file, --full, --listen-address, --https-port, --http-port, --resolve, "
                    + "--upstream-ca, --ssl-password-file and --tls-min apply only to --to nginx")
        }
        for (flag, path) in [
            ("--certificate-file", certificateFile), ("--key-file", keyFile), ("--upstream-ca", upstreamCA),
            ("--ssl-password-file", sslPasswordFile ?? "/"),
        ] where path.isEmpty || UntrustedText.firstControl(in: path) != nil {
            throw ValidationError(
                "\(flag) '\(UntrustedText.terminalEscaped(path))': give a file path without control characters")
        }
        for (flag, port) in [("--https-port", httpsPort), ("--http-port", httpPort)] {
            if let port, !(1...65535).contains(port) {
                throw ValidationError("\(flag) \(port): a port is 1 to 65535")
            }
        }
        if let listenAddress, IPAddress(listenAddress) == nil {
            throw ValidationError("--listen-address '\(listenAddress)' is not an IPv4 or IPv6 address")
        }
        if adapterName != Exporter.defaultInternalAdapterName && to != .routes {
            throw ValidationError("--adapter-name applies only to --to routes")
        }
        if adapterName.isEmpty || adapterName.contains("\"") || adapterName.contains("%")
            || UntrustedText.firstControl(in: adapterName) != nil
        {
            throw ValidationError(
                "--adapter-name '\(UntrustedText.terminalEscaped(adapterName))': give the adapter's name, without "
                    + "double quotes, % or control characters")
        }
        // nginx expands `$name` even inside quotes and has no escape for `$`.
        for (flag, path) in [("--certificate-file", certificateFile), ("--key-file", keyFile)]
        where path.contains("$") {
            throw ValidationError(
                "\(flag) '\(UntrustedText.terminalEscaped(path))': nginx cannot take a path with $; rename the file")
        }
        if !nameServers.isEmpty && to != .bind {
            throw ValidationError("--ns applies only to --to bind")
        }
        for ns in nameServers where Exporter.BindNameServer.parse(ns) == nil {
            throw ValidationError(
                "--ns '\(ns)': expected NAME or NAME=ADDR with a fully qualified host name and an IPv4 or IPv6 "
                    + "address, e.g. ns1.contoso.com=198.51.100.53")
        }
        for pin in resolve where Exporter.NginxUpstreamPin.parse(pin) == nil {
            throw ValidationError(
                "--resolve '\(pin)': expected NAME[:PORT]=ADDR[:PORT] with an IP address (IPv6 in brackets "
                    + "before a port), e.g. lsweb.contoso.net=127.0.0.1 or *=127.0.0.1")
        }
    }

    func run() async throws {
        let loaded = try input.load()
        let topo = loaded.topology
        var findings = loaded.findings
        let output: ExportOutput

        switch to {
        case .bind, .windowsDNS:
            // With --view, only that view's records and findings.
            let plan = DNSPlanning.plan(topo, view: view)
            findings += plan.findings
            if to == .bind {
                let options = Exporter.BindZoneOptions(
                    nameServers: Exporter.BindNameServer.merged(nameServers.compactMap(Exporter.BindNameServer.parse)))
                if let missing = Exporter.checkBindGlue(
                    plan, sipDomains: topo.sipDomains, view: view, options: options)
                {
                    throw CLIError.badInput(
                        "--ns \(missing.nameServer) lies inside zone \(missing.zone): give its address, --ns "
                            + "\(missing.nameServer)=ADDR (BIND refuses a zone whose name server has no address)")
                }
                let files = Exporter.bindZoneFiles(
                    plan, sipDomains: topo.sipDomains, view: view, options: options)
                output = .files(files, stdout: Exporter.concatenated(files, commentPrefix: ";"))
            } else {
                output = .single(Exporter.windowsDNSScript(plan, sipDomains: topo.sipDomains, view: view))
            }
        case .iisARR, .tmg, .nginx:
            let plan = PublishingPlanning.plan(topo)
            findings += plan.findings
            switch to {
            case .iisARR:
                output = .files(Exporter.iisARRFiles(plan), stdout: Exporter.iisARRConfig(plan, includeCommands: true))
            case .tmg:
                output = .files(
                    Exporter.tmgFiles(plan, topology: topo), stdout: Exporter.tmgRuleSheetMarkdown(plan, topology: topo)
                )
            default:
                let options = Exporter.NginxOptions(
                    certificateFile: certificateFile, keyFile: keyFile, listenAddress: listenAddress,
                    httpsPort: httpsPort, httpPort: httpPort, full: full,
                    pins: resolve.compactMap(Exporter.NginxUpstreamPin.parse), upstreamCAFile: upstreamCA,
                    sslPasswordFile: sslPasswordFile, tlsMinimum: tlsMin)
                output = .single(Exporter.nginxConfig(plan, options: options))
            }
        case .hosts, .routes, .firewall:
            let publishing = PublishingPlanning.plan(topo)
            let host = HostPlanner.plan(topology: topo, publishing: publishing, topologyFile: input.topology)
            findings += publishing.findings + host.findings
            switch to {
            case .hosts: output = .single(Exporter.hostsFile(host))
            case .routes:
                let files = Exporter.routeFiles(host, adapterName: adapterName)
                output = .files(files, stdout: Exporter.concatenated(files, commentPrefix: "rem"))
            default:
                let files = Exporter.firewallFiles(host)
                output = .files(files, stdout: Exporter.concatenated(files, commentPrefix: "#"))
            }
        case .certreqINF, .opensslCNF:
            let plan = CertificatePlanner.plan(topo)
            findings += plan.findings
            guard let id = cert, let certificate = plan.certificate(id: id) else {
                let ids = plan.certificates.map(\.id)
                throw CLIError.badInput(
                    "no planned certificate has id '\(cert ?? "")'"
                        + (ids.isEmpty
                            ? "; the plan has no certificates" : "; planned ids: \(ids.joined(separator: ", "))"))
            }
            let organization = topo.certificates.organization
            output = .single(
                to == .certreqINF
                    ? Exporter.certreqINF(for: certificate, organization: organization, caTemplate: caTemplate)
                    : Exporter.opensslConfig(for: certificate, organization: organization))
        }

        try write(output)
        findings = findings.deduplicated()
        for finding in findings where finding.severity >= .warning {
            Console.error(
                "\(finding.severity.rawValue): \(finding.code)\(finding.path.map { " (\($0))" } ?? ""): \(finding.message)"
            )
        }
        if findings.hasErrors { throw CLIError.findings }
    }

    /// What an export produced: one text, or several files (and their standard-output form).
    enum ExportOutput {
        case single(String)
        case files([ExportedFile], stdout: String)
    }

    func write(_ output: ExportOutput) throws {
        guard let out else {
            switch output {
            case .single(let text): Console.out(text)
            case .files(_, let text): Console.out(text)
            }
            return
        }
        switch output {
        case .single(let text):
            try ExportFileWriter.refuseDirectory(out)
            try ExportFileWriter.write(text, to: URL(fileURLWithPath: out), force: force)
            Console.out("wrote \(out)")
        case .files(let files, _):
            let directory = URL(fileURLWithPath: out)
            try ExportFileWriter.prepareDirectory(directory)
            let targets = files.map { (directory.appendingPathComponent($0.path), $0.contents) }
            if !force, let existing = targets.first(where: { FileManager.default.fileExists(atPath: $0.0.path) }) {
                throw CLIError.badInput("\(existing.0.path) already exists; use --force to overwrite")
            }
            for (url, contents) in targets {
                try ExportFileWriter.write(contents, to: url, force: true)
                Console.out("wrote \(url.path)")
            }
        }
    }
}

/// Writing export files: never over an existing file without `--force`, atomically and with mode
/// 0644 (`writeAtomically`, as keys are written).
enum ExportFileWriter {
    static func refuseDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError.badInput("\(path) is a directory; this export writes one file: give a file name")
        }
    }

    static func prepareDirectory(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            if !isDirectory.boolValue {
                throw CLIError.badInput("\(url.path) is a file; this export writes several files: give a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CLIError.failed("cannot create \(url.path): \(error.localizedDescription)")
        }
    }

    static func write(_ text: String, to url: URL, force: Bool) throws {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw CLIError.failed(
                "cannot create \(url.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        try writeAtomically([(url.path, Array(text.utf8), 0o644)], replace: force)
    }
}

extension Exporter.NginxTLSVersion: ExpressibleByArgument {}
