// libFuzzer target: DNS answer messages in wire format through the resolver's own screening,
// record decoding and CNAME following (`DNSAnswerReader.read`), as the answer to each of the
// four question types lynccert asks, for the name the seeds answer (Fuzz/Corpus/FuzzDNSAnswer).
// Built by scripts/fuzz.sh; a plain `swift build` makes a replayer that runs the named files.

import DNSResolver
import Foundation
import FuzzSupport

let server = try! DNSServer(address: "127.0.0.1")
let questions = DNSQueryType.allCases.map { DNSQuestion(name: "lyncdiscover.contoso.com", type: $0, server: server) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The answer's own ID, so the message gets past the ID check to the parser.
    let id = size >= 2 ? UInt16(bytes[0]) << 8 | UInt16(bytes[1]) : 0
    for question in questions {
        let reading = DNSAnswerReader.read(bytes, to: question, id: id)
        _ = reading.records.map(\.description)
        _ = (reading.rejected, reading.error?.reason, reading.nextName, reading.rcode?.description)
    }
    return 0
}

@main enum Main {
    static func main() { FuzzMain.run(fuzz) }
}
