import CertPlanner
import Foundation
import Testing
import TopologyModel

@testable import LyncCertCLI
@testable import Reports
@testable import Workflows

/// `FastJSONEncoder` against Foundation's `JSONEncoder` with the options `JSONOutput` uses: the
/// bytes must be the same for every value, and both must refuse the same values.
@Suite("FastJSONEncoder writes exactly what JSONEncoder writes")
struct FastJSONEncoderTests {
    /// Encodes `value` both ways and expects identical bytes (compared as bytes, not as `String`s,
    /// which would equate canonically equivalent text).
    func expectSame<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let foundation = Array(try JSONOutput.foundationEncoder().encode(value))
        let fast = try FastJSONEncoder().encodeToBytes(value)
        if fast != foundation {
            let at = zip(fast, foundation).prefix { $0 == $1 }.count
            Issue.record(
                """
                bytes differ at offset \(at) of \(foundation.count); fast:
                \(String(decoding: fast, as: UTF8.self))
                foundation:
                \(String(decoding: foundation, as: UTF8.self))
                """, sourceLocation: sourceLocation)
        }
    }

    /// Both encoders throw for `value`, or both succeed with identical bytes.
    func expectSameOutcome<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) {
        let foundation = Result { Array(try JSONOutput.foundationEncoder().encode(value)) }
        let fast = Result { try FastJSONEncoder().encodeToBytes(value) }
        switch (foundation, fast) {
        case (.success(let expected), .success(let actual)):
            #expect(actual == expected, sourceLocation: sourceLocation)
        case (.failure(let expected), .failure(let actual)):
            #expect(type(of: actual) == type(of: expected), sourceLocation: sourceLocation)
        case (.success, .failure(let error)):
            Issue.record("FastJSONEncoder threw \(error); JSONEncoder did not", sourceLocation: sourceLocation)
        case (.failure(let error), .success):
            Issue.record("JSONEncoder threw \(error); FastJSONEncoder did not", sourceLocation: sourceLocation)
        }
    }

    // MARK: Scalars

    /// Every byte below 0x20, DEL, quotes, backslashes, slashes, non-ASCII in several forms.
    static let awkwardStrings: [String] =
        [
            "", "plain", "a/b//c", "https://meet.contoso.com/x", "\"quoted\"", "back\\slash", "\\\"", "tab\there",
            "line\nbreak", "cr\rlf\r\n", "\u{7F}del", "é", "e\u{301}", "日本語", "😀👍🏽👨‍👩‍👧", "\u{2028}\u{2029}", "\u{FEFF}bom",
            "ß straße", "Ω", "mixed \u{0}\u{1F} 😀 / \\ \"",
            String(decoding: (0x00...0x1F).map { UInt8($0) }, as: UTF8.self),
        ] + (0x00...0x1F).map { String(UnicodeScalar(UInt8($0))) + "x" }

    @Test("strings: every control character, quotes, backslashes, slashes, non-ASCII, emoji")
    func strings() throws {
        try expectSame(Self.awkwardStrings)
        for string in Self.awkwardStrings { try expectSame(string) }
        try expectSame(["key": Self.awkwardStrings])
    }

    @Test("integers of every width, negative, extremes")
    func integers() throws {
        try expectSame([0, 1, -1, 42, -42, Int.max, Int.min])
        try expectSame([Int8.min, Int8.max])
        try expectSame([Int16.min, Int16.max])
        try expectSame([Int32.min, Int32.max])
        try expectSame([Int64.min, Int64.max])
        try expectSame([UInt.max, 0])
        try expectSame([UInt8.max, 0])
        try expectSame([UInt16.max])
        try expectSame([UInt32.max])
        try expectSame([UInt64.max])
        try expectSame(Int.min)
        try expectSame(7)
    }

    @Test("floating point: fractions, exponents, negative zero, extremes")
    func floatingPoint() throws {
        let doubles: [Double] = [
            0, -0.0, 1, -1, 0.1, 0.2, 0.30000000000000004, 1.5, 100, 1e15, 1e16, 1e17, 1e300, -1e300, 1e-7,
            123456789.123, 1.2345678901234568e+20, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude,
            .leastNormalMagnitude, .pi, 2.5e-5,
        ]
        try expectSame(doubles)
        for double in doubles { try expectSame(double) }
        try expectSame(["d": doubles])
        let floats: [Float] = [
            0, -0.0, 0.1, 1, 3, 1e30, .greatestFiniteMagnitude, .leastNormalMagnitude, .leastNonzeroMagnitude,
            16_777_216,
        ]
        try expectSame(floats)
        try expectSame(Primitives(float: 0.1, double: 0.1))
    }

    @Test("NaN and infinities are refused by both")
    func nonFinite() {
        expectSameOutcome([Double.nan])
        expectSameOutcome(["x": Double.infinity])
        expectSameOutcome(Double.infinity * -1)
        expectSameOutcome([Float.nan])
        expectSameOutcome(Primitives(float: .infinity, double: 1))
    }

    @Test("Bool, nil, Date (.iso8601), Data, URL, Decimal")
    func specialTypes() throws {
        try expectSame([true, false])
        try expectSame(true)
        try expectSame([Int?.none, 1, nil])
        try expectSame(String?.none)
        let dates = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_700_000_000.75),
            Date(timeIntervalSince1970: -86_400 * 365.25 * 80), Date(timeIntervalSinceReferenceDate: 0),
        ]
        try expectSame(dates)
        try expectSame(["issued": dates[1]])
        try expectSame(dates[0])
        try expectSame([Data(), Data([0, 1, 2, 255]), Data("hello/world?".utf8)])
        try expectSame([URL(string: "https://meet.contoso.com/a b?x=1")!, URL(string: "file:///tmp/x")!])
        try expectSame([Decimal(string: "3.14159")!, Decimal(0), Decimal(-12)])
        try expectSame(Primitives(float: 1, double: 2))
    }

    // MARK: Containers

    @Test("empty and nested empty arrays and objects")
    func empties() throws {
        try expectSame([Int]())
        try expectSame([String: Int]())
        try expectSame([[Int]]())
        try expectSame([[Int]](repeating: [], count: 3))
        try expectSame([[String: Int]](repeating: [:], count: 2))
        try expectSame(["a": [Int](), "b": []])
        try expectSame(["a": [String: [Int]](), "b": ["c": []]])
        try expectSame([[[]], [[], [1]]] as [[[Int]]])
        try expectSame(Empty())
        try expectSame([Empty(), Empty()])
        try expectSame(["nothing": Empty()])
        try expectSame(Nested(name: "n", children: [], tags: [:], optional: nil, inner: nil))
    }

    @Test("key order: case, digits, punctuation, non-ASCII, emoji, prefixes")
    func keyOrder() throws {
        let keys = [
            "a", "A", "b", "B", "z", "Z", "_", "-", "0", "1", "10", "2", "a1", "a10", "a2", "aa", "aA", "Aa", "AA",
            "é", "e", "f", "ß", "ss", "Ω", "日本", "😀", "", " ", "key with space", "\u{7F}", "~", "tab\t",
            "quote\"", "slash/", "back\\", "\u{1}", "ａ", "é\u{301}", "zz", "Zz", "subjectAlternativeNames",
            "subject", "subjects", "id", "ID", "Id", "iD",
        ]
        let dictionary = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        try expectSame(dictionary)
        try expectSame(["outer": dictionary, "Outer": [:], "öuter": dictionary])
        try expectSame([1: "one", 10: "ten", 2: "two", -1: "minus"] as [Int: String])
        try expectSame([true: 1, false: 0] as [Bool: Int])
    }

    @Test("a key encoded twice keeps its last value; equivalent spellings are one key")
    func repeatedKeys() throws {
        try expectSame(RepeatedKeys(keys: ["a", "b", "a"]))
        try expectSame(RepeatedKeys(keys: ["x", "x", "x", "y"]))
        try expectSame(RepeatedKeys(keys: ["e\u{301}", "é", "f"]))
        try expectSame(RepeatedKeys(keys: ["é", "z", "e\u{301}", "a"]))
        try expectSame(RepeatedKeys(keys: ["Å", "A\u{30A}", "\u{212B}"]))
    }

    @Test("nested structs, arrays of structs, optionals nil and set")
    func structs() throws {
        let leaf = Nested(
            name: "leaf/1", children: [], tags: ["k": "v", "K": "V"], optional: nil, inner: Inner(x: -1, y: [0.5]))
        let tree = Nested(
            name: "root \"quoted\"", children: [leaf, leaf], tags: [:], optional: 0.1,
            inner: Inner(x: Int.max, y: []))
        try expectSame(tree)
        try expectSame([tree, leaf])
        try expectSame(["tree": tree])
    }

    @Test("hand-written encode(to:): nested containers, superEncoder, single values, reopened containers")
    func handWritten() throws {
        try expectSame(HandWritten())
        try expectSame([HandWritten(), HandWritten()])
        try expectSame(["x": HandWritten()])
    }

    @Test("nesting depth: both refuse the same depth")
    func depth() {
        for depth in [1, 100, 510, 511, 512, 513] {
            expectSameOutcome(Deep(depth: depth))
        }
    }

    @Test("a value that encodes nothing is refused at top level by both")
    func nothingAtTopLevel() {
        expectSameOutcome(Nothing())
        expectSameOutcome([Nothing()])
    }

    // MARK: The plan values lynccert prints

    @Test("the contoso example plan: certificates, DNS records, publishing rules, host plan, findings")
    func contosoPlan() throws {
        let plan = FullPlan(loaded: LoadedTopology(topology: PlanGoldenTests.contoso))
        let certificates = plan.certificates.certificates.map(CertificateJSON.init)
        let records = plan.dns.records.map(DNSRecordJSON.init)
        #expect(!certificates.isEmpty && !records.isEmpty && !plan.publishing.rules.isEmpty)
        try expectSame(certificates)
        try expectSame(records)
        try expectSame(plan.publishing.rules)
        try expectSame(plan.findings)
        try expectSame(plan.certificates.findings + plan.dns.findings + plan.publishing.findings)
        if let host = plan.host { try expectSame(host) }
        let withFindings = [
            Finding(.weakKey, message: "needs \"quotes\" and a/path", path: "pools[0].fqdn"),
            Finding(.md5Signature, message: "no path"),
        ]
        try expectSame(withFindings)

        var object: [String: any Encodable] = [:]
        object["certificates"] = certificates
        object["dnsRecords"] = records
        object["publishingRules"] = plan.publishing.rules
        if let host = plan.host { object["hostPlan"] = host }
        object["findings"] = plan.findings
        try expectSame(AnyEncodableDictionary(object))
        // What `lynccert plan --format json` prints goes through the fast encoder.
        let printed = Array(try plan.json().utf8)
        #expect(printed == Array(try JSONOutput.foundationEncoder().encode(AnyEncodableDictionary(object))))
    }

    @Test("random JSON trees (seeded)")
    func randomTrees() throws {
        var random = SplitMix64(seed: 0x6C79_6E63)
        for _ in 0..<300 {
            try expectSame(Tree.random(&random, depth: 0))
        }
    }
}

// MARK: - Fixtures

private struct Primitives: Encodable {
    let float: Float
    let double: Double
}

private struct Empty: Encodable {}

/// Asks for no container at all.
private struct Nothing: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

private struct Inner: Encodable {
    let x: Int
    let y: [Double]
}

private struct Nested: Encodable {
    let name: String
    let children: [Nested]
    let tags: [String: String]
    let optional: Double?
    let inner: Inner?
}

/// Writes each key in turn, its position as the value.
private struct RepeatedKeys: Encodable {
    let keys: [String]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyEncodableDictionary.Key.self)
        for (index, key) in keys.enumerated() {
            try container.encode(index, forKey: AnyEncodableDictionary.Key(stringValue: key))
        }
    }
}

/// Exercises the container API beyond what synthesized conformances use.
private struct HandWritten: Encodable {
    enum Keys: String, CodingKey { case nested, list, single, sup, values, reopened, nilValue, date }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .nested)
        try nested.encode("inside", forKey: .single)
        var deeper = nested.nestedUnkeyedContainer(forKey: .list)
        try deeper.encode(1)
        try deeper.encodeNil()
        var deepest = deeper.nestedContainer(keyedBy: Keys.self)
        try deepest.encode(true, forKey: .values)
        var inList = deeper.nestedUnkeyedContainer()
        try inList.encode("x")
        try deeper.encode(Empty())
        try container.encode(Inner(x: 1, y: [1, 2.5]), forKey: .single)
        let superEncoder = container.superEncoder(forKey: .sup)
        var superContainer = superEncoder.container(keyedBy: Keys.self)
        try superContainer.encode(-7, forKey: .values)
        let anonymousSuper = container.superEncoder()
        var single = anonymousSuper.singleValueContainer()
        try single.encode("super value")
        var values = container.nestedUnkeyedContainer(forKey: .values)
        try values.encode(Int8(-3))
        try values.encode(UInt16(9))
        try values.encode(Float(2.5))
        try values.encode(Double(-0.0))
        try values.encode([Date(timeIntervalSince1970: 86_400)])
        let elementSuper = values.superEncoder()
        var elementSingle = elementSuper.singleValueContainer()
        try elementSingle.encode(["from": "super"])
        _ = values.superEncoder()
        var again = container.nestedContainer(keyedBy: Keys.self, forKey: .nested)
        try again.encode("added later", forKey: .reopened)
        try container.encodeNil(forKey: .nilValue)
        try container.encode(Date(timeIntervalSince1970: 1_234_567_890), forKey: .date)
        var sameContainer = encoder.container(keyedBy: Keys.self)
        try sameContainer.encodeIfPresent(Int?.none, forKey: .list)
        try sameContainer.encodeIfPresent(Int?.some(3), forKey: .list)
    }
}

/// `depth` arrays inside each other.
private struct Deep: Encodable {
    let depth: Int

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        if depth > 1 { try container.encode(Deep(depth: depth - 1)) }
    }
}

/// Any JSON value, for random differential testing.
private indirect enum Tree: Encodable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([Tree])
    case object([String: Tree])

    func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        switch self {
        case .string(let value): try single.encode(value)
        case .int(let value): try single.encode(value)
        case .double(let value): try single.encode(value)
        case .bool(let value): try single.encode(value)
        case .null: try single.encodeNil()
        case .array(let value): try single.encode(value)
        case .object(let value): try single.encode(value)
        }
    }

    static let alphabet: [String] = [
        "a", "b", "A", "Z", "z", "0", "9", "_", "-", ".", "/", "\\", "\"", " ", "\n", "\t", "\u{0}", "\u{1B}", "\u{7F}",
        "é", "e\u{301}", "ß", "日", "😀", "Ω",
    ]

    static func randomString(_ random: inout SplitMix64) -> String {
        let length = Int(random.next() % 6)
        return (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
    }

    static func random(_ random: inout SplitMix64, depth: Int) -> Tree {
        let choice = random.next() % (depth > 4 ? 5 : 7)
        switch choice {
        case 0: return .string(randomString(&random))
        case 1: return .int(Int(bitPattern: UInt(random.next())) >> Int(random.next() % 64))
        case 2:
            let bits = random.next()
            let value = Double(bitPattern: bits)
            return .double(value.isFinite ? value : Double(Int64(bitPattern: bits) % 1_000_000) / 1000)
        case 3: return .bool(random.next() % 2 == 0)
        case 4: return .null
        case 5: return .array((0..<Int(random.next() % 5)).map { _ in Tree.random(&random, depth: depth + 1) })
        default:
            var members: [String: Tree] = [:]
            for _ in 0..<Int(random.next() % 6) {
                members[randomString(&random)] = Tree.random(&random, depth: depth + 1)
            }
            return .object(members)
        }
    }
}

/// A small seeded generator, so a failure reproduces.
private struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `encode(key:elements:as:)`, which encodes the elements of `{ key: [ … ] }` concurrently.
@Suite("FastJSONEncoder's concurrent array member")
struct FastJSONConcurrentArrayTests {
    struct Item: Encodable, Sendable {
        let n: Int
        let name: String
        let tags: [String]
        let nested: [String: [Int]]
        let maybe: String?
        let ratio: Double
    }

    static func item(_ n: Int) -> Item {
        Item(
            n: n, name: FastJSONEncoderTests.awkwardStrings[n % FastJSONEncoderTests.awkwardStrings.count],
            tags: (0..<(n % 4)).map { "t\($0)" }, nested: n % 3 == 0 ? [:] : ["b": [n], "a": []],
            maybe: n % 2 == 0 ? nil : "odd", ratio: Double(n) / 7)
    }

    @Test(
        "0, 1, 2, 17 and 300 elements: the bytes JSONEncoder writes for [key: elements]", arguments: [0, 1, 2, 17, 300])
    func sameBytes(count: Int) throws {
        let numbers = Array(0..<count)
        let expected = Array(try JSONOutput.foundationEncoder().encode(["certificates": numbers.map(Self.item)]))
        let actual = Array(try FastJSONEncoder().encode(key: "certificates", elements: numbers, as: Self.item).utf8)
        #expect(actual == expected)
    }

    @Test("a key that needs escaping")
    func escapedKey() throws {
        let key = "odd \"key\"/\u{1}é"
        let expected = Array(try JSONOutput.foundationEncoder().encode([key: [1, 2, 3]]))
        #expect(Array(try FastJSONEncoder().encode(key: key, elements: [1, 2, 3]) { $0 }.utf8) == expected)
    }

    @Test("an element that cannot be encoded makes the whole call throw, as JSONEncoder does")
    func throwsLikeJSONEncoder() {
        let values = [1.0, .nan, 2.0]
        #expect(throws: EncodingError.self) { try JSONOutput.foundationEncoder().encode(["v": values]) }
        #expect(throws: EncodingError.self) { try FastJSONEncoder().encode(key: "v", elements: values) { $0 } }
    }
}
