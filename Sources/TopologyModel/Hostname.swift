/// Host name helpers shared by every planner: one normalisation, one syntax rule.
public enum Hostname {
    /// Lower-cased, without a trailing dot: the form names are compared and stored in.
    public static func normalized(_ name: String) -> String {
        var s = name.lowercased()
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// Why `name` is not a valid Lync FQDN (lync-rules.md §8.6), or `nil` when it is.
    ///
    /// Letters, digits and hyphens only (no underscores, no Unicode); labels 1–63 octets, not
    /// starting or ending with a hyphen; the whole name at most 253 octets. A trailing dot is
    /// accepted. The last label may not be all digits (RFC 3696 §2), which also keeps IPv4
    /// addresses out of host name fields. With `allowWildcard`, a left-most `*` label is allowed (certificate names only).
    public static func syntaxProblem(_ name: String, allowWildcard: Bool = false) -> String? {
        // Most names are ASCII: checked on bytes, without splitting the text into Characters
        // (an audit of a thousand certificates checks every dNSName of each).
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSyntaxProblem(name, allowWildcard: allowWildcard) }
        return characterSyntaxProblem(name, allowWildcard: allowWildcard)
    }

    /// `syntaxProblem` for an ASCII `name`, on its bytes.
    static func asciiSyntaxProblem(_ name: String, allowWildcard: Bool) -> String? {
        var bytes = Array(name.utf8)
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        if bytes.isEmpty { return "the name is empty" }
        if bytes.count > 253 { return "the name is longer than 253 characters" }
        var labels: [Range<Int>] = []
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: ".") {
            labels.append(start..<index)
            start = index + 1
        }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        for (position, range) in labels.enumerated() {
            let label = bytes[range]
            if label.isEmpty { return "the name has an empty label" }
            if label.count > 63 { return "label '\(text(range))' is longer than 63 characters" }
            if label.count == 1 && label.first == UInt8(ascii: "*") && position == 0 && allowWildcard
                && labels.count > 2
            {
                continue
            }
            if let problem = characterProblem(in: label, label: text(range)) { return problem }
            if label.first == 0x2D || label.last == 0x2D {
                return "label '\(text(range))' starts or ends with a hyphen"
            }
        }
        if let last = labels.last, bytes[last].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return "the last label '\(text(last))' is all digits: an IP address is not a host name"
        }
        return nil
    }

    /// `syntaxProblem` on Characters, for names with non-ASCII text (whose messages quote labels
    /// as the user wrote them).
    static func characterSyntaxProblem(_ name: String, allowWildcard: Bool) -> String? {
        var s = Substring(name)
        if s.hasSuffix(".") { s = s.dropLast() }
        if s.isEmpty { return "the name is empty" }
        if s.utf8.count > 253 { return "the name is longer than 253 characters" }
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        for (index, label) in labels.enumerated() {
            if label.isEmpty { return "the name has an empty label" }
            if label.utf8.count > 63 { return "label '\(label)' is longer than 63 characters" }
            if label == "*" && index == 0 && allowWildcard && labels.count > 2 { continue }
            if let problem = characterProblem(in: label.utf8, label: String(label)) { return problem }
            if label.hasPrefix("-") || label.hasSuffix("-") {
                return "label '\(label)' starts or ends with a hyphen"
            }
        }
        if let last = labels.last, last.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return "the last label '\(last)' is all digits: an IP address is not a host name"
        }
        return nil
    }

    /// The message for the first byte of a label that is not a letter, digit or hyphen.
    private static func characterProblem(in bytes: some Sequence<UInt8>, label: @autoclosure () -> String) -> String? {
        for byte in bytes {
            let ok =
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D
            if !ok {
                if byte == 0x5F { return "label '\(label())' contains an underscore" }
                if byte == 0x2A { return "label '\(label())' contains a wildcard where none is allowed" }
                return "label '\(label())' contains a character other than letters, digits and hyphens"
            }
        }
        return nil
    }

    /// The parent domain of `name` (`meet.contoso.com` → `contoso.com`), or `nil` for a single label.
    public static func parent(of name: String) -> String? {
        guard let dot = name.firstIndex(of: ".") else { return nil }
        let rest = name[name.index(after: dot)...]
        return rest.isEmpty ? nil : String(rest)
    }

    /// Whether `name` equals `domain` or lies below it (case-insensitive).
    public static func isWithin(_ name: String, domain: String) -> Bool {
        let n = normalized(name)
        let d = normalized(domain)
        return n == d || n.hasSuffix("." + d)
    }
}
