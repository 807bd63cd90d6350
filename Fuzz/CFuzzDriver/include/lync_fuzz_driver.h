#ifndef LYNC_FUZZ_DRIVER_H
#define LYNC_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

typedef int (*lync_fuzz_test)(const uint8_t *data, size_t size);

/// Whether libFuzzer is linked in (a -sanitize=fuzzer build).
int lync_fuzz_available(void);

/// Runs libFuzzer's driver on `test` with the command line's options; returns its exit status.
int lync_fuzz_run(int argc, char **argv, lync_fuzz_test test);

#endif
