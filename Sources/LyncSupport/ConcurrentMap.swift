import Foundation

/// `map` over many elements on every core, results in input order. Small inputs (fewer than 32
/// elements) are mapped on the calling thread: handing them out would cost more than it saves.
public enum ConcurrentMap {
    /// The first error thrown (in input order) is rethrown; a non-throwing `transform` needs no `try`.
    public static func map<T: Sendable, U, E: Error>(
        _ elements: [T], _ transform: @Sendable (T) throws(E) -> U
    ) throws(E) -> [U] {
        if elements.count < 32 {
            var results: [U] = []
            results.reserveCapacity(elements.count)
            for element in elements { results.append(try transform(element)) }
            return results
        }
        var slots = [Result<U, E>?](repeating: nil, count: elements.count)
        slots.withUnsafeMutableBufferPointer { buffer in
            // Each index is written by exactly one thread, and the buffer is not resized.
            nonisolated(unsafe) let output = buffer
            let chunk = 16
            DispatchQueue.concurrentPerform(iterations: (elements.count + chunk - 1) / chunk) { c in
                for index in (c * chunk)..<min(elements.count, (c + 1) * chunk) {
                    output[index] = Result { () throws(E) -> U in try transform(elements[index]) }
                }
            }
        }
        var results: [U] = []
        results.reserveCapacity(elements.count)
        for slot in slots { results.append(try slot!.get()) }
        return results
    }
}
