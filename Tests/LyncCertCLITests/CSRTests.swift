import CertPlanner
import Crypto
import Exports
import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import LyncCertCLI
@testable import Reports
@testable import Workflows

/// The reverse-proxy certificate of lync-rules.md §4 (CS-RP table), built by hand so these tests
/// do not depend on the planner: subject webext.contoso.com repeated in the SAN, KU critical,
/// EKU serverAuth + clientAuth, exportable key.
let reverseProxyCertificate = PlannedCertificate(
    id: "reverse-proxy", role: .reverseProxy, subject: "webext.contoso.com",
    subjectAlternativeNames: [
        "webext.contoso.com", "webdirext.contoso.com", "dialin.contoso.com", "meet.contoso.com",
        "officewebapps01.contoso.com", "lyncdiscover.contoso.com",
    ].map { PlannedName(name: $0, reasons: ["lync-rules.md §4"]) },
    requiredNames: [], extendedKeyUsages: ["serverAuth", "clientAuth"], issuer: .public,
    exportablePrivateKey: true, purpose: "reverse proxy listener for external web services")

/// The Edge external certificate of lync-rules.md §5 (two SIP domains).
let edgeExternalCertificate = PlannedCertificate(
    id: "edge-external", role: .edgeExternal, subject: "sip.contoso.com",
    subjectAlternativeNames: ["sip.contoso.com", "webcon.contoso.com", "sip.fabrikam.com"].map {
        PlannedName(name: $0, reasons: ["lync-rules.md §5"])
    }, requiredNames: [], extendedKeyUsages: ["serverAuth", "clientAuth"], issuer: .public,
    exportablePrivateKey: true, purpose: "Edge external interface")

let contosoOrganization = Organization(O: "Contoso, Ltd", OU: "IT", L: "Redmond", ST: "WA", C: "US")

/// The SAN dNSNames `openssl req -text` shows, as a set.
func opensslSANs(_ text: String) -> Set<String> {
    guard
        let line = text.split(separator: "\n").drop(while: { !$0.contains("X509v3 Subject Alternative Name") })
            .dropFirst().first
    else { return [] }
    return Set(line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
}

@Suite("lynccert csr: request files for a planned certificate")
struct CSRFilesTests {
    @Test("the certreq INF has the exact lines (golden file), CRLF line ends")
    func certreqINF() throws {
        let inf = Exporter.certreqINF(for: reverseProxyCertificate, organization: contosoOrganization)
        #expect(inf.hasSuffix("\r\n"))
        #expect(!inf.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        assertSnapshot(inf, named: "reverse-proxy.inf")
        let lines = inf.components(separatedBy: "\r\n")
        #expect(lines.contains("_continue_ = \"DNS=lyncdiscover.contoso.com\""))  // the last one: no '&'
        #expect(lines.filter { $0.hasPrefix("_continue_") && $0.hasSuffix("&\"") }.count == 5)
        let internalOnly = Exporter.certreqINF(
            for: PlannedCertificate(
                id: "edge-internal", role: .edgeInternal, subject: "lsedge.contoso.net", subjectAlternativeNames: [],
                requiredNames: [], issuer: .internal, exportablePrivateKey: false, purpose: "Edge internal"),
            organization: nil)
        #expect(internalOnly.contains("Exportable = FALSE\r\n"))
        #expect(internalOnly.contains("Subject = \"CN=lsedge.contoso.net\"\r\n"))
        #expect(internalOnly.contains("OID=1.3.6.1.5.5.7.3.1\r\n"))
        #expect(!internalOnly.contains("1.3.6.1.5.5.7.3.2"))
        #expect(!internalOnly.contains("2.5.29.17"))
    }

    @Test("the openssl config works with openssl req -config -key and requests exactly the plan")
    func opensslConfig() throws {
        let f = try CLIFixtures()
        let cnf = Exporter.opensslConfig(for: reverseProxyCertificate, organization: contosoOrganization)
        assertSnapshot(cnf, named: "reverse-proxy.cnf")
        try f.folder.write("rp.cnf", cnf)
        try f.openssl("req", "-new", "-config", "rp.cnf", "-key", "leaf.key", "-out", "rp.csr")
        let result = try f.openssl("req", "-in", "rp.csr", "-verify", "-noout", "-text")
        #expect((result.stdout + result.stderr).contains("verify OK"))
        #expect(
            result.stdout.contains(
                "Subject: C = US, ST = WA, L = Redmond, O = \"Contoso, Ltd\", OU = IT, CN = webext.contoso.com"))
        #expect(opensslSANs(result.stdout) == Set(reverseProxyCertificate.sanNames.map { "DNS:\($0)" }))
        #expect(result.stdout.contains("X509v3 Key Usage: critical"))
        #expect(result.stdout.contains("TLS Web Server Authentication, TLS Web Client Authentication"))
    }

    /// Organization values an administrator may legitimately write, each hostile to one syntax:
    /// OpenSSL config (`$` variables, `#` comments, `\\` escapes, quotes, edge spaces), X.500
    /// strings (`,` `+` `=` `;`) and certreq INF (`"` quoting, `%name%` substitution).
    static let awkwardOrganization = Organization(
        O: #"Contoso "Big" $HOME & Co #1; 100% a\b, Ltd"#, OU: " IT's ", L: "Redmond+West=1", ST: "W\\A$",
        C: "US")

    @Test("awkward organization values: openssl req -config reads exactly them, and exactly the planned SANs")
    func opensslConfigEscaping() throws {
        let f = try CLIFixtures()
        let cnf = Exporter.opensslConfig(for: reverseProxyCertificate, organization: Self.awkwardOrganization)
        try f.folder.write("awkward.cnf", cnf)
        try f.openssl("req", "-new", "-config", "awkward.cnf", "-key", "leaf.key", "-out", "awkward.csr")
        let request = try CertificateSigningRequest(
            pemEncoded: Array(String(contentsOfFile: f.path("awkward.csr"), encoding: .utf8).utf8))
        #expect(request.verifySignature())
        let org = Self.awkwardOrganization
        #expect(request.subject.values(of: "O") == [org.O!])
        #expect(request.subject.values(of: "OU") == [org.OU!])
        #expect(request.subject.values(of: "L") == [org.L!])
        #expect(request.subject.values(of: "ST") == [org.ST!])
        #expect(request.subject.commonName == reverseProxyCertificate.subject)
        #expect(request.subjectAlternativeNames?.dnsNames == reverseProxyCertificate.sanNames)
        let text = try f.openssl("req", "-in", "awkward.csr", "-noout", "-text").stdout
        #expect(opensslSANs(text) == Set(reverseProxyCertificate.sanNames.map { "DNS:\($0)" }))
    }

    @Test("a control character that reaches the exporter anyway cannot add a line to the .cnf or .inf")
    func controlCharactersCannotAddLines() throws {
        let f = try CLIFixtures()
        // Short enough for O's 64-character limit, so openssl reads the file.
        let hostile = Organization(O: "C\n[alt_names]\r\nDNS.9=evil.com")
        let cnf = Exporter.opensslConfig(for: reverseProxyCertificate, organization: hostile)
        #expect(cnf.split(separator: "\n").filter { $0 == "[alt_names]" }.count == 1)
        #expect(
            cnf.split(separator: "\n").filter { $0.hasPrefix("DNS.") }.count == reverseProxyCertificate.sanNames.count)
        try f.folder.write("hostile.cnf", cnf)
        try f.openssl("req", "-new", "-config", "hostile.cnf", "-key", "leaf.key", "-out", "hostile.csr")
        let request = try CertificateSigningRequest(
            pemEncoded: Array(String(contentsOfFile: f.path("hostile.csr"), encoding: .utf8).utf8))
        #expect(request.subjectAlternativeNames?.dnsNames == reverseProxyCertificate.sanNames)
        let inf = Exporter.certreqINF(for: reverseProxyCertificate, organization: hostile)
        let lines = inf.components(separatedBy: "\r\n")
        #expect(!inf.replacingOccurrences(of: "\r\n", with: "").contains(where: { $0 == "\n" || $0 == "\r" }))
        #expect(lines.filter { $0.contains("evil.com") }.count == 1)
        #expect(lines.contains { $0.hasPrefix("Subject = ") && $0.contains("evil.com") })
    }

    @Test("certreq INF: quotes doubled at both levels, % doubled (certreq expands %name%)")
    func certreqINFEscaping() {
        let inf = Exporter.certreqINF(for: reverseProxyCertificate, organization: Self.awkwardOrganization)
        let subject = inf.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject = ") }
        // X.500: O="Contoso ""Big"" …" (quoted for the comma, inner quotes doubled); INF doubles
        // every quote once more.
        #expect(
            subject
                == #"Subject = "CN=webext.contoso.com, OU="" IT's "", O=""Contoso """"Big"""" $HOME & Co #1; 100%% a\b, Ltd"", L=""Redmond+West=1"", S=W\A$, C=US""#
        )
    }

    @Test(
        "key + CSR: openssl req -verify accepts the CSR with exactly the planned SANs, KU critical, EKU; key encrypted")
    func keyAndRequest() throws {
        let f = try CLIFixtures()
        let files = try CSRRun.make(
            for: reverseProxyCertificate, organization: contosoOrganization, key: .rsa(bits: 3072),
            passphrase: Array("pw 1".utf8))
        try f.folder.write("rp.csr", files.csr)
        try f.folder.write("rp.key", files.key)
        let result = try f.openssl("req", "-in", "rp.csr", "-verify", "-noout", "-text")
        #expect((result.stdout + result.stderr).contains("verify OK"))
        #expect(opensslSANs(result.stdout) == Set(reverseProxyCertificate.sanNames.map { "DNS:\($0)" }))
        #expect(result.stdout.contains("X509v3 Key Usage: critical"))
        #expect(result.stdout.contains("Digital Signature, Key Encipherment"))
        #expect(result.stdout.contains("X509v3 Extended Key Usage: \n"))
        #expect(result.stdout.contains("Public-Key: (3072 bit)"))
        #expect(files.key.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        let opened = try runProcess(
            "openssl", ["pkey", "-in", f.path("rp.key"), "-passin", "pass:pw 1", "-noout", "-text"])
        #expect(opened.status == 0)
        let wrong = try runProcess("openssl", ["pkey", "-in", f.path("rp.key"), "-passin", "pass:pw 2", "-noout"])
        #expect(wrong.status != 0)
        // The CSR's key is the key written.
        let csrKey = try f.openssl("req", "-in", "rp.csr", "-noout", "-pubkey").stdout
        let keyPub = try runProcess("openssl", ["pkey", "-in", f.path("rp.key"), "-passin", "pass:pw 1", "-pubout"])
            .stdout
        #expect(csrKey == keyPub)
    }

    @Test(
        "key type options: plan default RSA, --key-size, ECDSA curves",
        arguments: [
            (KeyTypeOption?.none, Int?.none, ECCurve?.none, "RSA 2048"),
            (KeyTypeOption?.none, 4096, nil, "RSA 4096"),
            (.ecdsa, nil, nil, "ECDSA P-256"),
            (.ecdsa, 384, nil, "ECDSA P-384"),
            (.ecdsa, nil, .p384, "ECDSA P-384"),
        ])
    func keySpecification(type: KeyTypeOption?, size: Int?, curve: ECCurve?, expected: String) throws {
        let spec = try CSRRun.keySpecification(
            for: reverseProxyCertificate, keyType: type, keySize: size, curve: curve)
        #expect(spec.description == expected)
    }

    @Test("file names: '/' and other specials become '_'")
    func fileNames() {
        #expect(Exporter.requestFileName(for: "pool01.contoso.net/default") == "pool01.contoso.net_default")
        #expect(Exporter.requestFileName(for: "reverse-proxy") == "reverse-proxy")
        #expect(Exporter.requestFileName(for: "../etc/passwd") == ".._etc_passwd")
        #expect(Exporter.requestFileName(for: "..") == "certificate")
    }

    @Test("next steps: certreq for every certificate; Request-CsCertificate for Lync roles only")
    func nextSteps() {
        let paths = CSRRun.paths(for: "edge-external", in: "/tmp/out")
        let edge = CSRRun.summary(
            for: edgeExternalCertificate, paths: paths, key: .rsa(bits: 2048), encrypted: false,
            organization: contosoOrganization)
        #expect(edge.contains("certreq -new edge-external.inf edge-external.req"))
        #expect(
            edge.contains(
                "Request-CsCertificate -New -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication "
                    + "-Output \"C:\\certs\\edge-external.req\" -ClientEku $true -PrivateKeyExportable $true -KeySize 2048 "
                    + "-DomainName \"sip.contoso.com,webcon.contoso.com,sip.fabrikam.com\" "
                    + "-FriendlyName \"Lync Edge external sip.contoso.com\" -Organization \"Contoso, Ltd\""))
        let rp = CSRRun.summary(
            for: reverseProxyCertificate, paths: CSRRun.paths(for: "reverse-proxy", in: "/tmp/out"),
            key: .rsa(bits: 2048), encrypted: false, organization: nil)
        #expect(rp.contains("certreq -new reverse-proxy.inf reverse-proxy.req"))
        #expect(!rp.contains("Request-CsCertificate"))
    }

    @Test("--ca-template: [RequestAttributes] CertificateTemplate in the INF, the certreq -submit -attrib form")
    func caTemplate() {
        let inf = Exporter.certreqINF(
            for: edgeExternalCertificate, organization: nil, caTemplate: "Lync Web Server")
        #expect(inf.hasSuffix("\r\n[RequestAttributes]\r\nCertificateTemplate = \"Lync Web Server\"\r\n"))
        #expect(
            inf.contains(
                "; Then submit it to the enterprise CA: certreq -submit -attrib \"CertificateTemplate:Lync Web Server\" "
                    + "edge-external.req edge-external.cer\r\n"))
        #expect(!inf.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!Exporter.certreqINF(for: edgeExternalCertificate, organization: nil).contains("RequestAttributes"))
        let summary = CSRRun.summary(
            for: edgeExternalCertificate, paths: CSRRun.paths(for: "edge-external", in: "/tmp/out"),
            key: .rsa(bits: 2048), encrypted: false, organization: nil, caTemplate: "WebServer")
        #expect(
            summary.contains(
                "     certreq -submit -attrib \"CertificateTemplate:WebServer\" edge-external.csr edge-external.cer\n"))
        #expect(
            summary.contains(
                "     certreq -submit -attrib \"CertificateTemplate:WebServer\" edge-external.req edge-external.cer\n"))
    }

    @Test(
        "template names: letters, digits, spaces, hyphens, underscores only",
        arguments: [
            ("WebServer", true), ("Lync_Web-Server 2", true), ("", false), ("Web\"Server", false),
            ("Web\nServer", false), ("Web\rServer", false), ("Web;Server", false), (" WebServer", false),
            ("WebServer ", false), ("Wéb", false), ("Web\u{202E}Server", false),
            (String(repeating: "a", count: 65), false),
            (String(repeating: "a", count: 64), true),
        ])
    func caTemplateNames(_ name: String, _ valid: Bool) {
        #expect((Exporter.caTemplateProblem(name) == nil) == valid, "\(name.debugDescription)")
    }

    @Test("organization options override the topology's field by field")
    func organizationOverride() {
        let merged = CSRRun.organization(contosoOrganization, O: "Fabrikam", OU: nil, L: nil, ST: nil, C: "GB")
        #expect(merged == Organization(O: "Fabrikam", OU: "IT", L: "Redmond", ST: "WA", C: "GB"))
        #expect(CSRRun.organization(nil, O: nil, OU: nil, L: nil, ST: nil, C: nil) == nil)
    }

    @Test("atomic writes: mode 0600, an existing file is kept byte-for-byte unless replacing")
    func atomicWrites() throws {
        let folder = try TemporaryDirectory()
        let key = folder.file("a.key").path
        try writeAtomically([(key, Array("first".utf8), 0o600)], replace: false)
        #expect(try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int == 0o600)
        #expect(throws: CLIError.self) { try writeAtomically([(key, Array("second".utf8), 0o600)], replace: false) }
        #expect(try Data(contentsOf: folder.file("a.key")) == Data("first".utf8))
        try writeAtomically([(key, Array("third".utf8), 0o600)], replace: true)
        #expect(try Data(contentsOf: folder.file("a.key")) == Data("third".utf8))
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.key"])
        // Staging into a folder that does not exist fails before anything is written.
        #expect(throws: CLIError.self) {
            try writeAtomically(
                [(folder.file("b.key").path, [1], 0o600), (folder.file("missing/b.csr").path, [2], 0o644)],
                replace: false)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("b.key").path))
    }

    @Test("passphrase files lose trailing newlines only")
    func passphraseFile() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("p", "  two words \r\n\n")
        #expect(try PassphraseSource.file(path).read(purpose: "x") == Array("  two words ".utf8))
        let empty = try folder.write("e", "\n")
        #expect(throws: CLIError.self) { try PassphraseSource.file(empty).read(purpose: "x") }
    }
}

@Suite("lynccert csr: end to end")
struct CSRCommandTests {
    /// The bundled contoso example topology, written by `lynccert init`.
    static func contoso(in folder: TemporaryDirectory) async throws -> String {
        let path = folder.file("contoso.yaml").path
        let result = try await runLynccert(["init", "--example", "contoso", path])
        #expect(result.status == 0, "\(result.stderr)")
        return path
    }

    /// The certificate plan as `lynccert plan --format json` reports it.
    static func plannedCertificates(_ topology: String) async throws -> [[String: Any]] {
        let plan = try await runLynccert(["plan", topology, "--only", "certs", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: plan.stdoutData) as? [String: Any]
        return object?["certificates"] as? [[String: Any]] ?? []
    }

    @Test("usage errors exit 2: --cert and --all together or neither, an RSA size not offered, a bad country")
    func usage() async throws {
        let folder = try TemporaryDirectory()
        let topology = try await Self.contoso(in: folder)
        for arguments in [
            ["csr", topology, "--out", folder.path],
            ["csr", topology, "--out", folder.path, "--all", "--cert", "reverse-proxy"],
            ["csr", topology, "--out", folder.path, "--all", "--key-size", "1024"],
            ["csr", topology, "--out", folder.path, "--all", "--country", "USA"],
            ["csr", topology, "--out", folder.path, "--all", "--curve", "p256"],
            ["csr", topology, "--out", folder.path, "--all", "--passphrase", "secret"],
        ] {
            let result = try await runLynccert(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(!result.stderr.isEmpty)
        }
    }

    @Test("an unknown certificate id is bad input naming it")
    func unknownID() async throws {
        let folder = try TemporaryDirectory()
        let topology = try await Self.contoso(in: folder)
        let result = try await runLynccert(["csr", topology, "--cert", "no-such-cert", "--out", folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no planned certificate 'no-such-cert'"))
    }

    /// Certificate summary - Scaled Director pool (JJ204846): minimum key size 1024 "but you may
    /// receive a warning". The topology loads, `plan` warns weak-key (exit 0), `csr` makes the key.
    @Test("keySize 1024 (JJ204846): plan warns weak-key and exits 0; csr makes a 1024-bit key")
    func keySize1024() async throws {
        let folder = try TemporaryDirectory()
        let path = try await Self.contoso(in: folder)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("keySize: 2048"))
        let weak = try folder.write("weak.yaml", text.replacingOccurrences(of: "keySize: 2048", with: "keySize: 1024"))
        let plan = try await runLynccert(["plan", weak, "--only", "certs"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("WARNING weak-key (certificates.keySize): key size 1024"))
        let out = folder.file("out").path
        let csr = try await runLynccert(["csr", weak, "--cert", "reverse-proxy", "--out", out])
        #expect(csr.status == 0, "\(csr.stderr)")
        let req = try runProcess("openssl", ["req", "-in", "\(out)/reverse-proxy.csr", "-verify", "-noout", "-text"])
        #expect(req.stdout.contains("Public-Key: (1024 bit)"), "\(req.stdout)")
    }

    /// The reverse-proxy and Edge external requests ask for Server Authentication only: public CAs
    /// no longer issue clientAuth in TLS server certificates (RP-CERT's MMC steps predate that).
    @Test("the reverse-proxy and edge-external CSRs carry EKU serverAuth only (openssl req -text)")
    func serverAuthOnlyRequests() async throws {
        let folder = try TemporaryDirectory()
        let topology = try await Self.contoso(in: folder)
        let out = folder.file("out").path
        for id in ["reverse-proxy", "edge-external"] {
            let result = try await runLynccert(["csr", topology, "--cert", id, "--out", out])
            #expect(result.status == 0, "\(result.stderr)")
            let req = try runProcess("openssl", ["req", "-in", "\(out)/\(id).csr", "-verify", "-noout", "-text"])
            #expect((req.stdout + req.stderr).contains("verify OK"), "\(id)")
            let lines = req.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let eku = try #require(lines.firstIndex { $0.hasPrefix("X509v3 Extended Key Usage") })
            #expect(lines[eku + 1] == "TLS Web Server Authentication", "\(id): \(lines[eku + 1])")
            #expect(!req.stdout.contains("Client Authentication"), "\(id)")
            let inf = try String(contentsOfFile: "\(out)/\(id).inf", encoding: .utf8)
            #expect(inf.contains("1.3.6.1.5.5.7.3.1") && !inf.contains("1.3.6.1.5.5.7.3.2"), "\(id)")
        }
    }

    @Test("every planned certificate: key 0600, CSR openssl verifies with exactly the planned SANs, INF, CNF")
    func allCertificates() async throws {
        let folder = try TemporaryDirectory()
        let topology = try await Self.contoso(in: folder)
        let planned = try await Self.plannedCertificates(topology)
        #expect(!planned.isEmpty, "the contoso example plans certificates")
        let out = folder.file("out").path
        let result = try await runLynccert(["csr", topology, "--all", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        for certificate in planned {
            let id = try #require(certificate["id"] as? String)
            let base = folder.file("out/\(id.map { $0 == "/" ? "_" : $0 }.reduce("") { $0 + String($1) })").path
            #expect(try FileManager.default.attributesOfItem(atPath: base + ".key")[.posixPermissions] as? Int == 0o600)
            let key = try runProcess("openssl", ["pkey", "-in", base + ".key", "-noout", "-text"])
            #expect(key.stdout.contains("Private-Key: (\(certificate["keySize"] as? Int ?? 0) bit"), "\(id)")
            let req = try runProcess("openssl", ["req", "-in", base + ".csr", "-verify", "-noout", "-text"])
            #expect((req.stdout + req.stderr).contains("verify OK"), "\(id)")
            #expect(req.stdout.contains("CN = \(certificate["subject"] as? String ?? "?")\n"), "\(id)")
            let sans = certificate["subjectAlternativeNames"] as? [String] ?? []
            #expect(opensslSANs(req.stdout) == Set(sans.map { "DNS:\($0)" }), "\(id)")
            #expect(req.stdout.contains("X509v3 Key Usage: critical"), "\(id)")
            let ekus = certificate["extendedKeyUsages"] as? [String] ?? []
            #expect(req.stdout.contains("TLS Web Server Authentication") == ekus.contains("serverAuth"), "\(id)")
            #expect(req.stdout.contains("TLS Web Client Authentication") == ekus.contains("clientAuth"), "\(id)")
            let inf = try String(contentsOfFile: base + ".inf", encoding: .utf8)
            #expect(inf.contains("Subject = \"CN=\(certificate["subject"] as? String ?? "?")"), "\(id)")
            // The CNF makes the same request from the same key.
            let again = try runProcess(
                "openssl", ["req", "-new", "-config", base + ".cnf", "-key", base + ".key", "-out", base + ".2.csr"])
            #expect(again.status == 0, "\(again.stderr)")
            let same = try runProcess("openssl", ["req", "-in", base + ".2.csr", "-verify", "-noout", "-text"])
            #expect(opensslSANs(same.stdout) == Set(sans.map { "DNS:\($0)" }), "\(id)")
        }
        #expect(result.stdout.contains("certreq -new "))
        #expect(result.stdout.contains("Request-CsCertificate -New -Type "))
    }

    @Test("--force is needed to replace a key; without it the old key stays byte-for-byte and nothing is written")
    func force() async throws {
        let folder = try TemporaryDirectory()
        let topology = try await Self.contoso(in: folder)
        let id = try await #require(Self.plannedCertificates(topology).first?["id"] as? String)
        let name = id.map { $0 == "/" ? "_" : String($0) }.joined()
        let out = folder.file("out").path
        let first = try await runLynccert(["csr", topology, "--cert", id, "--out", out])
        #expect(first.status == 0, "\(first.stderr)")
        let keyPath = folder.file("out/\(name).key")
        let before = try Data(contentsOf: keyPath)
        let csrBefore = try Data(contentsOf: folder.file("out/\(name).csr"))

        let refused = try await runLynccert(["csr", topology, "--cert", id, "--out", out])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("already exists; pass --force"))
        #expect(try Data(contentsOf: keyPath) == before)
        #expect(try Data(contentsOf: folder.file("out/\(name).csr")) == csrBefore)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }.isEmpty)

        let forced = try await runLynccert(["csr", topology, "--cert", id, "--out", out, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Data(contentsOf: keyPath) != before)
        #expect(try FileManager.default.attributesOfItem(atPath: keyPath.path)[.posixPermissions] as? Int == 0o600)
    }

    @Test("--ca-template: the INF written and the next steps name the template; a bad name exits 2")
    func caTemplate() async throws {
        let folder = try TemporaryDirectory()
        let topology = try await Self.contoso(in: folder)
        let out = folder.file("out").path
        let result = try await runLynccert([
            "csr", topology, "--cert", "reverse-proxy", "--out", out, "--ca-template", "WebServer",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "certreq -submit -attrib \"CertificateTemplate:WebServer\" reverse-proxy.csr reverse-proxy.cer"))
        let inf = try String(contentsOfFile: out + "/reverse-proxy.inf", encoding: .utf8)
        #expect(inf.contains("\r\n[RequestAttributes]\r\nCertificateTemplate = \"WebServer\"\r\n"))
        let exported = try await runLynccert([
            "export", topology, "--to", "certreq-inf", "--cert", "reverse-proxy", "--ca-template", "WebServer",
        ])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("CertificateTemplate = \"WebServer\"\r\n"))
        #expect(exported.stdout.contains("certreq -submit -attrib \"CertificateTemplate:WebServer\""))
        for bad in [
            ["csr", topology, "--cert", "reverse-proxy", "--out", folder.file("o2").path, "--ca-template", "Web\"Srv"],
            [
                "csr", topology, "--cert", "reverse-proxy", "--out", folder.file("o3").path, "--ca-template",
                "A\u{1B}[2J",
            ],
            ["export", topology, "--to", "certreq-inf", "--cert", "reverse-proxy", "--ca-template", "a\nb"],
            ["export", topology, "--to", "openssl-cnf", "--cert", "reverse-proxy", "--ca-template", "WebServer"],
        ] {
            let refused = try await runLynccert(bad)
            #expect(refused.status == 2, "\(bad)")
            #expect(refused.stderr.contains("--ca-template"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("\u{1B}"), "the name is not echoed raw")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("o2").path + "/reverse-proxy.key"))
    }

    @Test("an encrypted key: the printed pfx command carries --key-passphrase-file and works as printed")
    func pfxCommandForEncryptedKey() async throws {
        let folder = try TemporaryDirectory()
        let topology = try await Self.contoso(in: folder)
        let pass = try folder.write("key.pass", "k3y pass\n")
        // Processes: the printed pfx command names files relative to the working directory.
        let result = try runLynccertProcess(
            ["csr", topology, "--cert", "reverse-proxy", "--out", folder.path, "--passphrase-file", pass],
            currentDirectory: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(
            result.stdout.split(separator: "\n").first { $0.contains("lynccert pfx") }?.trimmingCharacters(
                in: .whitespaces))
        #expect(line.contains("--key-passphrase-file \(pass) "), "\(line)")
        // Issue a certificate for the CSR, then run the printed command (no chain; a passphrase
        // from the environment instead of the prompt).
        let signed = try runProcess(
            "openssl",
            [
                "x509", "-req", "-in", "reverse-proxy.csr", "-signkey", "reverse-proxy.key", "-passin", "file:\(pass)",
                "-days", "2", "-out", "reverse-proxy.cer",
            ], currentDirectory: folder.url)
        #expect(signed.status == 0, "\(signed.stderr)")
        var words = line.split(separator: " ").map(String.init).dropFirst()  // "lynccert"
        if let chain = words.firstIndex(of: "--chain") { words.removeSubrange(chain...(chain + 1)) }
        let arguments = words.map { $0 == "--prompt-passphrase" ? "--passphrase-env=PFXPASS" : $0 }
        let pfx = try runLynccertProcess(
            Array(arguments), environment: ["PFXPASS": "pfx pass"], currentDirectory: folder.url)
        #expect(pfx.status == 0, "\(arguments): \(pfx.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.file("reverse-proxy.pfx").path))
        // Without a key passphrase the command has no such flag.
        let plain = try await runLynccert(["csr", topology, "--cert", "edge-external", "--out", folder.file("p").path])
        #expect(plain.stdout.contains("lynccert pfx --key ") && !plain.stdout.contains("--key-passphrase-file"))
    }

    @Test("--passphrase-env encrypts the key; ECDSA warns that Lync server roles need RSA")
    func passphraseAndECDSA() async throws {
        let folder = try TemporaryDirectory()
        let topology = try await Self.contoso(in: folder)
        let planned = try await Self.plannedCertificates(topology)
        let server = try #require(planned.first { ($0["role"] as? String) != "reverseProxy" }?["id"] as? String)
        let name = server.map { $0 == "/" ? "_" : String($0) }.joined()
        let out = folder.file("out").path
        let result = try await runLynccert(
            ["csr", topology, "--cert", server, "--out", out, "--key-type", "ecdsa", "--passphrase-env", "KEYPASS"],
            environment: ["KEYPASS": "k3y pass"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("WARNING rsa-required-for-lync-role"))
        let key = folder.file("out/\(name).key").path
        let opened = try runProcess("openssl", ["pkey", "-in", key, "-passin", "pass:k3y pass", "-noout", "-text"])
        #expect(opened.stdout.contains("NIST CURVE: P-256"))
        #expect(try runProcess("openssl", ["pkey", "-in", key, "-passin", "pass:wrong", "-noout"]).status != 0)
    }
}
