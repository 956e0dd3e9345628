#!/usr/bin/env bash
# Runs every fuzz target for a short while from its committed seeds; any crash, hang or failed
# check fails the script (non-zero exit).
#
#   scripts/fuzz-smoke.sh [SECONDS_PER_TARGET] [TARGET...]      (default 30 s, every target)
#   FUZZ_SECS=300 scripts/fuzz-smoke.sh                         (same, through the environment)
#
# Needs `cargo install cargo-fuzz --locked`; installs the nightly toolchain (libFuzzer's
# sanitizer flags need it) if rustup does not have it yet. Runs from any directory.
#
# The committed seeds (fuzz/seeds/<target>) are copied into a scratch corpus first, so a run
# never modifies them. A crashing input is kept in fuzz/artifacts/<target>/ (gitignored): see
# the Fuzzing section of README.md for minimizing it and turning it into a regression test.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECS=${1:-${FUZZ_SECS:-30}}
shift || true
if ! [[ "$SECS" =~ ^[0-9]+$ ]] || [[ "$SECS" -lt 1 ]]; then
    echo "fuzz-smoke: seconds must be a positive integer, got '$SECS'" >&2
    exit 2
fi

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "fuzz-smoke: cargo-fuzz is missing: cargo install cargo-fuzz --locked" >&2
    exit 2
fi
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal
fi

# target -> dictionary (empty: none; sigv4_differential's input is `arbitrary`-structured, where
# splicing text tokens in mostly breaks the structure).
declare -A DICTS=(
    [parse_http_response]=fuzz/dict/http.dict
    [endpoint]=fuzz/dict/endpoint.dict
    [encode_roundtrip]=fuzz/dict/json.dict
    [decode_response]=fuzz/dict/json.dict
    [decode_error]=fuzz/dict/json.dict
    [sigv4_differential]=
)

if [[ $# -gt 0 ]]; then
    TARGETS=("$@")
else
    mapfile -t TARGETS < <(cargo +nightly fuzz list)
fi
for t in "${TARGETS[@]}"; do
    if [[ ! -v "DICTS[$t]" ]]; then
        echo "fuzz-smoke: unknown target '$t' (add it to DICTS in $0)" >&2
        exit 2
    fi
done

# Debug assertions (-a) turn on overflow checks, so an overflowing arithmetic on input-derived
# values is a crash here even though release builds would wrap. Built once, before any timing.
FLAGS=(--debug-assertions)
# `cargo fuzz build` has no --locked: fetching first fails if fuzz/Cargo.lock is stale, so the
# build uses exactly the committed dependency set (aws-sigv4 included).
cargo +nightly fetch --locked --manifest-path fuzz/Cargo.toml
cargo +nightly fuzz build "${FLAGS[@]}"

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

failed=()
for t in "${TARGETS[@]}"; do
    corpus="$SCRATCH/$t"
    mkdir -p "$corpus"
    if [[ -d "fuzz/seeds/$t" ]]; then
        cp -- fuzz/seeds/"$t"/* "$corpus"/
    fi
    args=(-max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
    if [[ -n "${DICTS[$t]}" ]]; then
        args+=(-dict="${DICTS[$t]}")
    fi
    echo "==> fuzz $t for ${SECS}s ($(find "$corpus" -type f | wc -l) seeds)"
    log="$SCRATCH/$t.log"
    if cargo +nightly fuzz run "${FLAGS[@]}" "$t" "$corpus" -- "${args[@]}" >"$log" 2>&1; then
        grep -E '^Done [0-9]+ runs|stat::number_of_executed_units|stat::average_exec_per_sec' "$log" || true
    else
        tail -n 60 "$log"
        echo "==> $t FAILED; the input is in fuzz/artifacts/$t/" >&2
        failed+=("$t")
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz-smoke: failures in: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz-smoke: ${#TARGETS[@]} targets, ${SECS}s each, no crash"
