#!/usr/bin/env bash
# Builds the libFuzzer harnesses under Fuzz/ (ASan + libFuzzer, in .build-fuzz) and runs each for
# a bounded time on a scratch copy of its seed corpus (Fuzz/Corpus/<target>, left untouched) in
# .build-fuzz-work/corpus; reproducers go to .build-fuzz-work/reproducers, logs to .build-fuzz-work/logs.
#   scripts/fuzz.sh [SECONDS]     seconds per target (default 60, or $FUZZ_SECONDS)
#   FUZZ_TARGETS="FuzzCrypto FuzzDNSAnswer"   only these targets
#   FUZZ_TIMEOUT=10   seconds one input may take before it counts as a hang
#   FUZZ_RSS_MB=2048  memory limit of the fuzzing process
#   FUZZ_CONFIGURATION=release   optimised harnesses: about twice the executions per second, but a
#                     longer build (debug, the default, suits short runs such as scripts/test.sh's)
# Exits non-zero when a target crashes, leaks, hangs or runs out of memory, naming the reproducer;
# replay one with the plain build's harness (`swift build`; `.build/debug/FuzzCrypto FILE`) or the
# fuzzing build (`.build-fuzz/debug/FuzzCrypto FILE`, `.build-fuzz/release/…` after a release build).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-${FUZZ_SECONDS:-60}}
timeout=${FUZZ_TIMEOUT:-10}
rss=${FUZZ_RSS_MB:-2048}
targets=(${FUZZ_TARGETS:-FuzzTopology FuzzTopologyXML FuzzCrypto FuzzDNSAnswer})
configuration=${FUZZ_CONFIGURATION:-debug}
scratch=.build-fuzz
# Corpora, reproducers and logs live apart from SwiftPM's scratch folder, which SwiftPM cleans
# (its own artifacts/ folder included) as it sees fit.
work=.build-fuzz-work

# Largest input per target: above every seed, small enough that a campaign stays on shapes that
# matter (the loaders' own size limits are tested in the normal suite).
max_len() {
    case "$1" in
        FuzzTopology) echo 16384 ;;
        FuzzTopologyXML) echo 65536 ;;
        FuzzCrypto) echo 8192 ;;
        FuzzDNSAnswer) echo 4096 ;;
        *) echo 4096 ;;
    esac
}

# Leaks are checked after each input that allocated more than it freed, with a full heap scan.
# Foundation's XMLParser leaks the error it builds for every malformed document, so every XML
# input would pay that scan (5 executions a second instead of dozens); the importer is pure
# Swift with no manual memory management, so its harness runs without the check.
detect_leaks() {
    case "$1" in
        FuzzTopologyXML) echo 0 ;;
        *) echo 1 ;;
    esac
}

flags=(-c "$configuration" -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --scratch-path "$scratch")
for target in "${targets[@]}"; do
    echo "fuzz: building $target"
    # ld.gold's notes about ASan's local symbols are noise; errors and Swift warnings are not.
    swift build --product "$target" "${flags[@]}" 2>&1 | grep -E "error|warning:" | grep -v "Cannot export local symbol" || true
    [ -x "$scratch/$configuration/$target" ] || { echo "fuzz: $target did not build" >&2; exit 1; }
done

failed=0
for target in "${targets[@]}"; do
    corpus=$work/corpus/$target
    artifacts=$work/reproducers/$target
    log=$work/logs/$target.log
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    cp -n Fuzz/Corpus/"$target"/* "$corpus"/
    echo "fuzz: $target for ${seconds}s (timeout ${timeout}s per input, max_len $(max_len "$target"), ${rss} MB)"
    status=0
    started=$work/started-$target
    touch "$started"
    # Leaks are checked per input; the check at exit would only report what OpenSSL keeps for the
    # life of the process.
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:leak_check_at_exit=0} "$scratch/$configuration/$target" \
        -detect_leaks="$(detect_leaks "$target")" -max_total_time="$seconds" -timeout="$timeout" \
        -rss_limit_mb="$rss" -max_len="$(max_len "$target")" -artifact_prefix="$artifacts/" \
        -print_final_stats=1 "$corpus" >"$log" 2>&1 || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    echo "fuzz: $target: exit $status, ${runs:-?} runs, ${speed:-?} exec/s, ${coverage:-cov: ?}," \
        "corpus $(ls "$corpus" | wc -l) files"
    if [ "$status" -ne 0 ]; then
        failed=1
        # The cause, and the input itself (libFuzzer prints small ones as Base64) for CI logs.
        grep -E "ERROR: |SUMMARY: |Fatal error|==[0-9]+== |Test unit written|^Base64: " "$log" | head -20 >&2 || true
        find "$artifacts" -type f -newer "$started" | while read -r artifact; do
            echo "fuzz: $target: reproducer $artifact (replay: $scratch/$configuration/$target $artifact)" >&2
        done
        echo "fuzz: $target: full log $log" >&2
    fi
done
exit "$failed"
