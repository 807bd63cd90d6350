import Foundation

/// Reads and validates topology files (YAML or JSON, DESIGN.md's shape).
public enum TopologyLoader {
    /// Parses `text` and validates it against lync-rules.md.
    ///
    /// Reading happens in three steps, each bounded: a linear pre-scan refuses hostile shapes
    /// (aliases, nesting deeper than 64, more than 2 MiB), the parser builds a tree with line
    /// numbers, and the reader and validator walk it, collecting every problem rather than
    /// stopping at the first. Defaults Microsoft documents are filled in (web ports 8080/4443/80/443,
    /// RSA 2048, no wildcard, autodiscover over HTTPS with an A record, federation and XMPP off).
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - format: YAML or JSON. JSON is first checked with `JSONSerialization` so syntax errors
    ///     read as JSON errors, then read through the YAML parser (JSON is YAML flow syntax) to
    ///     learn the line of every value.
    ///   - source: a label for messages, usually the file name.
    /// - Returns: the topology with defaults applied and the non-fatal findings
    ///   (`reverse-proxy-address-missing`, `edge-address-missing`, …; docs/findings.md, "topology findings").
    /// - Throws: `TopologyLoadError` listing every problem, each with its field path and line.
    public static func load(text: String, format: TopologyFormat, source: String) throws(TopologyLoadError)
        -> LoadedTopology
    {
        let document: DocumentNode
        switch DocumentParser.parse(text: text, format: format) {
        case .success(let node): document = node
        case .failure(let list): throw TopologyLoadError(source: source, problems: list.problems)
        }
        var reader = TopologyReader()
        let topology = reader.read(document)
        var problems = reader.problems
        var findings: [Finding] = []
        if problems.isEmpty || !problems.contains(where: { $0.path.isEmpty }) {
            var validator = TopologyValidator(topology: topology, lines: reader.lines)
            validator.validate()
            problems += validator.problems
            findings = validator.findings
        }
        if !problems.isEmpty {
            throw TopologyLoadError(source: source, problems: ordered(problems))
        }
        return LoadedTopology(topology: topology, findings: findings)
    }

    /// Validates a model built in code (the XML importer's output, say) with the same rules a file
    /// gets, and returns it normalised, with the findings.
    ///
    /// The model is written out in the file format and read back, so every field-level rule (host
    /// name and address syntax, enum values, ranges) applies too. Problems name field paths; they
    /// carry no line because there is no file.
    /// - Throws: `TopologyLoadError` listing every problem.
    public static func validate(_ topology: Topology, source: String) throws(TopologyLoadError) -> LoadedTopology {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(topology), let text = String(data: data, encoding: .utf8) else {
            throw TopologyLoadError(
                source: source, problems: [TopologyProblem(path: "", message: "the topology could not be encoded")])
        }
        do {
            return try load(text: text, format: .json, source: source)
        } catch {
            throw TopologyLoadError(
                source: source,
                problems: error.problems.map { problem in
                    var problem = problem
                    problem.line = nil
                    return problem
                })
        }
    }

    /// Problems in file order (those without a line last), each once.
    static func ordered(_ problems: [TopologyProblem]) -> [TopologyProblem] {
        var seen = Set<String>()
        let unique = problems.filter { seen.insert($0.description).inserted }
        return unique.enumerated().sorted { a, b in
            switch (a.element.line, b.element.line) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
