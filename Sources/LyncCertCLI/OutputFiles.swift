import Foundation
import LyncSupport

// LyncSupport writes the files; the command layer only turns its errors into exit codes.

extension CLIError {
    /// An existing file without `--force`, or a destination that is not a regular file, is bad
    /// input (exit 2); a failed system call means the command could not complete (exit 3).
    init(_ error: AtomicWriteError) {
        self.init(error.code == .io ? .failed : .badInput, error.reason)
    }
}

/// ``LyncSupport/writeAtomically(_:replace:)``, failing with a ``CLIError``.
func writeAtomically(_ files: [(path: String, bytes: [UInt8], mode: mode_t)], replace: Bool) throws {
    do { try LyncSupport.writeAtomically(files, replace: replace) } catch { throw CLIError(error) }
}

/// ``LyncSupport/refuseNonRegularDestination(_:)``, failing with a ``CLIError``.
func refuseNonRegularDestination(_ path: String) throws {
    do { try LyncSupport.refuseNonRegularDestination(path) } catch { throw CLIError(error) }
}

/// ``LyncSupport/StagedFile``, failing with a ``CLIError``: one file staged and committed by hand.
struct StagedFile {
    private let staged: LyncSupport.StagedFile

    var temporaryPath: String? { staged.temporaryPath }

    static func stage(_ bytes: [UInt8], for path: String, mode: mode_t) throws -> StagedFile {
        do { return StagedFile(staged: try .stage(bytes, for: path, mode: mode)) } catch { throw CLIError(error) }
    }

    func commit(replace: Bool) throws {
        do { try staged.commit(replace: replace) } catch { throw CLIError(error) }
    }
}
