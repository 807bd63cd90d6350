import LyncSupport
import Testing

@Suite("CodedError: equal by code, described by reason")
struct CodedErrorTests {
    struct Failure: CodedError {
        enum Code: Hashable { case timedOut, refused }
        var code: Code
        var reason: String
    }

    struct Detailed: CodedError {
        var code: Int
        var reason: String
        var description: String { "\(reason) (detail)" }
    }

    @Test("equality and hashing look at the code only")
    func codeOnly() {
        let first = Failure(code: .timedOut, reason: "no answer from 127.0.0.1:53 within 2 s")
        let second = Failure(code: .timedOut, reason: "no answer from [::1]:53 within 5 s")
        #expect(first == second)
        #expect(first != Failure(code: .refused, reason: first.reason))
        #expect(Set([first, second]).count == 1)
    }

    @Test("the reason is the description unless the type says more")
    func description() {
        #expect(
            Failure(code: .refused, reason: "127.0.0.1:53 answered REFUSED").description
                == "127.0.0.1:53 answered REFUSED")
        #expect(Detailed(code: 1, reason: "cannot read").description == "cannot read (detail)")
    }
}
