#!/usr/bin/env python3
"""Regenerate the botocore reference vectors under tests/data/vectors/.

Usage (from the repository root):
    python3 -m venv .venv && .venv/bin/pip install botocore==1.44.8
    .venv/bin/python scripts/gen_vectors.py [name ...]

With no names every file is regenerated; names select a subset
(sigv4, requests, responses, errors, lifecycle). Output is deterministic: every
generator uses a fixed random seed and a frozen clock, so rerunning with the
same botocore version gives byte-identical files.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import botocore  # noqa: E402

EXPECTED_BOTOCORE = "1.44.8"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "tests", "data", "vectors")
MAX_BYTES = 2 * 1024 * 1024


def write_json(name, data):
    path = os.path.join(OUT_DIR, name)
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    size = len(text.encode("utf-8"))
    assert size < MAX_BYTES, f"{name} is {size} bytes"
    # Round-trip check: what we wrote parses back to the same data.
    assert json.loads(text) == data
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {name}: {len(data)} vectors, {size} bytes")


def main(argv):
    if botocore.__version__ != EXPECTED_BOTOCORE:
        sys.exit(f"botocore {EXPECTED_BOTOCORE} required, found {botocore.__version__}")
    want = set(argv) or {"sigv4", "requests", "responses", "errors", "lifecycle"}
    os.makedirs(OUT_DIR, exist_ok=True)
    if "sigv4" in want:
        import vec_sigv4

        v = vec_sigv4.generate()
        vec_sigv4.self_check(v)
        write_json("sigv4.json", v)
    if "requests" in want:
        import vec_requests

        valid, invalid = vec_requests.generate()
        vec_requests.self_check(valid, invalid)
        write_json("run_microvm_requests.json", valid)
        write_json("run_microvm_invalid.json", invalid)
    if "responses" in want:
        import vec_responses

        v = vec_responses.generate()
        vec_responses.self_check(v)
        write_json("run_microvm_responses.json", v)
    if "errors" in want:
        import vec_errors

        v = vec_errors.generate()
        vec_errors.self_check(v)
        write_json("errors.json", v)
    if "lifecycle" in want:
        import vec_lifecycle

        v = vec_lifecycle.generate()
        vec_lifecycle.self_check(v)
        write_json("lifecycle_requests.json", v)


if __name__ == "__main__":
    main(sys.argv[1:])
