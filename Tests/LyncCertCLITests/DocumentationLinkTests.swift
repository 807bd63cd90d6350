import Foundation
import TestSupport
import Testing

/// README.md stays a front door that leads to the reference in docs/, and no link of README.md or
/// docs/*.md leads nowhere (a moved file or a renamed heading breaks it).
@Suite("Documentation: README.md is short and every relative link resolves")
struct DocumentationLinkTests {
    static let root = TestSupport.packageRoot

    /// README.md and every Markdown file of docs/, by path relative to the package root.
    static func documents() throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
        return ["README.md"] + names.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test("README.md is at most 400 lines")
    func readmeIsShort() throws {
        let lines = MarkdownDocument.lineCount(try Self.text("README.md"))
        #expect(lines <= 400, "README.md has \(lines) lines")
    }

    @Test("README.md links to every file of docs/")
    func readmeLinksEveryDocument() throws {
        let readme = MarkdownDocument(try Self.text("README.md"))
        let linked = Set(readme.links.map { $0.path })
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs").path)
        #expect(files.contains("findings.md") && files.contains("lynccert.1"), "\(files)")
        for file in files where !file.hasPrefix(".") {
            #expect(linked.contains("docs/" + file), "README.md does not link to docs/\(file)")
        }
    }

    @Test("every relative link in README.md and docs/*.md names a file that exists, and a heading of it")
    func linksResolve() throws {
        var checked = 0
        for document in try Self.documents() {
            let folder = Self.root.appendingPathComponent(document).deletingLastPathComponent()
            for link in MarkdownDocument(try Self.text(document)).links where link.isRelative {
                checked += 1
                let target =
                    link.path.isEmpty
                    ? Self.root.appendingPathComponent(document)
                    : folder.appendingPathComponent(link.path).standardizedFileURL
                let place = "\(document):\(link.line): (\(link.target))"
                guard FileManager.default.fileExists(atPath: target.path) else {
                    Issue.record("\(place): no file \(target.path)")
                    continue
                }
                guard let anchor = link.anchor else { continue }
                #expect(target.pathExtension == "md", "\(place): an anchor into a file that is not Markdown")
                let anchors = MarkdownDocument(try String(contentsOf: target, encoding: .utf8)).anchors
                #expect(anchors.contains(anchor), "\(place): no heading #\(anchor) in \(target.lastPathComponent)")
            }
        }
        // README's table alone links to eight files; zero would mean the reader found nothing.
        #expect(checked >= 8)
    }

    @Test("the link reader skips code, resolves headings to GitHub's anchors, and flags what is missing")
    func reader() throws {
        let markdown = """
            # Commands
            ## lynccert dns check
            ## lynccert plan --format json
            ### lynccert audit (`scripts/bench-audit.sh`)
            ## Quick start (fresh Debian 12 machine with Swift 6)
            ## Keys
            ## Keys
            See [the keys](#keys), [init](commands.md#lynccert-init "title") and [web](https://example.com).
            `[not a link](nowhere.md)` and ![logo](img/logo.png)
            ```sh
            # not a heading
            echo "[not a link](nowhere.md)"
            ```
            """
        let document = MarkdownDocument(markdown)
        #expect(
            document.anchors == [
                "commands", "lynccert-dns-check", "lynccert-plan---format-json", "lynccert-audit-scriptsbench-auditsh",
                "quick-start-fresh-debian-12-machine-with-swift-6", "keys", "keys-1",
            ])
        #expect(
            document.links.map(\.target) == [
                "#keys", "commands.md#lynccert-init", "https://example.com", "img/logo.png",
            ])
        #expect(document.links.map(\.isRelative) == [true, true, false, true])
        #expect(document.links[1].path == "commands.md" && document.links[1].anchor == "lynccert-init")
        #expect(document.links[0].path.isEmpty && document.links[0].line == 8)
        #expect(MarkdownDocument.lineCount("a\nb\n") == 2 && MarkdownDocument.lineCount("a\nb") == 2)
    }
}

/// The headings and links of a Markdown document, outside fenced code and code spans.
struct MarkdownDocument {
    struct Link {
        var target: String
        var line: Int

        var isRelative: Bool { !target.contains(":") }
        /// The file part, percent-decoded; empty for a link into the same document.
        var path: String {
            let file = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return String(file).removingPercentEncoding ?? String(file)
        }
        var anchor: String? {
            guard let hash = target.firstIndex(of: "#") else { return nil }
            return String(target[target.index(after: hash)...])
        }
    }

    /// The anchors GitHub gives the headings, in order (a repeated heading gets `-1`, `-2`, …).
    var anchors: [String] = []
    var links: [Link] = []

    /// `[text](target "title")` and `![alt](target)`; the target is capture 1.
    static var linkPattern: Regex<(Substring, Substring)> { #/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/# }
    static var codeSpan: Regex<Substring> { #/`+[^`]*`+/# }

    static func lineCount(_ text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0)
    }

    init(_ markdown: String) {
        var inFence = false
        var seen: [String: Int] = [:]
        for (index, raw) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                continue
            }
            if inFence { continue }
            let line = raw.replacing(Self.codeSpan, with: "")
            if let heading = Self.heading(String(raw)) {
                let slug = Self.slug(heading)
                let count = seen[slug, default: 0]
                seen[slug] = count + 1
                anchors.append(count == 0 ? slug : "\(slug)-\(count)")
            }
            for match in line.matches(of: Self.linkPattern) {
                links.append(Link(target: String(match.1), line: index + 1))
            }
        }
    }

    /// The text of an ATX heading (`## Text`), else nil.
    static func heading(_ line: String) -> String? {
        let hashes = line.prefix { $0 == "#" }
        guard (1...6).contains(hashes.count), line.dropFirst(hashes.count).first == " " else { return nil }
        return line.dropFirst(hashes.count).trimmingCharacters(in: .whitespaces)
    }

    /// GitHub's anchor for a heading: link text kept, lower-cased, punctuation dropped, spaces to `-`.
    static func slug(_ heading: String) -> String {
        let text = heading.replacing(#/\[([^\]]*)\]\([^)]*\)/#) { $0.1 }
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                slug += "-"
            } else if scalar == "-" || scalar == "_" || scalar.properties.isAlphabetic
                || scalar.properties.numericType != nil
            {
                slug.unicodeScalars.append(scalar)
            }
        }
        return slug
    }
}
