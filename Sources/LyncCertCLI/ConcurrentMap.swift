import Foundation

/// `map` over many elements on every core, in order; the first error thrown is rethrown.
enum ConcurrentMap {
    static func map<T: Sendable, U>(_ elements: [T], _ transform: @Sendable (T) throws -> U) throws -> [U] {
        let results = Slots<Result<U, any Error>>(count: elements.count)
        let chunk = 16
        DispatchQueue.concurrentPerform(iterations: (elements.count + chunk - 1) / chunk) { c in
            for index in (c * chunk)..<min(elements.count, (c + 1) * chunk) {
                results.store(Result { try transform(elements[index]) }, at: index)
            }
        }
        return try results.values.map { try $0!.get() }
    }

    /// Results written from `concurrentPerform`'s threads, one slot each.
    private final class Slots<V>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [V?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func store(_ value: V, at index: Int) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }

        var values: [V?] {
            lock.lock()
            defer { lock.unlock() }
            return slots
        }
    }
}
