/// "Did you mean …?" for misspelt keys and enum values.
enum Suggestion {
    /// The candidate closest to `word`: equal ignoring case, else within a small edit distance.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let lower = word.lowercased()
        if let same = candidates.first(where: { $0.lowercased() == lower }) { return same }
        let limit = max(1, min(3, word.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lower, candidate.lowercased())
            if distance <= limit && distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// The message for a key the format does not have at `parent`.
    ///
    /// Unknown keys are errors, not warnings: a misspelt `externalWebFQDN` would otherwise drop a
    /// name from the certificate without a word.
    static func unknownKeyMessage(_ key: String, allowed: [String], at parent: String) -> String {
        let place = parent.isEmpty ? "at the top level" : "in \(parent)"
        if let guess = closest(to: key, among: allowed) {
            return "unknown key '\(key)' \(place) (did you mean '\(guess)'?)"
        }
        return "unknown key '\(key)' \(place); the keys allowed here are: \(allowed.joined(separator: ", "))"
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
