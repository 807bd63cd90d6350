// The one place for libcurl glue.
//
// libcurl is opened with dlopen the first time a probe runs, not linked: its dependency tree
// (GnuTLS, Kerberos, LDAP, SSH, ...) costs every lynccert start-up about 6 ms, and only `verify`
// makes HTTP requests. Every call goes through a lync_-prefixed function here; nothing redefines
// a curl name. curl_easy_setopt and curl_easy_getinfo are C variadic functions, which Swift cannot
// call, so each argument type has its own typed entry point.
#ifndef LYNC_CURL_H
#define LYNC_CURL_H

// The helpers pass a non-constant option, so curl's compile-time type checks cannot apply anyway.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <stddef.h>

#if LIBCURL_VERSION_NUM < 0x075500
#error "lynccert needs libcurl 7.85 or newer (Debian: apt-get install libcurl4-openssl-dev)"
#endif

/// The signature of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks.
typedef size_t (*lync_curl_data_callback)(char *buffer, size_t size, size_t nitems, void *userdata);

/// Opens libcurl.so.4, resolves every function below and runs curl_global_init, once per process.
/// Returns NULL on success, otherwise why it failed (a static string, valid for the process).
const char *lync_curl_load(void);

const char *lync_curl_version(void);
const char *lync_curl_easy_strerror(CURLcode code);

CURL *lync_curl_easy_init(void);
void lync_curl_easy_cleanup(CURL *handle);
CURLcode lync_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
/// libcurl copies strings passed here (CURLOPT_URL, CURLOPT_CAINFO, ...), except for the few
/// documented exceptions, none of which lynccert uses.
CURLcode lync_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
/// For CURLOPT_HTTPHEADER, CURLOPT_RESOLVE, CURLOPT_CONNECT_TO: the list is NOT copied and must
/// outlive the transfer.
CURLcode lync_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list);
CURLcode lync_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *pointer);
CURLcode lync_curl_easy_setopt_callback(CURL *handle, CURLoption option, lync_curl_data_callback callback);
CURLcode lync_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *out);
/// The string stays owned by the handle: copy it before the handle is reset or cleaned up.
CURLcode lync_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **out);

struct curl_slist *lync_curl_slist_append(struct curl_slist *list, const char *item);
void lync_curl_slist_free_all(struct curl_slist *list);

CURLM *lync_curl_multi_init(void);
CURLMcode lync_curl_multi_cleanup(CURLM *multi);
CURLMcode lync_curl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode lync_curl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode lync_curl_multi_perform(CURLM *multi, int *running);
CURLMcode lync_curl_multi_poll(CURLM *multi, int timeout_ms);
CURLMsg *lync_curl_multi_info_read(CURLM *multi, int *left);

/// CURLMsg.data is a union; Swift reads it through these.
static inline CURL *lync_curl_msg_easy_handle(const CURLMsg *message) { return message->easy_handle; }
static inline int lync_curl_msg_is_done(const CURLMsg *message) { return message->msg == CURLMSG_DONE; }
static inline CURLcode lync_curl_msg_result(const CURLMsg *message) { return message->data.result; }

#endif
