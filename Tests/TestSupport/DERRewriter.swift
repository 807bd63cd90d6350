import Foundation

/// Rewrites INTEGERs inside a DER document, re-encoding every enclosing length, to make hostile
/// variants of files `openssl` writes (a PKCS#12 asking for 2^31 - 1 iterations without anyone
/// running them). OCTET STRINGs whose content is itself one complete DER SEQUENCE are descended
/// into, as PKCS#12 nests its safes and bags that way.
public enum DERRewriter {
    /// Where to replace: the PFX's MacData (its third element), or everywhere inside the
    /// authenticated safe (its second element: the encrypted safes' and key bags' parameters).
    public enum Region: Sendable {
        case pkcs12MAC
        case pkcs12Contents
        /// The whole document (an encrypted PKCS#8 key's parameters).
        case everywhere
    }

    /// `der` with every INTEGER equal to `from` in `region` replaced by `to`.
    ///
    /// - Returns: the rewritten document and how many INTEGERs were replaced.
    public static func replaceInteger(
        in der: [UInt8], region: Region, from: UInt64, to: UInt64
    ) -> (der: [UInt8], replaced: Int) {
        guard let top = parse(der[...])?.first, case .constructed(let tag, var children) = top else {
            return (der, 0)
        }
        var count = 0
        if region == .everywhere {
            let replaced = replace(top, from: encodeInteger(from), to: encodeInteger(to), count: &count)
            return (encode(replaced), count)
        }
        let index = region == .pkcs12MAC ? 2 : 1
        if index < children.count {
            children[index] = replace(children[index], from: encodeInteger(from), to: encodeInteger(to), count: &count)
        }
        return (encode(.constructed(tag, children)), count)
    }

    indirect enum Node {
        case primitive(UInt8, [UInt8])
        case constructed(UInt8, [Node])
        /// An OCTET STRING holding one DER document.
        case wrapped(UInt8, [Node])
    }

    static func parse(_ bytes: ArraySlice<UInt8>) -> [Node]? {
        var nodes: [Node] = []
        var rest = bytes
        while !rest.isEmpty {
            guard rest.count >= 2 else { return nil }
            let tag = rest[rest.startIndex]
            var cursor = rest.startIndex + 1
            var length = Int(rest[cursor])
            cursor += 1
            if length & 0x80 != 0 {
                let octets = length & 0x7F
                guard octets >= 1, octets <= 4, rest.endIndex - cursor >= octets else { return nil }
                length = 0
                for _ in 0..<octets {
                    length = length << 8 | Int(rest[cursor])
                    cursor += 1
                }
            }
            guard rest.endIndex - cursor >= length else { return nil }
            let content = rest[cursor..<cursor + length]
            if tag & 0x20 != 0 {
                guard let children = parse(content) else { return nil }
                nodes.append(.constructed(tag, children))
            } else if tag == 0x04, content.first == 0x30, let inner = parse(content), inner.count == 1 {
                nodes.append(.wrapped(tag, inner))
            } else {
                nodes.append(.primitive(tag, Array(content)))
            }
            rest = rest[(cursor + length)...]
        }
        return nodes
    }

    static func replace(_ node: Node, from: [UInt8], to: [UInt8], count: inout Int) -> Node {
        switch node {
        case .primitive(let tag, let content):
            if tag == 0x02 && content == from {
                count += 1
                return .primitive(tag, to)
            }
            return node
        case .constructed(let tag, let children):
            return .constructed(tag, children.map { replace($0, from: from, to: to, count: &count) })
        case .wrapped(let tag, let children):
            return .wrapped(tag, children.map { replace($0, from: from, to: to, count: &count) })
        }
    }

    static func encode(_ node: Node) -> [UInt8] {
        let (tag, content): (UInt8, [UInt8]) =
            switch node {
            case .primitive(let tag, let content): (tag, content)
            case .constructed(let tag, let children): (tag, children.flatMap(encode))
            case .wrapped(let tag, let children): (tag, children.flatMap(encode))
            }
        return [tag] + encodeLength(content.count) + content
    }

    static func encodeLength(_ length: Int) -> [UInt8] {
        if length < 0x80 { return [UInt8(length)] }
        var bytes: [UInt8] = []
        var rest = length
        while rest > 0 {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    /// The content octets of a non-negative INTEGER.
    static func encodeInteger(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = value
        repeat {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        } while rest > 0
        if bytes[0] & 0x80 != 0 { bytes.insert(0, at: 0) }
        return bytes
    }
}
