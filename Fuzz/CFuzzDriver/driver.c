// libFuzzer's entry when the program's main is its own: SwiftPM renames a Swift executable's
// entry point and aliases main to it, so libFuzzer's main cannot be used. Weak, so a build
// without libFuzzer links too (and replays files instead).
#include "lync_fuzz_driver.h"

extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *, size_t))
    __attribute__((weak));

int lync_fuzz_available(void) { return LLVMFuzzerRunDriver != NULL; }

int lync_fuzz_run(int argc, char **argv, lync_fuzz_test test) {
    if (LLVMFuzzerRunDriver == NULL) return 1;
    return LLVMFuzzerRunDriver(&argc, &argv, test);
}
