#!/usr/bin/env bash
# Flash/RAM footprint of the codec on Cortex-M (thumbv7em-none-eabihf, opt-level "z", fat LTO).
#
# Builds examples/firmware's `baseline` (the same firmware without the codec) and `full`
# (validate → encode → sign → decode of one RunMicrovm), reports flash and RAM of each and the
# delta full − baseline, writes the largest symbols of `full` to
# examples/firmware/target/full-symbols-TARGET.txt, and fails if
#   - the flash or RAM delta exceeds its ceiling in examples/firmware/budget.txt (a goal, if
#     recorded there too, is only reported), or
#   - `full` links core::fmt or the float parser (dec2flt / flt2dec), which the house rules keep
#     off the encode/sign/decode paths.
#
# Flash = every allocated section placed in flash (vector table, .text, .rodata, ...) plus the
# load image of .data; RAM = .data + .bss + .uninit (the stack is not included: see
# examples/firmware/README.md for the stack measurement).
#
# Needs: the thumbv7em-none-eabihf target, llvm-size/llvm-nm (Debian: apt-get install llvm-14;
# `--install-tools` does that when they are missing, for a fresh CI machine).
# Usage: scripts/firmware-size.sh [--install-tools] [--no-build]
# FIRMWARE_TARGET=thumbv6m-none-eabi measures for Cortex-M0/M0+ instead (budget keys may carry a
# `.TARGET` suffix to override the plain key for one target).
set -euo pipefail

target=${FIRMWARE_TARGET:-thumbv7em-none-eabihf}

install_tools=""
build=1
for arg in "$@"; do
    case $arg in
        --install-tools) install_tools=1 ;;
        --no-build) build="" ;;
        *) echo "usage: $0 [--install-tools] [--no-build]" >&2; exit 2 ;;
    esac
done
if [[ -n $install_tools ]]; then
    "$(dirname "$0")/apt-install.sh" llvm-size-14 llvm-14
fi

root=$(cd "$(dirname "$0")/.." && pwd)
fw=$root/examples/firmware
out=$fw/target/$target/release

find_tool() {
    local name=$1 c
    for c in "$name-14" "$name" $(compgen -c "$name-" | sort -t- -k3 -rn | head -n1); do
        if command -v "$c" >/dev/null 2>&1; then
            echo "$c"
            return
        fi
    done
    echo "firmware-size: $name not found (Debian: apt-get install llvm-14)" >&2
    exit 2
}
SIZE=${LLVM_SIZE:-$(find_tool llvm-size)}
NM=${LLVM_NM:-$(find_tool llvm-nm)}

if [[ -n $build ]]; then
    (cd "$fw" && nice -n 10 cargo build --release --bins --quiet --target "$target")
fi

# Prints "flash ram" in bytes. Flash sections are the allocated ones at FLASH addresses
# (0x0800_0000.., memory.x); .data counts in both (its initial values are stored in flash).
measure() {
    "$SIZE" -A "$1" | awk '
        $1 ~ /^\./ && NF == 3 {
            name = $1; size = $2; addr = $3
            if (name == ".data") { flash += size; ram += size }
            else if (name == ".bss" || name == ".uninit") { ram += size }
            else if (addr >= 134217728 && addr < 536870912) { flash += size }
        }
        END { printf "%d %d\n", flash, ram }'
}

read -r base_flash base_ram < <(measure "$out/baseline")
read -r full_flash full_ram < <(measure "$out/full")
delta_flash=$((full_flash - base_flash))
delta_ram=$((full_ram - base_ram))

echo "target: $target"
printf '%-10s %10s %10s\n' binary flash ram
printf '%-10s %10d %10d\n' baseline "$base_flash" "$base_ram"
printf '%-10s %10d %10d\n' full "$full_flash" "$full_ram"
printf '%-10s %10d %10d\n' delta "$delta_flash" "$delta_ram"

symbols=$fw/target/full-symbols-$target.txt
"$NM" --size-sort -S -C -r "$out/full" > "$symbols"
echo "largest symbols of full (all in ${symbols#"$root"/}):"
head -n 15 "$symbols" | sed 's/^/  /'

status=0
budget() {
    local v
    v=$(sed -n "s/^$1\.$target=\([0-9]*\)\$/\1/p" "$fw/budget.txt")
    [[ -n $v ]] || v=$(sed -n "s/^$1=\([0-9]*\)\$/\1/p" "$fw/budget.txt")
    echo "$v"
}
max_flash=$(budget flash_delta_max_bytes)
goal_flash=$(budget flash_delta_goal_bytes)
max_ram=$(budget ram_delta_max_bytes)
if [[ -n $max_flash && $delta_flash -gt $max_flash ]]; then
    echo "FAIL: flash delta $delta_flash bytes exceeds budget $max_flash (examples/firmware/budget.txt)" >&2
    status=1
fi
if [[ -n $max_ram && $delta_ram -gt $max_ram ]]; then
    echo "FAIL: RAM delta $delta_ram bytes exceeds budget $max_ram (examples/firmware/budget.txt)" >&2
    status=1
fi

if [[ -n $goal_flash && $delta_flash -gt $goal_flash ]]; then
    echo "NOTE: flash delta $delta_flash bytes is above the goal of $goal_flash (not enforced; see examples/firmware/README.md)"
fi

forbidden=$("$NM" -C "$out/full" | grep -E 'core::fmt::|dec2flt|flt2dec' || true)
if [[ -n $forbidden ]]; then
    echo "FAIL: full links core::fmt / float parsing:" >&2
    echo "$forbidden" | sed 's/^/  /' >&2
    status=1
fi

if [[ $status -eq 0 ]]; then
    echo "firmware-size: ok (flash delta $delta_flash <= ${max_flash:-unbounded}, RAM delta $delta_ram <= ${max_ram:-unbounded}, no core::fmt/float parsing)"
fi
exit $status
