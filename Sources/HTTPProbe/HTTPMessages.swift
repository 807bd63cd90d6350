import Foundation
import LyncSupport

/// Where to connect instead of the address a URL's host name resolves to.
///
/// `lynccert verify --connect 203.0.113.10` tests a new reverse proxy before public DNS points at
/// it: every request still names the published host in its URL (so SNI and the `Host` header are
/// what clients send), but the TCP connection goes to this address and port.
public struct HTTPEndpoint: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// An IPv4 or IPv6 literal, or a host name (resolved normally).
    public var address: String
    public var port: UInt16

    public init(address: String, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `192.0.2.1:443`, `[2001:db8::1]:443`.
    public var description: String { Endpoint.display(host: address, port: port) }
}

/// One request to make: a GET, a HEAD, or a POST with a body.
public struct HTTPRequest: Sendable, Equatable {
    /// An absolute `http://` or `https://` URL; its host is sent as SNI and `Host` header.
    public var url: String
    /// Extra request header lines, `Name: value`. `Name:` with nothing after the colon removes a
    /// header libcurl would send by default (`Accept:` sends no Accept header at all).
    public var headers: [String]
    /// Connect here instead of resolving the URL's host; `nil` resolves it normally.
    public var connectTo: HTTPEndpoint?
    /// Seconds for the whole request, connection and redirects included.
    public var timeout: TimeInterval
    /// Whether to verify the server's certificate chain and name (against `caFile`, else the system store).
    public var verifyPeer: Bool
    /// PEM file of trust anchors used when `verifyPeer` is on.
    public var caFile: String?
    /// Redirects to the same scheme, host and port that are followed; others are never followed.
    public var maxRedirects: Int
    /// Bodies longer than this are cut (the response says so) and the transfer stops.
    public var maxBodyBytes: Int
    /// `GET`, `HEAD` or `POST`.
    public var method: String
    /// The request body (sent with `POST`); set a `Content-Type:` line in `headers` for it.
    public var body: Data?
    public var userAgent: String

    public init(
        url: String, headers: [String] = [], connectTo: HTTPEndpoint? = nil, timeout: TimeInterval = 10,
        verifyPeer: Bool = false, caFile: String? = nil, maxRedirects: Int = 5, maxBodyBytes: Int = 1 << 20,
        method: String = "GET", body: Data? = nil, userAgent: String = "lynccert-verify"
    ) {
        self.method = method
        self.body = body
        self.userAgent = userAgent
        self.url = url
        self.headers = headers
        self.connectTo = connectTo
        self.timeout = timeout
        self.verifyPeer = verifyPeer
        self.caFile = caFile
        self.maxRedirects = maxRedirects
        self.maxBodyBytes = maxBodyBytes
    }
}

/// One response header field.
public struct HTTPHeader: Sendable, Equatable, Hashable {
    public var name: String
    public var value: String
}

/// What the server answered to the last request of a redirect chain.
public struct HTTPResponse: Sendable, Equatable {
    /// The URL that produced this response (after any same-origin redirects).
    public var url: String
    /// The status code, e.g. 200 or 401.
    public var status: Int
    /// Header fields of the final response, in the order received.
    public var headers: [HTTPHeader] = []
    public var body: Data = Data()
    /// Whether `body` was cut at `HTTPRequest.maxBodyBytes`.
    public var bodyTruncated: Bool = false
    /// URLs that answered with a redirect which was followed, in order.
    public var redirects: [String] = []
    /// The absolute target of a redirect that was not followed (other host, or too many hops).
    public var unfollowedRedirect: String?
    /// Whether `unfollowedRedirect` stayed on the same host and was left only because
    /// `HTTPRequest.maxRedirects` were already followed (a loop, or a chain too long).
    public var redirectLimitReached: Bool = false

    /// Every value of the header `name` (case-insensitive), in order.
    public func values(of name: String) -> [String] {
        let lower = name.lowercased()
        return headers.filter { $0.name.lowercased() == lower }.map(\.value)
    }
}

/// Why a request got no HTTP response.
///
/// Equality compares only the code (``CodedError``), as the other lynccert error types do.
public struct HTTPProbeError: CodedError, Sendable {
    /// The kind of failure, stable for callers to branch on.
    public struct Code: Sendable, Equatable, Hashable, CustomStringConvertible {
        fileprivate enum Kind: String, Sendable {
            case badRequest, couldNotResolve, couldNotConnect, timedOut, tls, transfer, library
        }
        fileprivate let kind: Kind

        /// The request itself is malformed (URL, option).
        public static let badRequest = Code(kind: .badRequest)
        /// A host name could not be resolved.
        public static let couldNotResolve = Code(kind: .couldNotResolve)
        /// No TCP connection could be made (refused, unreachable, or no answer before the time-out).
        public static let couldNotConnect = Code(kind: .couldNotConnect)
        /// Connected, but the answer did not come in time.
        public static let timedOut = Code(kind: .timedOut)
        /// The TLS handshake failed, or the certificate was refused when verification is on.
        public static let tls = Code(kind: .tls)
        /// The connection broke or the server sent something that is not HTTP.
        public static let transfer = Code(kind: .transfer)
        /// libcurl itself failed (out of memory, initialisation).
        public static let library = Code(kind: .library)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    /// A sentence for people: libcurl's detailed message when it has one.
    public var reason: String
    public var file: String
    public var line: Int

    public init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }
}
