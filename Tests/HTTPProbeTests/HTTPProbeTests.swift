import Foundation
import HTTPProbe
import TestSupport
import Testing

/// The libcurl wrapper against a real server: the Lync web stand-in (python3 http.server + ssl)
/// on 127.0.0.1, reached through published names pinned with `connectTo`.
@Suite("HTTPClient (libcurl)", .serialized)
final class HTTPProbeTests {
    let directory: TemporaryDirectory
    let certificate: URL
    let server: LyncWebStandIn
    let names = ["webext.contoso.com", "meet.contoso.com", "lyncdiscover.contoso.com"]

    init() throws {
        directory = try TemporaryDirectory()
        (certificate, _) = try makeSelfSignedCertificate(in: directory, name: "standin", dnsNames: names)
        server = try LyncWebStandIn(
            names: names, externalWebFqdn: "webext.contoso.com", certificate: certificate,
            key: directory.file("standin.key"))
    }

    var endpoint: HTTPEndpoint { HTTPEndpoint(address: "127.0.0.1", port: server.port) }

    func one(_ request: HTTPRequest) throws -> Result<HTTPResponse, HTTPProbeError> {
        try #require(HTTPClient.perform([request]).first)
    }

    @Test("the published name is the Host header and SNI; the connection goes to connectTo")
    func pinnedConnect() throws {
        let response = try one(HTTPRequest(url: "https://webext.contoso.com/abs", connectTo: endpoint)).get()
        #expect(response.status == 401)
        #expect(response.values(of: "www-authenticate") == ["Negotiate", "NTLM"])
        #expect(response.url == "https://webext.contoso.com/abs")
        // The stand-in saw the name without the test port: exactly what a client on 443 sends.
        #expect(server.requests.last?.hasPrefix("webext.contoso.com /abs ") == true)
    }

    @Test("redirects on the same host are followed and recorded")
    func sameHostRedirect() throws {
        let response = try one(HTTPRequest(url: "https://webext.contoso.com/meet", connectTo: endpoint)).get()
        #expect(response.status == 200)
        #expect(response.redirects == ["https://webext.contoso.com/meet"])
        #expect(response.url == "https://webext.contoso.com/meet/")
        #expect(String(decoding: response.body, as: UTF8.self).contains("Lync meet"))
        #expect(response.unfollowedRedirect == nil)
    }

    @Test("a redirect loop on the same host stops after maxRedirects and says the limit was reached")
    func sameHostLoop() throws {
        let loop = "https://webext.contoso.com/lynccert-test/loop"
        let response = try one(HTTPRequest(url: loop, connectTo: endpoint, maxRedirects: 3)).get()
        #expect(response.status == 302)
        #expect(response.redirects == [loop, loop, loop])
        #expect(response.unfollowedRedirect == loop)
        #expect(response.redirectLimitReached)
    }

    @Test("redirects to another host, or another port, are never followed")
    func otherHostRedirect() throws {
        for target in [
            "https://login.example.net/signin", "https://webext.contoso.com:8443/x", "http://webext.contoso.com/x",
        ] {
            let before = server.requests.count
            let response = try one(
                HTTPRequest(url: "https://webext.contoso.com/lynccert-test/redirect?to=\(target)", connectTo: endpoint)
            ).get()
            #expect(response.status == 302)
            #expect(response.unfollowedRedirect == target)
            #expect(response.redirects.isEmpty)
            #expect(server.requests.count == before + 1)
        }
    }

    @Test("`Accept:` sends no Accept header; by default curl's */* goes")
    func acceptHeader() throws {
        let path = "https://webext.contoso.com/autodiscover/autodiscoverservice.svc/root"
        _ = try one(HTTPRequest(url: path, headers: ["Accept:"], connectTo: endpoint)).get()
        #expect(server.requests.last?.hasSuffix("accept=None") == true)
        _ = try one(HTTPRequest(url: path, connectTo: endpoint)).get()
        #expect(server.requests.last?.hasSuffix("accept=*/*") == true)
    }

    @Test("a refused connection is couldNotConnect")
    func refused() throws {
        // A port held bound without listening: the connection is refused.
        let closed = try ClosedLoopbackPort()
        defer { closed.release() }
        let result = try one(
            HTTPRequest(
                url: "https://webext.contoso.com/", connectTo: HTTPEndpoint(address: "127.0.0.1", port: closed.port)))
        #expect(throws: HTTPProbeError(.couldNotConnect, "")) { try result.get() }
    }

    @Test("a server that accepts but never answers times out after the connection (timedOut)")
    func silentServer() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = bind(fd, $0, len)
                _ = getsockname(fd, $0, &len)
            }
        }
        #expect(listen(fd, 8) == 0)
        let port = UInt16(bigEndian: addr.sin_port)
        let started = Date()
        let result = try one(
            HTTPRequest(
                url: "https://webext.contoso.com/", connectTo: HTTPEndpoint(address: "127.0.0.1", port: port),
                timeout: 1))
        #expect(throws: HTTPProbeError(.timedOut, "")) { try result.get() }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test("bodies are cut at maxBodyBytes, and the response says so")
    func bodyLimit() throws {
        let response = try one(
            HTTPRequest(url: "https://meet.contoso.com/", connectTo: endpoint, maxBodyBytes: 10)
        ).get()
        #expect(response.status == 200)
        #expect(response.body.count == 10 && response.bodyTruncated)
    }

    @Test("with verifyPeer the chain and name are checked against caFile")
    func verification() throws {
        let trusted = try one(
            HTTPRequest(
                url: "https://meet.contoso.com/", connectTo: endpoint, verifyPeer: true, caFile: certificate.path)
        ).get()
        #expect(trusted.status == 200)
        // A name the certificate does not carry.
        let wrongName = try one(
            HTTPRequest(
                url: "https://dialin.contoso.com/", connectTo: endpoint, verifyPeer: true, caFile: certificate.path))
        #expect(throws: HTTPProbeError(.tls, "")) { try wrongName.get() }
        // Not verified (the default): the same request reaches the server, which refuses the Host.
        let unverified = try one(HTTPRequest(url: "https://dialin.contoso.com/", connectTo: endpoint)).get()
        #expect(unverified.status == 400)
    }

    @Test("many requests with bounded concurrency: every result in request order")
    func concurrent() async throws {
        let paths = (0..<24).map { i in ["/abs", "/meet", "/dialin", "/nothing"][i % 4] }
        let requests = paths.map { HTTPRequest(url: "https://webext.contoso.com\($0)", connectTo: endpoint) }
        let results = await HTTPClient.perform(requests, concurrency: 4)
        #expect(results.count == 24)
        for (path, result) in zip(paths, results) {
            let response = try result.get()
            let expected = ["/abs": 401, "/meet": 200, "/dialin": 200, "/nothing": 404][path]
            #expect(response.status == expected, "\(path)")
        }
    }

    @Test("plain http:// works; a malformed URL is badRequest")
    func plainAndMalformed() throws {
        let plain = try LyncWebStandIn(names: ["lyncdiscover.contoso.com"], externalWebFqdn: "webext.contoso.com")
        let response = try one(
            HTTPRequest(
                url: "http://lyncdiscover.contoso.com/", connectTo: HTTPEndpoint(address: "127.0.0.1", port: plain.port)
            )
        ).get()
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("\"AccessLocation\": \"External\""))
        let bad = try one(HTTPRequest(url: "ftp://webext.contoso.com/", connectTo: endpoint))
        #expect(throws: HTTPProbeError(.badRequest, "")) { try bad.get() }
    }

    @Test("libcurl (opened on first use) runs on OpenSSL")
    func libraryVersion() {
        #expect(HTTPClient.libraryVersion.hasPrefix("libcurl/"))
        #expect(HTTPClient.libraryVersion.contains("OpenSSL"))
    }
}
