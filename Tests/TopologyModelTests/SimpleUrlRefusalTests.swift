import Testing

@testable import TopologyModel

/// The user-name, port and empty-segment refusals of simple URLs (searched byte by byte).
@Suite("Simple URL refusals: user name, port, empty path segment")
struct SimpleUrlRefusalTests {
    static func problem(_ url: String) -> String? {
        if case .failure(let problem) = SimpleUrl.parseReportingProblem(url) { return problem.reason }
        return nil
    }

    @Test("an @ in the host part is a user name; one in the path is not")
    func userName() {
        #expect(Self.problem("https://admin@meet.contoso.com")?.contains("user name") == true)
        #expect(Self.problem("https://meet.contoso.com/@team") == nil)
    }

    @Test("a : in the host part is a port; one in the path is not")
    func port() {
        #expect(Self.problem("https://meet.contoso.com:4443")?.contains("port") == true)
        #expect(Self.problem("https://meet.contoso.com/a:b") == nil)
    }

    @Test("// inside the path is an empty segment; trailing slashes are dropped")
    func emptySegment() {
        #expect(Self.problem("https://contoso.com/meet//x")?.contains("empty segment") == true)
        #expect(Self.problem("https://contoso.com//meet")?.contains("empty segment") == true)
        #expect(SimpleUrl.parse("https://contoso.com/meet//") == SimpleUrl(host: "contoso.com", path: "/meet"))
    }
}
