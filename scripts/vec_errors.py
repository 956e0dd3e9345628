"""RunMicrovm error-response vectors, classified the way a botocore client does.

Each case is run twice: through a real client (before-send returns the canned
error response; the raised ClientError carries botocore's view) and through
the parser directly, mirroring botocore/endpoint.py: parse against the
operation's output shape for Error.Code/Message, then, if the code names an
error shape of the service, parse again against that shape for the modeled
members (``_add_modeled_error_fields``). Both must agree.
"""

import json
import random

import botoharness
from botocore.awsrequest import AWSResponse
from botocore.endpoint import convert_to_response_dict
from botocore.exceptions import ClientError
from botocore.parsers import create_parser

SEED = 0x5167_0005

CREDS = {"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
         "sessionToken": None}

MODELED = {
    # name: (status, body members beyond message, has Retry-After)
    "InternalServerException": (500, [], True),
    "AccessDeniedException": (403, [], False),
    "InsufficientCapacityException": (500, [], False),
    "ResourceNotFoundException": (404, ["resourceType", "resourceId"], False),
    "ThrottlingException": (429, ["serviceCode", "quotaCode"], True),
    "ConflictException": (409, ["resourceId", "resourceType"], False),
    "ValidationException": (400, [], False),
    "ServiceQuotaExceededException": (402, ["resourceId", "resourceType", "serviceCode", "quotaCode"], False),
}

NS = "com.amazonaws.lambdamicrovms"
SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.lambdamicrovms/"

MESSAGES = ["Rate exceeded", "User: arn:aws:iam::123456789012:user/x is not authorized to perform: lambda:RunMicrovm",
            "Image 'img-1' was not found.", "1 validation error detected: Value '' at 'imageIdentifier' failed",
            "caf\u00e9 \U0001f600 \"quoted\" \\ back\nslash\ttab", "", "Internal failure. Please retry."]

MEMBER_VALUES = {"resourceType": ["MicrovmImage", "Microvm", "NetworkConnector"],
                 "resourceId": ["img-0123456789abcdef", "arn:aws:lambda:us-east-1:123456789012:microvm:mvm-1", "\u00e9"],
                 "serviceCode": ["lambda", "lambda-microvms"], "quotaCode": ["L-2ACBD22F", "L-9FEE3D26"]}

HTML_502 = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>"
            "</center>\r\n</body>\r\n</html>\r\n")
HTML_503_DOCTYPE = ("<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head><body><p>The server is "
                    "temporarily unable to service your request.</p></body></html>\n")


_CLIENT = None


def client():
    global _CLIENT
    if _CLIENT is None:
        # total_max_attempts=1: no retry (and no backoff sleep) on 5xx/429.
        from botocore.config import Config

        cfg = Config(retries={"total_max_attempts": 1, "mode": "standard"}, user_agent=botoharness.USER_AGENT)
        _CLIENT = botoharness._SESSION.create_client(
            "lambda-microvms", region_name="us-east-1", config=cfg, aws_access_key_id=CREDS["accessKeyId"],
            aws_secret_access_key=CREDS["secretAccessKey"])
    return _CLIENT


class _Raw:
    def __init__(self, data):
        self._data = data

    def stream(self, **kwargs):
        if self._data:
            yield self._data


def direct_parse(status, headers, body):
    c = client()
    op = c.meta.service_model.operation_model("RunMicrovm")
    http = AWSResponse("https://lambda.us-east-1.amazonaws.com/2025-09-09/microvms", status, dict(headers),
                       _Raw(body.encode("utf-8")))
    response_dict = convert_to_response_dict(http, op)
    parser = create_parser("rest-json")
    parsed = parser.parse(response_dict, op.output_shape)
    code = parsed.get("Error", {}).get("Code")
    modeled = None
    if code is not None:
        shape = op.service_model.shape_for_error_code(code)
        if shape is not None:
            modeled = parser.parse(response_dict, shape)
    return parsed, modeled


def client_parse(status, headers, body):
    call, result, err = botoharness.invoke(client(), "run_microvm", {"imageIdentifier": "img"},
                                           "2026-11-27T14:35:11Z", bytes(16), response_status=status,
                                           response_headers=dict(headers), response_body=body.encode("utf-8"))
    assert isinstance(err, ClientError), (err, status, headers, body)
    return err


def make(name, status, headers, body):
    headers = [["Content-Type", "application/json"], ["x-amzn-RequestId", "11111111-2222-4333-8444-555555555555"]] \
        + headers
    parsed, modeled = direct_parse(status, headers, body)
    err = client_parse(status, headers, body)
    r = err.response
    assert r["Error"] == parsed["Error"], (r["Error"], parsed["Error"])
    assert r["ResponseMetadata"]["HTTPStatusCode"] == status
    if modeled is not None:
        for k, v in modeled.items():
            assert r[k] == v
    return {
        "name": name,
        "operation": "RunMicrovm",
        "http": {"status": status, "headers": headers, "body": body},
        "expected": {
            "code": parsed["Error"]["Code"],
            "message": parsed["Error"]["Message"],
            "httpStatus": r["ResponseMetadata"]["HTTPStatusCode"],
            "modeled": modeled,
        },
    }


def body_json(obj, rng):
    sep = rng.choice([(",", ":"), (", ", ": ")])
    return json.dumps(obj, separators=sep, ensure_ascii=rng.random() < 0.5)


def generate():
    rng = random.Random(SEED)
    out = []
    n = [0]

    def add(label, status, headers, body):
        n[0] += 1
        out.append(make(f"{n[0]:03d}-{label}", status, headers, body))

    ways = ["header", "header-suffix", "type", "type-namespace", "type-namespace-suffix", "code", "Code"]
    for err, (status, members, retry) in MODELED.items():
        for wi, way in enumerate(ways):
            body = {}
            headers = []
            if way == "header":
                headers.append([rng.choice(["x-amzn-ErrorType", "X-Amzn-Errortype", "x-amzn-errortype"]), err])
            elif way == "header-suffix":
                headers.append(["X-Amzn-ErrorType", err + SUFFIX])
            elif way == "type":
                body["__type"] = err
            elif way == "type-namespace":
                body["__type"] = f"{NS}#{err}"
            elif way == "type-namespace-suffix":
                body["__type"] = f"{NS}#{err}{SUFFIX}"
            else:
                body[way] = err
            msg_key = ["message", "Message"][wi % 2]
            body[msg_key] = rng.choice(MESSAGES)
            for m in members:
                if rng.random() < 0.75:
                    body[m] = rng.choice(MEMBER_VALUES[m])
            if retry and wi % 3 != 2:
                headers.append(["Retry-After", rng.choice(["0", "1", "30", "120", "2147483647"])])
            if wi == 3:
                body["unknownMember"] = {"nested": [1, {"deep": None}], "x": "y"}
            items = list(body.items())
            rng.shuffle(items)
            add(f"{err}-{way}-{msg_key}", status, headers, body_json(dict(items), rng))

    # Precedence between the three code sources.
    add("precedence-header-over-type-and-code", 429,
        [["x-amzn-errortype", "ThrottlingException"]],
        json.dumps({"__type": "ValidationException", "code": "ConflictException", "message": "m"}))
    add("precedence-code-over-type", 409, [],
        json.dumps({"__type": "ValidationException", "code": "ConflictException", "message": "m",
                    "resourceId": "r-1"}))
    add("precedence-Code-over-type", 409, [],
        json.dumps({"__type": "ValidationException", "Code": "ConflictException", "Message": "m"}))
    add("precedence-message-over-Message", 400, [["x-amzn-errortype", "ValidationException"]],
        json.dumps({"Message": "upper", "message": "lower"}))
    add("status-mismatch-throttling-as-400", 400, [["x-amzn-errortype", "ThrottlingException"]],
        json.dumps({"message": "slow down", "serviceCode": "lambda"}))
    add("type-with-dots-and-hash", 404, [],
        json.dumps({"__type": "aws.protocoltests.restjson#ResourceNotFoundException", "message": "gone",
                    "resourceId": "x"}))
    add("header-type-with-namespace", 409, [["x-amzn-errortype", f"{NS}#ConflictException"]],
        json.dumps({"message": "busy"}))
    # Unknown error codes: botocore keeps the code, modeled stays null.
    add("unknown-header", 400, [["x-amzn-errortype", "BrandNewException"]], json.dumps({"message": "new"}))
    add("unknown-type", 418, [], json.dumps({"__type": f"{NS}#TeapotException", "message": "short and stout"}))
    add("unknown-code", 500, [], json.dumps({"code": "SomethingBroke", "Message": "oops"}))
    add("no-code-400-json", 400, [], json.dumps({"message": "no type anywhere"}))
    add("no-code-404-empty-object", 404, [], "{}")
    # Codes of other operations' errors are still modeled errors of the service.
    add("other-op-error-TooManyRequests", 429, [["x-amzn-errortype", "TooManyRequestsException"]],
        json.dumps({"Type": "User", "message": "Rate exceeded"}))
    add("other-op-error-ServiceException", 500, [],
        json.dumps({"__type": "ServiceException", "Type": "Service", "Message": "svc"}))
    # message present but null: botocore's Error.Message is None; the modeled message is dropped.
    add("message-null", 403, [["x-amzn-errortype", "AccessDeniedException"]], json.dumps({"message": None}))
    add("members-null", 404, [["x-amzn-errortype", "ResourceNotFoundException"]],
        json.dumps({"message": "m", "resourceId": None, "resourceType": None}))
    add("unicode-escapes-in-message", 400, [["x-amzn-errortype", "ValidationException"]],
        '{"message":"caf\\u00e9 \\ud83d\\ude00 \\/ \\"q\\""}')
    add("whitespace-body", 409, [["x-amzn-errortype", "ConflictException"]],
        '\n  {\n  "message" :\t"spaced" ,\n  "resourceType": "Microvm"\n}\n')
    add("retry-after-with-spaces", 429, [["x-amzn-errortype", "ThrottlingException"], ["Retry-After", " 7 "]],
        json.dumps({"message": "m"}))
    # Non-JSON bodies.
    add("html-502-proxy", 502, [["Content-Type", "text/html"]], HTML_502)
    add("quirk-html-503-doctype-message-is-body", 503, [["Content-Type", "text/html"]], HTML_503_DOCTYPE)
    add("quirk-html-403-message-is-body", 403, [["Content-Type", "text/html"]], "<html><body>Forbidden</body></html>")
    add("empty-500", 500, [], "")
    add("empty-503", 503, [], "")
    add("whitespace-only-500", 500, [], " \r\n ")
    add("empty-404", 404, [], "")
    add("quirk-plain-text-400-message-is-body", 400, [["Content-Type", "text/plain"]], "Bad Request")
    add("quirk-html-502-generic-ignores-errortype-header", 502, [["x-amzn-errortype", "InternalServerException"]], HTML_502)
    add("text-500-with-errortype-header", 500, [["x-amzn-errortype", "InsufficientCapacityException"]],
        "capacity exhausted")
    add("quirk-truncated-json-500-message-is-body", 500, [], '{"__type":"InternalServerException","message":"cut')
    add("html-500-leading-whitespace-generic", 500, [["Content-Type", "text/html"]], "  \r\n<html><body>x</body></html>")
    add("quirk-html-uppercase-500-not-generic", 500, [["Content-Type", "text/html"]], "<HTML><BODY>x</BODY></HTML>")
    add("quirk-empty-errortype-header-code-empty", 400, [["x-amzn-errortype", ""]], json.dumps({"message": "m"}))
    add("quirk-duplicate-message-key-last-wins", 400, [["x-amzn-errortype", "ValidationException"]],
        '{"message":"first","message":"second"}')
    # Python's bytes.strip() also strips vertical tab (0x0b), which Rust's trim_ascii keeps.
    add("vertical-tab-only-503-generic", 503, [], "\x0b")
    add("vertical-tab-before-html-500-generic", 500, [["Content-Type", "text/html"]],
        "\x0b\x0c <html><body>x</body></html>\x0b")
    return out


def self_check(vectors):
    assert len(vectors) >= 60
    names = set()
    for v in vectors:
        assert v["name"] not in names
        names.add(v["name"])
        assert v["operation"] == "RunMicrovm"
        assert isinstance(v["http"]["status"], int) and isinstance(v["http"]["body"], str)
        e = v["expected"]
        assert isinstance(e["code"], str)
        assert e["message"] is None or isinstance(e["message"], str)
        assert e["httpStatus"] == v["http"]["status"]
        assert e["modeled"] is None or isinstance(e["modeled"], dict)
    codes = {v["expected"]["code"] for v in vectors}
    assert set(MODELED) <= codes
