import Foundation

/// Writes output files atomically: a temporary file in the same folder (created with the final
/// mode, so a key is never readable by others even for a moment), flushed to disk, then moved
/// into place. A failure part-way leaves at most a removed temporary file, never a partial output.
struct StagedFile {
    let temporaryPath: String
    let finalPath: String

    /// Writes `bytes` next to `path` with `mode` (0600 for keys and PFX files, 0644 otherwise).
    static func stage(_ bytes: [UInt8], for path: String, mode: mode_t) throws -> StagedFile {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var template = Array("\(folder)/.\(url.lastPathComponent).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw CLIError.failed("\(path): cannot write: \(String(cString: strerror(errno)))")
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = fchmod(fd, mode) == 0
        var offset = 0
        while ok && offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written <= 0 { ok = false } else { offset += written }
        }
        ok = ok && fsync(fd) == 0
        let error = errno
        close(fd)
        guard ok else {
            unlink(temporary)
            throw CLIError.failed("\(path): cannot write: \(String(cString: strerror(error)))")
        }
        return StagedFile(temporaryPath: temporary, finalPath: path)
    }

    /// Moves the file into place. Without `replace`, an existing file is left untouched and an
    /// error is thrown (a hard link fails atomically when the name exists).
    func commit(replace: Bool) throws {
        defer { unlink(temporaryPath) }
        if replace {
            guard rename(temporaryPath, finalPath) == 0 else {
                throw CLIError.failed("\(finalPath): cannot write: \(String(cString: strerror(errno)))")
            }
        } else if link(temporaryPath, finalPath) != 0 {
            let error = errno
            if error == EEXIST {
                throw CLIError.badInput("\(finalPath) already exists; pass --force to replace it")
            }
            throw CLIError.failed("\(finalPath): cannot write: \(String(cString: strerror(error)))")
        }
    }

    /// Makes the new directory entries in `folder` durable (once for all the files moved there).
    static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    /// Removes the temporary file without touching the destination.
    func discard() { unlink(temporaryPath) }
}

/// Refuses a destination that exists and is not a regular file, whatever `--force` says.
///
/// `rename` over a device node, FIFO, socket or symbolic link would swap it for a regular file:
/// run as root with `--out /dev/null --force`, that replaces the system's `/dev/null`. A symbolic
/// link is refused too (`lstat`), even to a regular file: replacing the link would not write
/// where it points, and writing through it would follow a link someone else may control.
func refuseNonRegularDestination(_ path: String) throws {
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
    throw CLIError.badInput("\(path) is \(kind); lynccert only writes or replaces regular files, even with --force")
}

/// Stages every file first, then moves them into place in order (the key first); if staging any
/// fails, nothing is written. A destination that exists but is not a regular file is refused
/// before anything is staged.
func writeAtomically(_ files: [(path: String, bytes: [UInt8], mode: mode_t)], replace: Bool) throws {
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
