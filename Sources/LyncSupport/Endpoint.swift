/// `HOST[:PORT]` as the command line and the exports take it: `203.0.113.10`, `rp.contoso.com:4443`,
/// `[2001:db8::1]:443`, or a bare IPv6 address `2001:db8::1` (which cannot carry a port).
///
/// Only the shape is checked here: a host that is not empty, an IPv6 address wherever a colon is
/// part of the host, and a port from 1 to 65535 written in decimal digits. Whether the host may be
/// a name, or must be an address, is for the caller to say.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// The host without brackets: a name, an IPv4 address or an IPv6 address.
    public var host: String
    /// The port written, or the default given to the parser; `nil` when neither.
    public var port: UInt16?

    public init(host: String, port: UInt16?) {
        self.host = host
        self.port = port
    }

    /// Parses `text`; `defaultPort` stands in when no port is written.
    /// - Throws: ``EndpointError`` naming the text and what is wrong with it.
    public init(parsing text: String, defaultPort: UInt16? = nil) throws(EndpointError) {
        func fail(_ reason: String) -> EndpointError { EndpointError(text: text, reason: reason) }
        var hostText = Substring(text)
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw fail("missing ']' after the IPv6 address") }
            hostText = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("expected ':PORT' after ']'") }
                portText = after.dropFirst()
            }
            guard IPAddress(String(hostText))?.family == .v6 else {
                throw fail("brackets hold an IPv6 address, not '\(hostText)'")
            }
        } else if text.filter({ $0 == ":" }).count > 1 {
            // A bare IPv6 address: without brackets its last group cannot be told from a port.
            guard IPAddress(text) != nil else {
                throw fail("not an IPv6 address; write an IPv6 address with a port as [ADDR]:PORT")
            }
        } else if let colon = text.firstIndex(of: ":") {
            hostText = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !hostText.isEmpty else { throw fail("the host is empty") }
        var port = defaultPort
        if let portText {
            guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt16(portText),
                value > 0
            else { throw fail("the port must be a number from 1 to 65535") }
            port = value
        }
        self.init(host: String(hostText), port: port)
    }

    /// The host as an IP address, when it is one.
    public var address: IPAddress? { IPAddress(host) }

    /// `host:port`, with an IPv6 host in brackets (`[::1]:53`); the host alone when there is no port.
    public var description: String { Endpoint.display(host: host, port: port) }

    /// `host:port`, with an IPv6 host in brackets so the port stays readable.
    public static func display(host: String, port: UInt16?) -> String {
        guard let port else { return host }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// Why a `HOST[:PORT]` text was refused.
public struct EndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    /// What is wrong with it.
    public let reason: String

    /// `'rp.contoso.com:0': the port must be a number from 1 to 65535`.
    public var description: String { "'\(text)': \(reason)" }
}
