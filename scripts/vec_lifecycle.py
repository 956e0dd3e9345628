"""Lifecycle request vectors (GetMicrovm, TerminateMicrovm, SuspendMicrovm, ResumeMicrovm).

These operations send no body, so the request botocore signs is byte for byte the one the crate
must produce: the vectors carry botocore's exact signature, path and headers.
"""

import random

import botoharness
from vec_requests import PARTITION_REGIONS, TIMES

SEED = 0x5167_0005

OPERATIONS = [
    ("GetMicrovm", "get_microvm"),
    ("TerminateMicrovm", "terminate_microvm"),
    ("SuspendMicrovm", "suspend_microvm"),
    ("ResumeMicrovm", "resume_microvm"),
]

# Identifiers that exercise the path label's percent-encoding (and its double encoding in the
# canonical request): reserved characters, spaces, '/', '%', non-ASCII.
IDS = ["mvm-0123456789abcdef0", "mvm/1 a", "a:b@c", "100%", "é日本", "~._-", "a+b=c&d", "x?y#z",
       "arn:aws:lambda:us-east-1:123456789012:microvm:mvm-1", "\U0001f600"]


def generate():
    rng = random.Random(SEED)
    regions = [r for rs in PARTITION_REGIONS.values() for r in rs]
    out = []
    n = 0
    for operation, method in OPERATIONS:
        for ident in IDS:
            n += 1
            region = rng.choice(regions)
            token = None if n % 3 else "IQoJb3JpZ2luX2VjE" + "".join(rng.choice("ABCdef0123+/=") for _ in range(40))
            creds = {"accessKeyId": "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
                     "secretAccessKey": "".join(rng.choice("abcdefABCDEF0123456789+/") for _ in range(40)),
                     "sessionToken": token}
            time_text = rng.choice(TIMES)
            client = botoharness.make_client(region, None, False, False, creds)
            call, _, err = botoharness.invoke(client, method, {"microvmIdentifier": ident}, time_text, bytes(16),
                                              response_body=b"{}")
            assert err is None, err
            r = call.request
            headers = [[k, v.decode() if isinstance(v, bytes) else v] for k, v in r.headers.items()]
            path = r.url.split("://", 1)[1]
            path = path[path.index("/"):]
            out.append({
                "name": f"{n:03d}-{operation}-{region}" + ("-token" if token else ""),
                "operation": operation,
                "params": {"microvmIdentifier": ident},
                "region": region,
                "credentials": creds,
                "time": time_text,
                "expected": {
                    "method": r.method,
                    "path": path,
                    "host": r.url.split("://", 1)[1].split("/", 1)[0],
                    "headers": headers,
                    "canonicalRequest": call.canonical_requests[-1],
                    "authorization": dict(headers)["Authorization"],
                },
            })
    return out


def self_check(vectors):
    assert len(vectors) >= 40
    for v in vectors:
        assert v["expected"]["authorization"].startswith("AWS4-HMAC-SHA256 Credential=")
