import Crypto
import Foundation
import HTTPProbe

/// An ACME client (RFC 8555) over libcurl (HTTPProbe) and OpenSSL (Crypto).
///
/// Every request to the CA is a JWS-signed POST (POST-as-GET for reading objects) except the
/// directory and the first nonce. Nonces come from each response's `Replay-Nonce`; a `badNonce`
/// problem is retried with the nonce that came with it (RFC 8555 §6.5), a few times at most.
/// Polling honours `Retry-After` and never runs past `deadline`.
public final class ACMEClient {
    public let directoryURL: String
    /// PEM trust anchors for the CA's TLS certificate; `nil` uses the system store.
    public let caFile: String?
    public let accountKey: PrivateKey
    /// No request starts and no poll waits past this moment.
    public let deadline: Date
    /// How many `badNonce` answers in a row are retried before giving up.
    public var badNonceRetries = 8
    /// How many `badNonce` retries were made (for tests and the summary).
    public private(set) var badNonceRetriesMade = 0

    private var directory: ACMEDirectory?
    private var nonces: [String] = []
    public private(set) var accountURL: String?

    public init(directoryURL: String, caFile: String?, accountKey: PrivateKey, deadline: Date) {
        self.directoryURL = directoryURL
        self.caFile = caFile
        self.accountKey = accountKey
        self.deadline = deadline
    }

    // MARK: Account and order

    /// Creates the account, or finds the existing one for this key (RFC 8555 §7.3); returns its URL.
    @discardableResult
    public func register(contact: [String], agreeToTerms: Bool) throws(ACMEError) -> String {
        let dir = try loadDirectory()
        var fields = ["\"termsOfServiceAgreed\":\(agreeToTerms ? "true" : "false")"]
        if !contact.isEmpty { fields.append("\"contact\":[\(contact.map(jsonString).joined(separator: ","))]") }
        let response = try post(dir.newAccount, payload: "{" + fields.joined(separator: ",") + "}", useJWK: true)
        guard let location = response.values(of: "Location").first, !location.isEmpty else {
            throw ACMEError(.protocolViolation, "the CA created the account but sent no Location header")
        }
        accountURL = location
        return location
    }

    /// Places an order for `names` (dNSName identifiers); returns its URL and first state.
    public func newOrder(_ names: [String]) throws(ACMEError) -> (url: String, order: ACMEOrder) {
        let dir = try loadDirectory()
        let identifiers = names.map { "{\"type\":\"dns\",\"value\":\(jsonString($0))}" }.joined(separator: ",")
        let response = try post(dir.newOrder, payload: "{\"identifiers\":[\(identifiers)]}")
        guard let location = response.values(of: "Location").first, !location.isEmpty else {
            throw ACMEError(.protocolViolation, "the CA created the order but sent no Location header")
        }
        return (location, try decode(ACMEOrder.self, response, what: "the new order"))
    }

    public func authorization(_ url: String) throws(ACMEError) -> ACMEAuthorization {
        try decode(ACMEAuthorization.self, try post(url, payload: ""), what: "the authorization \(url)")
    }

    /// Tells the CA the challenge is ready to be validated (RFC 8555 §7.5.1).
    public func respond(toChallenge url: String) throws(ACMEError) {
        _ = try post(url, payload: "{}")
    }

    /// Polls an authorization until it is no longer pending; returns its final state.
    public func waitForAuthorization(_ url: String) throws(ACMEError) -> ACMEAuthorization {
        try poll(url, what: "the authorization for") { (authz: ACMEAuthorization) in
            authz.status == "pending" ? nil : authz
        }
    }

    /// Sends the CSR (DER) to the order's finalize URL and polls the order until it is valid.
    public func finalize(orderURL: String, order: ACMEOrder, csrDER: [UInt8]) throws(ACMEError) -> ACMEOrder {
        let response = try post(order.finalize, payload: "{\"csr\":\"\(Base64URL.encode(csrDER))\"}")
        var current = try decode(ACMEOrder.self, response, what: "the finalized order")
        if current.status == "processing" || current.status == "ready" {
            current = try poll(orderURL, what: "the order") { (o: ACMEOrder) in
                o.status == "processing" || o.status == "ready" ? nil : o
            }
        }
        guard current.status == "valid" else {
            throw ACMEError(
                .problem, "the CA did not issue the certificate (order \(current.status))", problem: current.error)
        }
        return current
    }

    /// Downloads the certificate chain (`application/pem-certificate-chain`, RFC 8555 §7.4.2).
    public func downloadCertificate(_ url: String) throws(ACMEError) -> String {
        let response = try post(url, payload: "", accept: "application/pem-certificate-chain")
        let text = String(decoding: response.body, as: UTF8.self)
        guard text.contains("-----BEGIN CERTIFICATE-----") else {
            throw ACMEError(.protocolViolation, "the certificate URL did not return a PEM certificate chain")
        }
        return text
    }

    // MARK: Transport

    func loadDirectory() throws(ACMEError) -> ACMEDirectory {
        if let directory { return directory }
        let response = try send(HTTPRequest(url: directoryURL, method: "GET"), what: "the ACME directory")
        guard response.status == 200 else {
            throw ACMEError(
                .protocolViolation, "the ACME directory \(directoryURL) answered HTTP \(response.status)",
                problem: problem(in: response))
        }
        let dir = try decode(ACMEDirectory.self, response, what: "the ACME directory")
        directory = dir
        return dir
    }

    private func nonce() throws(ACMEError) -> String {
        if let next = nonces.popLast() { return next }
        let dir = try loadDirectory()
        let response = try send(HTTPRequest(url: dir.newNonce, method: "HEAD"), what: "a new nonce")
        guard let value = response.values(of: "Replay-Nonce").first, !value.isEmpty else {
            throw ACMEError(
                .protocolViolation, "the CA's newNonce answered HTTP \(response.status) without a Replay-Nonce")
        }
        return value
    }

    /// A signed POST; an empty payload is a POST-as-GET. Problems become `ACMEError(.problem)`.
    func post(_ url: String, payload: String, useJWK: Bool = false, accept: String? = nil) throws(ACMEError)
        -> HTTPResponse
    {
        var attempt = 0
        while true {
            let header: String
            let body: String
            do {
                let key = useJWK ? "\"jwk\":\(try accountKey.jwkJSON())" : "\"kid\":\(jsonString(accountURL ?? ""))"
                header =
                    "{\"alg\":\"\(try accountKey.jwsAlgorithm())\",\(key),\"nonce\":\(jsonString(try nonce())),"
                    + "\"url\":\(jsonString(url))}"
                body = try accountKey.flattenedJWS(protectedHeader: header, payload: payload)
            } catch let error as ACMEError {
                throw error
            } catch {
                throw ACMEError(.local, "cannot sign the request to \(url): \(error)")
            }
            var headers = ["Content-Type: application/jose+json", "Expect:"]
            if let accept { headers.append("Accept: \(accept)") }
            let response = try send(
                HTTPRequest(url: url, headers: headers, method: "POST", body: Data(body.utf8)), what: url)
            if response.status < 400 { return response }
            let problem = problem(in: response)
            if problem?.shortType == "badNonce", attempt < badNonceRetries {
                attempt += 1
                badNonceRetriesMade += 1
                continue
            }
            throw ACMEError(
                .problem, "the CA refused the request to \(url) (HTTP \(response.status))", problem: problem)
        }
    }

    private func send(_ base: HTTPRequest, what: String) throws(ACMEError) -> HTTPResponse {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw ACMEError(.deadline, "the deadline passed before asking for \(what)") }
        var request = base
        request.timeout = min(30, remaining)
        request.verifyPeer = true
        request.caFile = caFile
        request.maxRedirects = 0
        request.userAgent = "lynccert-acme"
        request.maxBodyBytes = 1 << 20
        guard let result = HTTPClient.perform([request]).first else {
            throw ACMEError(.network, "no answer for \(what)")
        }
        switch result {
        case .failure(let error):
            throw ACMEError(.network, "cannot reach the CA for \(what) (\(request.url)): \(error.reason)")
        case .success(let response):
            if let fresh = response.values(of: "Replay-Nonce").first, !fresh.isEmpty { nonces.append(fresh) }
            return response
        }
    }

    /// Polls `url` (POST-as-GET) until `done` returns a value, waiting as `Retry-After` asks.
    private func poll<T: Decodable>(_ url: String, what: String, done: (T) -> T?) throws(ACMEError) -> T {
        while true {
            let response = try post(url, payload: "")
            let value = try decode(T.self, response, what: "\(what) \(url)")
            if let finished = done(value) { return finished }
            let wait = Self.retryAfter(response.values(of: "Retry-After").first, now: Date()) ?? 1
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 || wait >= remaining {
                throw ACMEError(
                    .deadline, "\(what) \(url) was still not done when the deadline passed; the CA may finish later")
            }
            Thread.sleep(forTimeInterval: max(0.2, min(wait, 30)))
        }
    }

    /// Seconds to wait from a `Retry-After` value: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
    public static func retryAfter(_ value: String?, now: Date) -> TimeInterval? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value), seconds >= 0 { return TimeInterval(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    private func problem(in response: HTTPResponse) -> ACMEProblem? {
        try? JSONDecoder().decode(ACMEProblem.self, from: response.body)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse, what: String) throws(ACMEError) -> T {
        do {
            return try JSONDecoder().decode(type, from: response.body)
        } catch {
            throw ACMEError(.protocolViolation, "the CA's answer for \(what) is not the JSON RFC 8555 describes")
        }
    }
}

/// A JSON string literal for `text`.
func jsonString(_ text: String) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data()
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst().dropLast())
}
