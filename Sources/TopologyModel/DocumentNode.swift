import Foundation
import Yams

/// A parsed topology document, independent of YAML or JSON, with the line each value starts on.
///
/// Scalars keep the kind they were written as (text, number, boolean, null) so the reader can
/// refuse a number where a host name belongs instead of silently converting it.
struct DocumentNode: Sendable {
    enum Kind: Sendable {
        case null
        case string(String)
        /// A plain number as written (`8080`, `1.5`).
        case number(String)
        case bool(Bool)
        case map([Entry])
        case list([DocumentNode])
    }

    struct Entry: Sendable {
        var key: String
        var keyLine: Int?
        var value: DocumentNode
    }

    var kind: Kind
    var line: Int?

    /// What the node is, in words, for "expected …, got …" messages.
    var kindDescription: String {
        switch kind {
        case .null: "nothing (null)"
        case .string: "text"
        case .number(let n): "the number \(n)"
        case .bool(let b): "the boolean \(b)"
        case .map: "a map (key: value pairs)"
        case .list: "a list"
        }
    }

    /// The value as written, for scalars.
    var scalarText: String? {
        switch kind {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null: nil
        case .map, .list: nil
        }
    }
}

/// Limits that keep hostile input from exhausting memory, stack or time before any tree exists.
enum DocumentLimits {
    /// Topology files are a few kilobytes; two megabytes leaves room for generous comments.
    static let maximumTextBytes = 2 * 1024 * 1024
    /// Deepest nesting of maps and lists accepted; a topology needs 4.
    static let maximumDepth = 64
    /// Most keys and values in one document; a 100-pool topology holds about 3 000.
    static let maximumNodes = 50_000
}

/// Turns text into a `DocumentNode`, or problems saying why it cannot.
enum DocumentParser {
    static func parse(text: String, format: TopologyFormat) -> Result<DocumentNode, ProblemList> {
        if text.utf8.count > DocumentLimits.maximumTextBytes {
            return .failure(
                ProblemList(
                    TopologyProblem(
                        path: "",
                        message:
                            "the file is \(text.utf8.count) bytes; topology files over \(DocumentLimits.maximumTextBytes) bytes are refused"
                    )))
        }
        if text.allSatisfy({ $0.isWhitespace }) { return .failure(ProblemList(emptyDocument)) }
        let scan = YAMLPreScan.scan(text)
        if let problem = scan.problem { return .failure(ProblemList(problem)) }
        switch format {
        case .yaml: return parseYAML(text)
        case .json: return parseJSON(text)
        }
    }

    // MARK: YAML

    static func parseYAML(_ text: String) -> Result<DocumentNode, ProblemList> {
        let root: Node?
        do {
            // `classify` reads scalars itself (YAML 1.2 core schema), so Yams' YAML 1.1 resolver
            // is never asked; `.basic` spares compiling its seven regular expressions (ICU) on
            // every start.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            return .failure(ProblemList(problem(from: error)))
        } catch {
            return .failure(ProblemList(TopologyProblem(path: "", message: "not valid YAML: \(error)")))
        }
        guard let root else { return .failure(ProblemList(emptyDocument)) }
        var budget = DocumentLimits.maximumNodes
        do {
            return .success(try convert(root, depth: 0, budget: &budget))
        } catch {
            return .failure(ProblemList(error.problem))
        }
    }

    static let duplicateKeyMessage = "a key appears twice in the same map; each key may be given once"

    static let emptyDocument = TopologyProblem(
        path: "", line: 1,
        message: "the file holds no topology (it is empty or only comments); start from `lynccert init`")

    private struct LimitError: Error {
        var problem: TopologyProblem
    }

    private static func convert(_ node: Node, depth: Int, budget: inout Int) throws(LimitError) -> DocumentNode {
        budget -= 1
        if budget < 0 {
            throw LimitError(
                problem: TopologyProblem(
                    path: "", line: node.mark?.line,
                    message: "the document holds more than \(DocumentLimits.maximumNodes) keys and values; refused"))
        }
        if depth > DocumentLimits.maximumDepth {
            throw LimitError(problem: tooDeep(line: node.mark?.line))
        }
        let line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            return DocumentNode(kind: classify(scalar), line: line)
        case .alias(let alias):
            throw LimitError(problem: aliasProblem(name: alias.anchor.rawValue, line: alias.mark?.line))
        case .sequence(let sequence):
            var items: [DocumentNode] = []
            for item in sequence { items.append(try convert(item, depth: depth + 1, budget: &budget)) }
            return DocumentNode(kind: .list(items), line: line)
        case .mapping(let mapping):
            var entries: [DocumentNode.Entry] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw LimitError(
                        problem: TopologyProblem(
                            path: "", line: key.mark?.line,
                            message: "a key must be a plain name, not a list or map"))
                }
                let converted = try convert(value, depth: depth + 1, budget: &budget)
                entries.append(DocumentNode.Entry(key: keyScalar.string, keyLine: key.mark?.line, value: converted))
            }
            return DocumentNode(kind: .map(entries), line: line)
        }
    }

    static func tooDeep(line: Int?) -> TopologyProblem {
        TopologyProblem(
            path: "", line: line,
            message: "values are nested more than \(DocumentLimits.maximumDepth) levels deep; a topology needs 4")
    }

    static func aliasProblem(name: String, line: Int?) -> TopologyProblem {
        TopologyProblem(
            path: "", line: line, value: "*" + name,
            message:
                "YAML aliases (*name) are not accepted in topology files: write the value out (aliases are how 'billion laughs' files explode)"
        )
    }

    /// YAML 1.2 core-schema reading of a scalar: quoted scalars are always text; plain ones may be
    /// null (`~`, `null`, empty), a boolean (`true`/`false` only — `yes`, `no`, `on`, `off` stay
    /// text, so a country code `NO` is not a boolean) or a number.
    static func classify(_ scalar: Node.Scalar) -> DocumentNode.Kind {
        let text = scalar.string
        if scalar.style != .plain && scalar.style != .any { return .string(text) }
        let tag = scalar.tag.rawValue
        if tag == Tag.Name.str.rawValue { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if isNumber(text) { return .number(text) }
        return .string(text)
    }

    /// Whether a plain scalar reads as a YAML 1.2 core-schema integer or float.
    static func isNumber(_ text: String) -> Bool {
        var s = Substring(text)
        if s.hasPrefix("0x") || s.hasPrefix("0o") {
            let digits = s.dropFirst(2)
            return !digits.isEmpty && digits.allSatisfy { $0.isHexDigit }
        }
        if s.hasPrefix("+") || s.hasPrefix("-") { s = s.dropFirst() }
        if [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(String(s)) { return true }
        var sawDigit = false
        var sawDot = false
        var index = s.startIndex
        while index < s.endIndex {
            let c = s[index]
            if c.isASCII && c.isNumber {
                sawDigit = true
            } else if c == "." && !sawDot {
                sawDot = true
            } else if (c == "e" || c == "E") && sawDigit {
                var rest = s[s.index(after: index)...]
                if rest.hasPrefix("+") || rest.hasPrefix("-") { rest = rest.dropFirst() }
                return !rest.isEmpty && rest.allSatisfy { $0.isASCII && $0.isNumber }
            } else {
                return false
            }
            index = s.index(after: index)
        }
        return sawDigit
    }

    static func problem(from error: YamlError) -> TopologyProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            if problem.contains("Maximum nesting level") {
                return tooDeep(line: mark.line)
            }
            // libyaml finds an unclosed bracket or quote where the file ends; the line where the
            // construct began is where the mistake is, so that line is the problem's line.
            guard let context else {
                return TopologyProblem(
                    path: "", line: mark.line, message: "not valid YAML: \(problem) (column \(mark.column))")
            }
            return TopologyProblem(
                path: "", line: context.mark.line,
                message:
                    "not valid YAML: \(context.text) that starts on this line: \(problem) at line \(mark.line), column \(mark.column)"
            )
        case .duplicatedKeysInMapping(let duplicates, let context):
            return TopologyProblem(
                path: "", line: context.mark.line, value: duplicates.joined(separator: ", "),
                message: duplicateKeyMessage)
        case .reader(let problem, _, _, _):
            return TopologyProblem(path: "", message: "not readable as YAML text: \(problem)")
        default:
            return TopologyProblem(path: "", message: "not valid YAML: \(error)")
        }
    }

    // MARK: JSON

    static func parseJSON(_ text: String) -> Result<DocumentNode, ProblemList> {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .failure(ProblemList(emptyDocument)) }
        if let problem = trailingCommaProblem(text) { return .failure(ProblemList(problem)) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            return .failure(ProblemList(jsonSyntaxProblem(error, text: text)))
        }
        // JSON is YAML flow syntax: reading it with the YAML parser yields the line of every value.
        switch parseYAML(text) {
        case .success(let node): return .success(node)
        case .failure(let list) where list.problems.contains(where: { $0.message == duplicateKeyMessage }):
            // JSON parsers keep the last of two equal keys; a topology must not depend on that.
            return .failure(list)
        case .failure: break
        }
        var budget = DocumentLimits.maximumNodes
        do {
            return .success(try convertJSON(object, depth: 0, budget: &budget))
        } catch {
            return .failure(ProblemList(error.problem))
        }
    }

    /// A `,` before `]` or `}` (outside strings), which RFC 8259 does not allow but Foundation's
    /// parser and the YAML flow reader both accept: a file that other JSON tools refuse is refused
    /// here too, at the comma's line.
    static func trailingCommaProblem(_ text: String) -> TopologyProblem? {
        var line = 1
        var column = 0
        var inString = false
        var escaped = false
        var comma: (line: Int, column: Int)?
        for b in text.utf8 {
            column += 1
            if inString {
                if escaped {
                    escaped = false
                } else if b == 0x5C {
                    escaped = true
                } else if b == 0x22 {
                    inString = false
                }
                continue
            }
            switch b {
            case 0x0A:
                line += 1
                column = 0
            case 0x20, 0x09, 0x0D:
                break
            case 0x2C:
                comma = (line, column)
            case 0x5D, 0x7D:
                if let comma {
                    return TopologyProblem(
                        path: "", line: comma.line,
                        message:
                            "not valid JSON: a comma before '\(b == 0x5D ? "]" : "}")' (column \(comma.column)); JSON allows no trailing comma"
                    )
                }
            case 0x22:
                inString = true
                comma = nil
            default:
                comma = nil
            }
        }
        return nil
    }

    private static func jsonSyntaxProblem(_ error: any Error, text: String) -> TopologyProblem {
        let nsError = error as NSError
        var detail = (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
        var offset = nsError.userInfo["NSJSONSerializationErrorIndex"] as? Int
        if offset == nil, let range = detail.range(of: "character ") {
            offset = Int(detail[range.upperBound...].prefix { $0.isNumber })
        }
        var line: Int?
        if let offset {
            // The offset counts UTF-16 units on some platforms and bytes on others; topology files
            // are ASCII in practice, where both agree.
            let prefix = text.utf8.prefix(offset)
            line = prefix.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            let column =
                prefix.count
                - (prefix.lastIndex(of: 0x0A).map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
            if detail.hasSuffix(".") { detail.removeLast() }
            detail += " (column \(column))"
        } else if detail.lowercased().contains("end of file") {
            line = text.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        if detail.isEmpty { detail = "syntax error" }
        return TopologyProblem(path: "", line: line, message: "not valid JSON: \(detail)")
    }

    private static func convertJSON(_ object: Any, depth: Int, budget: inout Int) throws(LimitError) -> DocumentNode {
        budget -= 1
        if budget < 0 {
            throw LimitError(
                problem: TopologyProblem(
                    path: "",
                    message: "the document holds more than \(DocumentLimits.maximumNodes) keys and values; refused"))
        }
        if depth > DocumentLimits.maximumDepth { throw LimitError(problem: tooDeep(line: nil)) }
        switch object {
        case let dictionary as [String: Any]:
            var entries: [DocumentNode.Entry] = []
            for key in dictionary.keys.sorted() {
                let value = try convertJSON(dictionary[key]!, depth: depth + 1, budget: &budget)
                entries.append(DocumentNode.Entry(key: key, keyLine: nil, value: value))
            }
            return DocumentNode(kind: .map(entries), line: nil)
        case let array as [Any]:
            var items: [DocumentNode] = []
            for item in array { items.append(try convertJSON(item, depth: depth + 1, budget: &budget)) }
            return DocumentNode(kind: .list(items), line: nil)
        case let string as String:
            return DocumentNode(kind: .string(string), line: nil)
        case let number as NSNumber:
            if String(cString: number.objCType) == "c", number.intValue == 0 || number.intValue == 1 {
                return DocumentNode(kind: .bool(number.boolValue), line: nil)
            }
            return DocumentNode(kind: .number(number.stringValue), line: nil)
        default:
            return DocumentNode(kind: .null, line: nil)
        }
    }
}

/// Problems collected while reading; a tiny wrapper so `Result` can carry them.
struct ProblemList: Error, Sendable {
    var problems: [TopologyProblem]
    init(_ problems: TopologyProblem...) { self.problems = problems }
}
