internal import CLDNS
import Foundation

/// A TSIG key (RFC 8945) as BIND's `tsig-keygen` writes it:
/// `key "name" { algorithm hmac-sha256; secret "base64"; };`.
public struct TSIGKey: Sendable, Equatable {
    public var name: String
    public var algorithm: String
    public var secret: String
}

extension TSIGKey {
    /// Reads the first `key` clause of a BIND key file; `nil` when the text holds none.
    public init?(bindKeyFile text: String) {
        func capture(_ pattern: String) -> String? {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                let range = Range(match.range(at: 1), in: text)
            else { return nil }
            return String(text[range])
        }
        guard let name = capture(#"key\s+"?([A-Za-z0-9._-]+)"?\s*\{"#),
            let algorithm = capture(#"algorithm\s+"?([A-Za-z0-9-]+)"?\s*;"#),
            let secret = capture(#"secret\s+"([A-Za-z0-9+/=]+)"\s*;"#)
        else { return nil }
        self.init(name: name, algorithm: algorithm.lowercased(), secret: secret)
    }
}

/// RFC 2136 dynamic updates signed with TSIG, sent with ldns to one server only (never the
/// system resolver). Used to add and remove `_acme-challenge` TXT records.
public enum DNSUpdate {
    /// Adds (`add` true) or deletes (false, that exact value only) the TXT record `name` → `value`.
    ///
    /// The zone is found by asking `server` for the SOA of `name` (ldns walks the answer and
    /// authority sections).
    /// - Throws: `DNSError` with the server's RCODE (`REFUSED`, `NOTAUTH` …) or why no answer came.
    public static func txt(
        _ name: String, value: String, add: Bool, server: DNSServer, key: TSIGKey, ttl: UInt32 = 60,
        timeout: Double = 5
    ) throws(DNSError) {
        let resolver = try makeResolver(server, timeout: timeout)
        defer { ldns_resolver_deep_free(resolver) }
        let keyName = key.name.hasSuffix(".") ? key.name : key.name + "."
        let algorithm = key.algorithm.hasSuffix(".") ? key.algorithm : key.algorithm + "."
        ldns_resolver_set_tsig_keyname(resolver, keyName)
        ldns_resolver_set_tsig_algorithm(resolver, algorithm)
        ldns_resolver_set_tsig_keydata(resolver, key.secret)

        let owner = name.hasSuffix(".") ? name : name + "."
        var zone: UnsafeMutablePointer<ldns_rdf>? = nil
        var mname: UnsafeMutablePointer<ldns_rdf>? = nil
        guard ldns_update_soa_zone_mname(owner, resolver, LDNS_RR_CLASS_IN, &zone, &mname) == LDNS_STATUS_OK,
            let zone
        else {
            throw DNSError(
                code: .malformedAnswer, reason: "\(server) gave no SOA for \(owner): cannot tell which zone to update")
        }
        defer {
            ldns_rdf_deep_free(zone)
            if let mname { ldns_rdf_deep_free(mname) }
        }

        // RFC 2136 §2.5.1 adds with class IN; §2.5.4 deletes one RR with class NONE and TTL 0.
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var record: UnsafeMutablePointer<ldns_rr>? = nil
        guard
            ldns_rr_new_frm_str(&record, "\(owner) \(add ? ttl : 0) IN TXT \"\(escaped)\"", 0, nil, nil)
                == LDNS_STATUS_OK, let record
        else { throw DNSError(code: .invalidServer, reason: "cannot build the TXT record for \(owner)") }
        if !add { ldns_rr_set_class(record, LDNS_RR_CLASS_NONE) }
        guard let list = ldns_rr_list_new() else {
            ldns_rr_free(record)
            throw DNSError(code: .network, reason: "ldns could not make a record list")
        }
        defer { ldns_rr_list_deep_free(list) }
        _ = ldns_rr_list_push_rr(list, record)

        guard let packet = ldns_update_pkt_new(ldns_rdf_clone(zone), LDNS_RR_CLASS_IN, nil, list, nil) else {
            throw DNSError(code: .network, reason: "ldns could not make the update message")
        }
        defer { ldns_pkt_free(packet) }
        guard ldns_update_pkt_tsig_add(packet, resolver) == LDNS_STATUS_OK else {
            throw DNSError(
                code: .invalidServer, reason: "cannot sign the update with TSIG key \(key.name) (\(key.algorithm))")
        }
        var answer: UnsafeMutablePointer<ldns_pkt>? = nil
        let status = ldns_resolver_send_pkt(&answer, resolver, packet)
        defer { if let answer { ldns_pkt_free(answer) } }
        guard status == LDNS_STATUS_OK, let answer else {
            // A server that refuses the key answers unsigned (NOTAUTH/BADSIG), which ldns rejects too.
            let why = ldns_get_errorstr_by_id(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
            throw DNSError(
                code: .timedOut,
                reason: "\(server) gave no accepted answer to the update for \(owner) (\(why)); "
                    + "check the TSIG key name, algorithm and secret")
        }
        let rcode = ldns_pkt_get_rcode(answer)
        guard rcode == LDNS_RCODE_NOERROR else {
            let text = DNSRcode(rawValue: UInt8(truncatingIfNeeded: rcode.rawValue)).description
            throw DNSError(
                code: .refused,
                reason:
                    "\(server) refused to \(add ? "add" : "remove") TXT \(owner): \(text)")
        }
    }

    /// Whether `server` answers TXT `name` with `value` (asked directly, no recursion).
    public static func answersTXT(_ name: String, value: String, server: DNSServer, timeout: Double = 2) -> Bool {
        guard let resolver = try? makeResolver(server, timeout: timeout) else { return false }
        defer { ldns_resolver_deep_free(resolver) }
        let owner = name.hasSuffix(".") ? name : name + "."
        guard let rdf = ldns_dname_new_frm_str(owner) else { return false }
        defer { ldns_rdf_deep_free(rdf) }
        guard let answer = ldns_resolver_query(resolver, rdf, LDNS_RR_TYPE_TXT, LDNS_RR_CLASS_IN, 0) else {
            return false
        }
        defer { ldns_pkt_free(answer) }
        guard let records = ldns_pkt_answer(answer) else { return false }
        for index in 0..<ldns_rr_list_rr_count(records) {
            guard let rr = ldns_rr_list_rr(records, index), ldns_rr_get_type(rr) == LDNS_RR_TYPE_TXT else { continue }
            var text = [UInt8]()
            for field in 0..<ldns_rr_rd_count(rr) {
                guard let rdf = ldns_rr_rdf(rr, field), let data = ldns_rdf_data(rdf) else { continue }
                let size = ldns_rdf_size(rdf)
                // A character-string: one length byte, then the bytes.
                if size > 1 { text += UnsafeBufferPointer(start: data + 1, count: min(Int(data[0]), size - 1)) }
            }
            if String(decoding: text, as: UTF8.self) == value { return true }
        }
        return false
    }

    /// An ldns resolver that talks to `server` only, not recursive (never /etc/resolv.conf).
    static func makeResolver(_ server: DNSServer, timeout: Double) throws(DNSError) -> UnsafeMutablePointer<
        ldns_resolver
    > {
        guard let resolver = ldns_resolver_new() else {
            throw DNSError(code: .network, reason: "ldns could not make a resolver")
        }
        guard
            let address = ldns_rdf_new_frm_str(
                server.family == .ipv6 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, server.address)
        else {
            ldns_resolver_deep_free(resolver)
            throw DNSError(code: .invalidServer, reason: "\(server.address) is not an IP address")
        }
        defer { ldns_rdf_deep_free(address) }
        guard ldns_resolver_push_nameserver(resolver, address) == LDNS_STATUS_OK else {
            ldns_resolver_deep_free(resolver)
            throw DNSError(code: .invalidServer, reason: "ldns refused the server \(server)")
        }
        ldns_resolver_set_port(resolver, server.port)
        ldns_resolver_set_recursive(resolver, 0)
        ldns_resolver_set_retry(resolver, 2)
        ldns_resolver_set_timeout(resolver, timeval(tv_sec: max(1, Int(timeout)), tv_usec: 0))
        return resolver
    }
}
