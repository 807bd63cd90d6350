import Foundation
import Testing

/// Compares `text` with the golden file `Snapshots/<name>` beside the calling test file.
///
/// With `RECORD_SNAPSHOTS` set in the environment the file is (re)written and the test fails, so a
/// recording run never passes by accident: look at the `git diff`, then run again without it. A
/// missing golden file fails with the way to record it; a difference names the first differing line.
public func assertSnapshot(
    _ text: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
) {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        .appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
            Issue.record(
                "recorded snapshot \(name); run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        } catch {
            Issue.record("cannot record snapshot \(name): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let data = try? Data(contentsOf: url) else {
        Issue.record("no snapshot \(name); record it with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    guard expected != text else { return }
    let e = expected.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    let a = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    let line = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
    let show = { (lines: [Substring]) in line < lines.count ? String(lines[line]) : "(end of text)" }
    Issue.record(
        Comment(
            rawValue: "snapshot \(name) differs at line \(line + 1):\n  expected: \(show(e))\n  actual:   \(show(a))"),
        sourceLocation: sourceLocation)
}
