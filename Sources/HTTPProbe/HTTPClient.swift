internal import CCurl
import Foundation
import LyncSupport

/// An HTTP(S) client for checking a reverse proxy, built on libcurl (with OpenSSL).
///
/// Made for `lynccert verify`: each request can be pinned to one address and port (`connectTo`)
/// while its URL keeps the published host name, so the TLS SNI, the `Host` header and any links
/// the server builds from it are exactly what a client on the Internet would send and see.
/// The pinning uses `CURLOPT_CONNECT_TO` (`host:port:address:port`, which maps the URL's port to
/// the listener's) and `CURLOPT_RESOLVE` (`host:port:address`, so the name itself is never
/// looked up). Proxies from the environment are ignored (`CURLOPT_NOPROXY "*"`), only `http` and
/// `https` are allowed, and redirects are followed only to the same scheme, host and port.
///
/// Transfers run on libcurl's multi interface on one thread, at most `concurrency` at a time.
public enum HTTPClient {
    /// libcurl's version string (`libcurl/7.88.1 OpenSSL/3.0.x …`).
    public static var libraryVersion: String { CurlGlobal.version }

    /// Performs `requests`, at most `concurrency` at a time, and returns one result per request in order.
    ///
    /// Blocks the calling thread until every request has finished or timed out.
    public static func perform(_ requests: [HTTPRequest], concurrency: Int = 8) -> [Result<
        HTTPResponse, HTTPProbeError
    >] {
        var results = [Result<HTTPResponse, HTTPProbeError>?](repeating: nil, count: requests.count)
        let multi: CurlMulti
        do {
            multi = try CurlMulti()
        } catch {
            return requests.map { _ in .failure(error) }
        }
        var pending = Array(requests.indices.reversed())
        var active: [UnsafeMutableRawPointer: Transfer] = [:]
        let limit = max(1, concurrency)

        func start(_ transfer: Transfer) {
            do throws(HTTPProbeError) {
                try transfer.prepare()
                guard lync_curl_multi_add_handle(multi.handle, transfer.easy.handle) == CURLM_OK else {
                    throw HTTPProbeError(.library, "libcurl could not start the request")
                }
                active[transfer.easy.handle] = transfer
            } catch {
                results[transfer.index] = .failure(error)
            }
        }

        while !pending.isEmpty || !active.isEmpty {
            while active.count < limit, let index = pending.popLast() {
                do throws(HTTPProbeError) {
                    start(try Transfer(index: index, request: requests[index]))
                } catch {
                    results[index] = .failure(error)
                }
            }
            if active.isEmpty { continue }
            var running: Int32 = 0
            _ = lync_curl_multi_perform(multi.handle, &running)
            var left: Int32 = 0
            while let message = lync_curl_multi_info_read(multi.handle, &left) {
                guard lync_curl_msg_is_done(message) != 0, let easy = lync_curl_msg_easy_handle(message),
                    let transfer = active.removeValue(forKey: easy)
                else { continue }
                let code = lync_curl_msg_result(message)
                lync_curl_multi_remove_handle(multi.handle, easy)
                switch transfer.finish(code) {
                case .done(let result): results[transfer.index] = result
                case .follow: start(transfer)
                }
            }
            if !active.isEmpty && running > 0 {
                _ = lync_curl_multi_poll(multi.handle, 100)
            }
        }
        return results.map { $0 ?? .failure(HTTPProbeError(.library, "the request was not run")) }
    }

    /// `perform` on a thread of its own, so an async caller's executor is not blocked.
    public static func perform(_ requests: [HTTPRequest], concurrency: Int = 8) async -> [Result<
        HTTPResponse, HTTPProbeError
    >] {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: perform(requests, concurrency: concurrency))
            }
            thread.name = "lynccert-http"
            thread.start()
        }
    }
}

/// One request in flight: its handle, its buffers, and the redirects followed so far.
private final class Transfer {
    let index: Int
    let request: HTTPRequest
    let easy: CurlEasy
    var url: String
    var redirects: [String] = []
    var body = Data()
    var bodyTruncated = false
    var headers: [HTTPHeader] = []
    /// `CURLOPT_ERRORBUFFER`: libcurl writes its detailed message here; freed in `deinit`.
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    let started = Date()

    enum Outcome {
        case done(Result<HTTPResponse, HTTPProbeError>)
        case follow
    }

    init(index: Int, request: HTTPRequest) throws(HTTPProbeError) {
        self.index = index
        self.request = request
        self.url = request.url
        self.easy = try CurlEasy()
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit { errorBuffer.deallocate() }

    /// Sets every option for a (re)start at `url`; buffers are emptied.
    func prepare() throws(HTTPProbeError) {
        guard let target = URLParts(url) else {
            throw HTTPProbeError(.badRequest, "not an absolute http:// or https:// URL: \(url)")
        }
        body = Data()
        bodyTruncated = false
        headers = []
        let remaining = request.timeout - Date().timeIntervalSince(started)
        guard remaining > 0 else { throw HTTPProbeError(.timedOut, "no answer within \(request.timeout) s") }

        try easy.set(CURLOPT_URL, url)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_NOPROXY, "*")
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_FOLLOWLOCATION, 0)
        try easy.set(CURLOPT_USERAGENT, request.userAgent)
        switch request.method {
        case "GET": try easy.set(CURLOPT_HTTPGET, 1)
        case "HEAD": try easy.set(CURLOPT_NOBODY, 1)
        case "POST":
            // The body is copied into the handle: it outlives this call and any redirect restart.
            let body = request.body ?? Data()
            try easy.set(CURLOPT_POSTFIELDSIZE, body.count)
            if body.isEmpty {
                try easy.set(CURLOPT_COPYPOSTFIELDS, "")
            } else {
                let failure = body.withUnsafeBytes { bytes -> HTTPProbeError? in
                    do throws(HTTPProbeError) {
                        try easy.set(CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                        return nil
                    } catch {
                        return error
                    }
                }
                if let failure { throw failure }
            }
        default: throw HTTPProbeError(.badRequest, "unsupported HTTP method \(request.method)")
        }
        try easy.set(CURLOPT_TIMEOUT_MS, Int(remaining * 1000))
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, Int(remaining * 1000))
        try easy.set(CURLOPT_HTTPHEADER, try CurlStringList(request.headers))
        if let endpoint = request.connectTo {
            let address = endpoint.address.contains(":") ? "[\(endpoint.address)]" : endpoint.address
            try easy.set(
                CURLOPT_CONNECT_TO, try CurlStringList(["\(target.host):\(target.port):\(address):\(endpoint.port)"]))
            if IPAddress.isValid(endpoint.address) {
                try easy.set(CURLOPT_RESOLVE, try CurlStringList(["\(target.host):\(target.port):\(address)"]))
            }
        }
        try easy.set(CURLOPT_SSL_VERIFYPEER, request.verifyPeer ? 1 : 0)
        try easy.set(CURLOPT_SSL_VERIFYHOST, request.verifyPeer ? 2 : 0)
        if request.verifyPeer, let caFile = request.caFile { try easy.set(CURLOPT_CAINFO, caFile) }
        errorBuffer[0] = 0
        try easy.set(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        let me = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_WRITEFUNCTION, transferWriteBody)
        try easy.set(CURLOPT_WRITEDATA, me)
        try easy.set(CURLOPT_HEADERFUNCTION, transferWriteHeader)
        try easy.set(CURLOPT_HEADERDATA, me)
    }

    /// Turns a finished transfer into a response or an error, or decides to follow a redirect.
    func finish(_ code: CURLcode) -> Outcome {
        let status = easy.long(CURLINFO_RESPONSE_CODE)
        if code != CURLE_OK && !(code == CURLE_WRITE_ERROR && bodyTruncated) {
            return .done(.failure(error(for: code)))
        }
        var unfollowed: String? = nil
        var limitReached = false
        if (300..<400).contains(status), let location = easy.string(CURLINFO_REDIRECT_URL) {
            if let from = URLParts(url), let to = URLParts(location), from.sameOrigin(as: to) {
                if redirects.count < request.maxRedirects {
                    redirects.append(url)
                    url = location
                    return .follow
                }
                limitReached = true
            }
            unfollowed = location
        }
        return .done(
            .success(
                HTTPResponse(
                    url: url, status: status, headers: headers, body: body, bodyTruncated: bodyTruncated,
                    redirects: redirects, unfollowedRedirect: unfollowed, redirectLimitReached: limitReached)))
    }

    private func error(for code: CURLcode) -> HTTPProbeError {
        let detail = String(cString: errorBuffer)
        let text = detail.isEmpty ? String(cString: lync_curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_COULDNT_CONNECT:
            return HTTPProbeError(.couldNotConnect, text)
        case CURLE_OPERATION_TIMEDOUT:
            // Never connected: the address did not answer at all.
            let connected = easy.long(CURLINFO_NUM_CONNECTS) > 0 || easy.string(CURLINFO_PRIMARY_IP)?.isEmpty == false
            return HTTPProbeError(connected ? .timedOut : .couldNotConnect, text)
        case CURLE_COULDNT_RESOLVE_HOST:
            return HTTPProbeError(.couldNotResolve, text)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_INITFAILED:
            return HTTPProbeError(.tls, text)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT:
            return HTTPProbeError(.badRequest, text)
        case CURLE_OUT_OF_MEMORY, CURLE_FAILED_INIT:
            return HTTPProbeError(.library, text)
        default:
            return HTTPProbeError(.transfer, text)
        }
    }

    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let room = request.maxBodyBytes - body.count
        if bytes.count > room {
            body.append(contentsOf: bytes.prefix(max(0, room)))
            bodyTruncated = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            // A new status line: an interim (1xx) response's headers are dropped.
            headers = []
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        headers.append(
            HTTPHeader(
                name: String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
    }
}

/// `CURLOPT_WRITEFUNCTION`: append to the transfer's body; returning less than given stops it.
private let transferWriteBody: lync_curl_data_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let total = size * count
    return transfer.appendBody(UnsafeRawBufferPointer(start: buffer, count: total)) ? total : 0
}

/// `CURLOPT_HEADERFUNCTION`: one header line per call.
private let transferWriteHeader: lync_curl_data_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let total = size * count
    transfer.appendHeaderLine(UnsafeRawBufferPointer(start: buffer, count: total))
    return total
}

/// Scheme, host and port of an absolute URL, with the scheme's default port filled in.
struct URLParts: Equatable {
    var scheme: String
    var host: String
    var port: Int

    init?(_ text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = components.port ?? (scheme == "https" ? 443 : 80)
    }

    func sameOrigin(as other: URLParts) -> Bool { self == other }
}
