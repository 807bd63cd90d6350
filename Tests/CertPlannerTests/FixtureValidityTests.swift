import CertPlanner
import TestSupport
import Testing
import TopologyModel

/// The Swift-built fixtures are topologies the loader would accept, so the planner tests exercise
/// real inputs (the deliberately broken ones in the finding tests aside).
@Suite("Certificate planner fixtures")
struct FixtureValidityTests {
    @Test("the contoso and Standard Edition fixtures pass the topology loader's validation")
    func fixturesAreValid() throws {
        let fixtures = [
            Fixtures.contoso(), Fixtures.contoso(sipDomains: ["contoso.com", "fabrikam.com"], xmpp: true),
            Fixtures.contoso(wildcard: .simpleUrlsAndAutodiscover, autodiscover: .http),
            Fixtures.standardEditionAlone(),
        ]
        for topology in fixtures {
            let loaded = try TopologyLoader.validate(topology, source: "fixture")
            #expect(loaded.topology == topology)
        }
    }
}
