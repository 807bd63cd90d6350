import ACME
import Foundation
import HTTPProbe
import TestSupport
import Testing

/// The HTTP pieces ACME needs, against real sockets on 127.0.0.1: libcurl POST/HEAD with response
/// headers (checked by a python3 server that echoes what it received), and the HTTP-01 responder
/// (checked with libcurl).
@Suite("ACME transport: POST with a JOSE body, response headers, HTTP-01 responder", .serialized)
struct TransportTests {
    /// A python3 server that answers every request with JSON of what it got, plus Location,
    /// Replay-Nonce and Retry-After headers.
    static let echoServer = """
        import http.server, json, sys
        class H(http.server.BaseHTTPRequestHandler):
            def answer(self, body):
                data = json.dumps({"method": self.command, "path": self.path, "body": body,
                                   "type": self.headers.get("Content-Type"), "expect": self.headers.get("Expect")}).encode()
                self.send_response(201)
                self.send_header("Location", "http://127.0.0.1/acct/1")
                self.send_header("Replay-Nonce", "nonce-" + self.command)
                self.send_header("Retry-After", "3")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD": self.wfile.write(data)
            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                self.answer(self.rfile.read(n).decode())
            def do_GET(self): self.answer(None)
            def do_HEAD(self): self.answer(None)
            def log_message(self, *a): pass
        s = http.server.HTTPServer(("127.0.0.1", 0), H)
        print(s.server_address[1], flush=True)
        s.serve_forever()
        """

    func withEchoServer(_ body: (UInt16) throws -> Void) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", Self.echoServer]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        var line = Data()
        let start = Date()
        while !line.contains(0x0A) && Date().timeIntervalSince(start) < 20 {
            line.append(out.fileHandleForReading.availableData)
        }
        let port = try #require(
            UInt16(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        try body(port)
    }

    @Test(
        "a POST sends its body and Content-Type unchanged, without Expect: 100-continue; Location and Replay-Nonce come back"
    )
    func postWithBody() throws {
        try withEchoServer { port in
            let jose =
                "{\"protected\":\"eyJ\",\"payload\":\"\(String(repeating: "A", count: 3000))\",\"signature\":\"x\"}"
            let request = HTTPRequest(
                url: "http://127.0.0.1:\(port)/new-acct", headers: ["Content-Type: application/jose+json", "Expect:"],
                method: "POST", body: Data(jose.utf8))
            let response = try #require(HTTPClient.perform([request]).first).get()
            #expect(response.status == 201)
            #expect(response.values(of: "location") == ["http://127.0.0.1/acct/1"])
            #expect(response.values(of: "Replay-Nonce") == ["nonce-POST"])
            #expect(ACMEClient.retryAfter(response.values(of: "Retry-After").first, now: Date()) == 3)
            let echoed = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
            #expect(echoed["method"] as? String == "POST")
            #expect(echoed["body"] as? String == jose)
            #expect(echoed["type"] as? String == "application/jose+json")
            #expect(echoed["expect"] is NSNull)
        }
    }

    @Test("HEAD gets the headers and no body; GET stays a GET")
    func headAndGet() throws {
        try withEchoServer { port in
            let results = HTTPClient.perform([
                HTTPRequest(url: "http://127.0.0.1:\(port)/nonce", method: "HEAD"),
                HTTPRequest(url: "http://127.0.0.1:\(port)/dir"),
            ])
            let head = try results[0].get()
            #expect(head.values(of: "Replay-Nonce") == ["nonce-HEAD"])
            #expect(head.body.isEmpty)
            let get = try results[1].get()
            #expect(get.values(of: "Replay-Nonce") == ["nonce-GET"])
        }
    }

    @Test("the HTTP-01 responder answers only its tokens, with the key authorization, and stops listening when stopped")
    func responder() throws {
        let responder = try HTTP01Responder(address: "127.0.0.1", port: 0)
        responder.add(token: "tok-1", keyAuthorization: "tok-1.thumb")
        let base = "http://127.0.0.1:\(responder.port)"
        let results = HTTPClient.perform([
            HTTPRequest(url: "\(base)/.well-known/acme-challenge/tok-1"),
            HTTPRequest(url: "\(base)/.well-known/acme-challenge/other"),
            HTTPRequest(url: "\(base)/"),
            HTTPRequest(url: "\(base)/.well-known/acme-challenge/tok-1", method: "POST", body: Data("x".utf8)),
        ])
        let hit = try results[0].get()
        #expect(hit.status == 200)
        #expect(String(decoding: hit.body, as: UTF8.self) == "tok-1.thumb")
        #expect(try results[1].get().status == 404)
        #expect(try results[2].get().status == 404)
        #expect(try results[3].get().status == 405)
        #expect(responder.requestedPaths.contains("/.well-known/acme-challenge/other"))
        responder.stop()
        let after = try #require(
            HTTPClient.perform([HTTPRequest(url: "\(base)/.well-known/acme-challenge/tok-1", timeout: 5)]).first)
        guard case .failure(let error) = after else {
            Issue.record("the stopped responder still answered")
            return
        }
        #expect(error.code == .couldNotConnect)
    }

    @Test("a listen address that is not an IP literal is refused with the address named")
    func badListenAddress() {
        #expect(throws: ACMEError.self) { try HTTP01Responder(address: "webext.contoso.com", port: 0) }
    }
}
