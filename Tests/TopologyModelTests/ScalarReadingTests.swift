import Testing

@testable import TopologyModel

/// How plain, quoted and explicitly tagged YAML scalars are read (YAML 1.2 core schema, with
/// Yams' YAML 1.1 resolver out of the way).
@Suite("YAML scalar reading")
struct ScalarReadingTests {
    enum Read: Equatable {
        case null, string(String), number(String), bool(Bool), other
    }

    static func read(_ yaml: String) throws -> [String: Read] {
        let document = try DocumentParser.parseYAML(yaml).get()
        guard case .map(let entries) = document.kind else { return [:] }
        var out: [String: Read] = [:]
        for entry in entries {
            out[entry.key] =
                switch entry.value.kind {
                case .null: .null
                case .string(let s): .string(s)
                case .number(let n): .number(n)
                case .bool(let b): .bool(b)
                case .map, .list: .other
                }
        }
        return out
    }

    @Test("plain, quoted and !!str-tagged scalars")
    func scalars() throws {
        let read = try Self.read(
            """
            a: true
            b: False
            c: yes
            d: NO
            e: 42
            f: -1.5e3
            g: 0x1F
            h: ~
            i:
            j: "true"
            k: '42'
            l: !!str true
            m: !!str 42
            n: 2027-01-31
            o: on
            p: .inf
            """)
        #expect(read["a"] == .bool(true))
        #expect(read["b"] == .bool(false))
        #expect(read["c"] == .string("yes"))
        #expect(read["d"] == .string("NO"))
        #expect(read["e"] == .number("42"))
        #expect(read["f"] == .number("-1.5e3"))
        #expect(read["g"] == .number("0x1F"))
        #expect(read["h"] == .null)
        #expect(read["i"] == .null)
        #expect(read["j"] == .string("true"))
        #expect(read["k"] == .string("42"))
        #expect(read["l"] == .string("true"))
        #expect(read["m"] == .string("42"))
        #expect(read["n"] == .string("2027-01-31"))
        #expect(read["o"] == .string("on"))
        #expect(read["p"] == .number(".inf"))
    }
}
