#!/usr/bin/env python3
"""Writes the fuzzers' committed seed corpora and dictionaries from the reference vectors.

    python3 scripts/fuzz-seeds.py        (from the repository root; standard library only)

Reads tests/data/vectors/*.json (botocore's output, see its README) and writes
  fuzz/seeds/<target>/<name>   a few dozen small inputs per target, in each target's input format
  fuzz/dict/json.dict          JSON tokens, every member name of the RunMicrovm/GetMicrovm
                               input/output shapes and the error shapes, error codes
  fuzz/dict/http.dict          HTTP/1.1 framing tokens plus json.dict
  fuzz/dict/endpoint.dict      region names, partition DNS suffixes and URL pieces
Output is deterministic (sorted, no randomness), so re-running it on unchanged vectors changes
nothing. Files named regress-* (crash inputs kept as seeds by hand) are left alone.
encode_roundtrip and sigv4_differential take `arbitrary`-structured input, which has no
stable byte encoding to write seeds in: they start from an empty corpus.
"""
import json
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = os.path.join(ROOT, "tests", "data", "vectors")
SEEDS = os.path.join(ROOT, "fuzz", "seeds")
DICT = os.path.join(ROOT, "fuzz", "dict")
PER_TARGET = 24


def load(name):
    with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
        return json.load(f)


def spread(items, n=PER_TARGET):
    """n items evenly spread over the list (the vectors are grouped by kind)."""
    if len(items) <= n:
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def raw_http(v, body=None):
    http = v["http"]
    body = (http["body"] if body is None else body).encode("utf-8")
    reason = {200: "OK", 400: "Bad Request", 429: "Too Many Requests", 500: "Internal Server Error"}
    lines = [f"HTTP/1.1 {http['status']} {reason.get(http['status'], 'Status')}"]
    has_length = False
    for name, value in http["headers"]:
        if name.lower() == "content-length":
            has_length = True
            value = str(len(body))
        lines.append(f"{name}: {value}")
    if not has_length:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


def chunked(head_and_body):
    """The same response with its body sent in two chunks (with an extension and a trailer)."""
    head, body = head_and_body.split(b"\r\n\r\n", 1)
    head = b"\r\n".join(l for l in head.split(b"\r\n") if not l.lower().startswith(b"content-length"))
    half = len(body) // 2
    parts = [body[:half], body[half:]]
    out = head + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
    for i, p in enumerate(parts):
        ext = b";name=value" if i == 0 else b""
        out += b"%x%s\r\n%s\r\n" % (len(p), ext, p)
    return out + b"0\r\nx-trailer: 1\r\n\r\n"


def write(target, name, data):
    d = os.path.join(SEEDS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def error_seed(v):
    """decode_error's framing: status u16 BE | flags | errortype len | Retry-After len | ... | body."""
    http = v["http"]
    headers = {n.lower(): val.encode("utf-8") for n, val in http["headers"]}
    et = headers.get("x-amzn-errortype")
    ra = headers.get("retry-after")
    if (et and len(et) > 255) or (ra and len(ra) > 255):
        return None
    flags = (1 if et is not None else 0) | (2 if ra is not None else 0)
    return (struct.pack(">HBBB", http["status"], flags, len(et or b""), len(ra or b""))
            + (et or b"") + (ra or b"") + http["body"].encode("utf-8"))


def endpoint_seed(p):
    """endpoint's framing: flags | known-region index | region | NUL | endpoint."""
    flags = ((1 if p["useFips"] else 0) | (2 if p["useDualStack"] else 0)
             | (4 if p["region"] is not None else 0) | (8 if p["endpoint"] is not None else 0))
    return (bytes([flags, 0]) + (p["region"] or "").encode("utf-8") + b"\0"
            + (p["endpoint"] or "").encode("utf-8"))


def dict_line(token):
    if isinstance(token, str):
        token = token.encode("utf-8")
    esc = "".join(chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C) else f"\\x{b:02X}" for b in token)
    return f'"{esc}"'


def main():
    responses = load("run_microvm_responses.json")
    errors = load("errors.json")
    endpoints = load("endpoints.json")["vectors"]

    # Generated seeds are rewritten; `regress-*` files (crash inputs kept by hand) stay.
    for root, _dirs, files in os.walk(SEEDS):
        for f in files:
            if not f.startswith("regress-"):
                os.remove(os.path.join(root, f))
    os.makedirs(DICT, exist_ok=True)

    # decode_response: success bodies, including the odd spacing, escapes and nulls.
    for v in spread(responses):
        write("decode_response", v["name"], v["http"]["body"].encode("utf-8"))

    # decode_error.
    for v in spread(errors):
        seed = error_seed(v)
        if seed is not None:
            write("decode_error", v["name"], seed)

    # parse_http_response: success and error responses, a chunked one, an interim 100 before
    # one, two pipelined, and the body-less and close-delimited framings.
    picked = spread(responses, 8) + spread(errors, 8)
    for v in picked:
        write("parse_http_response", v["name"], raw_http(v))
    first = raw_http(responses[0])
    write("parse_http_response", "chunked", chunked(first))
    write("parse_http_response", "continue-then-final", b"HTTP/1.1 100 Continue\r\n\r\n" + first)
    write("parse_http_response", "pipelined", first + raw_http(errors[0]))
    write("parse_http_response", "no-content", b"HTTP/1.1 204 No Content\r\nx-amzn-RequestId: 1\r\n\r\n")
    write("parse_http_response", "close-delimited", b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{}")

    # endpoint: regional (each partition's first vectors) and custom endpoints, valid and not.
    regional = [v["params"] for v in endpoints if v["params"]["endpoint"] is None]
    custom = [v["params"] for v in endpoints if v["params"]["endpoint"] is not None]
    for i, p in enumerate(spread(regional, 12) + spread(custom, 12)):
        write("endpoint", f"{i:02}", endpoint_seed(p))

    # Dictionaries.
    # Every member of the RunMicrovm/GetMicrovm input and output shapes and of the error shapes
    # (service-2.json), plus the names botocore reads error codes and messages from.
    members = {
        # RunMicrovmRequest, GetMicrovmRequest
        "ingressNetworkConnectors", "egressNetworkConnectors", "imageIdentifier", "imageVersion",
        "executionRoleArn", "idlePolicy", "logging", "kmsKeyIdentifier", "runHookPayload",
        "maximumDurationInSeconds", "clientToken", "microvmIdentifier",
        # IdlePolicy, Logging, CloudWatchLogging
        "maxIdleDurationSeconds", "suspendedDurationSeconds", "autoResumeEnabled", "disabled",
        "cloudWatch", "logGroup", "logStream",
        # RunMicrovmResponse / GetMicrovmResponse
        "microvmId", "state", "endpoint", "imageArn", "startedAt", "terminatedAt", "stateReason",
        # error shapes and botocore's error fields
        "message", "Message", "Type", "resourceId", "resourceType", "serviceCode", "quotaCode",
        "retryAfterSeconds", "code", "Code", "__type",
    }
    # (An empty code is a valid vector but not a usable dictionary entry.)
    codes = sorted({v["expected"]["code"] for v in errors if v.get("expected", {}).get("code")} | {
        "AccessDeniedException", "ConflictException", "InsufficientCapacityException",
        "InternalServerException", "ResourceNotFoundException", "ServiceQuotaExceededException",
        "ThrottlingException", "ValidationException", "TooManyRequestsException"})
    states = ["PENDING", "RUNNING", "SUSPENDING", "SUSPENDED", "TERMINATING", "TERMINATED"]
    json_tokens = ["{", "}", "[", "]", ":", ",", '""', "null", "true", "false", "0", "-1", "1e3",
                   "0.5", "1E-7", "-0", "2147483647", "2147483648", "-2147483649", "\\u0000",
                   "\\ud83d\\ude00", "\\ud800", "\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "<html>"]
    lines = ["# JSON tokens, model member names, error codes and states. Generated by scripts/fuzz-seeds.py."]
    lines += [dict_line(t) for t in json_tokens]
    lines += [dict_line(f'"{m}"') for m in sorted(members)]
    lines += [dict_line(f'"{m}":') for m in sorted(members)]
    lines += [dict_line(c) for c in codes] + [dict_line(f'"{s}"') for s in states]
    lines += [dict_line(":http://internal.amazon.com/coral/com.amazon.coral.service/"), dict_line("aws.api#")]
    json_dict = "\n".join(lines) + "\n"
    with open(os.path.join(DICT, "json.dict"), "w", encoding="utf-8") as f:
        f.write(json_dict)

    http_tokens = ["HTTP/1.1 ", "HTTP/1.0 ", " 200 OK", " 100 Continue", " 204 ", " 304 ", " 101 ", "\r\n",
                   "\r\n\r\n", ": ", "Content-Length: ", "Transfer-Encoding: chunked", "Transfer-Encoding: ",
                   "chunked", "Content-Type: application/json", "x-amzn-RequestId: ", "x-amz-request-id: ",
                   "x-amzn-ErrorType: ", "Retry-After: ", "0\r\n\r\n", ";ext=1", "ffffffffffffffff",
                   "18446744073709551616", ", ", "\t"]
    with open(os.path.join(DICT, "http.dict"), "w", encoding="utf-8") as f:
        f.write("# HTTP/1.1 framing tokens, then json.dict. Generated by scripts/fuzz-seeds.py.\n")
        f.write("\n".join(dict_line(t) for t in http_tokens) + "\n" + json_dict)

    regions = sorted({v["params"]["region"] for v in endpoints if v["params"]["region"]})
    suffixes = set()
    for v in endpoints:
        url = v.get("expected", {}).get("url")
        if url and v["params"]["endpoint"] is None and v["params"]["region"]:
            host = url.split("://", 1)[1]
            suffixes.add(host.split(v["params"]["region"], 1)[-1])
    url_tokens = ["https://", "http://", "HTTPS://", ":443", ":80", ":0", ":65536", "[::1]", "[", "]", "::",
                  "127.0.0.1", "0177.0.0.1", "@", "?", "#", "/", "//", "%2F", "%", ".", "..", "-", "_",
                  "localhost", "lambda", "lambda-fips"]
    with open(os.path.join(DICT, "endpoint.dict"), "w", encoding="utf-8") as f:
        f.write("# Regions, DNS suffixes and URL pieces. Generated by scripts/fuzz-seeds.py.\n")
        f.write("\n".join(dict_line(t) for t in regions + sorted(suffixes) + url_tokens) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
