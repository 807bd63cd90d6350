import Testing

@testable import TopologyModel

@Suite("Untrusted text on its way to a terminal or a file")
struct UntrustedTextTests {
    @Test("C0, DEL, C1 and bidi overrides are escaped; ordinary Unicode is kept")
    func terminalEscaped() {
        #expect(UntrustedText.terminalEscaped("a\u{1B}[31mb\u{07}") == #"a\x1b[31mb\x07"#)
        #expect(UntrustedText.terminalEscaped("x\ny\tz\r\u{0}") == #"x\x0ay\x09z\x0d\x00"#)
        #expect(UntrustedText.terminalEscaped("del\u{7F} csi\u{9B}2J") == #"del\x7f csi\u009b2J"#)
        #expect(UntrustedText.terminalEscaped("abc\u{202E}fed\u{2028}") == #"abc\u202efed\u2028"#)
        let ordinary = "Zürich 東京 Ωmega 🙂 \\ \"quoted\""
        #expect(UntrustedText.terminalEscaped(ordinary) == ordinary)
    }

    @Test("a whole report keeps its line breaks and tabs, and loses everything else")
    func keepingLayout() {
        #expect(UntrustedText.terminalEscapedKeepingLayout("a\n\tb\u{1B}c\r\n") == "a\n\tb\\x1bc\\x0d\n")
    }

    @Test("configuration writers replace control characters with U+FFFD")
    func replacingControls() {
        #expect(UntrustedText.replacingControls("a\nb\u{85}c") == "a\u{FFFD}b\u{FFFD}c")
        #expect(UntrustedText.firstControl(in: "plain é") == nil)
        #expect(UntrustedText.firstControl(in: "x\u{9F}") == "\u{9F}")
        #expect(UntrustedText.codePoint("\u{1B}") == "U+001B")
    }
}
