"""RunMicrovm / GetMicrovm 200-response vectors parsed by a real botocore client.

Bodies are hand-rolled JSON text (see jsonwire.py) so they exercise what a
decoder meets on the wire; the expected output is what botocore's client
returned for exactly those bytes, minus ResponseMetadata, with datetimes
rendered as RFC 3339 UTC.
"""

import datetime
import random
import uuid
from decimal import Decimal

import botoharness
from jsonwire import Raw, dumps

SEED = 0x5167_0003

STATES = ["PENDING", "RUNNING", "SUSPENDING", "SUSPENDED", "TERMINATING", "TERMINATED"]
UNKNOWN_STATES = ["PROVISIONING", "running", "", "HIBERNATED", "STATE_\u00e9\U0001f600", "Pending ", "null"]

CREDS = {"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
         "sessionToken": None}

NASTY = ["\"", "\\", "/", "</script>", "\u2028", "\u2029", "\u007f", "\u00e9", "\u65e5\u672c", "\U0001f600",
         "\U0001d11e", "\ufeff", "\ufffd", "\x00", "\x01", "\x1f", "\n", "\t", "\r", "\b", "\f", "'", " "]

ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def rand_plain(rng, alphabet, lo, hi):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi)))


def rand_nasty(rng, lo=1, hi=40):
    s = ""
    target = rng.randint(lo, hi)
    while len(s) < target:
        s += rng.choice(NASTY + ["abc", "mvm", "-", "1"])
    return s[:target]


def fmt_rfc3339(dt):
    dt = dt.astimezone(datetime.timezone.utc)
    s = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dt.microsecond:
        s += "." + f"{dt.microsecond:06d}".rstrip("0")
    return s + "Z"


def rfc3339_from_decimal(d):
    secs = int(d)  # d >= 0
    micros = int((d - secs) * 1000000)
    assert Decimal(secs) + Decimal(micros) / 1000000 == d
    dt = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=secs,
                                                                                            microseconds=micros)
    return fmt_rfc3339(dt)


def rand_timestamp(rng, form):
    """Return (wire text, exact Decimal value). Fractions keep <= 6 digits after applying the exponent."""
    if form == "int":
        v = rng.choice([0, 1, 1795790111, 2147483647, 2147483648, 4294967295, 253402300799,
                        rng.randrange(0, 4102444800)])
        return str(v), Decimal(v)
    k = rng.randint(1, 6)
    secs = rng.choice([0, 1, 1795790111, rng.randrange(946684800, 4294967295)])
    frac = rng.randrange(0, 10 ** k)
    target = Decimal(secs) + Decimal(frac).scaleb(-k)
    if form == "frac":
        text = f"{secs}.{frac:0{k}d}"
    else:
        e = rng.choice([-3, -1, 1, 2, 5, 9, 10, 12])
        mant = target.scaleb(-e)
        mtext = format(mant, "f")
        if "." in mtext and rng.random() < 0.5:
            mtext = mtext.rstrip("0").rstrip(".") or "0"
        etext = rng.choice(["e", "E"]) + (rng.choice(["", "+"]) if e >= 0 else "") + str(e)
        text = mtext + etext
    assert Decimal(text) == target, (text, target)
    return text, target


def unknown_value(rng, depth):
    k = rng.randrange(9 if depth < 6 else 6)
    if k == 0:
        return None
    if k == 1:
        return rng.random() < 0.5
    if k == 2:
        return Raw(rng.choice(["0", "-0", "1e400", "-1.5E-7", "123456789012345678901234567890", "3.14159", "-42"]))
    if k == 3:
        return rand_nasty(rng)
    if k == 4:
        return "unknown"
    if k == 5:
        return Raw(str(rng.randint(-10 ** 6, 10 ** 6)))
    if k == 6:
        return [unknown_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rand_plain(rng, ALNUM, 1, 12): unknown_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def add_unknowns(rng, obj, n):
    for _ in range(n):
        name = rng.choice(["extra", "futureField", "microvmIdV2", "Endpoint", "STATE", "idle_policy",
                           "x" + rand_plain(rng, ALNUM, 1, 8), "\u00e9t\u00e9", ""])
        if name in obj:
            continue
        obj[name] = unknown_value(rng, 0)


def deep_unknown(depth):
    v = {"leaf": [1, "two", None, {"k": []}]}
    for i in range(depth):
        v = {"d" + str(i): [v]} if i % 2 else {"d" + str(i): v}
    return v


def rand_arn(rng, kind):
    return (f"arn:aws:lambda:us-east-1:{rand_plain(rng, '0123456789', 12, 12)}:{kind}:"
            f"{rand_plain(rng, ALNUM + '-_', 1, 30)}")


def build_case(rng, i, op):
    style = i % 10
    state_idx = i % 13
    state = STATES[state_idx % 6] if state_idx < 12 or style != 4 else None
    if style == 4 or state is None:
        state = UNKNOWN_STATES[(i // 10) % len(UNKNOWN_STATES)]
    level = 0 if style == 0 else 1
    ts_form = ["int", "frac", "exp"][i % 3]
    started_wire, started_val = rand_timestamp(rng, ts_form)
    mvm_id = "mvm-" + rand_plain(rng, "0123456789abcdef", 16, 16)
    wire = {
        "microvmId": mvm_id,
        "state": state,
        "endpoint": f"{mvm_id}.microvm.lambda.us-east-1.on.aws",
        "imageArn": rand_arn(rng, "microvm-image"),
        "imageVersion": str(rng.randint(1, 999)),
        "maximumDurationInSeconds": rng.choice([1, 28800, 3600, rng.randint(1, 28800)]),
        "startedAt": Raw(started_wire),
    }
    terminated_wire = None
    tags = [op, style_name(style), state if state in STATES else "unknown-state", ts_form]
    optional = style in (1, 3, 5, 6, 7, 8) or (style == 2 and rng.random() < 0.5)
    if optional:
        wire["executionRoleArn"] = f"arn:aws:iam::{rand_plain(rng, '0123456789', 12, 12)}:role/service-role/r"
        wire["idlePolicy"] = {"maxIdleDurationSeconds": rng.choice([60, 900, 2147483647]),
                              "suspendedDurationSeconds": rng.choice([0, 3600, 2147483647]),
                              "autoResumeEnabled": rng.random() < 0.5}
        terminated_wire, _ = rand_timestamp(rng, rng.choice(["int", "frac", "exp"]))
        wire["terminatedAt"] = Raw(terminated_wire)
        wire["stateReason"] = rng.choice(["UserInitiated", "MaximumDurationReached", "Idle",
                                          "Image\u00e9\U0001f600\"quoted\"\\back/slash"])
        wire["kmsKeyIdentifier"] = rng.choice(["alias/mine", "1234abcd-12ab-34cd-56ef-1234567890ab",
                                               "arn:aws:kms:us-east-1:123456789012:key/1234abcd"])
        n = 10 if style == 6 else rng.randint(0, 3)
        wire["ingressNetworkConnectors"] = [rand_arn(rng, "network-connector") for _ in range(n)]
        n = 10 if style == 6 and i % 2 else (0 if style == 6 else rng.randint(0, 3))
        wire["egressNetworkConnectors"] = [rand_arn(rng, "network-connector") for _ in range(n)]
    if style == 2:
        # null for optional members: botocore drops them as if absent
        for m in ["executionRoleArn", "idlePolicy", "terminatedAt", "stateReason", "kmsKeyIdentifier",
                  "ingressNetworkConnectors", "egressNetworkConnectors"]:
            if rng.random() < 0.6:
                wire[m] = None
                if m == "terminatedAt":
                    terminated_wire = None
    if style == 5:
        wire["stateReason"] = rand_plain(rng, ALNUM + "-_.:/", 1500, 2000)
        wire["endpoint"] = "https://" + rand_plain(rng, ALNUM + "-.", 1800, 2000) + ".example"
        wire["microvmId"] = rand_nasty(rng, 200, 256) if rng.random() < 0.5 else "m" * 256
        wire["ingressNetworkConnectors"] = ["nc-" + rand_plain(rng, ALNUM, 1990, 2000) for _ in range(2)]
    if style == 7:
        wire["microvmId"] = rand_nasty(rng, 5, 60)
        wire["stateReason"] = "x" + rand_nasty(rng, 5, 80)
        wire["ingressNetworkConnectors"] = [rand_nasty(rng, 1, 30) for _ in range(rng.randint(1, 4))]
        level = 2
    if style in (3, 8):
        add_unknowns(rng, wire, rng.randint(1, 5))
        if isinstance(wire.get("idlePolicy"), dict):
            add_unknowns(rng, wire["idlePolicy"], rng.randint(1, 3))
        if style == 8:
            wire["zzDeep"] = deep_unknown(8)
    body = dumps(wire, rng, level=level)
    if style != 0 and rng.random() < 0.3:
        body = "\n " + body + " \r\n"
    return body, started_wire, started_val, terminated_wire, tags


def style_name(style):
    return ["minimal-compact", "full", "nulls", "unknown-members", "unknown-enum", "long-strings", "lists-10",
            "escapes", "deep-unknown", "mixed"][style]


def render_output(v):
    if isinstance(v, datetime.datetime):
        return fmt_rfc3339(v)
    if isinstance(v, dict):
        return {k: render_output(x) for k, x in v.items()}
    if isinstance(v, list):
        return [render_output(x) for x in v]
    return v


_CLIENT = None


def client():
    global _CLIENT
    if _CLIENT is None:
        _CLIENT = botoharness.make_client("us-east-1", None, False, False, CREDS)
    return _CLIENT


def parse_with_client(op, body, headers):
    method = "run_microvm" if op == "RunMicrovm" else "get_microvm"
    params = {"imageIdentifier": "img"} if op == "RunMicrovm" else {"microvmIdentifier": "mvm-1"}
    call, result, err = botoharness.invoke(client(), method, params, "2026-11-27T14:35:11Z", bytes(16),
                                           response_status=200, response_headers=headers,
                                           response_body=body.encode("utf-8"))
    if err is not None:
        raise err
    result = dict(result)
    result.pop("ResponseMetadata")
    return result


def generate():
    rng = random.Random(SEED)
    out = []
    for i in range(176):
        op = "RunMicrovm" if i % 2 == 0 else "GetMicrovm"
        body, started_wire, started_val, terminated_wire, tags = build_case(rng, i // 2, op)
        headers = [["Content-Type", "application/json"],
                   ["x-amzn-RequestId", str(uuid.UUID(int=rng.getrandbits(128), version=4))],
                   ["Content-Length", str(len(body.encode("utf-8")))],
                   ["Date", "Fri, 27 Nov 2026 14:35:11 GMT"]]
        output = parse_with_client(op, body, dict(headers))
        assert fmt_rfc3339(output["startedAt"]) == rfc3339_from_decimal(started_val), (started_wire, output)
        if terminated_wire is not None:
            assert fmt_rfc3339(output["terminatedAt"]) == rfc3339_from_decimal(Decimal(terminated_wire))
        out.append({
            "name": f"{i + 1:03d}-" + "-".join(tags),
            "operation": op,
            "http": {"status": 200, "headers": headers, "body": body},
            "startedAtWire": started_wire,
            "terminatedAtWire": terminated_wire,
            "expected": {"output": render_output(output)},
        })
    return out


def self_check(vectors):
    import json

    assert len(vectors) >= 160
    ops = [v["operation"] for v in vectors]
    assert ops.count("RunMicrovm") >= 80 and ops.count("GetMicrovm") >= 80
    seen_states = set()
    for v in vectors:
        json.loads(v["http"]["body"])
        assert v["http"]["status"] == 200
        out = v["expected"]["output"]
        for req in ["microvmId", "state", "endpoint", "imageArn", "imageVersion", "maximumDurationInSeconds",
                    "startedAt"]:
            assert req in out, (v["name"], req)
        assert out["startedAt"].endswith("Z")
        seen_states.add(out["state"])
        for k in ("ingressNetworkConnectors", "egressNetworkConnectors"):
            if k in out:
                assert all(isinstance(x, str) for x in out[k])
    assert set(STATES) <= seen_states
    assert seen_states - set(STATES)
