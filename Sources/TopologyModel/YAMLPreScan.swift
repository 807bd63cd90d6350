/// A linear pass over the raw text that refuses hostile shapes before any parser builds a tree.
///
/// It follows just enough YAML (quotes, comments, block scalars, flow brackets) to find:
/// - flow nesting (`[` / `{`) deeper than `DocumentLimits.maximumDepth` — 100 000 nested `[`
///   would otherwise drive a recursive tree builder off the end of its stack;
/// - block nesting deeper than the same limit (`- - - -` on one line nests too);
/// - more keys and values than `DocumentLimits.maximumNodes`, counted before the parser spends
///   seconds building a tree no topology needs;
/// - YAML aliases (`*name`): a topology never needs them, and refusing them removes the
///   "billion laughs" expansion entirely instead of merely bounding it.
///
/// JSON is YAML flow syntax, so the same pass guards JSON input. The scan errs on the side of
/// not flagging: an alias is only recognised where a value may start, so `O: Contoso *Ltd` is text.
enum YAMLPreScan {
    struct Outcome {
        var problem: TopologyProblem?
    }

    static func scan(_ text: String) -> Outcome {
        let bytes = Array(text.utf8)
        var i = 0
        var line = 1
        var flowDepth = 0
        var expectNode = true  // at a position where a value (or key) may begin
        var lineIndent = 0
        var atLineStart = true
        var blockIndicators = 0  // "- " and "? " seen on the current line before content
        var previousWasSpace = true
        var nodes = 0  // keys and values started (an over-estimate is fine)
        let count = bytes.count
        let tooMany = Outcome(
            problem: TopologyProblem(
                path: "",
                message: "the document holds more than \(DocumentLimits.maximumNodes) keys and values; refused"))

        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        func isBreak(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }
        func followedBySeparator(_ index: Int) -> Bool {
            index + 1 >= count || isBlank(bytes[index + 1]) || isBreak(bytes[index + 1])
                || (flowDepth > 0 && (bytes[index + 1] == 0x2C || bytes[index + 1] == 0x5D || bytes[index + 1] == 0x7D))
        }
        func skipToLineEnd() {
            while i < count && !isBreak(bytes[i]) { i += 1 }
        }

        while i < count {
            let b = bytes[i]
            if isBreak(b) {
                if b == 0x0D && i + 1 < count && bytes[i + 1] == 0x0A { i += 1 }
                i += 1
                line += 1
                atLineStart = true
                lineIndent = 0
                blockIndicators = 0
                expectNode = true
                previousWasSpace = true
                continue
            }
            if atLineStart {
                if b == 0x20 {
                    lineIndent += 1
                    i += 1
                    continue
                }
                atLineStart = false
            }
            if isBlank(b) {
                previousWasSpace = true
                i += 1
                continue
            }
            defer { previousWasSpace = false }
            if b == 0x23 && previousWasSpace {  // '#' comment
                skipToLineEnd()
                continue
            }
            if expectNode {
                switch b {
                case 0x2D, 0x3F:  // '-' or '?' block indicator
                    if flowDepth == 0 && followedBySeparator(i) {
                        blockIndicators += 1
                        if blockIndicators + flowDepth > DocumentLimits.maximumDepth {
                            return Outcome(problem: DocumentParser.tooDeep(line: line))
                        }
                        i += 1
                        continue
                    }
                case 0x2A:  // '*' alias
                    var end = i + 1
                    while end < count && !isBlank(bytes[end]) && !isBreak(bytes[end])
                        && !(flowDepth > 0 && [0x2C, 0x5D, 0x7D].contains(bytes[end]))
                    {
                        end += 1
                    }
                    let name = String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
                    return Outcome(problem: DocumentParser.aliasProblem(name: name, line: line))
                case 0x26, 0x21:  // '&' anchor or '!' tag: a property before the value
                    while i < count && !isBlank(bytes[i]) && !isBreak(bytes[i]) { i += 1 }
                    continue
                case 0x27:  // single-quoted scalar; '' is an escaped quote
                    nodes += 1
                    if nodes > DocumentLimits.maximumNodes { return tooMany }
                    i += 1
                    while i < count {
                        if bytes[i] == 0x27 {
                            if i + 1 < count && bytes[i + 1] == 0x27 {
                                i += 2
                                continue
                            }
                            break
                        }
                        if bytes[i] == 0x0A { line += 1 }
                        i += 1
                    }
                    i += 1
                    expectNode = false
                    continue
                case 0x22:  // double-quoted scalar with backslash escapes
                    nodes += 1
                    if nodes > DocumentLimits.maximumNodes { return tooMany }
                    i += 1
                    while i < count && bytes[i] != 0x22 {
                        if bytes[i] == 0x5C { i += 1 }
                        if i < count && bytes[i] == 0x0A { line += 1 }
                        i += 1
                    }
                    i += 1
                    expectNode = false
                    continue
                case 0x7C, 0x3E:  // '|' or '>' block scalar: skip the more-indented lines after it
                    if flowDepth == 0 {
                        let parentIndent = lineIndent
                        skipToLineEnd()
                        while i < count {
                            // i is at a line break
                            var j = i
                            if bytes[j] == 0x0D && j + 1 < count && bytes[j + 1] == 0x0A { j += 1 }
                            j += 1
                            var indent = 0
                            while j < count && bytes[j] == 0x20 { indent += 1; j += 1 }
                            let blank = j >= count || isBreak(bytes[j])
                            if !blank && indent <= parentIndent { break }
                            line += 1
                            i = j
                            skipToLineEnd()
                        }
                        continue
                    }
                default: break
                }
            }
            if expectNode {
                nodes += 1
                if nodes > DocumentLimits.maximumNodes { return tooMany }
            }
            switch b {
            case 0x5B, 0x7B:  // '[' '{'
                if expectNode || flowDepth > 0 {
                    flowDepth += 1
                    if flowDepth + blockIndicators > DocumentLimits.maximumDepth {
                        return Outcome(problem: DocumentParser.tooDeep(line: line))
                    }
                    expectNode = true
                } else {
                    expectNode = false
                }
            case 0x5D, 0x7D:  // ']' '}'
                if flowDepth > 0 { flowDepth -= 1 }
                expectNode = false
            case 0x2C:  // ','
                if flowDepth > 0 { expectNode = true }
            case 0x3A:  // ':'
                if followedBySeparator(i) || flowDepth > 0 { expectNode = true }
            default:
                expectNode = false
            }
            i += 1
        }
        return Outcome(problem: nil)
    }
}
