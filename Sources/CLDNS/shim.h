// The one place for ldns glue. Every symbol is prefixed lync_ so none shadows an ldns name.
#ifndef LYNC_CLDNS_SHIM_H
#define LYNC_CLDNS_SHIM_H

#include <ldns/ldns.h>

#if LDNS_REVISION < ((1 << 16) | (8 << 8) | 0)
#error "lynccert needs ldns 1.8 or newer (Debian: apt-get install libldns-dev)"
#endif

#endif
