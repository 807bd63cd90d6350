/// Why a use case stopped: its input was bad (the command exits 2) or it could not complete (3).
///
/// The message names what and where, as the command prints it.
package struct WorkflowError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        case badInput
        case failed
    }

    package var kind: Kind
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package static func badInput(_ message: String) -> WorkflowError { WorkflowError(.badInput, message) }
    package static func failed(_ message: String) -> WorkflowError { WorkflowError(.failed, message) }

    package var description: String { message }
}
