import Foundation
import Testing

@testable import TopologyModel

/// `edgePools[].externalAddresses.*` as one address or a list (DNS summary - Scaled consolidated
/// edge, DNS load balancing with public IP addresses, JJ205319), and `edgePools[].accessEdgePort`.
@Suite("Edge address lists and the Access Edge port")
struct EdgeAddressListTests {
    let scalar = "externalAddresses: {access: 131.107.155.10, webConferencing: 131.107.155.20, av: 131.107.155.30}"

    func load(_ replacement: String) throws -> LoadedTopology {
        try TopologyLoader.load(
            text: Fixture.edited([(scalar, replacement)]), format: .yaml, source: "t.yaml")
    }

    @Test("JJ205319: each service takes a list of addresses; a single address stays valid")
    func lists() throws {
        let listed = try load(
            "externalAddresses: {access: [131.107.155.10, 131.107.155.11], webConferencing: 131.107.155.20, "
                + "av: [131.107.155.30, 131.107.155.31]}")
        let addresses = try #require(listed.topology.edgePools.first?.externalAddresses)
        #expect(addresses.access == ["131.107.155.10", "131.107.155.11"])
        #expect(addresses.webConferencing == ["131.107.155.20"])
        #expect(addresses.av == ["131.107.155.30", "131.107.155.31"])
        #expect(listed.findings.isEmpty, "\(listed.findings)")
        let single = try TopologyLoader.load(text: Fixture.yaml, format: .yaml, source: "t.yaml")
        #expect(single.topology.edgePools.first?.externalAddresses.access == ["131.107.155.10"])
        // The model goes through JSON and back unchanged (validate(_:) re-reads it).
        #expect(try TopologyLoader.validate(listed.topology, source: "model") == listed)
    }

    @Test("JSON: one address is written as text, several as a list, none not at all")
    func json() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let one = String(decoding: try encoder.encode(EdgeAddresses(access: "131.107.155.10")), as: UTF8.self)
        #expect(one == #"{"access":"131.107.155.10"}"#)
        let two = EdgeAddresses(access: ["131.107.155.10", "131.107.155.11"], av: ["131.107.155.30"])
        let text = String(decoding: try encoder.encode(two), as: UTF8.self)
        #expect(text == #"{"access":["131.107.155.10","131.107.155.11"],"av":"131.107.155.30"}"#)
        #expect(try JSONDecoder().decode(EdgeAddresses.self, from: Data(text.utf8)) == two)
    }

    @Test("a bad or repeated address in a list is refused with its index")
    func badItems() {
        let bad = Fixture.problems(
            Fixture.edited([
                (
                    scalar,
                    "externalAddresses: {access: [131.107.155.10, 131.107.155], av: [131.107.155.30, 131.107.155.30]}"
                )
            ]))
        #expect(bad.contains { $0.path == "edgePools[0].externalAddresses.access[1]" })
        #expect(bad.contains { $0.path == "edgePools[0].externalAddresses.av[1]" && $0.message.contains("twice") })
    }

    @Test("accessEdgePort: read when given, refused out of range; default 443, 5061 for one name")
    func accessEdgePort() throws {
        let edge = try #require(
            try TopologyLoader.load(
                text: Fixture.edited([("    federation: true\n", "    federation: true\n    accessEdgePort: 5061\n")]),
                format: .yaml, source: "t.yaml"
            ).topology.edgePools.first)
        #expect(edge.accessEdgePort == 5061 && edge.sipClientPort == 5061)
        let problems = Fixture.problems(
            Fixture.edited([("    federation: true\n", "    federation: true\n    accessEdgePort: 70000\n")]))
        #expect(problems.map(\.path) == ["edgePools[0].accessEdgePort"])

        let plain = try #require(
            try TopologyLoader.load(text: Fixture.yaml, format: .yaml, source: "t.yaml").topology.edgePools.first)
        #expect(plain.accessEdgePort == nil && plain.sipClientPort == 443)
        var single = plain
        single.webConferencingFqdn = single.accessEdgeFqdn
        single.avFqdn = single.accessEdgeFqdn
        #expect(single.sipClientPort == 5061)
    }
}
