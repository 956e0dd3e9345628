"""SigV4 header-signing vectors produced by botocore's own ``SigV4Auth``.

Each vector feeds botocore exactly the inputs recorded in the JSON (raw
query pairs through ``AWSRequest.params`` so botocore does the encoding,
headers in the recorded order, a frozen clock) and records what botocore
signed: the canonical request and string-to-sign are captured from the very
``add_auth`` call whose signature lands in the Authorization header.
"""

import datetime
import hashlib
import hmac
import random
from unittest import mock

import botocore.auth
from botocore.auth import SigV4Auth, _host_from_url
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SEED = 0x5167_0004

SERVICES = ["lambda", "execute-api", "sts", "iam", "dynamodb", "service", "ec2", "sqs", "logs"]

# (region, dns suffix) across partitions, so scopes cover every shape of region name.
REGIONS = [
    ("us-east-1", "amazonaws.com"),
    ("us-west-2", "amazonaws.com"),
    ("eu-west-1", "amazonaws.com"),
    ("ap-southeast-2", "amazonaws.com"),
    ("il-central-1", "amazonaws.com"),
    ("me-central-1", "amazonaws.com"),
    ("us-gov-west-1", "amazonaws.com"),
    ("us-gov-east-1", "amazonaws.com"),
    ("cn-north-1", "amazonaws.com.cn"),
    ("cn-northwest-1", "amazonaws.com.cn"),
    ("us-iso-east-1", "c2s.ic.gov"),
    ("us-isob-east-1", "sc2s.sgov.gov"),
    ("eu-isoe-west-1", "cloud.adc-e.uk"),
    ("us-isof-south-1", "csp.hci.ic.gov"),
    ("eusc-de-east-1", "amazonaws.eu"),
]

FIXED_TIMES = [
    1440938160,  # 2015-08-30T12:36:00Z, the official suite's date
    951782400,  # 2000-02-29T00:00:00Z leap day
    946684799,  # 1999-12-31T23:59:59Z
    2147483647,  # 2038-01-19T03:14:07Z
    2147483648,  # one past i32
    4102444799,  # 2099-12-31T23:59:59Z
    1795790111,  # 2026-11-27T14:35:11Z
    0,  # the epoch
    1709164800,  # 2024-02-29T00:00:00Z
    253402300799,  # 9999-12-31T23:59:59Z
]

PATHS = [
    "/2025-09-09/microvms",
    "/2025-09-09/microvms",
    "/2025-09-09/microvms",
    "/",
    "/",
    "/a/b",
    "/2025-09-09/microvm-images",
    "/2025-09-09/microvms/mvm-0123456789abcdef/resume",
    "/2025-09-09/microvms/mvm-0123456789abcdef/auth-token",
    "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Amicrovm%3Amvm-1",
    "/2025-09-09/microvms/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Amicrovm%2Fmvm-1",
    "/2025-09-09/microvm-images/img%20with%20spaces/versions/1",
    "/path/with/trailing/",
    "/~user/a_b.c-d",
    "/a+b/c=d/e@f/g!h/i$j/k'l/m(n)/o*p/q,r/s;t",
    "/caf%C3%A9/%E2%9C%93/%F0%9F%98%80",
    "/already%2Fencoded%25percent",
    "/A/MiXeD/CaSe/123",
    "/colon:in:path",
]

# Wire paths botocore normalizes (dot segments removed, empty segments
# collapsed) before encoding; marked in the vector name.
NORMALIZED_PATHS = [
    "/a/./b",
    "/a/../b",
    "/a//b",
    "//leading",
    "/a/b/..",
    "/./",
    "/a/b/../../..",
]

QUERY_KEYS = ["Action", "Version", "maxResults", "nextToken", "state", "imageIdentifier", "a", "A", "b", "Z",
              "x-amz-meta", "key_with_under", "dot.key", "tilde~key"]

NASTY_PIECES = ["", " ", "  ", "+", "=", "&", "%", "%20", "%2B", "/", "?", "#", ":", "@", "!", "$", "'", "(", ")",
                "*", ",", ";", "[", "]", "-", "_", ".", "~", "a b", "a+b", "a=b", "a&b", "100%", "\u00e9", "\u00fc",
                "\u2713", "\U0001f600", "\u65e5\u672c", "\u00a0", "\t", "\"", "\\", "<>", "^`{|}", "A-Za-z0-9-_.~"]

HEADER_NAMES = ["Content-Type", "X-Amz-Target", "X-Amz-Meta-Foo", "X-Amz-Client-Context", "Accept",
                "X-Custom-Header", "My-Header1", "Content-Encoding", "X-Amz-Invocation-Type", "Cache-Control",
                "X-Amz-Log-Type", "If-None-Match", "Content-Length", "X-Amz-Idempotency", "Amz-Sdk-Invocation-Id",
                "Amz-Sdk-Request", "X-Amzn-Custom"]

HEADER_VALUES = ["application/json", "application/x-amz-json-1.0", "DynamoDB_20120810.PutItem", "value",
                 "value1", "a b c", "12345", "no-cache", "\"etag-1234\"", "attempt=1; max=3", "text/plain; charset=utf-8",
                 "x", "UPPER lower 123", "a,b,c", "k=v;k2=v2", "/slash/value", "Tail", "gzip"]


def rand_case(rng, name):
    style = rng.randrange(5)
    if style == 0:
        return name.lower()
    if style == 1:
        return name.upper()
    if style == 2:
        return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name)
    return name


def rand_spacing(rng, value):
    """Leading/trailing spaces and inner runs of spaces, the things Trimall must fold."""
    style = rng.randrange(6)
    if style == 0:
        return value
    if style == 1:
        return " " * rng.randint(1, 3) + value
    if style == 2:
        return value + " " * rng.randint(1, 3)
    if style == 3:
        return " " * rng.randint(1, 3) + value + " " * rng.randint(1, 3)
    # inner runs
    parts = value.split(" ")
    if len(parts) == 1:
        mid = len(value) // 2
        parts = [value[:mid], value[mid:]] if mid else [value, "z"]
    return (" " * rng.randint(2, 5)).join(parts) + (" " * rng.randint(0, 2))


def rand_access_key(rng, temporary):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return ("ASIA" if temporary else "AKIA") + "".join(rng.choice(alphabet) for _ in range(16))


def rand_secret(rng):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return "".join(rng.choice(alphabet) for _ in range(40))


def rand_token(rng):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    n = rng.choice([16, 120, 356, 800])
    return "IQoJb3JpZ2luX2Vj" + "".join(rng.choice(alphabet) for _ in range(n)) + rng.choice(["", "=", "=="])


def rand_query_value(rng):
    n = rng.randint(0, 4)
    return "".join(rng.choice(NASTY_PIECES + ["abc", "123", "Value"]) for _ in range(n))


def rand_query(rng, kind):
    if kind == "none":
        return []
    if kind == "simple":
        return [[rng.choice(QUERY_KEYS), str(rng.randint(0, 1000))] for _ in range(rng.randint(1, 3))]
    if kind == "repeated":
        k = rng.choice(QUERY_KEYS)
        pairs = [[k, rand_query_value(rng)] for _ in range(rng.randint(2, 4))]
        pairs += [[rng.choice(QUERY_KEYS), rand_query_value(rng)] for _ in range(rng.randint(0, 2))]
        rng.shuffle(pairs)
        return pairs
    if kind == "empty":
        return rng.choice([[["", ""]], [["k", ""]], [["", "v"]], [["k", ""], ["k", ""]], [["a", ""], ["", "b"], ["c", "d"]]])
    # nasty
    pairs = []
    for _ in range(rng.randint(1, 5)):
        key = rng.choice(QUERY_KEYS + NASTY_PIECES)
        if rng.random() < 0.4:
            key = key + rng.choice(NASTY_PIECES)
        pairs.append([key, rand_query_value(rng)])
    return pairs


def rand_body(rng, kind):
    if kind == "empty":
        return b""
    if kind == "json":
        return rng.choice([
            b"{}",
            b'{"imageIdentifier":"arn:aws:lambda:us-east-1:123456789012:microvm-image:img-1"}',
            '{"name":"caf\u00e9 \U0001f600","n":[1,2,3],"nested":{"k":null}}'.encode("utf-8"),
            b'{"Action":"ListUsers","Version":"2010-05-08"}',
            b'{\n  "pretty": true\n}\n',
        ])
    if kind == "text":
        return rng.choice(["Action=ListUsers&Version=2010-05-08", "caf\u00e9 \u2713 \U0001f600", "a" * 1000,
                           " leading and trailing spaces "]).encode("utf-8")
    # binary
    return bytes(rng.randrange(256) for _ in range(rng.choice([1, 2, 31, 64, 255, 1024, 4099])))


class CapturingSigV4(SigV4Auth):
    """Records the canonical request / string-to-sign of the add_auth call itself."""

    def canonical_request(self, request):
        cr = super().canonical_request(request)
        self.captured_cr = cr
        return cr

    def string_to_sign(self, request, canonical_request):
        sts = super().string_to_sign(request, canonical_request)
        self.captured_sts = sts
        return sts


def signing_key(secret, date, region, service):
    def h(key, msg):
        return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()

    return h(h(h(h(("AWS4" + secret).encode("utf-8"), date), region), service), "aws4_request")


def sign_one(name, service, region, t, creds, method, path, query, headers, body, host_url):
    url = host_url + path
    req = AWSRequest(method=method, url=url, data=body, params=list(map(tuple, query)))
    for k, v in headers:
        req.headers[k] = v  # HTTPMessage.__setitem__ appends, so repeats are kept
    before = list(req.headers.items())
    assert [list(x) for x in before] == [list(x) for x in headers]
    frozen = datetime.datetime.fromtimestamp(t, datetime.timezone.utc).replace(tzinfo=None)
    signer = CapturingSigV4(Credentials(creds["accessKeyId"], creds["secretAccessKey"], creds["sessionToken"]),
                            service, region)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=frozen):
        signer.add_auth(req)
    after = list(req.headers.items())
    assert after[: len(before)] == before, (before, after)
    added = dict((k, v) for k, v in after[len(before):])
    amz_date = added["X-Amz-Date"]
    assert amz_date == frozen.strftime("%Y%m%dT%H%M%SZ")
    if creds["sessionToken"] is not None:
        assert added["X-Amz-Security-Token"] == creds["sessionToken"]
    auth = added["Authorization"]
    sig = auth.rsplit("Signature=", 1)[1]
    signed = auth.split("SignedHeaders=", 1)[1].split(",", 1)[0]
    # Independent check that the captured strings are the signed ones.
    key = signing_key(creds["secretAccessKey"], amz_date[:8], region, service)
    assert hmac.new(key, signer.captured_sts.encode("utf-8"), hashlib.sha256).hexdigest() == sig
    assert signer.captured_sts.split("\n")[3] == hashlib.sha256(signer.captured_cr.encode("utf-8")).hexdigest()
    assert signer.captured_cr.split("\n")[-2] == signed
    return {
        "name": name,
        "service": service,
        "region": region,
        "time": t,
        "credentials": creds,
        "method": method,
        "path": path,
        "query": query,
        "headers": headers,
        "bodyHex": body.hex(),
        "expected": {
            "canonicalRequest": signer.captured_cr,
            "stringToSign": signer.captured_sts,
            "signature": sig,
            "authorization": auth,
            "signedHeaders": signed,
            "amzDate": amz_date,
        },
    }


def generate():
    rng = random.Random(SEED)
    out = []
    n = 0
    query_kinds = ["none", "none", "simple", "repeated", "empty", "nasty", "nasty"]
    body_kinds = ["empty", "empty", "json", "json", "text", "binary"]
    all_paths = [(p, False) for p in PATHS] * 3 + [(p, True) for p in NORMALIZED_PATHS]
    total = 260
    for i in range(total):
        service = SERVICES[i % len(SERVICES)] if i < 200 else rng.choice(SERVICES)
        region, suffix = REGIONS[i % len(REGIONS)] if i < 150 else rng.choice(REGIONS)
        if i < len(FIXED_TIMES) * 3:
            t = FIXED_TIMES[i % len(FIXED_TIMES)]
        else:
            t = rng.randrange(946684800, 4102444800)
        temporary = rng.random() < 0.4
        creds = {
            "accessKeyId": rand_access_key(rng, temporary),
            "secretAccessKey": rand_secret(rng),
            "sessionToken": rand_token(rng) if temporary else None,
        }
        path, normalized = all_paths[i % len(all_paths)]
        qkind = query_kinds[i % len(query_kinds)]
        query = rand_query(rng, qkind)
        bkind = body_kinds[(i // 2) % len(body_kinds)]
        body = rand_body(rng, bkind)
        method = rng.choice(["GET", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD"])
        hostkind = rng.randrange(6)
        if hostkind == 0:
            host = "localhost:8443"
        elif hostkind == 1:
            host = f"custom.example.com:{rng.choice([8080, 9000, 1])}"
        else:
            host = f"{service}.{region}.{suffix}"
        host_url = "https://" + host
        assert _host_from_url(host_url + "/") == host
        headers = []
        for _ in range(rng.randint(0, 5)):
            hname = rand_case(rng, rng.choice(HEADER_NAMES))
            headers.append([hname, rand_spacing(rng, rng.choice(HEADER_VALUES))])
        if rng.random() < 0.35:
            # the same name several times, possibly with differing case
            base = rng.choice(HEADER_NAMES)
            for _ in range(rng.randint(2, 3)):
                headers.append([rand_case(rng, base), rand_spacing(rng, rng.choice(HEADER_VALUES))])
        if rng.random() < 0.1:
            headers.append([rand_case(rng, "X-Empty"), rng.choice(["", " ", "   "])])
        rng.shuffle(headers)
        headers.insert(rng.randint(0, len(headers)), [rand_case(rng, "Host"), host])
        n += 1
        tags = [service, region, method.lower(), f"q-{qkind}", f"body-{bkind}", "token" if temporary else "notoken"]
        if normalized:
            tags.append("quirk-path-normalized")
        if any(len([h for h in headers if h[0].lower() == x[0].lower()]) > 1 for x in headers):
            tags.append("repeated-header")
        name = f"{n:03d}-" + "-".join(tags)
        out.append(sign_one(name, service, region, t, creds, method, path, query, headers, body, host_url))
    return out


def self_check(vectors):
    assert len(vectors) >= 220
    names = set()
    for v in vectors:
        assert v["name"] not in names
        names.add(v["name"])
        assert set(v) == {"name", "service", "region", "time", "credentials", "method", "path", "query", "headers",
                          "bodyHex", "expected"}
        assert isinstance(v["time"], int)
        assert set(v["credentials"]) == {"accessKeyId", "secretAccessKey", "sessionToken"}
        assert all(isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in v["query"])
        assert all(isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in v["headers"])
        assert any(h[0].lower() == "host" for h in v["headers"])
        bytes.fromhex(v["bodyHex"])
        e = v["expected"]
        assert set(e) == {"canonicalRequest", "stringToSign", "signature", "authorization", "signedHeaders", "amzDate"}
        assert len(e["signature"]) == 64 and int(e["signature"], 16) >= 0
        assert e["authorization"].startswith("AWS4-HMAC-SHA256 Credential=" + v["credentials"]["accessKeyId"] + "/")
