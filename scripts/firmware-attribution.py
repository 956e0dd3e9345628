#!/usr/bin/env python3
"""Where the `full` firmware's .text comes from, by source file.

Usage (from the repository root):
  (cd examples/firmware && cargo build --release --bins --target-dir target/lines \\
      --config 'profile.release.debug="line-tables-only"')
  scripts/firmware-attribution.py examples/firmware/target/lines/thumbv7em-none-eabihf/release/full

Line tables change no code (the image is byte-identical in size). Each instruction is charged to
the innermost inlined frame that is not `core`: LTO inlines most of the codec into a few large
functions, so symbol sizes alone say little, and charging inlined `core` helpers (Option, Result,
slice indexing) to the codec code that used them says where the cost really comes from.
Needs llvm-objdump-14 and llvm-symbolizer-14.
"""
import collections
import re
import subprocess
import sys


def main():
    elf = sys.argv[1]
    dis = subprocess.run(
        ["llvm-objdump-14", "-d", "--no-show-raw-insn", elf], capture_output=True, text=True, check=True
    ).stdout
    addrs = sorted({int(m.group(1), 16) for m in re.finditer(r"(?m)^\s+([0-9a-f]+):\s", dis)})
    # Thumb instructions are 2 or 4 bytes; a larger gap is a function or section boundary.
    sizes = {a: b - a for a, b in zip(addrs, addrs[1:]) if b - a <= 4}
    out = subprocess.run(
        ["llvm-symbolizer-14", "--obj=" + elf, "--inlining", "--print-address", "-C"],
        input="".join(f"{a:#x}\n" for a in sizes),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    frames = collections.defaultdict(list)
    cur = None
    for line in out.splitlines():
        if line.startswith("0x"):
            cur = int(line, 16)
        elif line.strip() and cur is not None:
            frames[cur].append(line)

    def classify(path):
        if "/examples/firmware/" in path:
            return "firmware"
        m = re.search(r"/src/(.*?):\d+", path)
        if m and "/registry/" not in path and "/rustc/" not in path and "compiler-builtins" not in path:
            return "codec src/" + m.group(1)
        m = re.search(r"registry/src/[^/]+/([^/]+)/", path)
        if m:
            return "crate " + re.sub(r"-[0-9][0-9.]*$", "", m.group(1))
        if "compiler-builtins" in path:
            return "compiler-builtins"
        return None

    total = collections.Counter()
    for a, size in sizes.items():
        label = None
        for path in frames.get(a, [])[1::2]:  # innermost frame first
            label = classify(path)
            if label:
                break
        total[label or "core (not inlined into a caller)"] += size
    for label, size in total.most_common():
        print(f"{size:7d}  {label}")
    print(f"{sum(total.values()):7d}  total .text")


if __name__ == "__main__":
    main()
