import Foundation
import TestSupport
import Testing

/// Test material made with the `openssl` command (an independent implementation) in a temporary folder.
///
/// The CA is a self-signed RSA 2048 root; `issue` signs a leaf for it with `openssl x509 -req -extfile`.
final class OpenSSLFixtures: @unchecked Sendable {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory(prefix: "lynccert-crypto")
        try openssl(
            "req", "-x509", "-newkey", "rsa:2048", "-noenc", "-keyout", path("ca.key"), "-out", path("ca.pem"),
            "-subj", "/C=US/O=Contoso Test/CN=Contoso Test Root", "-days", "30", "-addext",
            "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    }

    func path(_ name: String) -> String { folder.file(name).path }

    func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: folder.file(name))) }

    /// Runs `openssl` with `arguments`; fails the test when it exits non-zero.
    @discardableResult
    func openssl(_ arguments: String..., stdin: Data? = nil) throws -> ProcessResult {
        try opensslArgs(arguments, stdin: stdin)
    }

    @discardableResult
    func opensslArgs(_ arguments: [String], stdin: Data? = nil, expectSuccess: Bool = true) throws -> ProcessResult {
        let result = try runProcess("openssl", arguments, stdin: stdin, currentDirectory: folder.url)
        if expectSuccess && result.status != 0 {
            Issue.record("openssl \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result
    }

    /// Issues `name.pem` (and `name.key`) signed by the test CA with the extension lines given.
    @discardableResult
    func issue(
        _ name: String, subject: String, extensions: [String], key: String = "rsa:2048", digest: String = "-sha256",
        signatureOptions: [String] = []
    ) throws -> String {
        try openssl(
            "req", "-new", "-newkey", key, "-noenc", "-keyout", path("\(name).key"), "-out", path("\(name).req"),
            "-subj", subject)
        try folder.write("\(name).ext", extensions.joined(separator: "\n") + "\n")
        try opensslArgs(
            [
                "x509", "-req", "-in", path("\(name).req"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                "-set_serial", "0x1A2B3C", "-days", "10", digest, "-extfile", path("\(name).ext"), "-out",
                path("\(name).pem"),
            ] + signatureOptions)
        return path("\(name).pem")
    }

    /// A leaf like an issued reverse-proxy certificate.
    @discardableResult
    func reverseProxyLeaf() throws -> String {
        try issue(
            "leaf", subject: "/C=US/O=Contoso Ltd/CN=webext.contoso.com",
            extensions: [
                "subjectAltName=DNS:webext.contoso.com,DNS:meet.contoso.com,DNS:dialin.contoso.com,IP:203.0.113.10",
                "keyUsage=critical,digitalSignature,keyEncipherment", "extendedKeyUsage=serverAuth,clientAuth",
                "basicConstraints=CA:FALSE", "crlDistributionPoints=URI:http://pki.contoso.com/root.crl",
                "authorityInfoAccess=caIssuers;URI:http://pki.contoso.com/root.cer,OCSP;URI:http://ocsp.contoso.com",
            ])
    }
}
