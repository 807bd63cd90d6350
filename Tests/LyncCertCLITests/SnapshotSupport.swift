import Foundation
import TestSupport
import Testing

/// Compares `actual` with the golden file `Tests/LyncCertCLITests/Snapshots/<name>`.
///
/// With `RECORD_SNAPSHOTS=1` in the environment the file is (re)written and the test fails, so a
/// recording run can never pass by accident; run again without the variable to check. A missing
/// golden file fails with the command that records it.
func assertSnapshot(
    _ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let url = TestSupport.packageRoot.appendingPathComponent("Tests/LyncCertCLITests/Snapshots/\(name)")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url, options: .atomic)
            Issue.record(
                "recorded snapshot \(name); run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        } catch {
            Issue.record("cannot record snapshot \(name): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let data = try? Data(contentsOf: url) else {
        Issue.record(
            "no snapshot \(name); record it with RECORD_SNAPSHOTS=1 swift test --filter LyncCertCLITests",
            sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    if expected != actual {
        Issue.record(
            "snapshot \(name) differs:\n\(firstDifference(expected: expected, actual: actual))",
            sourceLocation: sourceLocation)
    }
}

/// The first differing line of two texts, for a readable failure message.
private func firstDifference(expected: String, actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(e.count, a.count) {
        let left = i < e.count ? String(e[i]) : "<end>"
        let right = i < a.count ? String(a[i]) : "<end>"
        if left != right { return "line \(i + 1):\n  expected: \(left)\n  actual:   \(right)" }
    }
    return "(no line differs)"
}
