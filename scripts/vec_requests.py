"""RunMicrovm request vectors: what a real botocore client puts on the wire.

Params are always built in the model's member order, so botocore's JSON body
lists members in model order (botocore serializes in the order of the params
dict; an auto-filled clientToken is appended last, which is also its model
position).
"""

import hashlib
import hmac
import random

import botoharness
from botocore.auth import SigV4Auth
from botocore.credentials import Credentials

SEED = 0x5167_0002

MEMBER_ORDER = ["ingressNetworkConnectors", "egressNetworkConnectors", "imageIdentifier", "imageVersion",
                "executionRoleArn", "idlePolicy", "logging", "kmsKeyIdentifier", "runHookPayload",
                "maximumDurationInSeconds", "clientToken"]

TIMES = ["2026-11-27T14:35:11Z", "2015-08-30T12:36:00Z", "2024-02-29T23:59:59Z", "2038-01-19T03:14:08Z",
         "2099-12-31T00:00:00Z", "2000-01-01T00:00:00Z"]

# Control characters, quotes, backslash, line/paragraph separators, non-ASCII, astral plane, HTML-ish.
NASTY = (["\"", "\\", "/", "</script>", "\u2028", "\u2029", "\u007f", "\u0080", "\u00e9", "\u00ff", "\u65e5\u672c\u8a9e",
          "\U0001f600", "\U0001d11e", "\U0010ffff", "\ufeff", "\ufffd", "\uffff", "'", "&", "<", ">", " ", "{}", "[]",
          "\\u0000", "%00", "\\\"", "\"\\"]
         + [chr(c) for c in range(0x20)])

PARTITION_REGIONS = {
    "aws": ["us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1", "ca-central-1", "us-west-2"],
    "aws-us-gov": ["us-gov-west-1", "us-gov-east-1"],
    "aws-cn": ["cn-north-1", "cn-northwest-1"],
    "aws-iso": ["us-iso-east-1", "us-iso-west-1"],
    "aws-iso-b": ["us-isob-east-1"],
    "aws-iso-e": ["eu-isoe-west-1"],
    "aws-iso-f": ["us-isof-south-1", "us-isof-east-1"],
    "aws-eusc": ["eusc-de-east-1"],
}
PARTITION_OF = {r: p for p, rs in PARTITION_REGIONS.items() for r in rs}

ENDPOINTS = ["https://custom.example:8443/base", "https://custom.example:8443/base/", "http://localhost:8080",
             "https://[::1]:9443", "https://mvm.internal.example", "https://custom.example/a/b/c",
             "http://127.0.0.1:4566/", "https://custom.example:443/base"]


def rand_nasty(rng, lo=1, hi=40, forbid=""):
    while True:
        parts = []
        for _ in range(rng.randint(0, 6)):
            parts.append(rng.choice(NASTY))
            if rng.random() < 0.5:
                parts.append(rng.choice(["abc", "Image", "x", "123", "mvm-", "-", "_", "."]))
        s = "".join(parts)
        s = "".join(c for c in s if c not in forbid)
        if lo <= len(s) <= hi:
            return s


def rand_plain(rng, alphabet, lo, hi):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi)))


ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def rand_account(rng):
    return "".join(rng.choice("0123456789") for _ in range(12))


def rand_image_identifier(rng, partition, region):
    k = rng.randrange(4)
    if k == 0:
        return f"arn:{partition}:lambda:{region}:{rand_account(rng)}:microvm-image:{rand_plain(rng, ALNUM + '-_', 1, 40)}"
    if k == 1:
        return "img-" + rand_plain(rng, "0123456789abcdef", 16, 16)
    if k == 2:
        return rand_plain(rng, ALNUM + "-_.", 1, 64)
    return rand_nasty(rng, 1, 120)


def rand_role(rng, partition):
    name = rand_plain(rng, ALNUM + "+=,.@-_/", 1, 64)
    return f"arn:{partition}:iam::{rand_account(rng)}:role/{name}"


def rand_kms(rng, partition, region):
    k = rng.randrange(3)
    if k == 0:
        kind = rng.choice(["key", "alias"])
        return f"arn:{partition}:kms:{region}:{rand_account(rng)}:{kind}/{rand_plain(rng, ALNUM + ':/_-', 1, 60)}"
    if k == 1:
        return "alias/" + rand_plain(rng, ALNUM + ":/_-", 1, 40)
    return rand_plain(rng, "0123456789abcdef-", 36, 36)


def rand_connector(rng, partition, region):
    k = rng.randrange(3)
    if k == 0:
        return f"arn:{partition}:lambda:{region}:{rand_account(rng)}:network-connector:nc-{rand_plain(rng, ALNUM, 8, 20)}"
    if k == 1:
        return "nc-" + rand_plain(rng, "0123456789abcdef", 8, 17)
    return rand_nasty(rng, 1, 60)


def rand_version(rng):
    k = rng.randrange(3)
    if k == 0:
        return str(rng.randint(1, 10 ** rng.randint(1, 9)))
    if k == 1:
        return rng.choice(["$LATEST", "1.0.0", "v2", "release-2026.11.27", "\u00e9t\u00e9", "\U0001f600", "a\"b\\c",
                           "</script>"])
    return rand_plain(rng, ALNUM + "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", 1, 80)


def rand_idle(rng, kind):
    if kind == "min":
        return {"maxIdleDurationSeconds": 60, "suspendedDurationSeconds": 0, "autoResumeEnabled": False}
    if kind == "big":
        return {"maxIdleDurationSeconds": 2147483647, "suspendedDurationSeconds": 2147483647, "autoResumeEnabled": True}
    return {"maxIdleDurationSeconds": rng.randint(60, 86400), "suspendedDurationSeconds": rng.randint(0, 604800),
            "autoResumeEnabled": rng.random() < 0.5}


def rand_logging(rng):
    k = rng.randrange(5)
    if k == 0:
        return {"disabled": {}}
    if k == 1:
        return {"cloudWatch": {"logGroup": "/aws/lambda-microvms/" + rand_plain(rng, ALNUM + "_-/.#", 1, 40)}}
    if k == 2:
        return {"cloudWatch": {"logGroup": rand_plain(rng, ALNUM + "_-/.#", 1, 80),
                               "logStream": rand_nasty(rng, 1, 60, forbid=":*")}}
    if k == 3:
        return {"cloudWatch": {"logGroup": "g", "logStream": rand_plain(rng, ALNUM + "/[]$", 1, 30)}}
    return {"cloudWatch": {}}


def ordered(params):
    return {k: params[k] for k in MEMBER_ORDER if k in params}


def build_params(rng, i, partition, region):
    """Pick a mix of members; case shapes rotate so every class is covered."""
    p = {"imageIdentifier": rand_image_identifier(rng, partition, region)}
    style = i % 8
    if style == 0:
        return p, "minimal"
    full = style in (1, 2)
    for member, prob in [("imageVersion", 0.5), ("executionRoleArn", 0.5), ("idlePolicy", 0.4), ("logging", 0.5),
                         ("kmsKeyIdentifier", 0.3), ("runHookPayload", 0.5), ("maximumDurationInSeconds", 0.5),
                         ("ingressNetworkConnectors", 0.4), ("egressNetworkConnectors", 0.4), ("clientToken", 0.3)]:
        if not (full or rng.random() < prob):
            continue
        if member == "imageVersion":
            p[member] = rand_version(rng)
        elif member == "executionRoleArn":
            p[member] = rand_role(rng, partition)
        elif member == "idlePolicy":
            p[member] = rand_idle(rng, rng.choice(["min", "big", "rand", "rand"]))
        elif member == "logging":
            p[member] = rand_logging(rng)
        elif member == "kmsKeyIdentifier":
            p[member] = rand_kms(rng, partition, region)
        elif member == "runHookPayload":
            k = rng.randrange(5)
            if k == 0:
                p[member] = ""
            elif k == 1:
                p[member] = '{"cmd":["/bin/sh","-c","echo hi"],"env":{"A":"1"}}'
            elif k == 2:
                p[member] = rand_nasty(rng, 0, 300)
            elif k == 3:
                p[member] = "".join(chr(c) for c in range(0x80)) + "\u2028\u2029\U0001f600</script>"
            else:
                p[member] = ("x" * 4096) if rng.random() < 0.5 else ("\U0001f600" * 1024)
        elif member == "maximumDurationInSeconds":
            p[member] = rng.choice([1, 28800, rng.randint(1, 28800)])
        elif member in ("ingressNetworkConnectors", "egressNetworkConnectors"):
            n = rng.choice([0, 1, 2, 3, 10, rng.randint(0, 10)])
            p[member] = [rand_connector(rng, partition, region) for _ in range(n)]
        elif member == "clientToken":
            p[member] = rng.choice([rand_plain(rng, ALNUM + "-", 1, 64), rand_nasty(rng, 1, 64), "x" * 128,
                                    "00000000-0000-4000-8000-000000000000"])
    return p, "full" if full else "mixed"


def signing_key_botocore(secret, date, region, service):
    """Derived with botocore's own SigV4Auth._sign chain (same as SigV4Auth.signature)."""
    s = SigV4Auth(Credentials("x", secret), service, region)
    k_date = s._sign(("AWS4" + secret).encode("utf-8"), date)
    k_region = s._sign(k_date, region)
    k_service = s._sign(k_region, service)
    return s._sign(k_service, "aws4_request")


def header_str(v):
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)


def rand_creds(rng, with_token):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return {
        "accessKeyId": ("ASIA" if with_token else "AKIA") + rand_plain(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 16),
        "secretAccessKey": rand_plain(rng, alphabet, 40, 40),
        "sessionToken": ("FwoGZXIvYXdzE" + rand_plain(rng, alphabet, 100, 400)) if with_token else None,
    }


_CLIENTS = {}


def client_for(region, endpoint, fips, dual, creds):
    key = (region, endpoint, fips, dual, tuple(sorted((k, v or "") for k, v in creds.items())))
    if key not in _CLIENTS:
        _CLIENTS[key] = botoharness.make_client(region, endpoint, fips, dual, creds)
    return _CLIENTS[key]


RUN_OK_BODY = (b'{"microvmId":"mvm-1","state":"PENDING","endpoint":"mvm-1.example","imageArn":'
               b'"arn:aws:lambda:us-east-1:123456789012:microvm-image:img","imageVersion":"1",'
               b'"maximumDurationInSeconds":1,"startedAt":1}')


def run_case(case):
    client = client_for(case["region"], case["endpoint"], case["useFips"], case["useDualStack"], case["credentials"])
    call, result, err = botoharness.invoke(client, "run_microvm", case["params"], case["time"],
                                           bytes.fromhex(case["randomBytes"]), response_body=RUN_OK_BODY)
    return call, result, err


def expected_for(case, call):
    from urllib.parse import urlsplit
    from botocore.auth import _host_from_url

    req = call.request
    assert len(call.canonical_requests) == 1 and len(call.strings_to_sign) == 1
    signer = call.signers[0]
    headers = [[k, header_str(v)] for k, v in req.headers.items()]
    hd = {k.lower(): v for k, v in headers}
    auth = hd["authorization"]
    sig = auth.rsplit("Signature=", 1)[1]
    signed = auth.split("SignedHeaders=", 1)[1].split(",", 1)[0]
    amz_date = hd["x-amz-date"]
    key = signing_key_botocore(case["credentials"]["secretAccessKey"], amz_date[:8], signer._region_name,
                               signer._service_name)
    sts = call.strings_to_sign[0]
    assert hmac.new(key, sts.encode("utf-8"), hashlib.sha256).hexdigest() == sig
    assert signer._service_name == "lambda"
    body = req.body.decode("utf-8") if isinstance(req.body, bytes) else (req.body or "")
    import json

    parsed = json.loads(body)
    token = parsed.get("clientToken")
    if "clientToken" not in case["params"]:
        assert token == str(botoharness.uuid_from_random_bytes(bytes.fromhex(case["randomBytes"])))
    else:
        assert token == case["params"]["clientToken"]
    parts = urlsplit(req.url)
    return {
        "method": req.method,
        "url": req.url,
        "host": _host_from_url(req.url),
        "path": parts.path,
        "query": parts.query,
        "headers": headers,
        "body": body,
        "signedHeaders": signed,
        "canonicalRequest": call.canonical_requests[0],
        "stringToSign": sts,
        "signature": sig,
        "signingKeyHex": key.hex(),
        "signingRegion": signer._region_name,
        "signingName": signer._service_name,
        "clientToken": token,
    }


def generate():
    rng = random.Random(SEED)
    cases = []
    invalid = []
    regions = [r for rs in PARTITION_REGIONS.values() for r in rs]
    i = 0
    n_target = 176
    endpoint_errors = 0
    while len(cases) < n_target:
        # Endpoint configuration rotates independently of the params style.
        region = regions[i % len(regions)] if i % 3 else "us-east-1"
        mode = (i // 2) % 6
        endpoint = None
        fips = dual = False
        if mode == 1:
            fips = True
        elif mode == 2:
            dual = True
        elif mode == 3:
            fips = dual = True
        elif mode == 4:
            endpoint = ENDPOINTS[(i // 12) % len(ENDPOINTS)]
        elif mode == 5 and i % 4 == 3:
            # botocore drops FIPS/DualStack when an endpoint_url is given (the rule set would
            # raise "Invalid Configuration"); such cases are marked quirk-* in their name.
            endpoint = ENDPOINTS[(i // 7) % len(ENDPOINTS)]
            fips, dual = [(True, False), (False, True), (True, True)][(i // 4) % 3]
        partition = PARTITION_OF[region]
        creds = rand_creds(rng, rng.random() < 0.4)
        params, style = build_params(rng, i, partition, region)
        case = {
            "operation": "RunMicrovm",
            "params": ordered(params),
            "region": region,
            "endpoint": endpoint,
            "useFips": fips,
            "useDualStack": dual,
            "credentials": creds,
            "time": TIMES[i % len(TIMES)],
            "randomBytes": bytes(rng.randrange(256) for _ in range(16)).hex(),
        }
        i += 1
        try:
            call, result, err = run_case(case)
        except Exception as e:  # client construction itself can refuse the configuration
            call, result, err = None, None, e
        flags = ("fips-" if fips else "") + ("dualstack-" if dual else "") + ("endpoint-" if endpoint else "")
        quirk = "quirk-endpoint-drops-fips-dualstack-" if endpoint and (fips or dual) else ""
        name = (f"{len(cases) + 1:03d}-{style}-{region}-{flags}{quirk}"
                f"{'token' if creds['sessionToken'] else 'notoken'}")
        if err is not None:
            # Only endpoint-resolution failures are expected here; params are valid by construction.
            assert type(err).__name__ in ("EndpointResolutionError", "EndpointVariantError"), (err, case)
            endpoint_errors += 1
            invalid.append({"name": f"endpoint-{endpoint_errors:02d}-{region}-{flags.rstrip('-')}",
                            "kind": "endpoint", "params": case["params"], "region": region, "endpoint": endpoint,
                            "useFips": fips, "useDualStack": dual,
                            "botocoreError": f"{type(err).__name__}: {err}"})
            continue
        case["name"] = name
        case["expected"] = expected_for(case, call)
        cases.append(case)
    invalid.extend(invalid_cases())
    return cases, invalid


def invalid_cases():
    """Param sets botocore's client-side validation rejects, with its exact message."""
    base = {"imageIdentifier": "img-1"}
    sets = [
        ("missing-image", {}),
        ("empty-image", {"imageIdentifier": ""}),
        ("image-wrong-type", {"imageIdentifier": 5}),
        ("image-none", {"imageIdentifier": None}),
        ("unknown-member", dict(base, imageName="x")),
        ("idle-missing-all", dict(base, idlePolicy={})),
        ("idle-missing-resume", dict(base, idlePolicy={"maxIdleDurationSeconds": 60, "suspendedDurationSeconds": 0})),
        ("idle-below-min", dict(base, idlePolicy={"maxIdleDurationSeconds": 59, "suspendedDurationSeconds": 0,
                                                  "autoResumeEnabled": True})),
        ("suspended-negative", dict(base, idlePolicy={"maxIdleDurationSeconds": 60, "suspendedDurationSeconds": -1,
                                                      "autoResumeEnabled": True})),
        ("idle-bool-as-string", dict(base, idlePolicy={"maxIdleDurationSeconds": 60, "suspendedDurationSeconds": 0,
                                                       "autoResumeEnabled": "true"})),
        ("idle-int-as-string", dict(base, idlePolicy={"maxIdleDurationSeconds": "60", "suspendedDurationSeconds": 0,
                                                      "autoResumeEnabled": True})),
        ("duration-zero", dict(base, maximumDurationInSeconds=0)),
        ("duration-negative", dict(base, maximumDurationInSeconds=-5)),
        ("duration-float", dict(base, maximumDurationInSeconds=1.5)),
        ("role-too-short", dict(base, executionRoleArn="arn:aws:iam::1:r")),
        ("empty-version", dict(base, imageVersion="")),
        ("empty-kms", dict(base, kmsKeyIdentifier="")),
        ("empty-client-token", dict(base, clientToken="")),
        ("logging-two-members", dict(base, logging={"disabled": {}, "cloudWatch": {"logGroup": "g"}})),
        ("logging-empty-union", dict(base, logging={})),
        ("logging-empty-group", dict(base, logging={"cloudWatch": {"logGroup": ""}})),
        ("connector-empty-string", dict(base, ingressNetworkConnectors=[""])),
        ("connectors-not-list", dict(base, egressNetworkConnectors="nc-1")),
        ("connector-wrong-type", dict(base, egressNetworkConnectors=[1])),
        ("many-errors", {"imageVersion": "", "maximumDurationInSeconds": 0, "idlePolicy": {"maxIdleDurationSeconds": 1}}),
        # botocore does not enforce max length / max value / patterns: these pass its validation.
        ("not-rejected-duration-above-max", dict(base, maximumDurationInSeconds=28801)),
        ("not-rejected-11-connectors", dict(base, ingressNetworkConnectors=["nc"] * 11)),
        ("not-rejected-role-pattern", dict(base, executionRoleArn="not-an-arn-but-long-enough")),
        ("not-rejected-image-257", dict(base, imageIdentifier="x" * 257)),
    ]
    out = []
    creds = {"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
             "sessionToken": None}
    client = client_for("us-east-1", None, False, False, creds)
    for name, params in sets:
        call, result, err = botoharness.invoke(client, "run_microvm", params, TIMES[0], bytes(16),
                                               response_body=RUN_OK_BODY)
        out.append({"name": name, "kind": "params", "params": params,
                    "botocoreError": None if err is None else f"{type(err).__name__}: {err}"})
        if name.startswith("not-rejected"):
            assert err is None, (name, err)
        else:
            assert type(err).__name__ == "ParamValidationError", (name, err)
    return out


def self_check(cases, invalid):
    assert len(cases) >= 160
    names = set()
    for c in cases:
        assert c["name"] not in names
        names.add(c["name"])
        assert c["operation"] == "RunMicrovm"
        assert "imageIdentifier" in c["params"]
        assert list(c["params"]) == [k for k in MEMBER_ORDER if k in c["params"]]
        assert isinstance(c["useFips"], bool) and isinstance(c["useDualStack"], bool)
        assert c["endpoint"] is None or isinstance(c["endpoint"], str)
        assert len(bytes.fromhex(c["randomBytes"])) == 16
        e = c["expected"]
        for k in ("method", "url", "host", "path", "query", "body", "signedHeaders", "canonicalRequest",
                  "stringToSign", "signature", "signingKeyHex", "clientToken"):
            assert isinstance(e[k], str), k
        assert e["method"] == "POST"
        assert all(len(h) == 2 and all(isinstance(x, str) for x in h) for h in e["headers"])
        assert len(bytes.fromhex(e["signingKeyHex"])) == 32
    assert len(invalid) >= 20
    for v in invalid:
        assert v["kind"] in ("params", "endpoint")
        assert v["botocoreError"] is None or isinstance(v["botocoreError"], str)
