import Foundation
import TestSupport
import Testing
import Topology
import TopologyImport

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
}
