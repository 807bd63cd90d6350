import PublishingPlanner
import Testing
import TopologyModel

/// `VerifyChecks.judgeCertificate` and `isGo`: the verdict rules of `lynccert verify`.
@Suite("verify: certificate judgement and the GO verdict")
struct VerifyCertificateJudgementTests {
    static func served(coveredBy: String?, findings: [Finding] = []) -> VerifyCertificateObservation {
        .served(
            VerifyServedCertificate(
                displayName: "webext.contoso.com", dnsNames: ["webext.contoso.com", "*.contoso.com"],
                thumbprint: String(repeating: "A", count: 40), notAfter: "2027-01-31T00:00:00Z", daysUntilExpiry: 45,
                coveredBy: coveredBy, findings: findings))
    }

    @Test("covered, no findings: ok with the certificate's thumbprint, notAfter and days left")
    func ok() {
        let r = VerifyChecks.judgeCertificate(name: "meet.contoso.com", Self.served(coveredBy: "*.contoso.com"))
        #expect(r.status == .ok)
        #expect(r.message == "covered by *.contoso.com on webext.contoso.com")
        #expect(r.thumbprint == String(repeating: "A", count: 40))
        #expect(r.notAfter == "2027-01-31T00:00:00Z" && r.daysUntilExpiry == 45)
        #expect(r.kind == .certificate && r.url == "https://meet.contoso.com/" && r.httpStatus == nil)
        #expect(r.expected == VerifyChecks.certificateExpectation)
    }

    @Test("not covered: fail, naming the SANs the certificate has")
    func notCovered() {
        let r = VerifyChecks.judgeCertificate(name: "dialin.fabrikam.com", Self.served(coveredBy: nil))
        #expect(r.status == .fail)
        #expect(
            r.message
                == "name-not-covered: the certificate served for dialin.fabrikam.com (webext.contoso.com) does not "
                + "carry it; it has webext.contoso.com, *.contoso.com")
    }

    @Test("an error finding fails, a warning finding warns; info findings do not count")
    func findings() {
        let error = Finding(code: "expired", message: "expired on 2025-01-01")
        let warning = Finding(code: "expires-soon", message: "12 days left")
        let info = Finding(code: "wildcard-no-benefit", message: "fyi")
        let failed = VerifyChecks.judgeCertificate(
            name: "webext.contoso.com", Self.served(coveredBy: "webext.contoso.com", findings: [error, warning]))
        #expect(failed.status == .fail)
        #expect(failed.message.hasSuffix("but: expired (expired on 2025-01-01)"))
        let warned = VerifyChecks.judgeCertificate(
            name: "webext.contoso.com", Self.served(coveredBy: "webext.contoso.com", findings: [warning, info]))
        #expect(warned.status == .warning)
        #expect(warned.message == "covered by webext.contoso.com on webext.contoso.com; expires-soon: 12 days left")
    }

    @Test("no certificate at all: fail without certificate fields, each with its reason")
    func unavailable() {
        let cases: [(VerifyCertificateObservation, String)] = [
            (.trustAnchorsUnavailable("ca.pem: no such file"), "cannot load the trust anchors: ca.pem: no such file"),
            (.handshakeFailed("connection refused"), "TLS handshake failed: connection refused"),
            (.noCertificate, "no certificate to audit"),
        ]
        for (observation, message) in cases {
            let r = VerifyChecks.judgeCertificate(name: "a.contoso.com", observation)
            #expect(r.status == .fail && r.message == message && r.thumbprint == nil)
        }
    }

    @Test("GO only without failed checks, DNS problems or an unreachable proxy; warnings allowed")
    func verdict() {
        func result(_ status: VerifyStatus) -> VerifyCheckResult {
            VerifyCheckResult(
                name: "n", url: "u", kind: .certificate, expected: "e", status: status, httpStatus: nil, message: "",
                rule: "r")
        }
        let fine = VerifySummary([result(.ok), result(.warning)])
        #expect(VerifyChecks.isGo(fine, dnsProblems: 0, unreachable: false))
        #expect(!VerifyChecks.isGo(VerifySummary([result(.ok), result(.fail)]), dnsProblems: 0, unreachable: false))
        #expect(!VerifyChecks.isGo(fine, dnsProblems: 1, unreachable: false))
        #expect(!VerifyChecks.isGo(fine, dnsProblems: 0, unreachable: true))
    }
}
