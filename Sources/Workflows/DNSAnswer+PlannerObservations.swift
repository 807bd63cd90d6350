import DNSPlanner
import DNSResolver
import TopologyModel

/// Maps resolver answers to the planner's plain observation values (DNSPlanner never imports
/// the resolver).
package enum DNSCheckMapping {
    package static func queryType(_ type: DNSRecordType) -> DNSQueryType {
        switch type {
        case .A: .A
        case .AAAA: .AAAA
        case .CNAME: .CNAME
        case .SRV: .SRV
        }
    }

    package static func observation(_ answer: DNSAnswer) -> DNSObservation {
        let records = answer.records.compactMap { record -> DNSObservedRecord? in
            switch record.data {
            case .address(let address):
                return DNSObservedRecord(type: record.type == .AAAA ? .AAAA : .A, name: record.name, value: address)
            case .target(let target):
                return DNSObservedRecord(type: .CNAME, name: record.name, value: target)
            case .service(let priority, let weight, let port, let target):
                return DNSObservedRecord(
                    type: .SRV, name: record.name, value: target, port: Int(port), priority: Int(priority),
                    weight: Int(weight))
            case .other:
                return nil
            }
        }
        let failure = answer.error.map { error -> DNSObservation.Failure in
            let kind: DNSObservation.Failure.Kind
            switch error.code {
            case .timedOut: kind = .timeout
            case .serverFailure: kind = .serverFailure
            case .refused: kind = .refused
            case .malformedAnswer: kind = .malformed
            case .cnameLoop, .cnameChainTooLong: kind = .cnameChain
            default: kind = .other
            }
            return DNSObservation.Failure(kind: kind, message: error.reason)
        }
        return DNSObservation(
            server: answer.question.server.description, records: records, nxdomain: answer.rcode == .nameError,
            failure: failure)
    }
}
