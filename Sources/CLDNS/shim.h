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

#endif
