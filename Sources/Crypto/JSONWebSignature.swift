internal import COpenSSL
import Foundation

/// base64url without padding (RFC 7515 §2), the encoding of every JOSE field.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func encode(_ text: String) -> String { encode(Array(text.utf8)) }

    /// `nil` for text that is not base64url.
    public static func decode(_ text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard.append("=") }
        return Data(base64Encoded: standard).map(Array.init)
    }
}

/// JSON Web Key and JSON Web Signature support for an ACME account key (RFC 7515, 7517, 7518, 7638).
///
/// RSA keys sign RS256 (RSASSA-PKCS1-v1_5 with SHA-256); P-256 keys ES256 and P-384 keys ES384,
/// whose signatures are the fixed-width `r || s` JOSE wants, not OpenSSL's DER.
extension PrivateKey {
    /// The JWS `alg` this key signs with.
    ///
    /// - Throws: `.unsupported` for keys ACME cannot use here (P-521, Ed25519, DSA …).
    public func jwsAlgorithm() throws -> String {
        switch algorithm {
        case .rsa: return "RS256"
        case .ecdsa:
            switch publicKey.curve {
            case "P-256": return "ES256"
            case "P-384": return "ES384"
            default: break
            }
        default: break
        }
        throw CryptoError(
            code: .unsupported, reason: "a \(publicKey.summary) key cannot sign ACME requests; use RSA, P-256 or P-384")
    }

    /// The public JWK's required members in lexicographic order (RFC 7638 §3.2), values base64url.
    public func jwkMembers() throws -> [(name: String, value: String)] {
        let alg = try jwsAlgorithm()
        return try withUnsafeKeyPointer { pkey in
            if alg == "RS256" {
                let n = try bigNumberParameter(pkey, "n", width: 0)
                let e = try bigNumberParameter(pkey, "e", width: 0)
                return [("e", Base64URL.encode(e)), ("kty", "RSA"), ("n", Base64URL.encode(n))]
            }
            let width = alg == "ES256" ? 32 : 48
            let x = try bigNumberParameter(pkey, "qx", width: width)
            let y = try bigNumberParameter(pkey, "qy", width: width)
            return [
                ("crv", alg == "ES256" ? "P-256" : "P-384"), ("kty", "EC"), ("x", Base64URL.encode(x)),
                ("y", Base64URL.encode(y)),
            ]
        }
    }

    /// The public JWK as compact JSON with members in lexicographic order (RFC 7638's input).
    public func jwkJSON() throws -> String {
        "{" + (try jwkMembers()).map { "\"\($0.name)\":\"\($0.value)\"" }.joined(separator: ",") + "}"
    }

    /// The RFC 7638 thumbprint: base64url(SHA-256(canonical JWK)), as ACME key authorizations use.
    public func jwkThumbprint() throws -> String { Base64URL.encode(Digest.sha256(Array(try jwkJSON().utf8))) }

    /// Signs `input` (the JWS signing input, `protected.payload`) with `jwsAlgorithm()`.
    public func jwsSignature(_ input: [UInt8]) throws -> [UInt8] {
        let alg = try jwsAlgorithm()
        let der = try withUnsafeKeyPointer { pkey -> [UInt8] in
            guard let ctx = EVP_MD_CTX_new() else { throw CryptoError.openSSL("cannot allocate a digest context") }
            defer { EVP_MD_CTX_free(ctx) }
            let md = alg == "ES384" ? EVP_sha384() : EVP_sha256()
            guard EVP_DigestSignInit(ctx, nil, md, nil, pkey) == 1 else {
                throw CryptoError.openSSL("cannot start a \(alg) signature")
            }
            var length = 0
            let sized = input.withUnsafeBufferPointer { EVP_DigestSign(ctx, nil, &length, $0.baseAddress, $0.count) }
            guard sized == 1 else { throw CryptoError.openSSL("cannot size a \(alg) signature") }
            var signature = [UInt8](repeating: 0, count: length)
            let signed = input.withUnsafeBufferPointer { data in
                EVP_DigestSign(ctx, &signature, &length, data.baseAddress, data.count)
            }
            guard signed == 1 else { throw CryptoError.openSSL("cannot make a \(alg) signature") }
            return Array(signature.prefix(length))
        }
        guard alg != "RS256" else { return der }
        return try Self.joseECDSA(der, width: alg == "ES256" ? 32 : 48)
    }

    /// A flattened JWS (RFC 7515 §7.2.2) of `payload` under `protectedHeader` (compact JSON).
    ///
    /// An empty payload gives the empty `payload` member, ACME's POST-as-GET (RFC 8555 §6.3).
    public func flattenedJWS(protectedHeader: String, payload: String) throws -> String {
        let protected64 = Base64URL.encode(protectedHeader)
        let payload64 = payload.isEmpty ? "" : Base64URL.encode(payload)
        let signature = try jwsSignature(Array("\(protected64).\(payload64)".utf8))
        return
            "{\"protected\":\"\(protected64)\",\"payload\":\"\(payload64)\",\"signature\":\"\(Base64URL.encode(signature))\"}"
    }

    /// OpenSSL's DER `ECDSA-Sig-Value` as JOSE's `r || s`, each left-padded to `width` bytes.
    static func joseECDSA(_ der: [UInt8], width: Int) throws -> [UInt8] {
        let sig = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var pointer = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &pointer, buffer.count)
        }
        guard let sig else { throw CryptoError.openSSL("OpenSSL returned an unreadable ECDSA signature") }
        defer { ECDSA_SIG_free(sig) }
        var out = [UInt8](repeating: 0, count: 2 * width)
        let ok = out.withUnsafeMutableBufferPointer { buffer in
            BN_bn2binpad(ECDSA_SIG_get0_r(sig), buffer.baseAddress, Int32(width)) == width
                && BN_bn2binpad(ECDSA_SIG_get0_s(sig), buffer.baseAddress! + width, Int32(width)) == width
        }
        guard ok else { throw CryptoError.openSSL("cannot encode an ECDSA signature for JOSE") }
        return out
    }
}

/// A big-endian unsigned parameter of a key (`n`, `e`, `qx`, `qy`); `width` 0 means minimal length.
private func bigNumberParameter(_ pkey: OpaquePointer, _ name: String, width: Int) throws -> [UInt8] {
    var bn: OpaquePointer? = nil
    guard EVP_PKEY_get_bn_param(pkey, name, &bn) == 1, let bn else {
        throw CryptoError.openSSL("cannot read the key's \(name)")
    }
    defer { BN_free(bn) }
    let length = width > 0 ? width : max(1, Int((BN_num_bits(bn) + 7) / 8))
    var out = [UInt8](repeating: 0, count: length)
    guard BN_bn2binpad(bn, &out, Int32(length)) == length else {
        throw CryptoError.openSSL("the key's \(name) does not fit \(length) bytes")
    }
    return out
}
