/// Text that came from outside (a topology file, a certificate, a DNS or HTTP answer) on its way
/// to a terminal or a configuration file.
public enum UntrustedText {
    /// Whether `scalar` is a control character: C0 (U+0000–U+001F), DEL (U+007F) or C1
    /// (U+0080–U+009F). Tab, CR and LF are control characters too.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Characters a terminal reorders or breaks lines on without showing anything: the bidi
    /// embeddings, overrides and isolates ("Trojan Source") and the Unicode line/paragraph
    /// separators. Shown escaped too, though they are not control characters.
    static func isInvisibleFormatting(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The first control character in `text`, if any.
    public static func firstControl(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isControl)
    }

    /// `scalar` written visibly: `\x1b` for C0 and DEL, `\u009b` for C1 and the formatting
    /// characters of `isInvisibleFormatting` (lower-case hex, so an escape never reads as text).
    public static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        if scalar.value < 0x80 { return "\\x" + (hex.count < 2 ? "0" + hex : hex) }
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `U+001B`: the scalar's code point, four or more upper-case hex digits.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `text` safe to print on a terminal: every control character (including newline and tab)
    /// and every invisible formatting character is written as an escape (`ESC` → `\x1b`);
    /// everything else, ordinary Unicode included, is kept. Backslashes are kept as they are:
    /// a value that spells `\x1b` itself reads the same, which is harmless on a terminal.
    public static func terminalEscaped(_ text: String) -> String {
        guard mayNeedEscaping(text, keepingLayout: false) else { return text }
        guard text.unicodeScalars.contains(where: { isControl($0) || isInvisibleFormatting($0) }) else {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) || isInvisibleFormatting(scalar) {
                out.append(contentsOf: visible(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Like `terminalEscaped`, but keeps line breaks and tabs: for whole reports whose own layout
    /// uses them, as the last guard before the bytes reach standard output.
    public static func terminalEscapedKeepingLayout(_ text: String) -> String {
        func bad(_ scalar: Unicode.Scalar) -> Bool {
            (isControl(scalar) && scalar != "\n" && scalar != "\t") || isInvisibleFormatting(scalar)
        }
        guard mayNeedEscaping(text, keepingLayout: true), text.unicodeScalars.contains(where: bad) else {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if bad(scalar) { out.append(contentsOf: visible(scalar).unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }

    /// A byte-level pre-check (reports run to megabytes): control characters are bytes below
    /// 0x20 or 0x7F; C1 characters start with 0xC2 and the formatting characters with 0xE2.
    static func mayNeedEscaping(_ text: String, keepingLayout: Bool) -> Bool {
        text.utf8.contains { b in
            (b < 0x20 && !(keepingLayout && (b == 0x0A || b == 0x09))) || b == 0x7F || b == 0xC2 || b == 0xE2
        }
    }

    /// `text` with every control character replaced by U+FFFD, for configuration file writers
    /// whose syntax has no escape for them. The loader refuses control characters, so this only
    /// matters for models built in code.
    public static func replacingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(isControl(scalar) ? "\u{FFFD}" : scalar) }
        return String(out)
    }
}
