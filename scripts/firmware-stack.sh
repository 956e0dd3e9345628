#!/usr/bin/env bash
# Worst-case stack of the firmware's encode+sign and decode stages, two ways:
#
# 1. Static bound: the `full` firmware (with the `stack` feature, so each stage is its own
#    function) is built with `-Z emit-stack-sizes`, which makes LLVM record every function's frame
#    size in a `.stack_sizes` section; scripts/firmware-stack.py adds the call graph from the
#    disassembly and sums the deepest path. It fails on recursion, unresolved indirect calls or
#    dynamic stack adjustment, where a static bound would not be sound. The flag is unstable and the
#    only toolchain with the thumbv7em sysroot is stable, so this one build uses RUSTC_BOOTSTRAP=1;
#    the size measurement (scripts/firmware-size.sh) never does.
# 2. Measured high-water mark: the same firmware run on QEMU's netduinoplus2 (an STM32F405,
#    Cortex-M4F) paints the free stack, runs each stage and reports the deepest word touched over
#    semihosting. Skipped with a note if qemu-system-arm is not installed
#    (Debian: apt-get install qemu-system-arm).
#
# Fails if the static bound of either stage exceeds stack_max_bytes in examples/firmware/budget.txt.
# Needs python3 and llvm-objdump/llvm-readobj/llvm-nm (Debian: llvm-14).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
fw=$root/examples/firmware
target_dir=$fw/target/stack-sizes
elf=$target_dir/thumbv7em-none-eabihf/release/full

(
    cd "$fw"
    RUSTC_BOOTSTRAP=1 nice -n 10 cargo build --release --bins --features stack --quiet \
        --target-dir "$target_dir" \
        --config 'target.thumbv7em-none-eabihf.rustflags=["-Z","emit-stack-sizes"]'
)

status=0
static=$(python3 "$root/scripts/firmware-stack.py" "$elf" full::encode_sign full::decode) || status=$?
echo "static worst case (compiler frame sizes + call graph):"
echo "$static" | sed 's/^/  /'

max=$(sed -n 's/^stack_max_bytes=\([0-9]*\)$/\1/p' "$fw/budget.txt")
while read -r stage bytes; do
    if [[ -n $max && $bytes -gt $max ]]; then
        echo "FAIL: $stage needs up to $bytes bytes of stack, budget $max (examples/firmware/budget.txt)" >&2
        status=1
    fi
done < <(echo "$static" | sed -n 's/^\([^ ]*\): worst case \([0-9]*\) bytes$/\1 \2/p')

if command -v qemu-system-arm >/dev/null 2>&1; then
    echo "measured on QEMU netduinoplus2 (stack painting):"
    for bin in full baseline; do
        timeout 120 qemu-system-arm -machine netduinoplus2 -nographic -monitor none \
            -semihosting-config enable=on,target=native \
            -kernel "$target_dir/thumbv7em-none-eabihf/release/$bin" </dev/null |
            grep -E '_bytes=|decode_ok=' | sed 's/^/  /'
    done
else
    echo "qemu-system-arm not installed: measured high-water marks skipped"
fi

[[ $status -eq 0 ]] && echo "firmware-stack: ok (static bound <= ${max:-unbounded} bytes per stage)"
exit $status
