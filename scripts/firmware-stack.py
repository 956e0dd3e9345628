#!/usr/bin/env python3
"""Static worst-case stack of the firmware stages, from the compiler's own frame sizes.

Usage: firmware-stack.py ELF ROOT_SUBSTRING...

The ELF must be built with `-Z emit-stack-sizes` (see scripts/firmware-stack.sh), which makes
LLVM record every function's static frame size in a `.stack_sizes` section. This script adds
the call graph from the disassembly (direct `bl`/`b` calls and tail calls, and `blx rN` through
a register loaded from a literal pool, possibly copied to another register first, which is how
-Oz calls a function it calls often) and
prints, for each root, the deepest path and its total.

Functions without a `.stack_sizes` entry (compiler-builtins, assembly, which are not compiled
with the flag) get their frame from the prologue (`push`, `vpush`, `sub sp, #imm`). The result is
a sound upper bound as long as the report lists no unresolved indirect call, no dynamic stack
adjustment and no recursion; it says so when it finds any. Interrupt handlers are not included:
add the largest handler's frame plus the 8-word (FPU: 26-word) exception frame per priority
level if your firmware has any.
"""
import collections
import re
import subprocess
import sys

READOBJ = "llvm-readobj-14"
OBJDUMP = "llvm-objdump-14"
NM = "llvm-nm-14"


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def main():
    elf, roots = sys.argv[1], sys.argv[2:]

    # Function ranges, by address (Thumb bit cleared), demangled names for display.
    funcs = {}
    for line in run(NM, "-C", "-S", "--defined-only", elf).splitlines():
        p = line.split(" ", 3)
        if len(p) == 4 and p[2] in "tT":
            a, size = int(p[0], 16) & ~1, int(p[1], 16)
            if size and (a not in funcs or funcs[a][1] < size):
                funcs[a] = (p[3], size)
    starts = sorted(funcs)

    def containing(addr):
        lo, hi = 0, len(starts) - 1
        best = None
        while lo <= hi:
            mid = (lo + hi) // 2
            if starts[mid] <= addr:
                best = starts[mid]
                lo = mid + 1
            else:
                hi = mid - 1
        if best is not None and addr < best + funcs[best][1]:
            return best
        return None

    # Compiler-recorded frame sizes, by function address.
    frames = {}
    mangled = {}
    for line in run(NM, "--defined-only", elf).splitlines():
        p = line.split(" ", 2)
        if len(p) == 3 and p[1] in "tT":
            mangled[p[2]] = int(p[0], 16) & ~1
    text = run(READOBJ, "--stack-sizes", elf)
    for m in re.finditer(r"Functions: \[([^\]]*)\]\s*\n\s*Size: (0x[0-9a-fA-F]+)", text):
        for name in m.group(1).split(","):
            a = mangled.get(name.strip())
            if a is not None:
                frames[a] = int(m.group(2), 16)

    # Disassembly: per function, instructions in order.
    body = collections.defaultdict(list)
    words = {}
    cur = None
    for line in run(OBJDUMP, "-d", "--no-show-raw-insn", elf).splitlines():
        m = re.match(r"^([0-9a-f]+) <(.*)>:$", line)
        if m:
            a = int(m.group(1), 16)
            cur = containing(a)
            continue
        m = re.match(r"^\s+([0-9a-f]+):\s+(?:(?:[0-9a-f]{2}\s){4})?\s*\.word\s+0x([0-9a-f]+)", line)
        if m:
            words[int(m.group(1), 16)] = int(m.group(2), 16)
            continue
        m = re.match(r"^\s+([0-9a-f]+):\s+(\S+)\s*(.*)$", line)
        # Padding after a function's last instruction decodes as junk: keep only its range.
        if m and cur is not None and int(m.group(1), 16) < cur + funcs[cur][1]:
            body[cur].append((int(m.group(1), 16), m.group(2), m.group(3)))

    notes = collections.defaultdict(list)
    edges = collections.defaultdict(set)
    # Indirect calls through a register the function never writes: the machine outliner's
    # fragments (`OUTLINED_FUNCTION_n`) end in `bx rN` to a callee whose address the *caller*
    # loaded. Resolved below from each caller's literals.
    inherited = collections.defaultdict(set)
    all_literals = {}
    dirty = collections.defaultdict(set)
    prologue = {}
    for f, insns in body.items():
        # Frame from the prologue, for functions the compiler did not annotate (and as a check).
        size = 0
        for _, op, args in insns[:16]:
            if op in ("push", "push.w", "stmdb") and "{" in args:
                size += 4 * len(args[args.index("{") + 1 : args.index("}")].split(","))
            elif op in ("vpush", "vpush.w"):
                regs = args[args.index("{") + 1 : args.index("}")].split(",")
                n = 0
                for r in regs:
                    r = r.strip()
                    if "-" in r:
                        a, b = r.split("-")
                        n += int(b.strip()[1:]) - int(a[1:]) + 1
                    else:
                        n += 1
                size += n * (8 if regs[0].strip().startswith("d") else 4)
            elif op in ("sub", "sub.w", "subw") and re.match(r"sp, (sp, )?#(\d+)", args):
                size += int(re.match(r"sp, (?:sp, )?#(\d+)", args).group(1))
            elif op.startswith("b") and op not in ("bic", "bics", "bfi", "bfc"):
                break
        prologue[f] = size
        # Registers loaded from a literal pool: -Oz keeps a hot callee's address in a callee-saved
        # register and calls it with `blx rN`. Every literal ever loaded into rN in this function
        # that points at code is taken as a possible target (conservative); a `blx` whose register
        # was last written (in address order) by anything but a code literal is reported.
        literals = collections.defaultdict(set)
        regs = {}
        for addr, op, args in insns:
            if re.match(r"(sub|sub\.w)$", op) and re.match(r"sp, sp, r\d+", args):
                notes[f].append(f"dynamic stack adjustment at {addr:#x}: {op} {args}")
            written = []
            if op.startswith(("pop", "ldm")) and "{" in args:
                written = [r.strip() for r in args[args.index("{") + 1 : args.index("}")].split(",")]
            elif not op.startswith(("str", "cmp", "cmn", "tst", "teq", "push", "b", "it", "v", "stm")):
                m = re.match(r"(r\d+|lr|ip),", args)
                if m:
                    written = [m.group(1)]
                    if op.startswith("ldrd"):
                        m2 = re.match(r"r\d+, (r\d+),", args)
                        if m2:
                            written.append(m2.group(1))
            for reg in written:
                regs[reg] = None
                dirty[f].add(reg)
            # A register copy (`mov r2, r6` before `blx r2`) carries the source's possible
            # targets along.
            copy = re.match(r"(r\d+|lr|ip), (r\d+|lr|ip)$", args.strip())
            if op in ("mov", "mov.w", "movs") and copy and copy.group(2) in regs:
                regs[copy.group(1)] = regs[copy.group(2)]
                literals[copy.group(1)] |= literals.get(copy.group(2), set())
            lit = re.search(r"@ 0x([0-9a-f]+)", args)
            if op.startswith("ldr") and not op.startswith("ldrd") and "[pc" in args and lit and written:
                value = words.get(int(lit.group(1), 16))
                regs[written[0]] = value
                if value is not None:
                    literals[written[0]].add(value)
            tgt = re.match(r"0x([0-9a-f]+) <", args)
            if tgt and (op in ("bl", "blx") or op.startswith("b")):
                t = containing(int(tgt.group(1), 16))
                if t is not None and t != f:
                    edges[f].add(t)
                elif t is None and op in ("bl", "blx"):
                    notes[f].append(f"call to unknown address at {addr:#x}")
            elif op in ("blx", "bx") and re.match(r"r\d+$", args.strip()):
                reg = args.strip()
                value = regs.get(reg)
                # Literals that point at code; others in the same register are data pointers.
                targets = {containing(v & ~1) for v in literals.get(reg, ())} - {None}
                if reg not in regs:
                    inherited[f].add((addr, op, reg))
                elif value is None or containing(value & ~1) is None:
                    notes[f].append(f"unresolved indirect call at {addr:#x}: {op} {reg}")
                edges[f].update(t for t in targets if t is not None)

        all_literals[f] = literals

    callers = collections.defaultdict(set)
    for f, cs in edges.items():
        for c in cs:
            callers[c].add(f)
    for f, uses in inherited.items():
        for addr, op, reg in uses:
            found = False
            for c in callers.get(f, ()):
                lits = {containing(v & ~1) for v in all_literals.get(c, {}).get(reg, ())} - {None}
                if lits:
                    edges[f].update(lits)
                    found = True
                else:
                    notes[f].append(f"unresolved indirect call at {addr:#x}: {op} {reg} (caller {funcs[c][0]})")
            if not found:
                notes[f].append(f"unresolved indirect call at {addr:#x}: {op} {reg}")

    def frame(f):
        return frames.get(f, prologue.get(f, 0))

    memo = {}
    onstack = set()
    chain = []
    recursion = []

    def worst(f):
        if f in memo:
            return memo[f]
        if f in onstack:
            recursion.append(" -> ".join(funcs[g][0] for g in chain[chain.index(f):] + [f]))
            return (0, [])
        onstack.add(f)
        chain.append(f)
        best = (0, [])
        for c in edges.get(f, ()):
            w = worst(c)
            if w[0] > best[0]:
                best = w
        onstack.discard(f)
        chain.pop()
        memo[f] = (frame(f) + best[0], [f] + best[1])
        return memo[f]

    status = 0
    for root in roots:
        matches = [a for a, (n, _) in funcs.items() if root in n]
        if len(matches) != 1:
            print(f"{root}: {len(matches)} functions match", file=sys.stderr)
            status = 2
            continue
        total, path = worst(matches[0])
        print(f"{root}: worst case {total} bytes")
        for f in path:
            src = "stack_sizes" if f in frames else "prologue"
            print(f"  {frame(f):5d}  {funcs[f][0]}  ({src})")
        reach = set()
        todo = [matches[0]]
        while todo:
            f = todo.pop()
            if f not in reach:
                reach.add(f)
                todo.extend(edges.get(f, ()))
        for f in sorted(reach):
            for n in notes.get(f, ()):
                print(f"  WARNING {funcs[f][0]}: {n}")
                status = 1
            if f in frames and prologue.get(f) not in (None, frames[f]):
                # Frames the prologue parser reads differently (e.g. sp adjusted later) are
                # shown so that a mismatch is visible, but .stack_sizes is authoritative.
                pass
    for r in sorted(set(recursion)):
        print(f"  WARNING recursion through {r}")
        status = 1
    sys.exit(status)


if __name__ == "__main__":
    main()
