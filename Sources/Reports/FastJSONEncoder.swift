import Foundation
import LyncSupport

/// Encodes `Encodable` values to exactly the bytes Foundation's `JSONEncoder` produces with
/// `outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` and
/// `dateEncodingStrategy = .iso8601`, several times faster on large values.
///
/// Foundation's pretty format, reproduced here (swift-foundation's `JSONWriter`):
/// - two spaces of indentation per level, `"key" : value` with a space on each side of the colon,
///   members and elements separated by `,` and a newline;
/// - an empty array or object still opens a line: `[` newline newline indent `]` (`{` likewise);
/// - keys sorted by their UTF-8 bytes (so `Z` before `a`, and `é` after every ASCII key);
/// - strings escape `"`, `\`, `\b`, `\f`, `\n`, `\r`, `\t`, every other byte below 0x20 as `\u00xx`
///   (lower-case hex); `/`, DEL and everything non-ASCII are written as they are;
/// - integers as their `description`; `Double`/`Float` as their `description` without a trailing
///   `.0` (`1`, `0.1`, `1e+300`, `-0`); NaN and infinities are an `EncodingError`;
/// - `Date` as `date.formatted(.iso8601)`, `Data` as Base64, `URL` as its `absoluteString`,
///   `Decimal` as its `description`; a value that encodes nothing is `{}` (an error at top level);
/// - a key encoded twice keeps the last value; nesting deeper than 511 containers is an error.
///
/// The speed comes from a light tree of reference boxes (no per-value dictionaries), keys sorted
/// by byte comparison, and a single byte buffer written in one pass.
package struct FastJSONEncoder {
    package init() {}

    /// The JSON text of `value`.
    package func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encodeToBytes(value), as: UTF8.self)
    }

    /// The JSON text of `{ key: elements }` — exactly `encode([key: elements])` — with the
    /// elements encoded concurrently: a report of a thousand audited certificates spent a third
    /// of its time encoding them one after the other.
    /// Each element is made by `transform`, on the encoding threads too.
    package func encode<E: Sendable, T: Encodable & SendableMetatype>(
        key: String, elements: [E], as transform: @Sendable (E) -> T
    ) throws -> String {
        guard !elements.isEmpty else { return try encode([key: [T]()]) }
        // Each element sits at nesting depth 2 (object, array), indented by two levels.
        let encoded = try ConcurrentMap.map(elements) { element -> [UInt8] in
            let impl = FastJSONEncoderImpl(parent: nil, extraPath: [], key: nil)
            let node = try impl.wrapTopLevel(transform(element)) ?? .object(FastJSONObjectBox())
            var writer = FastJSONWriter(indent: 2)
            try writer.write(node, depth: 2)
            return writer.bytes
        }
        var writer = FastJSONWriter()
        writer.bytes.reserveCapacity(encoded.reduce(64 + key.utf8.count) { $0 + $1.count + 6 })
        writer.openSingleArrayMember(key)
        for (index, element) in encoded.enumerated() {
            if index > 0 { writer.bytes += [UInt8(ascii: ","), UInt8(ascii: "\n")] }
            writer.bytes += [UInt8](repeating: UInt8(ascii: " "), count: 4)
            writer.bytes += element
        }
        writer.bytes += Array("\n  ]\n}".utf8)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The UTF-8 bytes of `value`'s JSON text.
    package func encodeToBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = FastJSONEncoderImpl(parent: nil, extraPath: [], key: nil)
        guard let node = try root.wrapTopLevel(value) else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        var writer = FastJSONWriter()
        let estimate = FastJSONWriter.estimatedSize(of: node, level: 0)
        writer.bytes.reserveCapacity(estimate + estimate / 16)
        try writer.write(node, depth: 0)
        return writer.bytes
    }
}

// MARK: - The tree

/// One JSON value while encoding; containers are boxes so the containers handed out can fill them.
enum FastJSONNode {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array(FastJSONArrayBox)
    case object(FastJSONObjectBox)
    /// A `superEncoder()`'s value, known once that encoder has been used.
    case deferred(FastJSONEncoderImpl)
}

final class FastJSONArrayBox: FastJSONContainerBox {
    var items: [FastJSONNode] = []

    var node: FastJSONNode { .array(self) }
    static func unwrap(_ node: FastJSONNode) -> FastJSONArrayBox? {
        if case .array(let box) = node { box } else { nil }
    }
}

/// An object's members in encoding order; a repeated key is resolved (last wins) when written.
final class FastJSONObjectBox: FastJSONContainerBox {
    var keys: [String] = []
    var values: [FastJSONNode] = []

    @inline(__always)
    func set(_ key: String, _ value: FastJSONNode) {
        keys.append(key)
        values.append(value)
    }

    /// The latest value stored under `key`, for re-opening a nested container.
    func lastIndex(of key: String) -> Int? { keys.lastIndex(of: key) }

    var node: FastJSONNode { .object(self) }
    static func unwrap(_ node: FastJSONNode) -> FastJSONObjectBox? {
        if case .object(let box) = node { box } else { nil }
    }
}

/// An array or object under construction, for the code that opens either kind of container.
protocol FastJSONContainerBox: AnyObject {
    init()
    var node: FastJSONNode { get }
    /// The box `node` holds, when it is one of this kind.
    static func unwrap(_ node: FastJSONNode) -> Self?
}

// MARK: - The Encoder

/// The `Encoder` handed to `encode(to:)`; holds the one value that encoder produced.
final class FastJSONEncoderImpl: Encoder {
    let parent: FastJSONEncoderImpl?
    /// Keys between the parent's path and `key` (nested containers of the parent).
    var extraPath: [any CodingKey]
    var key: (any CodingKey)?
    var value: FastJSONNode?
    /// A finished child encoder nothing else references, reused for the next child value.
    private var spare: FastJSONEncoderImpl?

    init(parent: FastJSONEncoderImpl?, extraPath: [any CodingKey], key: (any CodingKey)?) {
        self.parent = parent
        self.extraPath = extraPath
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path = parent?.codingPath ?? []
        path += extraPath
        if let key { path.append(key) }
        return path
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: FastJSONObjectBox = open("keyed")
        return KeyedEncodingContainer(FastJSONKeyedContainer<Key>(impl: self, box: box, extraPath: []))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        FastJSONUnkeyedContainer(impl: self, box: open("unkeyed"), extraPath: [])
    }

    /// This encoder's container: the one already opened (a value may ask again), else a new one;
    /// trapping with Foundation's message when something else was encoded here.
    private func open<Box: FastJSONContainerBox>(_ kind: String) -> Box {
        guard let value else {
            let box = Box()
            self.value = box.node
            return box
        }
        guard let box = Box.unwrap(value) else {
            preconditionFailure(
                "Attempt to push new \(kind) encoding container when already previously encoded at this path.")
        }
        return box
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: Wrapping values

    /// The top-level value: like `wrap`, but nothing encoded stays `nil`.
    func wrapTopLevel<T: Encodable>(_ value: T) throws -> FastJSONNode? {
        if let node = try wrapSpecial(value, path: []) { return node }
        try value.encode(to: self)
        return self.value
    }

    /// `value` as a node, encoded by a child encoder at `path` + `key` when it is not a primitive.
    @inline(__always)
    func wrap<T: Encodable>(_ value: T, extraPath: [any CodingKey], key: any CodingKey) throws -> FastJSONNode {
        if let node = try wrapSpecial(value, path: extraPath, key: key) { return node }
        var child: FastJSONEncoderImpl
        if let spare {
            self.spare = nil
            child = spare
            child.extraPath = extraPath
            child.key = key
        } else {
            child = FastJSONEncoderImpl(parent: self, extraPath: extraPath, key: key)
        }
        try value.encode(to: child)
        let node = child.value ?? .object(FastJSONObjectBox())
        child.value = nil
        if isKnownUniquelyReferenced(&child) { spare = child }
        return node
    }

    /// Primitives, and the types `JSONEncoder` special-cases, without a child encoder.
    @inline(__always)
    func wrapSpecial<T: Encodable>(_ value: T, path: [any CodingKey], key: (any CodingKey)? = nil) throws
        -> FastJSONNode?
    {
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .number(unsafeBitCast(value, to: Int.self).description) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == [String].self {
            let box = FastJSONArrayBox()
            box.items = unsafeBitCast(value, to: [String].self).map { .string($0) }
            return .array(box)
        }
        if T.self == Double.self {
            return try number(unsafeBitCast(value, to: Double.self), path: path, key: key)
        }
        if T.self == Date.self {
            return .string(unsafeBitCast(value, to: Date.self).formatted(.iso8601))
        }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Decimal.self { return .number((value as! Decimal).description) }
        return nil
    }

    /// A floating-point number as `JSONEncoder` writes it: `description` without a trailing `.0`.
    func number<F: BinaryFloatingPoint & CustomStringConvertible>(
        _ value: F, path: [any CodingKey], key: (any CodingKey)?
    ) throws -> FastJSONNode {
        guard value.isFinite else {
            var fullPath = codingPath + path
            if let key { fullPath.append(key) }
            let name =
                value.isNaN ? "\(F.self).nan" : value < 0 ? "-\(F.self).infinity" : "\(F.self).infinity"
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: fullPath,
                    debugDescription:
                        "Unable to encode \(name) directly in JSON. Use JSONEncoder.NonConformingFloatEncodingStrategy.convertToString to specify how the value should be encoded."
                ))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}

extension FastJSONEncoderImpl: SingleValueEncodingContainer {
    private func store(_ node: FastJSONNode) {
        precondition(
            value == nil,
            "Attempt to encode value through single value container when previously value already encoded.")
        value = node
    }

    func encodeNil() throws { store(.null) }
    func encode(_ value: Bool) throws { store(.bool(value)) }
    func encode(_ value: String) throws { store(.string(value)) }
    func encode(_ value: Double) throws { store(try number(value, path: [], key: nil)) }
    func encode(_ value: Float) throws { store(try number(value, path: [], key: nil)) }
    func encode(_ value: Int) throws { store(.number(value.description)) }
    func encode(_ value: Int8) throws { store(.number(value.description)) }
    func encode(_ value: Int16) throws { store(.number(value.description)) }
    func encode(_ value: Int32) throws { store(.number(value.description)) }
    func encode(_ value: Int64) throws { store(.number(value.description)) }
    func encode(_ value: UInt) throws { store(.number(value.description)) }
    func encode(_ value: UInt8) throws { store(.number(value.description)) }
    func encode(_ value: UInt16) throws { store(.number(value.description)) }
    func encode(_ value: UInt32) throws { store(.number(value.description)) }
    func encode(_ value: UInt64) throws { store(.number(value.description)) }

    func encode<T: Encodable>(_ value: T) throws {
        precondition(
            self.value == nil,
            "Attempt to encode value through single value container when previously value already encoded.")
        if let node = try wrapSpecial(value, path: []) {
            self.value = node
        } else {
            try value.encode(to: self)
        }
    }
}

// MARK: - Containers

struct FastJSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let impl: FastJSONEncoderImpl
    let box: FastJSONObjectBox
    let extraPath: [any CodingKey]

    var codingPath: [any CodingKey] { impl.codingPath + extraPath }

    mutating func encodeNil(forKey key: Key) throws { box.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { box.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        box.set(key.stringValue, try impl.number(value, path: extraPath, key: key))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        box.set(key.stringValue, try impl.number(value, path: extraPath, key: key))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { setInteger(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { setInteger(value, key) }

    /// An integer under `key`, written as its decimal digits.
    @inline(__always)
    private func setInteger(_ value: some BinaryInteger, _ key: Key) {
        box.set(key.stringValue, .number(value.description))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.set(key.stringValue, try impl.wrap(value, extraPath: extraPath, key: key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested: FastJSONObjectBox = reopen(key, "KeyedEncodingContainer", otherwise: "non-keyed container")
        return KeyedEncodingContainer(
            FastJSONKeyedContainer<NestedKey>(impl: impl, box: nested, extraPath: extraPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested: FastJSONArrayBox = reopen(
            key, "UnkeyedEncodingContainer", otherwise: "keyed container/single value")
        return FastJSONUnkeyedContainer(impl: impl, box: nested, extraPath: extraPath + [key])
    }

    /// The container already stored under `key` (as `JSONEncoder`, a key may be opened again),
    /// else a new one; trapping with Foundation's message when `key` holds another kind of value.
    private func reopen<Box: FastJSONContainerBox>(_ key: Key, _ container: String, otherwise: String) -> Box {
        let name = key.stringValue
        guard let index = box.lastIndex(of: name) else {
            let nested = Box()
            box.set(name, nested.node)
            return nested
        }
        guard let nested = Box.unwrap(box.values[index]) else {
            preconditionFailure(
                "Attempt to re-encode into nested \(container) for key \"\(name)\" is invalid: \(otherwise) already encoded for this key"
            )
        }
        return nested
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: FastJSONKey.super) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key) }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let encoder = FastJSONEncoderImpl(parent: impl, extraPath: extraPath, key: key)
        box.set(key.stringValue, .deferred(encoder))
        return encoder
    }
}

struct FastJSONUnkeyedContainer: UnkeyedEncodingContainer {
    let impl: FastJSONEncoderImpl
    let box: FastJSONArrayBox
    let extraPath: [any CodingKey]

    var codingPath: [any CodingKey] { impl.codingPath + extraPath }
    var count: Int { box.items.count }

    private var indexKey: FastJSONKey { FastJSONKey(intValue: box.items.count) }

    mutating func encodeNil() throws { box.items.append(.null) }
    mutating func encode(_ value: Bool) throws { box.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { box.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws {
        box.items.append(try impl.number(value, path: extraPath, key: indexKey))
    }
    mutating func encode(_ value: Float) throws {
        box.items.append(try impl.number(value, path: extraPath, key: indexKey))
    }
    mutating func encode(_ value: Int) throws { box.items.append(.number(value.description)) }
    mutating func encode(_ value: Int8) throws { box.items.append(.number(value.description)) }
    mutating func encode(_ value: Int16) throws { box.items.append(.number(value.description)) }
    mutating func encode(_ value: Int32) throws { box.items.append(.number(value.description)) }
    mutating func encode(_ value: Int64) throws { box.items.append(.number(value.description)) }
    mutating func encode(_ value: UInt) throws { box.items.append(.number(value.description)) }
    mutating func encode(_ value: UInt8) throws { box.items.append(.number(value.description)) }
    mutating func encode(_ value: UInt16) throws { box.items.append(.number(value.description)) }
    mutating func encode(_ value: UInt32) throws { box.items.append(.number(value.description)) }
    mutating func encode(_ value: UInt64) throws { box.items.append(.number(value.description)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        box.items.append(try impl.wrap(value, extraPath: extraPath, key: indexKey))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let key = indexKey
        let nested = FastJSONObjectBox()
        box.items.append(.object(nested))
        return KeyedEncodingContainer(
            FastJSONKeyedContainer<NestedKey>(impl: impl, box: nested, extraPath: extraPath + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = indexKey
        let nested = FastJSONArrayBox()
        box.items.append(.array(nested))
        return FastJSONUnkeyedContainer(impl: impl, box: nested, extraPath: extraPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = FastJSONEncoderImpl(parent: impl, extraPath: extraPath, key: indexKey)
        box.items.append(.deferred(encoder))
        return encoder
    }
}

/// Array indices and `super` in coding paths; one word, so it is cheap to make for every element
/// (the text is only built when a coding path is read).
struct FastJSONKey: CodingKey {
    /// The array index, or -1 for `super`.
    private let index: Int

    static let `super` = FastJSONKey(index: -1)

    private init(index: Int) { self.index = index }

    init(intValue: Int) { index = intValue }

    init?(stringValue: String) {
        guard stringValue == "super" else { return nil }
        index = -1
    }

    var stringValue: String { index < 0 ? "super" : "Index \(index)" }
    var intValue: Int? { index < 0 ? nil : index }
}

// MARK: - The writer

/// Serialises a node tree in Foundation's pretty, sorted-keys, unescaped-slashes format.
struct FastJSONWriter {
    /// `JSONEncoder` refuses containers nested this deep.
    static let maximumDepth = 512

    var bytes: [UInt8] = []
    private var indent = 0
    /// Indentation is copied from here, two spaces per level.
    private let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 256)

    init() {}

    /// A writer whose output will sit `indent` levels deep.
    init(indent: Int) { self.indent = indent }

    /// `{`, newline, `  "key" : [`, newline: the head of a one-member object holding an array.
    mutating func openSingleArrayMember(_ key: String) {
        bytes += Array("{\n  ".utf8)
        writeString(key)
        bytes += Array(" : [\n".utf8)
    }

    /// The output size without string escapes, to reserve the buffer once.
    static func estimatedSize(of node: FastJSONNode, level: Int) -> Int {
        switch node {
        case .string(let string): return string.utf8.count + 2
        case .number(let text): return text.utf8.count
        case .bool(let flag): return flag ? 4 : 5
        case .null: return 4
        case .array(let box):
            var size = containerOverhead(count: box.items.count, level: level)
            for item in box.items { size += estimatedSize(of: item, level: level + 1) }
            return size
        case .object(let box):
            var size = containerOverhead(count: box.keys.count, level: level)
            for key in box.keys { size += key.utf8.count + 5 }
            for value in box.values { size += estimatedSize(of: value, level: level + 1) }
            return size
        case .deferred(let encoder):
            return encoder.value.map { estimatedSize(of: $0, level: level) } ?? 4 + 2 * level
        }
    }

    /// Brackets, their newlines, indentation and separators of a container.
    private static func containerOverhead(count: Int, level: Int) -> Int {
        4 + 2 * level + count * 2 * (level + 1) + 2 * max(count - 1, 0)
    }

    mutating func write(_ node: FastJSONNode, depth: Int) throws {
        switch node {
        case .string(let string): writeString(string)
        case .number(let text): append(text)
        case .bool(let flag): append(flag ? "true" : "false")
        case .null: append("null")
        case .array(let box): try writeArray(box.items, depth: depth + 1)
        case .object(let box): try writeObject(box, depth: depth + 1)
        case .deferred(let encoder): try write(encoder.value ?? .object(FastJSONObjectBox()), depth: depth)
        }
    }

    private mutating func checkDepth(_ depth: Int) throws {
        guard depth < Self.maximumDepth else {
            throw EncodingError.invalidValue(
                depth,
                EncodingError.Context(codingPath: [], debugDescription: "Too many nested arrays or dictionaries."))
        }
    }

    private mutating func writeArray(_ items: [FastJSONNode], depth: Int) throws {
        try checkDepth(depth)
        open("[")
        var first = true
        for item in items {
            startElement(&first)
            try write(item, depth: depth)
        }
        close("]")
    }

    private mutating func writeObject(_ box: FastJSONObjectBox, depth: Int) throws {
        try checkDepth(depth)
        var keys = box.keys
        var values = box.values
        if !keys.allSatisfy(Self.isASCII) {
            // `JSONEncoder` keeps members in a `[String: …]`, where canonically equivalent keys
            // (`é` and `e` + U+0301) are one key: the first spelling stays, the last value wins.
            (keys, values) = Self.mergingEquivalentKeys(keys, values)
        }
        let order = Self.sortedOrder(keys)
        open("{")
        var first = true
        for (position, index) in order.enumerated() {
            // A key set twice keeps its last value: equal keys are adjacent, in encoding order.
            if position + 1 < order.count, keys[order[position + 1]] == keys[index] { continue }
            startElement(&first)
            writeString(keys[index])
            bytes.append(UInt8(ascii: " "))
            bytes.append(UInt8(ascii: ":"))
            bytes.append(UInt8(ascii: " "))
            try write(values[index], depth: depth)
        }
        close("}")
    }

    private static func isASCII(_ key: String) -> Bool { key.utf8.allSatisfy { $0 < 0x80 } }

    /// One member per `String`-equal key: its first spelling, its last value, in first-seen order.
    private static func mergingEquivalentKeys(_ keys: [String], _ values: [FastJSONNode]) -> (
        [String], [FastJSONNode]
    ) {
        var position: [String: Int] = [:]
        var mergedKeys: [String] = []
        var mergedValues: [FastJSONNode] = []
        for (key, value) in zip(keys, values) {
            if let existing = position[key] {
                mergedValues[existing] = value
            } else {
                position[key] = mergedKeys.count
                mergedKeys.append(key)
                mergedValues.append(value)
            }
        }
        return (mergedKeys, mergedValues)
    }

    /// Member indices ordered by key bytes, ties in encoding order.
    static func sortedOrder(_ keys: [String]) -> [Int] {
        var order = Array(keys.indices)
        // Insertion sort: objects are small and synthesized keys often come nearly sorted.
        if order.count < 2 { return order }
        for i in 1..<order.count {
            let current = order[i]
            var j = i
            while j > 0, utf8Precedes(keys[current], keys[order[j - 1]]) {
                order[j] = order[j - 1]
                j -= 1
            }
            order[j] = current
        }
        return order
    }

    /// Strict byte order of the UTF-8 forms (the order `JSONEncoder` sorts keys in).
    @inline(__always)
    static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb -> Bool in
                let common = min(pa.count, pb.count)
                if common > 0 {
                    let result = memcmp(pa.baseAddress!, pb.baseAddress!, common)
                    if result != 0 { return result < 0 }
                }
                return pa.count < pb.count
            }
        }
        if let fast, let result = fast { return result }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// A non-empty container's opening bracket; its members go one level deeper.
    @inline(__always)
    private mutating func open(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        bytes.append(UInt8(ascii: "\n"))
        indent += 1
    }

    /// Before each member: `,` and a new line after the first one, then the indentation.
    @inline(__always)
    private mutating func startElement(_ first: inout Bool) {
        if first {
            first = false
        } else {
            bytes.append(UInt8(ascii: ","))
            bytes.append(UInt8(ascii: "\n"))
        }
        writeIndent()
    }

    /// The closing bracket on a line of its own, back at the container's level.
    @inline(__always)
    private mutating func close(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: "\n"))
        indent -= 1
        writeIndent()
        bytes.append(UInt8(ascii: bracket))
    }

    private mutating func writeIndent() {
        var remaining = 2 * indent
        while remaining > 0 {
            let chunk = min(remaining, spaces.count)
            bytes.append(contentsOf: spaces[0..<chunk])
            remaining -= chunk
        }
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var mark = 0
            for i in 0..<utf8.count {
                let byte = utf8[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if i > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<i])) }
                mark = i + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(UInt8(ascii: "u"))
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                }
            }
            if utf8.count > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<utf8.count])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
