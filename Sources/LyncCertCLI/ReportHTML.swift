import Foundation

/// The cut-over report (`lynccert verify --report FILE.html`).
struct CutoverReport {
    let outcome: VerifyOutcome
    let generated: Date

    func html() -> String { "<!DOCTYPE html>\n<html></html>\n" }
}
