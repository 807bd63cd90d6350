import Crypto
import Foundation
import TestSupport
import Testing

/// PKCS#12 iteration counts are checked against `PKCS12.maximumIterations` before any key is
/// derived: a 3 KB file asking for 2^31 - 1 iterations is refused at once instead of keeping the
/// process busy for many minutes. The hostile files are `openssl pkcs12 -export` output with the
/// count's INTEGER rewritten (running 2^31 - 1 iterations to make them would itself take minutes).
@Suite("PKCS#12: iteration counts over the cap are refused before key derivation")
struct PKCS12IterationTests {
    static let hostile: UInt64 = 2_147_483_647
    static let made: UInt64 = 2049

    /// An `openssl pkcs12 -export` file with `made` iterations and the extra options given.
    static func export(_ options: [String]) throws -> [UInt8] {
        let fixtures = try OpenSSLFixtures()
        try fixtures.reverseProxyLeaf()
        try fixtures.opensslArgs(
            [
                "pkcs12", "-export", "-inkey", fixtures.path("leaf.key"), "-in", fixtures.path("leaf.pem"),
                "-passout", "pass:secret", "-iter", "\(made)", "-out", fixtures.path("out.pfx"),
            ] + options)
        return try fixtures.bytes("out.pfx")
    }

    static func expectRefused(_ der: [UInt8], naming what: String, count: UInt64 = hostile) {
        let start = Date()
        do {
            _ = try PKCS12.parse(der, passphrase: Array("secret".utf8))
            Issue.record("a PKCS#12 asking for \(count) iterations was opened")
        } catch let error as CryptoError {
            #expect(error.code == .unsupported, "\(error)")
            #expect(error.reason.contains(what), "\(error)")
            #expect(error.reason.contains("\(count) key-derivation iterations"), "\(error)")
            #expect(error.reason.contains("refuses more than 10000000"), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
        // A guard against a hang only: the refusal derives nothing.
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test("the rewriter is faithful: the same count written back opens as before")
    func identityRewrite() throws {
        let der = try Self.export([])
        let same = DERRewriter.replaceInteger(in: der, region: .pkcs12Contents, from: Self.made, to: Self.made)
        #expect(same.replaced >= 2)  // the certificate safe's PBKDF2 and the key bag's
        #expect(same.der == der)
        let contents = try PKCS12.parse(same.der, passphrase: Array("secret".utf8))
        #expect(contents.macIterations == Int(Self.made))
        #expect(contents.privateKey != nil)
    }

    @Test("MAC iterations 2^31 - 1 (and one over the cap) are refused", arguments: [hostile, 10_000_001])
    func macIterations(_ count: UInt64) throws {
        let rewritten = DERRewriter.replaceInteger(
            in: try Self.export([]), region: .pkcs12MAC, from: Self.made, to: count)
        #expect(rewritten.replaced == 1)
        Self.expectRefused(rewritten.der, naming: "PKCS#12 MAC", count: count)
    }

    // The safes are checked before the MAC (which the rewrite breaks) is verified.
    @Test("PBKDF2 iterations of PBES2 safes (OpenSSL 3's default) are refused")
    func pbkdf2Iterations() throws {
        let rewritten = DERRewriter.replaceInteger(
            in: try Self.export([]), region: .pkcs12Contents, from: Self.made, to: Self.hostile)
        #expect(rewritten.replaced >= 2)
        Self.expectRefused(rewritten.der, naming: "encrypted safe (PBES2 aes-256-cbc)")
    }

    @Test("PKCS#12 PBE iterations (3DES/RC2, as Windows writes) are refused")
    func legacyPBEIterations() throws {
        let rewritten = DERRewriter.replaceInteger(
            in: try Self.export(["-legacy"]), region: .pkcs12Contents, from: Self.made, to: Self.hostile)
        #expect(rewritten.replaced >= 2)
        Self.expectRefused(rewritten.der, naming: "encrypted safe (PBE-SHA1-RC2-40)")
    }

    // openssl's -nomac also leaves the certificates unencrypted: the key bag is the only count.
    @Test("a shrouded key bag in a plain safe is checked before it is decrypted")
    func keyBagIterations() throws {
        let rewritten = DERRewriter.replaceInteger(
            in: try Self.export(["-certpbe", "NONE", "-nomac"]), region: .pkcs12Contents, from: Self.made,
            to: Self.hostile)
        #expect(rewritten.replaced == 1)
        Self.expectRefused(rewritten.der, naming: "key bag (PBES2 aes-256-cbc)")
    }

    @Test("CryptoFile (inspect, audit) refuses too, with or without a passphrase")
    func cryptoFile() throws {
        let rewritten = DERRewriter.replaceInteger(
            in: try Self.export([]), region: .pkcs12MAC, from: Self.made, to: Self.hostile)
        for passphrase in [nil, Array("secret".utf8)] {
            #expect(throws: CryptoError(code: .unsupported, reason: "")) {
                try CryptoFile.parse(rewritten.der, passphrase: passphrase)
            }
        }
    }
}
