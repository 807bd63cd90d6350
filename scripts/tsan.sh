#!/usr/bin/env bash
# The test suite under ThreadSanitizer; fails on any data race report.
#
#   scripts/tsan.sh               the whole suite
#   scripts/tsan.sh --concurrent  only the tests of the concurrent code: the TLS probe sweep, the
#                                 bulk certificate decoder (CryptoTests), ConcurrentMap (LyncSupportTests), the DNS
#                                 engine, libcurl, the JSON encoder, and the audit, dns and verify
#                                 commands
#   scripts/tsan.sh ARGS...       ARGS go to `swift test` (e.g. --filter DNSResolverTests)
#
# The instrumented build lives in .build-tsan, apart from the normal one. Reports are written to
# files (TSan's log_path), so the `lynccert` processes the CLI tests start are checked too and
# their standard error stays as the tests expect. Only the servers the tests start on loopback
# are contacted, as in scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

args=("$@")
if [[ ${1:-} == --concurrent ]]; then
    args=(--filter 'CryptoTests|LyncSupportTests\.ConcurrentMapTests|DNSResolverTests|HTTPProbeTests|FastJSONEncoderTests|LyncCertCLITests\.(Audit|DNSCheck|DNSQuery|Verify|HostileNetwork)' "${@:2}")
fi

swift build --build-tests --sanitize=thread --scratch-path .build-tsan

reports=$(mktemp -d "${TMPDIR:-/tmp}/lynccert-tsan.XXXXXX")
options="halt_on_error=0 second_deadlock_stack=1 log_path=$reports/tsan"
if [[ -f scripts/tsan-suppressions.txt ]]; then
    options+=" suppressions=$PWD/scripts/tsan-suppressions.txt"
fi

status=0
TSAN_OPTIONS="$options ${TSAN_OPTIONS:-}" \
    swift test --skip-build --sanitize=thread --scratch-path .build-tsan ${args[@]+"${args[@]}"} || status=$?

if compgen -G "$reports/tsan.*" >/dev/null; then
    cat "$reports"/tsan.*
    echo "tsan.sh: ThreadSanitizer reported problems (reports kept in $reports)" >&2
    exit 1
fi
rm -rf "$reports"
if [[ $status -ne 0 ]]; then
    echo "tsan.sh: the tests failed under ThreadSanitizer (exit $status)" >&2
    exit "$status"
fi
echo "tsan.sh: no ThreadSanitizer reports"
