internal import COpenSSL
import Foundation

// Internal plumbing shared by the wrappers: memory BIOs, passphrase callbacks, DER/PEM output.

/// Runs `body` with a fresh memory BIO holding a copy of `bytes`; the BIO is freed afterwards.
func withMemoryBIO<R>(_ bytes: [UInt8] = [], _ body: (OpaquePointer) throws -> R) throws -> R {
    guard let bio = lync_BIO_new_mem() else { throw CryptoError.openSSL("cannot allocate a memory BIO") }
    defer { BIO_free(bio) }
    if !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
        guard written == Int32(bytes.count) else { throw CryptoError.openSSL("cannot fill a memory BIO") }
    }
    return try body(bio)
}

/// Reads `der` with an OpenSSL `d2i_*` reader and keeps the result only when it spans the whole
/// input: bytes after the structure are refused, not ignored (`free` releases a partial read).
func decodeWholeDER<T>(
    _ der: [UInt8], free: (T) -> Void, _ d2i: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> T?
) -> T? {
    der.withUnsafeBufferPointer { buffer in
        var pointer = buffer.baseAddress
        guard let value = d2i(&pointer, buffer.count) else { return nil }
        guard pointer == buffer.baseAddress.map({ $0 + buffer.count }) else {
            free(value)
            return nil
        }
        return value
    }
}

/// Everything written so far into a memory BIO.
func memoryBIOContents(_ bio: OpaquePointer) -> [UInt8] {
    var pointer: UnsafeMutablePointer<CChar>?
    let length = lync_BIO_get_mem_data(bio, &pointer)
    guard let pointer, length > 0 else { return [] }
    return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        Array(UnsafeBufferPointer(start: $0, count: length))
    }
}

/// Runs a `PEM_write_bio_*`-style writer into a memory BIO and returns the text.
func pemText(_ what: String, _ write: (OpaquePointer) -> Int32) throws -> String {
    try withMemoryBIO { bio in
        guard write(bio) == 1 else { throw CryptoError.openSSL("cannot encode \(what) as PEM") }
        return String(decoding: memoryBIOContents(bio), as: UTF8.self)
    }
}

/// Runs an `i2d_*_bio`-style writer into a memory BIO and returns the DER bytes.
func derBytes(_ what: String, _ write: (OpaquePointer) -> Int32) throws -> [UInt8] {
    try withMemoryBIO { bio in
        guard write(bio) == 1 else { throw CryptoError.openSSL("cannot encode \(what) as DER") }
        return memoryBIOContents(bio)
    }
}

/// The bytes of an ASN1_STRING (any string type), length-based so embedded NUL bytes survive.
func asn1StringBytes(_ string: UnsafePointer<ASN1_STRING>?) -> [UInt8] {
    guard let string else { return [] }
    let length = Int(ASN1_STRING_length(string))
    guard length > 0, let data = ASN1_STRING_get0_data(string) else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: length))
}

/// An ASN1_STRING as UTF-8 text (OpenSSL converts BMP/Universal/T61 strings).
func asn1StringText(_ string: UnsafePointer<ASN1_STRING>?) -> String {
    guard let string else { return "" }
    var out: UnsafeMutablePointer<UInt8>?
    let length = ASN1_STRING_to_UTF8(&out, string)
    if length < 0 || out == nil { return String(decoding: asn1StringBytes(string), as: UTF8.self) }
    defer { lync_OPENSSL_free(out) }
    return String(decoding: UnsafeBufferPointer(start: out, count: Int(length)), as: UTF8.self)
}

/// The dotted form of an OID.
func oidString(_ object: OpaquePointer?) -> String {
    guard let object else { return "" }
    var buffer = [CChar](repeating: 0, count: 128)
    let length = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
    guard length > 0 else { return "" }
    if Int(length) >= buffer.count {
        buffer = [CChar](repeating: 0, count: Int(length) + 1)
        _ = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
    }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// OpenSSL's short name for a NID (`serverAuth`, `CN`), or `nil` for NID_undef.
func shortName(nid: Int32) -> String? {
    guard nid != NID_undef, let sn = OBJ_nid2sn(nid) else { return nil }
    return String(cString: sn)
}

/// OpenSSL's long name for a NID (`sha256WithRSAEncryption`).
func longName(nid: Int32) -> String? {
    guard nid != NID_undef, let ln = OBJ_nid2ln(nid) else { return nil }
    return String(cString: ln)
}

/// Lowercase hex of `bytes`.
func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// A passphrase handed to OpenSSL's `pem_password_cb` through its user-data pointer.
///
/// The callback also records that OpenSSL asked, which tells "encrypted, and the passphrase is
/// wrong or missing" apart from "not a key at all".
final class PassphraseRequest {
    let passphrase: [UInt8]?
    private(set) var asked = false

    init(_ passphrase: [UInt8]?) { self.passphrase = passphrase }

    /// Runs `body` with a C callback and its user-data pointer, keeping `self` alive meanwhile.
    func withCallback<R>(
        _ body: (
            @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32,
            UnsafeMutableRawPointer
        ) throws -> R
    ) rethrows -> R {
        let context = Unmanaged.passUnretained(self).toOpaque()
        return try withExtendedLifetime(self) {
            try body(
                { buffer, size, _, user in
                    guard let buffer, let user else { return -1 }
                    let request = Unmanaged<PassphraseRequest>.fromOpaque(user).takeUnretainedValue()
                    request.asked = true
                    // No passphrase: fail instead of letting OpenSSL prompt on the terminal.
                    guard let passphrase = request.passphrase, passphrase.count <= Int(size) else { return -1 }
                    passphrase.withUnsafeBytes { raw in
                        if let base = raw.baseAddress { memcpy(buffer, base, raw.count) }
                    }
                    return Int32(passphrase.count)
                }, context)
        }
    }
}

extension PassphraseRequest {
    /// Runs a PEM reader with a callback that refuses any passphrase request. Without it OpenSSL's
    /// default callback would prompt on the terminal for a block carrying `Proc-Type: 4,ENCRYPTED`.
    static func refusing<R>(
        _ body: (
            @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32,
            UnsafeMutableRawPointer
        ) throws -> R
    ) rethrows -> R {
        try PassphraseRequest(nil).withCallback(body)
    }
}

/// Converts a passphrase to the NUL-terminated C string PKCS#12 functions take.
func cPassphrase(_ passphrase: [UInt8]) throws -> [CChar] {
    if passphrase.contains(0) {
        throw CryptoError(code: .malformedInput, reason: "the passphrase contains a NUL byte")
    }
    return passphrase.map { CChar(bitPattern: $0) } + [0]
}
