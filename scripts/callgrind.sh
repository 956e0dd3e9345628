#!/usr/bin/env bash
# Exact instruction counts (callgrind's Ir) per operation, and the ratios the speed goals use.
#
#   scripts/callgrind.sh                 every op
#   scripts/callgrind.sh floor decode_ok only these ops
#   KEEP=1 scripts/callgrind.sh ...      keep the callgrind.out files (target/callgrind/) for
#                                        `callgrind_annotate target/callgrind/<op>.101.out`
#
# Builds examples/bench_callgrind.rs (release, debug info) and runs each op under
# `valgrind --tool=callgrind` twice: N=1 and N=101 iterations. Process startup, fixture setup
# and the warm-up call are the same in both runs, so (Ir(101) - Ir(1)) / 100 is the cost of
# one operation alone. Instruction counts are exactly repeatable, unlike wall-clock time on a
# shared machine; they do not weigh cache misses or instruction latency (SHA-NI rounds count
# as single instructions), so they rank changes, and criterion (benches/) gives the time.
#
# SHA-256: valgrind's CPU has no SHA extensions, so under callgrind sha2 takes its portable
# path (~3,300 Ir per 64-byte block), while natively (SHA-NI, e.g. Zen 3) a block costs a few
# dozen instructions. Total Ir therefore overweights hashing, and total-Ir ratios to the floor
# look far better than wall-clock ones. So the script also splits each op into the Ir spent in
# `sha2::sha256::*` (block compression: the same blocks for us and the floor) and the rest
# ("other"): "other" is what an optimization can shrink, and what the wall-clock ratio hinges on.
#
# Needs valgrind. Runtime: ~1 minute after the build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ALL=(floor sign_cached encode_sign_cached encode_sign_cold encode_body decode_ok decode_body decode_error serde_decode)
OPS=("$@")
[[ ${#OPS[@]} -eq 0 ]] && OPS=("${ALL[@]}")

nice -n 10 cargo build --quiet --release --example bench_callgrind
BIN=target/release/examples/bench_callgrind
OUT=target/callgrind
mkdir -p "$OUT"

ir() { # op n -> "total-Ir sha256-Ir" of the run
    local f="$OUT/$1.$2.out"
    valgrind --tool=callgrind --callgrind-out-file="$f" "$BIN" "$1" "$2" >/dev/null 2>&1
    local total sha
    total=$(awk '/^summary:/ {print $2}' "$f")
    sha=$(callgrind_annotate --auto=no --threshold=100 "$f" 2>/dev/null |
        awk '/sha2::sha256::/ {gsub(",", "", $1); s += $1} END {print s + 0}')
    echo "$total $sha"
}

declare -A PER OTHER
printf '%-20s %12s %12s %12s\n' op "Ir/op" "SHA-256 Ir" "other Ir"
for op in "${OPS[@]}"; do
    read -r a asha <<<"$(ir "$op" 1)"
    read -r b bsha <<<"$(ir "$op" 101)"
    PER[$op]=$(( (b - a) / 100 ))
    sha=$(( (bsha - asha) / 100 ))
    OTHER[$op]=$(( PER[$op] - sha ))
    printf '%-20s %12d %12d %12d\n' "$op" "${PER[$op]}" "$sha" "${OTHER[$op]}"
    if [[ -z "${KEEP:-}" ]]; then rm -f "$OUT/$op.1.out" "$OUT/$op.101.out"; fi
done

ratio() { # name numerator denominator goal
    if [[ -n "${PER[$2]:-}" && -n "${PER[$3]:-}" ]]; then
        awk -v a="${PER[$2]}" -v b="${PER[$3]}" -v n="$1" -v g="$4" \
            'BEGIN { printf "%-34s %6.3f  (goal %s)\n", n, a / b, g }'
    fi
}
echo "ratios of total Ir (software SHA-256; wall-clock ratios with SHA-NI are higher):"
ratio "sign_cached / floor" sign_cached floor "<= 1.3"
ratio "encode_sign_cached / floor" encode_sign_cached floor "<= 1.3"
ratio "encode_sign_cold / floor" encode_sign_cold floor "-"
ratio "decode_ok / serde_decode" decode_ok serde_decode "< 1"
ratio "decode_body / serde_decode" decode_body serde_decode "< 1"
if [[ -n "${OTHER[floor]:-}" ]]; then
    echo
    echo "other Ir beyond the floor's (what remains to optimize):"
    for op in sign_cached encode_sign_cached; do
        [[ -n "${OTHER[$op]:-}" ]] && printf '%-34s %8d\n' "$op" $(( OTHER[$op] - OTHER[floor] ))
    done
fi
