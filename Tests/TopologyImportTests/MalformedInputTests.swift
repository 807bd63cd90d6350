import Foundation
import TestSupport
import Testing
import TopologyImport
import TopologyModel

/// Bad input gives a `TopologyLoadError` naming what and where — never a crash, a hang or a file read.
@Suite("Malformed and hostile topology XML")
struct MalformedInputTests {
    @Test("an unclosed tag is reported with its line")
    func unclosedTag() throws {
        let error = try #require(
            importError(
                """
                <Topology xmlns="\(NS.t)">
                  <InternalDomains DefaultDomain="contoso.com">
                    <InternalDomain Name="contoso.com">
                  </InternalDomains>
                </Topology>
                """, source: "unclosed.xml"))
        #expect(error.source == "unclosed.xml")
        #expect(error.problems.count == 1)
        #expect(error.problems[0].line == 4)
        #expect(error.problems[0].message.contains("closing tag does not match"))
        #expect(error.description.hasPrefix("unclosed.xml: line 4: "))
    }

    @Test("a document cut off before its end")
    func truncated() throws {
        let text = try Sample.contoso.text()
        let half = String(text.prefix(text.count / 2))
        let newline = try #require(half.lastIndex(of: "\n"))
        let cut = String(half[...newline])
        let error = try #require(importError(cut))
        #expect(error.problems.first?.message.contains("ends before every element is closed") == true)
    }

    @Test("text that is not XML at all", arguments: ["version: 1\nsipDomains: [contoso.com]\n", "garbage <<<>>> &&&"])
    func garbage(text: String) throws {
        let error = try #require(importError(text))
        #expect(error.problems.count == 1)
        #expect(error.problems[0].line == 1)
        #expect(!error.problems[0].message.isEmpty)
    }

    @Test("a root element that is not a topology")
    func wrongRoot() throws {
        let error = try #require(importError(#"<?xml version="1.0"?><configuration><appSettings/></configuration>"#))
        #expect(error.problems.map(\.path) == ["configuration"])
        #expect(error.problems[0].message.contains("expected 'TopologyBuilder'"))
    }

    @Test("the right root name in the wrong namespace", arguments: ["urn:example:not-lync", ""])
    func rootInWrongNamespace(namespace: String) throws {
        let attribute = namespace.isEmpty ? "" : #" xmlns="\#(namespace)""#
        let text = try Sample.published.text().replacingOccurrences(
            of: #"<Topology xmlns="\#(NS.t)""#, with: "<Topology\(attribute)")
        let error = try #require(importError(text))
        #expect(error.problems.map(\.path) == ["Topology"])
        #expect(error.problems[0].line == 1)
        #expect(error.problems[0].message.contains(namespace.isEmpty ? "no namespace" : namespace))
        #expect(error.problems[0].message.contains(NS.t))
    }

    @Test("a Topology Builder root in the published topology's namespace")
    func builderRootInTopologyNamespace() throws {
        let text = try Sample.contoso.text().replacingOccurrences(
            of:
                #"<TopologyBuilder IsFreeFromChanges="true" FileName="C:\Users\Install.DOMAIN\Desktop\raandree1.tbxml" xmlns="\#(NS.tb)">"#,
            with: #"<TopologyBuilder xmlns="\#(NS.t)">"#)
        let error = try #require(importError(text))
        #expect(error.problems.first?.message.contains(NS.tb) == true)
    }

    @Test("a Cluster without Fqdn")
    func clusterWithoutFqdn() throws {
        let text = try Sample.contoso.text().replacingOccurrences(of: #" Fqdn="edgepool.contoso.com""#, with: "")
        let error = try #require(importError(text, source: "Contoso.tbxml"))
        #expect(
            error.problems == [
                TopologyProblem(
                    path: "Cluster@Fqdn", line: 46, message: "the required attribute Fqdn is missing or empty")
            ])
    }

    @Test("an InternalDomain without Name, and one with an empty Name: both reported")
    func internalDomainWithoutName() throws {
        let text = """
            <Topology xmlns="\(NS.t)">
              <InternalDomains>
                <InternalDomain Authoritative="false" />
                <InternalDomain Name=" " />
              </InternalDomains>
            </Topology>
            """
        let error = try #require(importError(text))
        #expect(error.problems.map(\.path) == ["InternalDomain@Name", "InternalDomain@Name"])
        #expect(error.problems.map(\.line) == [3, 4])
    }

    @Test("a multi-machine cluster with a Machine that has no Fqdn")
    func machineWithoutFqdn() throws {
        let text = try Sample.contoso.text().replacingOccurrences(
            of: #"<Machine Fqdn="xfrontend2.contoso.com" "#, with: "<Machine ")
        let error = try #require(importError(text))
        #expect(error.problems.map(\.path) == ["Machine@Fqdn"])
        #expect(error.problems[0].message.contains("frontendpool.contoso.com"))
    }

    @Test("a topology without any pool")
    func noPools() throws {
        let text = """
            <Topology xmlns="\(NS.t)">
              <InternalDomains DefaultDomain="contoso.com"><InternalDomain Name="contoso.com" /></InternalDomains>
            </Topology>
            """
        let error = try #require(importError(text))
        #expect(error.problems.map(\.path) == ["pools"])
    }

    @Test("a name that is not a valid FQDN is reported at its model path")
    func invalidName() throws {
        let text = try Sample.otc.text().replacingOccurrences(
            of: #"<ExternalSettings Host="OCT-EXH-002.otc.lab">"#, with: #"<ExternalSettings Host="web_ext.otc.lab">"#)
        let error = try #require(importError(text))
        #expect(error.problems.map(\.path) == ["pools[0].externalWebFqdn"])
        #expect(error.problems[0].value == "web_ext.otc.lab")
        #expect(error.problems[0].message.contains("underscore"))
    }

    @Test("an empty file")
    func emptyFile() throws {
        let error = try #require(importError(Data()))
        #expect(error.problems.map(\.message) == ["the file is empty"])
    }

    @Test(
        "a file holding only a byte order mark (and white space)",
        arguments: [[0xEF, 0xBB, 0xBF], [0xEF, 0xBB, 0xBF, 0x0D, 0x0A, 0x20]])
    func onlyByteOrderMark(bytes: [UInt8]) throws {
        let error = try #require(importError(Data(bytes)))
        #expect(error.problems.map(\.message) == ["the file holds no XML (only white space or a byte order mark)"])
    }

    @Test("a 50 MB document padded with unknown elements and white space imports like the original")
    func fiftyMegabytes() throws {
        let folder = try TemporaryDirectory()
        let file = folder.file("padded.tbxml")
        let original = try Sample.contoso.text()
        let marker = "<CentralSites>"
        let split = try #require(original.range(of: marker))
        #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data(original[..<split.lowerBound].utf8))
        let padding = Data(
            (String(
                repeating: #"<Padding xmlns="urn:example:padding" a="b"><Inner>some text</Inner></Padding>"#, count: 80)
                + String(repeating: " ", count: 2_000) + "\n").utf8)
        var written = 0
        while written < 50 * 1024 * 1024 {
            try handle.write(contentsOf: padding)
            written += padding.count
        }
        try handle.write(contentsOf: Data(original[split.lowerBound...].utf8))
        try handle.close()

        let data = try Data(contentsOf: file)
        #expect(data.count > 50 * 1024 * 1024)
        let imported = try TopologyXMLImporter.importTopology(data: data, source: "padded.tbxml")
        #expect(imported == (try Sample.contoso.imported()))
    }

    @Test("a 50 MB document that never closes its root gives a clear error")
    func fiftyMegabytesTruncated() throws {
        var data = Data(#"<Topology xmlns="\#(NS.t)"><Sites>"#.utf8)
        let chunk = Data(String(repeating: "<Site xmlns='urn:example:x'/>\n", count: 10_000).utf8)
        while data.count < 50 * 1024 * 1024 { data.append(chunk) }
        let error = try #require(importError(data))
        #expect(error.problems.count == 1)
        #expect(error.problems[0].message.contains("ends before every element is closed"))
        #expect((error.problems[0].line ?? 0) > 1_000_000)
    }

    @Test("an over-long site name stops the parse")
    func longText() throws {
        let text = try Sample.otc.text().replacingOccurrences(
            of: ">OTC</Name>", with: ">" + String(repeating: "x", count: 5_000_000) + "</Name>")
        let error = try #require(importError(text))
        #expect(error.problems.first?.path == "Name")
        #expect(error.problems.first?.message.contains("longer than 1024") == true)
    }

    @Test("entity expansion (billion laughs) is refused")
    func billionLaughs() throws {
        var entities = #"<!ENTITY lol0 "lollollollollollollollollollol">"#
        for level in 1...9 {
            entities += "\n<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE Topology [
            \(entities)
            ]>
            <Topology xmlns="\(NS.t)">
              <InternalDomains DefaultDomain="contoso.com"><InternalDomain Name="&lol9;" /></InternalDomains>
              <Sites><CentralSite SiteId="1"><Name>&lol9;</Name></CentralSite></Sites>
            </Topology>
            """
        let error = try #require(importError(text))
        #expect(error.problems.count == 1)
        #expect(error.problems[0].message.contains("entity"))
    }

    @Test("an external entity is never read")
    func externalEntity() throws {
        let folder = try TemporaryDirectory()
        let secret = try folder.write("secret.txt", "leaked-secret-site")
        let text = try Sample.otc.text()
            .replacingOccurrences(
                of: #"<?xml version="1.0" encoding="utf-8"?>"#,
                with:
                    #"<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TopologyBuilder [<!ENTITY x SYSTEM "file://\#(secret)">]>"#
            )
            .replacingOccurrences(of: ">OTC</Name>", with: ">&x;</Name>")
        #expect(text.contains("&x;"))
        let imported = try importXML(text)
        #expect(imported.loaded.topology.pools.first?.site == nil)
        #expect(!String(describing: imported).contains("leaked-secret-site"))
    }

    @Test("an external DTD is never loaded: its entities stay undeclared")
    func externalDTD() throws {
        let folder = try TemporaryDirectory()
        let dtd = try folder.write("evil.dtd", "<!ENTITY e \"leaked-from-dtd\">\n")
        let text = try Sample.otc.text()
            .replacingOccurrences(
                of: #"<?xml version="1.0" encoding="utf-8"?>"#,
                with: #"<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TopologyBuilder SYSTEM "file://\#(dtd)">"#
            )
            .replacingOccurrences(of: ">OTC</Name>", with: ">&e;</Name>")
        let error = try #require(importError(text))
        #expect(error.problems.count == 1)
        #expect(error.problems[0].message.contains("never declares"))
        #expect(!error.description.contains("leaked-from-dtd"))
    }

    /// SplitMix64: a seeded generator, so every run flips the same bytes.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Bytes just after `<` or after a space inside a tag: where element and attribute names start.
    static func nameStarts(_ bytes: [UInt8]) -> [Int] {
        var starts: [Int] = []
        var inTag = false
        for (i, b) in bytes.enumerated() where i + 1 < bytes.count {
            if b == 0x3C { inTag = true }
            if b == 0x3E { inTag = false }
            if inTag && (b == 0x3C || b == 0x20) && bytes[i + 1] != 0x20 && bytes[i + 1] != 0x2F {
                starts.append(i + 1)
            }
        }
        return starts
    }

    @Test("300 seeded byte flips of the samples: each imports or throws, none crashes", arguments: Sample.allCases)
    func byteFlips(sample: Sample) throws {
        let original = [UInt8](try sample.data())
        let names = Self.nameStarts(original)
        var generator = SeededGenerator(state: 14)
        var refusedAsUTF8 = 0
        for round in 0..<100 {
            var bytes = original
            for _ in 0...(round % 3) {
                // Half the flips land where a name starts (the SIGILL case), half anywhere.
                let index =
                    round % 2 == 0
                    ? names[Int.random(in: 0..<names.count, using: &generator)]
                    : Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] =
                    round % 4 == 0
                    ? UInt8.random(in: 0x80...0xFF, using: &generator) : UInt8.random(in: 0...0xFF, using: &generator)
            }
            do {
                _ = try TopologyXMLImporter.importTopology(data: Data(bytes), source: "flipped.xml")
            } catch {
                #expect(!error.problems.isEmpty)
                #expect(error.problems.allSatisfy { !$0.message.isEmpty })
                if error.problems.contains(where: { $0.message.contains("not valid UTF-8") }) { refusedAsUTF8 += 1 }
            }
        }
        // The flips did reach the encoding check (round % 4 == 0 always writes a non-ASCII byte).
        #expect(refusedAsUTF8 >= 20)
    }

    @Test("a byte that is not UTF-8 in an element name is refused with its line and column")
    func invalidUTF8InName() throws {
        var bytes = [UInt8](try Sample.published.data())
        let offset = try #require(bytes.firstRange(of: Array("<InternalDomains".utf8))).lowerBound + 3
        bytes[offset] = 0xFF
        let error = try #require(importError(Data(bytes)))
        #expect(error.problems.count == 1)
        #expect(error.problems[0].line == 2)
        #expect(error.problems[0].message.contains("not valid UTF-8: byte 0xFF at column 6"))
    }

    @Test("a truncated UTF-8 sequence in an attribute name, and unpaired UTF-16 surrogates, are refused")
    func otherEncodingDamage() throws {
        let attribute = try #require(
            importError(Data(#"<Topology xmlns="\#(NS.t)" A\#u{00E9}"#.utf8.dropLast()) + Data(#"="1"/>"#.utf8)))
        #expect(attribute.problems[0].message.contains("not valid UTF-8: byte 0xC3"))
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in #"<Topology xmlns="\#(NS.t)" A"#.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        utf16 += [0x00, 0xD8]  // a lone high surrogate
        for unit in #"="1"/>"#.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let surrogate = try #require(importError(Data(utf16)))
        #expect(surrogate.problems[0].message.contains("not valid UTF-16"))
    }

    @Test("50 000 nested elements are refused at depth 64, known or unknown names alike", arguments: ["Sites", "x"])
    func deepNesting(name: String) throws {
        let depth = 50_000
        let text =
            #"<Topology xmlns="\#(NS.t)">"# + String(repeating: "<\(name)>", count: depth)
            + String(repeating: "</\(name)>", count: depth) + "</Topology>"
        let error = try #require(importError(text))
        #expect(error.problems.count == 1)
        #expect(error.problems[0].message.contains("nested more than 64 levels deep"))
    }
}
