#include "lync_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// The resolved libcurl entry points, filled once by load().
static struct {
    CURLcode (*global_init)(long);
    char *(*version)(void);
    const char *(*easy_strerror)(CURLcode);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failure = NULL;
static char failure_text[512];

#define RESOLVE(field, name)                                                                         \
    do {                                                                                             \
        *(void **)(&api.field) = dlsym(library, name);                                               \
        if (api.field == NULL) {                                                                     \
            snprintf(failure_text, sizeof failure_text, "libcurl.so.4 has no %s", name);             \
            failure = failure_text;                                                                  \
            return;                                                                                  \
        }                                                                                            \
    } while (0)

static void load(void) {
    // RTLD_LOCAL: libcurl's own dependencies stay out of lynccert's symbol namespace.
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(failure_text, sizeof failure_text,
                 "libcurl.so.4 could not be loaded (%s); Debian: apt-get install libcurl4",
                 why ? why : "unknown error");
        failure = failure_text;
        return;
    }
    RESOLVE(global_init, "curl_global_init");
    RESOLVE(version, "curl_version");
    RESOLVE(easy_strerror, "curl_easy_strerror");
    RESOLVE(easy_init, "curl_easy_init");
    RESOLVE(easy_cleanup, "curl_easy_cleanup");
    RESOLVE(easy_setopt, "curl_easy_setopt");
    RESOLVE(easy_getinfo, "curl_easy_getinfo");
    RESOLVE(slist_append, "curl_slist_append");
    RESOLVE(slist_free_all, "curl_slist_free_all");
    RESOLVE(multi_init, "curl_multi_init");
    RESOLVE(multi_cleanup, "curl_multi_cleanup");
    RESOLVE(multi_add_handle, "curl_multi_add_handle");
    RESOLVE(multi_remove_handle, "curl_multi_remove_handle");
    RESOLVE(multi_perform, "curl_multi_perform");
    RESOLVE(multi_poll, "curl_multi_poll");
    RESOLVE(multi_info_read, "curl_multi_info_read");
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        failure = "curl_global_init failed";
    }
}

const char *lync_curl_load(void) {
    pthread_once(&once, load);
    return failure;
}

// Callers load first: every function below runs only after lync_curl_load() returned NULL.

const char *lync_curl_version(void) { return api.version(); }
const char *lync_curl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }

CURL *lync_curl_easy_init(void) { return api.easy_init(); }
void lync_curl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }

CURLcode lync_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode lync_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode lync_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return api.easy_setopt(handle, option, list);
}
CURLcode lync_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *pointer) {
    return api.easy_setopt(handle, option, pointer);
}
CURLcode lync_curl_easy_setopt_callback(CURL *handle, CURLoption option, lync_curl_data_callback callback) {
    return api.easy_setopt(handle, option, callback);
}
CURLcode lync_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *out) {
    return api.easy_getinfo(handle, info, out);
}
CURLcode lync_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **out) {
    return api.easy_getinfo(handle, info, out);
}

struct curl_slist *lync_curl_slist_append(struct curl_slist *list, const char *item) {
    return api.slist_append(list, item);
}
void lync_curl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLM *lync_curl_multi_init(void) { return api.multi_init(); }
CURLMcode lync_curl_multi_cleanup(CURLM *multi) { return api.multi_cleanup(multi); }
CURLMcode lync_curl_multi_add_handle(CURLM *multi, CURL *handle) { return api.multi_add_handle(multi, handle); }
CURLMcode lync_curl_multi_remove_handle(CURLM *multi, CURL *handle) {
    return api.multi_remove_handle(multi, handle);
}
CURLMcode lync_curl_multi_perform(CURLM *multi, int *running) { return api.multi_perform(multi, running); }
CURLMcode lync_curl_multi_poll(CURLM *multi, int timeout_ms) {
    return api.multi_poll(multi, NULL, 0, timeout_ms, NULL);
}
CURLMsg *lync_curl_multi_info_read(CURLM *multi, int *left) { return api.multi_info_read(multi, left); }
