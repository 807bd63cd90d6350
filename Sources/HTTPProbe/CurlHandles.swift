internal import CCurl
import Foundation

/// libcurl's one-time set-up (dlopen, then `curl_global_init`), done before the first handle is made.
enum CurlGlobal {
    /// Why libcurl cannot be used, or `nil` when it is loaded and initialised.
    static var failure: String? { lync_curl_load().map { String(cString: $0) } }

    /// Throws `.library` with the loader's reason when libcurl is missing or failed to initialise.
    static func load() throws(HTTPProbeError) {
        if let failure { throw HTTPProbeError(.library, failure) }
    }

    /// `libcurl/7.88.1 OpenSSL/3.0.x …`, or why libcurl is not available.
    static var version: String {
        if let failure { return "unavailable: \(failure)" }
        return String(cString: lync_curl_version())
    }
}

/// An owned `curl_slist`: header lines, `CURLOPT_RESOLVE` and `CURLOPT_CONNECT_TO` entries.
///
/// libcurl does not copy lists handed to `curl_easy_setopt`, so the easy handle that uses a list
/// keeps this object alive (`CurlEasy.retain`) until the handle is freed.
final class CurlStringList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    init(_ items: [String]) throws(HTTPProbeError) {
        for item in items {
            guard let next = lync_curl_slist_append(pointer, item) else {
                lync_curl_slist_free_all(pointer)
                throw HTTPProbeError(.library, "libcurl could not allocate a list entry")
            }
            pointer = next
        }
    }

    deinit { lync_curl_slist_free_all(pointer) }
}

/// An owned easy handle (`CURL *`), freed with `curl_easy_cleanup`.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// Lists set on the handle: they must outlive it.
    private var lists: [CurlStringList] = []

    init() throws(HTTPProbeError) {
        try CurlGlobal.load()
        guard let handle = lync_curl_easy_init() else {
            throw HTTPProbeError(.library, "libcurl could not create a request handle")
        }
        self.handle = handle
    }

    deinit { lync_curl_easy_cleanup(handle) }

    func set(_ option: CURLoption, _ value: Int) throws(HTTPProbeError) {
        try check(lync_curl_easy_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, _ value: String) throws(HTTPProbeError) {
        try check(value.withCString { lync_curl_easy_setopt_string(handle, option, $0) }, option)
    }

    func set(_ option: CURLoption, _ list: CurlStringList) throws(HTTPProbeError) {
        lists.append(list)
        try check(lync_curl_easy_setopt_slist(handle, option, list.pointer), option)
    }

    func set(_ option: CURLoption, _ pointer: UnsafeMutableRawPointer?) throws(HTTPProbeError) {
        try check(lync_curl_easy_setopt_pointer(handle, option, pointer), option)
    }

    func set(_ option: CURLoption, _ callback: lync_curl_data_callback) throws(HTTPProbeError) {
        try check(lync_curl_easy_setopt_callback(handle, option, callback), option)
    }

    func long(_ info: CURLINFO) -> Int {
        var value = 0
        return lync_curl_easy_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    func string(_ info: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>? = nil
        guard lync_curl_easy_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(HTTPProbeError) {
        guard code == CURLE_OK else {
            let text = String(cString: lync_curl_easy_strerror(code))
            throw HTTPProbeError(.badRequest, "libcurl refused option \(option.rawValue): \(text)")
        }
    }
}

/// An owned multi handle (`CURLM *`), freed with `curl_multi_cleanup` after its easy handles are removed.
final class CurlMulti {
    let handle: UnsafeMutableRawPointer

    init() throws(HTTPProbeError) {
        try CurlGlobal.load()
        guard let handle = lync_curl_multi_init() else {
            throw HTTPProbeError(.library, "libcurl could not create a transfer group")
        }
        self.handle = handle
    }

    deinit { _ = lync_curl_multi_cleanup(handle) }
}
