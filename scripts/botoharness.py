"""Drive a real botocore ``lambda-microvms`` client offline.

A ``before-send`` handler captures the signed ``AWSPreparedRequest`` and
answers with a canned ``AWSResponse``, so the full client pipeline runs
(parameter validation, idempotency-token injection, endpoint rules,
serialization, signing, response/error parsing) and nothing touches the
network. Everything that would otherwise vary between runs is pinned: the
signing clock, the idempotency UUID, the SDK invocation id, the User-Agent
and the local time zone used when botocore builds datetimes.
"""

import datetime
import hashlib
import os
import time
import uuid
from unittest import mock

os.environ["TZ"] = "UTC"
time.tzset()
# Keep ambient configuration out of the client.
for _k in list(os.environ):
    if _k.startswith("AWS_"):
        del os.environ[_k]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

import botocore.auth  # noqa: E402
import botocore.endpoint  # noqa: E402
import botocore.handlers  # noqa: E402
import botocore.session  # noqa: E402
from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402
from botocore.config import Config  # noqa: E402

USER_AGENT = "mvm-vectors/1.0"
SERVICE = "lambda-microvms"

_SESSION = botocore.session.get_session()
_SESSION.set_config_variable("config_file", os.devnull)


class _RawBody:
    def __init__(self, data):
        self._data = data

    def stream(self, **kwargs):
        if self._data:
            yield self._data


class _FixedUuid:
    """Stands in for the ``uuid`` module inside one botocore module."""

    def __init__(self, value):
        self._value = value
        self.calls = 0
        self.UUID = uuid.UUID

    def uuid4(self):
        self.calls += 1
        return self._value


def uuid_from_random_bytes(random_bytes):
    """The reference "16 random bytes -> UUID v4" conversion (RFC 4122 version/variant bits)."""
    return uuid.UUID(bytes=random_bytes, version=4)


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


def make_client(region, endpoint, use_fips, use_dualstack, creds):
    cfg = Config(
        use_fips_endpoint=use_fips,
        use_dualstack_endpoint=use_dualstack,
        retries={"max_attempts": 1},
        user_agent=USER_AGENT,
    )
    return _SESSION.create_client(
        SERVICE,
        region_name=region,
        endpoint_url=endpoint,
        config=cfg,
        aws_access_key_id=creds["accessKeyId"],
        aws_secret_access_key=creds["secretAccessKey"],
        aws_session_token=creds["sessionToken"],
    )


class Call:
    """One client call with everything captured."""

    def __init__(self):
        self.request = None
        self.canonical_requests = []
        self.strings_to_sign = []
        self.signers = []


def invoke(client, method_name, params, time_text, random_bytes, response_status=200, response_headers=None,
           response_body=b""):
    call = Call()

    def before_send(request, **kwargs):
        call.request = request
        return AWSResponse(request.url, response_status, dict(response_headers or {}), _RawBody(response_body))

    client.meta.events.register("before-send", before_send)
    orig_cr = SigV4Auth.canonical_request
    orig_sts = SigV4Auth.string_to_sign

    def cr(self, request):
        out = orig_cr(self, request)
        call.canonical_requests.append(out)
        call.signers.append(self)
        return out

    def sts(self, request, canonical_request):
        out = orig_sts(self, request, canonical_request)
        call.strings_to_sign.append(out)
        return out

    token_uuid = _FixedUuid(uuid_from_random_bytes(random_bytes))
    # The invocation id is unsigned; pin it so reruns are byte-identical.
    inv_uuid = _FixedUuid(uuid.UUID(bytes=hashlib.sha256(b"invocation-id" + random_bytes).digest()[:16], version=4))
    frozen = parse_time(time_text)
    try:
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=frozen), \
                mock.patch.object(SigV4Auth, "canonical_request", cr), \
                mock.patch.object(SigV4Auth, "string_to_sign", sts), \
                mock.patch.object(botocore.handlers, "uuid", token_uuid), \
                mock.patch.object(botocore.endpoint, "uuid", inv_uuid):
            result = getattr(client, method_name)(**params)
        return call, result, None
    except Exception as e:  # botocore's own exception is the reference outcome
        return call, None, e
    finally:
        client.meta.events.unregister("before-send", before_send)
