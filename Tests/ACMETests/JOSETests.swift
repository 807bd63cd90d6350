import ACME
import Crypto
import Foundation
import TestSupport
import Testing
import TopologyModel

/// JWS signatures and JWK thumbprints, checked with the openssl command line (an independent
/// implementation): a signature that openssl does not accept would be refused by every ACME CA.
@Suite("JOSE: JWS signing and JWK thumbprints (RFC 7515, 7638)")
struct JOSETests {
    /// Writes the key's public half as PEM (via openssl) and returns its path.
    func publicKeyFile(_ key: PrivateKey, in directory: TemporaryDirectory) throws -> String {
        let keyPath = try directory.write("key.pem", try key.pemPKCS8())
        let pub = directory.file("pub.pem").path
        let result = try TestCA.openssl(["pkey", "-in", keyPath, "-pubout", "-out", pub])
        try #require(result.status == 0, "\(result.stderr)")
        return pub
    }

    func opensslVerifies(
        _ signature: [UInt8], input: [UInt8], publicKey: String, digest: String, in dir: TemporaryDirectory
    )
        throws -> Bool
    {
        let sig = dir.file("sig.bin")
        let data = dir.file("input.bin")
        try Data(signature).write(to: sig)
        try Data(input).write(to: data)
        let result = try runProcess(
            "openssl", ["dgst", "-\(digest)", "-verify", publicKey, "-signature", sig.path, data.path])
        return result.status == 0 && result.stdout.contains("Verified OK")
    }

    /// DER `ECDSA-Sig-Value` from JOSE's `r || s` (the inverse of what the signer does).
    func derECDSA(_ raw: [UInt8]) -> [UInt8] {
        func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var value = Array(bytes.drop(while: { $0 == 0 }))
            if value.isEmpty { value = [0] }
            if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
            return [0x02, UInt8(value.count)] + value
        }
        let half = raw.count / 2
        let body = integer(raw[0..<half]) + integer(raw[half...])
        return [0x30, UInt8(body.count)] + body
    }

    @Test("an RS256 signature verifies with openssl dgst -sha256")
    func rs256() throws {
        let dir = try TemporaryDirectory()
        let key = try PrivateKey.generate(.rsa(bits: 2048))
        #expect(try key.jwsAlgorithm() == "RS256")
        let input = Array("eyJhbGciOiJSUzI1NiJ9.eyJoZWxsbyI6IndvcmxkIn0".utf8)
        let signature = try key.jwsSignature(input)
        #expect(signature.count == 256)
        let pub = try publicKeyFile(key, in: dir)
        #expect(try opensslVerifies(signature, input: input, publicKey: pub, digest: "sha256", in: dir))
        var tampered = input
        tampered[0] ^= 1
        #expect(try !opensslVerifies(signature, input: tampered, publicKey: pub, digest: "sha256", in: dir))
    }

    @Test("ES256 and ES384 signatures are fixed-width r||s and verify with openssl once DER-wrapped")
    func es256() throws {
        for (curve, alg, width, digest) in [(ECCurve.p256, "ES256", 32, "sha256"), (.p384, "ES384", 48, "sha384")] {
            let dir = try TemporaryDirectory()
            let key = try PrivateKey.generate(.ecdsa(curve))
            #expect(try key.jwsAlgorithm() == alg)
            let pub = try publicKeyFile(key, in: dir)
            // Several signatures: r or s with a leading zero byte must still be full width.
            for i in 0..<8 {
                let input = Array("protected.payload-\(i)".utf8)
                let signature = try key.jwsSignature(input)
                #expect(signature.count == 2 * width)
                #expect(
                    try opensslVerifies(derECDSA(signature), input: input, publicKey: pub, digest: digest, in: dir))
            }
        }
    }

    @Test("the RSA JWK holds openssl's modulus and exponent; the thumbprint is SHA-256 of the canonical JSON")
    func rsaThumbprint() throws {
        let dir = try TemporaryDirectory()
        let key = try PrivateKey.generate(.rsa(bits: 2048))
        let keyPath = try dir.write("key.pem", try key.pemPKCS8())
        let modulus = try TestCA.openssl(["rsa", "-in", keyPath, "-noout", "-modulus"])
        let hexN = modulus.stdout.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(
            of: "Modulus=", with: "")
        let members = try key.jwkMembers()
        #expect(members.map(\.name) == ["e", "kty", "n"])
        #expect(members[0].value == "AQAB")
        let n = try #require(Base64URL.decode(members[2].value))
        #expect(n.map { String(format: "%02X", $0) }.joined() == hexN)
        // RFC 7638 §3: members in order, no whitespace.
        let json = "{\"e\":\"AQAB\",\"kty\":\"RSA\",\"n\":\"\(members[2].value)\"}"
        #expect(try key.jwkJSON() == json)
        let jsonFile = try dir.write("jwk.json", json)
        let digest = try TestCA.openssl(["dgst", "-sha256", "-binary", "-out", dir.file("d.bin").path, jsonFile])
        #expect(digest.status == 0)
        let expected = Base64URL.encode(Array(try Data(contentsOf: dir.file("d.bin"))))
        #expect(try key.jwkThumbprint() == expected)
    }

    @Test("the RFC 7638 §3.1 example JWK has the thumbprint the RFC gives")
    func rfcExampleThumbprint() throws {
        // RFC 7638 §3.1: this exact JSON hashes to NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs.
        let n =
            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
        let json = "{\"e\":\"AQAB\",\"kty\":\"RSA\",\"n\":\"\(n)\"}"
        #expect(Base64URL.encode(Digest.sha256(Array(json.utf8))) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    }

    @Test("the EC JWK's x and y are the point openssl prints, each 32 bytes")
    func ecJWK() throws {
        let dir = try TemporaryDirectory()
        let key = try PrivateKey.generate(.ecdsa(.p256))
        let keyPath = try dir.write("key.pem", try key.pemPKCS8())
        let text = try TestCA.openssl([
            "pkey", "-in", keyPath, "-pubout", "-outform", "DER", "-out", dir.file("spki.der").path,
        ])
        #expect(text.status == 0)
        let spki = Array(try Data(contentsOf: dir.file("spki.der")))
        let point = Array(spki.suffix(65))  // 04 || x || y ends the SubjectPublicKeyInfo
        #expect(point[0] == 4)
        let members = try key.jwkMembers()
        #expect(members.map(\.name) == ["crv", "kty", "x", "y"])
        #expect(members[0].value == "P-256")
        #expect(Base64URL.decode(members[2].value) == Array(point[1...32]))
        #expect(Base64URL.decode(members[3].value) == Array(point[33...64]))
    }

    @Test(
        "a flattened JWS carries the header and payload base64url and a verifying signature; POST-as-GET has an empty payload"
    )
    func flattened() throws {
        let dir = try TemporaryDirectory()
        let key = try PrivateKey.generate(.rsa(bits: 2048))
        let header = "{\"alg\":\"RS256\",\"nonce\":\"abc\",\"url\":\"https://127.0.0.1/x\"}"
        let jws = try key.flattenedJWS(protectedHeader: header, payload: "{\"a\":1}")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(jws.utf8)) as? [String: String])
        #expect(Base64URL.decode(object["protected"]!) == Array(header.utf8))
        #expect(Base64URL.decode(object["payload"]!) == Array("{\"a\":1}".utf8))
        let pub = try publicKeyFile(key, in: dir)
        let input = Array("\(object["protected"]!).\(object["payload"]!)".utf8)
        #expect(
            try opensslVerifies(
                Base64URL.decode(object["signature"]!)!, input: input, publicKey: pub, digest: "sha256", in: dir))
        let get = try key.flattenedJWS(protectedHeader: header, payload: "")
        #expect(get.contains("\"payload\":\"\""))
    }

    @Test("base64url has no padding and uses - and _")
    func base64url() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.encode([]) == "")
        #expect(Base64URL.decode("a b") == nil)
    }

    @Test("a key ACME cannot sign with is refused with a reason")
    func unsupportedKey() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("ed.pem").path
        #expect(try TestCA.openssl(["genpkey", "-algorithm", "ed25519", "-out", path]).status == 0)
        let key = try PrivateKey(pemEncoded: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(throws: CryptoError.self) { try key.jwsAlgorithm() }
    }
}

@Suite("ACME client pieces: Retry-After, problem documents, terminal escaping")
struct ACMEPiecesTests {
    @Test("Retry-After is read as seconds or as an HTTP-date")
    func retryAfter() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(ACMEClient.retryAfter("7", now: now) == 7)
        #expect(ACMEClient.retryAfter(nil, now: now) == nil)
        #expect(ACMEClient.retryAfter("soon", now: now) == nil)
        // 1_800_000_000 is Fri, 15 Jan 2027 08:00:00 GMT.
        #expect(ACMEClient.retryAfter("Fri, 15 Jan 2027 08:00:30 GMT", now: now) == 30)
        #expect(ACMEClient.retryAfter("Fri, 15 Jan 2027 07:00:00 GMT", now: now) == 0)
    }

    @Test("a problem's text keeps the CA's words; escaping leaves no control characters")
    func problemText() throws {
        let json = """
            {"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"bad\\u001b[31m name","status":400,
             "subproblems":[{"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"no","identifier":{"type":"dns","value":"x.test"}}]}
            """
        let problem = try JSONDecoder().decode(ACMEProblem.self, from: Data(json.utf8))
        #expect(problem.shortType == "rejectedIdentifier")
        #expect(problem.text.contains("dns x.test"))
        let escaped = UntrustedText.terminalEscapedKeepingLayout(problem.text)
        #expect(escaped.contains("bad\\x1b[31m name"))
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }
}
