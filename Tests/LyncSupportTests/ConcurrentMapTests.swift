import LyncSupport
import Testing

@Suite("ConcurrentMap")
struct ConcurrentMapTests {
    @Test("results keep the input order, below and above the 32-element threshold", arguments: [0, 1, 31, 32, 1000])
    func order(count: Int) {
        let input = Array(0..<count)
        #expect(ConcurrentMap.map(input) { $0 * 3 } == input.map { $0 * 3 })
    }

    struct Failure: Error, Equatable { let index: Int }

    @Test("the first error in input order is rethrown, whichever thread met it first", arguments: [20, 1000])
    func firstErrorRethrown(count: Int) {
        #expect(throws: Failure(index: count / 4)) {
            try ConcurrentMap.map(Array(0..<count)) { n throws(Failure) -> Int in
                if n == count / 4 || n == count - 1 { throw Failure(index: n) }
                return n
            }
        }
    }
}
