// The one place for ldns glue. Every symbol is prefixed lync_ so none shadows an ldns name.
//
// Why these wrappers exist: ldns releases the buffers it hands out (ldns_pkt2wire's wire,
// ldns_rdf2str's text) with its LDNS_FREE macro, which Swift's importer cannot see, and a few
// flag values are plain macros whose Swift spelling would be an untyped Int32.
#ifndef LYNC_CLDNS_SHIM_H
#define LYNC_CLDNS_SHIM_H

#include <ldns/ldns.h>
#include <stdint.h>
#include <stdlib.h>

#if LDNS_REVISION < ((1 << 16) | (8 << 8) | 0)
#error "lynccert needs ldns 1.8 or newer (Debian: apt-get install libldns-dev)"
#endif

/// Releases a buffer that ldns allocated and handed to the caller (ldns_pkt2wire, ldns_rdf2str).
static inline void lync_ldns_free(void *pointer) { LDNS_FREE(pointer); }

/// The "recursion desired" query flag for ldns_pkt_query_new.
static inline uint16_t lync_ldns_flag_rd(void) { return (uint16_t)LDNS_RD; }

/// The largest DNS message ldns reads or writes.
static inline size_t lync_ldns_max_packet_length(void) { return (size_t)LDNS_MAX_PACKETLEN; }

#ifdef __linux__
#include <sys/socket.h>
#include <time.h>

/// glibc's `struct mmsghdr`, which it declares only under _GNU_SOURCE (Swift's Glibc module is
/// built without it): the same layout, for sendmmsg/recvmmsg (one system call for many datagrams).
struct lync_mmsghdr {
    struct msghdr msg_hdr;
    unsigned int msg_len;
};

/// sendmmsg(2) and recvmmsg(2), bound to glibc's symbols under names Swift can see.
extern int lync_sendmmsg(int fd, struct lync_mmsghdr *messages, unsigned int count, int flags) __asm__("sendmmsg");
extern int lync_recvmmsg(int fd, struct lync_mmsghdr *messages, unsigned int count, int flags,
                         struct timespec *timeout) __asm__("recvmmsg");

/// getrandom(2) (glibc 2.25+), for query IDs drawn a kilobyte at a time.
extern long lync_getrandom(void *buffer, size_t length, unsigned int flags) __asm__("getrandom");
#endif

#endif
