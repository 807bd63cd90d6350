// The one place for libcurl glue. curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are
// C variadic functions, which Swift cannot call; these typed, lync_-prefixed inline helpers give
// each argument type its own entry point. Nothing here redefines a curl name.
#ifndef LYNC_CCURL_SHIM_H
#define LYNC_CCURL_SHIM_H

// The helpers pass a non-constant option, so curl's compile-time type checks cannot apply anyway.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

#if LIBCURL_VERSION_NUM < 0x075500
#error "lynccert needs libcurl 7.85 or newer (Debian: apt-get install libcurl4-openssl-dev)"
#endif

/// The signature of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks.
typedef size_t (*lync_curl_data_callback)(char *buffer, size_t size, size_t nitems, void *userdata);

static inline CURLcode lync_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// libcurl copies strings passed here (CURLOPT_URL, CURLOPT_CAINFO, ...), except for the few
/// documented exceptions, none of which lynccert uses.
static inline CURLcode lync_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For CURLOPT_HTTPHEADER, CURLOPT_RESOLVE, CURLOPT_CONNECT_TO: the list is NOT copied and must
/// outlive the transfer.
static inline CURLcode lync_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}

static inline CURLcode lync_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *pointer) {
    return curl_easy_setopt(handle, option, pointer);
}

static inline CURLcode lync_curl_easy_setopt_callback(CURL *handle, CURLoption option,
                                                      lync_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode lync_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *out) {
    return curl_easy_getinfo(handle, info, out);
}

/// The string stays owned by the handle: copy it before the handle is reset or cleaned up.
static inline CURLcode lync_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **out) {
    return curl_easy_getinfo(handle, info, out);
}

static inline CURLcode lync_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **out) {
    return curl_easy_getinfo(handle, info, out);
}

static inline CURLMcode lync_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/// CURLMsg.data is a union; Swift reads it through these.
static inline CURL *lync_curl_msg_easy_handle(const CURLMsg *message) { return message->easy_handle; }
static inline int lync_curl_msg_is_done(const CURLMsg *message) { return message->msg == CURLMSG_DONE; }
static inline CURLcode lync_curl_msg_result(const CURLMsg *message) { return message->data.result; }

#endif
