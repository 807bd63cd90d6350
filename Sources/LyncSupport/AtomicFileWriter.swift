import Foundation

/// Why an output file was not written. The reason names the file; nothing partial is left.
public struct AtomicWriteError: CodedError, Sendable {
    /// `exists`: the destination exists and replacing was not asked for (`--force`);
    /// `notRegularFile`: it is a directory, link, device, FIFO or socket, never replaced;
    /// `io`: the system refused a call (no such folder, no space, no permission).
    public enum Code: String, Sendable, Hashable {
        case exists, notRegularFile, io
    }

    public let code: Code
    public let reason: String

    init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    static func io(_ path: String, _ error: Int32) -> AtomicWriteError {
        AtomicWriteError(.io, "\(path): cannot write: \(String(cString: strerror(error)))")
    }
}

/// Writes output files atomically: a temporary file in the same folder (created with the final
/// mode, so a key is never readable by others even for a moment), flushed to disk, then moved
/// into place. A failure part-way leaves at most a removed temporary file, never a partial output.
///
/// Where the file system supports it the temporary file is anonymous (`O_TMPFILE`) and only gets
/// a name when it is linked into place, so a run killed with SIGKILL before that leaves nothing
/// behind: no hidden copy of an unencrypted key. Elsewhere it is a named `.NAME.tmp-XXXXXX` file,
/// and such files left by a killed run are removed by the next run that writes NAME.
public struct StagedFile: Sendable {
    /// The named temporary file, or `nil` when the file is anonymous (`descriptor`).
    public let temporaryPath: String?
    /// The open anonymous file (`O_TMPFILE`), or -1.
    let descriptor: Int32
    public let finalPath: String

    /// Writes `bytes` next to `path` with `mode` (0600 for keys and PFX files, 0644 otherwise).
    public static func stage(
        _ bytes: [UInt8], for path: String, mode: mode_t
    ) throws(AtomicWriteError) -> StagedFile {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        removeStaleTemporaries(of: url.lastPathComponent, in: folder)
        let anonymous = open(folder, oTmpFile | O_WRONLY | O_CLOEXEC, mode)
        if anonymous >= 0 {
            if let error = fill(anonymous, with: bytes, mode: mode) {
                close(anonymous)
                throw .io(path, error)
            }
            return StagedFile(temporaryPath: nil, descriptor: anonymous, finalPath: path)
        }
        var template = Array(temporaryPrefix(for: url.lastPathComponent, in: folder).appending("XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw .io(path, errno)
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let error = fill(fd, with: bytes, mode: mode)
        close(fd)
        if let error {
            unlink(temporary)
            throw .io(path, error)
        }
        return StagedFile(temporaryPath: temporary, descriptor: -1, finalPath: path)
    }

    /// `.NAME.tmp-`: the temporary files of NAME in `folder` start with this.
    static func temporaryPrefix(for name: String, in folder: String) -> String { "\(folder)/.\(name).tmp-" }

    /// Sets the mode, writes everything and flushes it; the failing `errno`, or `nil`.
    private static func fill(_ fd: Int32, with bytes: [UInt8], mode: mode_t) -> Int32? {
        guard fchmod(fd, mode) == 0 else { return errno }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return written < 0 ? errno : EIO }
            offset += written
        }
        return fsync(fd) == 0 ? nil : errno
    }

    /// Removes `.NAME.tmp-XXXXXX` regular files of ours in `folder`: what a killed run left.
    static func removeStaleTemporaries(of name: String, in folder: String) {
        let prefix = ".\(name).tmp-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) && entry.utf8.count == prefix.utf8.count + 6 {
            var info = stat()
            let path = "\(folder)/\(entry)"
            if lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && info.st_uid == getuid() {
                unlink(path)
            }
        }
    }

    /// Moves the file into place. Without `replace`, an existing file is left untouched and an
    /// error is thrown (a hard link fails atomically when the name exists).
    public func commit(replace: Bool) throws(AtomicWriteError) {
        defer { discard() }
        // An anonymous file is linked under its final name (no replace) or a temporary name first.
        var source = temporaryPath
        if descriptor >= 0 {
            let procPath = "/proc/self/fd/\(descriptor)"
            if !replace {
                try link(procPath, to: finalPath, follow: true)
                return
            }
            let url = URL(fileURLWithPath: finalPath)
            let folder = url.deletingLastPathComponent().path
            var linked: String?
            for _ in 0..<16 where linked == nil {
                let candidate = Self.temporaryPrefix(for: url.lastPathComponent, in: folder) + Self.randomSuffix()
                if linkat(AT_FDCWD, procPath, AT_FDCWD, candidate, AT_SYMLINK_FOLLOW) == 0 {
                    linked = candidate
                } else if errno != EEXIST {
                    throw .io(finalPath, errno)
                }
            }
            guard let linked else { throw AtomicWriteError(.io, "\(finalPath): cannot write: no free temporary name") }
            source = linked
        }
        guard let source else { return }
        if replace {
            guard rename(source, finalPath) == 0 else {
                let error = errno
                unlink(source)
                throw .io(finalPath, error)
            }
        } else {
            defer { unlink(source) }
            try link(source, to: finalPath, follow: false)
        }
    }

    private func link(_ source: String, to destination: String, follow: Bool) throws(AtomicWriteError) {
        guard linkat(AT_FDCWD, source, AT_FDCWD, destination, follow ? AT_SYMLINK_FOLLOW : 0) != 0 else { return }
        let error = errno
        if error == EEXIST {
            throw AtomicWriteError(.exists, "\(destination) already exists; pass --force to replace it")
        }
        throw .io(destination, error)
    }

    private static func randomSuffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<6).map { _ in alphabet.randomElement()! })
    }

    /// Makes the new directory entries in `folder` durable (once for all the files moved there).
    static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    /// Removes the temporary file (or closes the anonymous one) without touching the destination.
    public func discard() {
        if let temporaryPath { unlink(temporaryPath) }
        if descriptor >= 0 { close(descriptor) }
    }
}

/// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`; the macro does not import into Swift).
/// A kernel or file system without it fails the `open` (EISDIR, EOPNOTSUPP), and the named
/// temporary file is used instead.
private let oTmpFile: Int32 = 0o20_000_000 | O_DIRECTORY

/// Refuses a destination that exists and is not a regular file, whatever `--force` says.
///
/// `rename` over a device node, FIFO, socket or symbolic link would swap it for a regular file:
/// run as root with `--out /dev/null --force`, that replaces the system's `/dev/null`. A symbolic
/// link is refused too (`lstat`), even to a regular file: replacing the link would not write
/// where it points, and writing through it would follow a link someone else may control.
public func refuseNonRegularDestination(_ path: String) throws(AtomicWriteError) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }  // nothing there (or unreadable: rename will say)
    let kind: String
    switch info.st_mode & S_IFMT {
    case S_IFREG: return
    case S_IFDIR: kind = "a directory"
    case S_IFLNK: kind = "a symbolic link"
    case S_IFCHR: kind = "a character device"
    case S_IFBLK: kind = "a block device"
    case S_IFIFO: kind = "a FIFO"
    case S_IFSOCK: kind = "a socket"
    default: kind = "not a regular file"
    }
    throw AtomicWriteError(
        .notRegularFile, "\(path) is \(kind); lynccert only writes or replaces regular files, even with --force")
}

/// Stages every file first, then moves them into place in order (the key first); if staging any
/// fails, nothing is written. A destination that exists but is not a regular file is refused
/// before anything is staged.
public func writeAtomically(
    _ files: [(path: String, bytes: [UInt8], mode: mode_t)], replace: Bool
) throws(AtomicWriteError) {
    for file in files { try refuseNonRegularDestination(file.path) }
    var staged: [StagedFile] = []
    do {
        for file in files { staged.append(try StagedFile.stage(file.bytes, for: file.path, mode: file.mode)) }
    } catch {
        staged.forEach { $0.discard() }
        throw error
    }
    var remaining = staged[...]
    var folders: [String] = []
    defer { folders.forEach(StagedFile.syncFolder) }
    while let next = remaining.first {
        remaining = remaining.dropFirst()
        let folder = URL(fileURLWithPath: next.finalPath).deletingLastPathComponent().path
        do {
            try next.commit(replace: replace)
            if !folders.contains(folder) { folders.append(folder) }
        } catch {
            remaining.forEach { $0.discard() }
            throw error
        }
    }
}
