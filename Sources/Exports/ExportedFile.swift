/// One file an export produces: a path relative to the output folder and its text.
///
/// Exports that yield several files (`bind`: one zone per view and zone; `iis-arr`: the XML and
/// the appcmd script; `tmg`: Markdown and CSV) return a list; the command layer writes them under
/// `--out DIR`, or prints them to standard output with separators.
public struct ExportedFile: Sendable, Equatable {
    /// Relative path with `/` separators (`external/contoso.com.zone`).
    public var path: String
    public var contents: String
}

extension Exporter {
    /// Several files as one text for standard output: each preceded by a separator line naming it,
    /// written as a comment in the files' own syntax (`;` for zone files, `#` for scripts).
    public static func concatenated(_ files: [ExportedFile], commentPrefix: String) -> String {
        files.map { file in
            "\(commentPrefix) ===== \(file.path) =====\n" + file.contents
        }.joined(separator: "\n")
    }
}

/// Pads `text` with spaces to `width` characters (no truncation).
func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
