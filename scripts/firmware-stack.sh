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
#    semihosting. The same run checks that the request signed on the Cortex-M4F carries
#    botocore's Authorization header (expected-authorization.txt) and that the response decoded.
#    Skipped with a note if qemu-system-arm is not installed (Debian: apt-get install
#    qemu-system-arm), unless --require-qemu is given (CI gives it).
#
#   scripts/firmware-stack.sh [--install-tools] [--require-qemu]
#
# --install-tools installs llvm-14 and qemu-system-arm from Debian when they are missing.
# Fails if the static bound of either stage exceeds stack_max_bytes in examples/firmware/budget.txt.
# Needs python3 and llvm-objdump/llvm-readobj/llvm-nm (Debian: llvm-14).
set -euo pipefail

install_tools=""
require_qemu=""
for arg in "$@"; do
    case $arg in
        --install-tools) install_tools=1 ;;
        --require-qemu) require_qemu=1 ;;
        *) echo "usage: $0 [--install-tools] [--require-qemu]" >&2; exit 2 ;;
    esac
done
if [[ -n $install_tools ]]; then
    "$(dirname "$0")/apt-install.sh" llvm-objdump-14 llvm-14
    "$(dirname "$0")/apt-install.sh" qemu-system-arm qemu-system-arm
fi

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
        out=$(timeout 120 qemu-system-arm -machine netduinoplus2 -nographic -monitor none \
            -semihosting-config enable=on,target=native \
            -kernel "$target_dir/thumbv7em-none-eabihf/release/$bin" </dev/null | tr -d '\r') || {
            echo "FAIL: $bin did not run to completion on QEMU" >&2
            status=1
        }
        echo "$out" | grep -E '_bytes=|^microvmId=' | sed 's/^/  /'
        if [[ $bin == full ]]; then
            # The signature computed on the Cortex-M4F must be botocore's for the same request
            # (examples/firmware/expected-authorization.txt, from scripts/gen_firmware_expected.py).
            if [[ "$(echo "$out" | grep '^Authorization: ')" == "$(cat "$fw/expected-authorization.txt")" ]]; then
                echo "  Authorization matches botocore's (expected-authorization.txt)"
            else
                echo "FAIL: the firmware's Authorization header differs from botocore's:" >&2
                echo "$out" | grep '^Authorization: ' >&2 || echo "  (none printed)" >&2
                status=1
            fi
            if ! echo "$out" | grep -q '^microvmId=mvm-0123456789abcdef0 state=PENDING$'; then
                echo "FAIL: the firmware did not decode the response" >&2
                status=1
            fi
        fi
    done
elif [[ -n $require_qemu ]]; then
    echo "FAIL: qemu-system-arm is not installed (--require-qemu; --install-tools installs it)" >&2
    status=1
else
    echo "qemu-system-arm not installed: measured high-water marks and on-target check skipped"
fi

[[ $status -eq 0 ]] && echo "firmware-stack: ok (static bound <= ${max:-unbounded} bytes per stage)"
exit $status
