import Crypto
import Foundation
import TopologyImport
import TopologyModel

/// Reads a topology from a file the user names: YAML, JSON, or Lync topology XML.
enum TopologyInput {
    /// Files larger than this are refused before parsing: no real topology comes close.
    static let maximumSize = 64 * 1024 * 1024

    /// Loads and validates `path`; bad input becomes `CLIError.badInput` naming the file.
    static func load(_ path: String) throws -> LoadedTopology {
        let data = try readFile(path)
        let source = (path as NSString).lastPathComponent
        do {
            if isXML(path: path, data: data) {
                return try TopologyXMLImporter.importTopology(data: data, source: source).loaded
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CLIError.badInput("\(path): the file is not UTF-8 text")
            }
            let format: TopologyFormat = path.lowercased().hasSuffix(".json") ? .json : .yaml
            return try TopologyLoader.load(text: text, format: format, source: source)
        } catch let error as TopologyLoadError {
            throw CLIError.badInput(error.description)
        }
    }

    static func readFile(_ path: String) throws -> Data {
        try refuseUnreadable(path, folder: "is a directory, not a topology file", maximumSize: maximumSize) {
            "the file is \($0) bytes; topology files over \(maximumSize) bytes are refused"
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIError.failed("\(path): cannot read: \(error.localizedDescription)")
        }
    }

    /// XML by extension, or by content for files without one (a byte order mark may come first).
    static func isXML(path: String, data: Data) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".xml") || lower.hasSuffix(".tbxml") { return true }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") { return false }
        var bytes = data.prefix(64)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "<")
    }
}

/// Reads the certificate, key and trust-anchor files of `audit`, `verify` and `csr --renew`, with
/// messages that name the file.
enum CertificateFiles {
    /// Certificate and key files larger than this are refused: no bundle comes close.
    static let maximumSize = 16 * 1024 * 1024

    /// - Throws: `CLIError.badInput` for a missing file, a folder or an oversized file;
    ///   `CLIError.failed` when reading fails.
    ///
    /// Plain open/fstat/read: Foundation's `FileManager` asks for extended attributes and the
    /// working folder on every call, which a thousand certificate files felt.
    static func read(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw CLIError.badInput("\(path): no such file") }
            throw CLIError.failed("\(path): cannot read (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw CLIError.failed("\(path): cannot read") }
        if status.st_mode & S_IFMT == S_IFDIR { throw CLIError.badInput("\(path): is a directory") }
        let size = Int(status.st_size)
        if size > maximumSize { throw CLIError.badInput("\(path): \(size) bytes is too large for a certificate file") }
        // Read to the end, not to st_size: a pipe or a growing file has no reliable size.
        var bytes = [UInt8](repeating: 0, count: max(size + 1, 4096))
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= maximumSize else {
                    throw CLIError.badInput(
                        "\(path): more than \(maximumSize) bytes is too large for a certificate file")
                }
                bytes += [UInt8](repeating: 0, count: count)
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                throw CLIError.failed("\(path): cannot read (\(String(cString: strerror(errno))))")
            }
            count += got
        }
        bytes.removeSubrange(count...)
        return bytes
    }
}

/// Reading key/certificate files for the crypto commands: size-checked, errors naming the file.
enum CryptoInput {
    /// No key, certificate or bundle comes near this; larger files are refused before parsing.
    static let maximumSize = 16 * 1024 * 1024

    static func read(_ path: String) throws -> [UInt8] {
        try refuseUnreadable(path, folder: "is a directory", maximumSize: maximumSize) {
            "\($0) bytes is too large for a key or certificate file"
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.failed("\(path): cannot read the file")
        }
        return Array(data)
    }

    /// Maps a Crypto error about `path` to the CLI's exit codes: bad input (2) for anything about
    /// the file's content or passphrase, could-not-complete (3) for OpenSSL failures.
    static func error(_ error: CryptoError, path: String) -> CLIError {
        switch error.code {
        case .openSSL, .io: CLIError.failed("\(path): \(error)")
        default: CLIError.badInput("\(path): \(error)")
        }
    }

    /// The options that give a passphrase, for messages.
    static let passphraseFlags = "--passphrase-file FILE (or --passphrase-env VAR, --prompt-passphrase)"

    /// Parses `path` into its objects.
    static func parse(_ path: String, passphrase: [UInt8]?) throws -> CryptoFile {
        let bytes = try read(path)
        do {
            return try CryptoFile.parse(bytes, passphrase: passphrase)
        } catch let cryptoError as CryptoError where cryptoError.code == .wrongPassphrase && passphrase == nil {
            // An empty password was tried; anything else needs the passphrase.
            throw CLIError.badInput("\(path): the file is protected by a passphrase; give it with \(passphraseFlags)")
        } catch let cryptoError as CryptoError {
            throw error(cryptoError, path: path)
        }
    }
}

/// Refuses, as bad input, a missing `path`, a folder, or a file over `maximumSize` bytes; the
/// messages after `path: ` are `no such file`, `folder` and `tooLarge(size)`.
private func refuseUnreadable(
    _ path: String, folder: String, maximumSize: Int, tooLarge: (Int) -> String
) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CLIError.badInput("\(path): no such file")
    }
    if isDirectory.boolValue { throw CLIError.badInput("\(path): \(folder)") }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    if size > maximumSize { throw CLIError.badInput("\(path): \(tooLarge(size))") }
}
