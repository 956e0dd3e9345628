#!/usr/bin/env python3
"""Writes examples/firmware/expected-authorization.txt: botocore's Authorization header for the
request the firmware in examples/firmware builds (same body, headers, credentials and clock), so
scripts/firmware-stack.sh can check the signature computed on the emulated Cortex-M4F against the
reference SDK. Run with the botocore venv: /tmp/venv/bin/python scripts/gen_firmware_expected.py

The inputs are copied from examples/firmware/src/common.rs and the body from the firmware's own
output; if those change, update them here and re-run.
"""
import datetime
import pathlib
from unittest import mock

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY_ID = "AKIDEXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = (
    "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampleexampleexampleexample"
    "AiB0example+example/example=="
)
NOW = datetime.datetime(2025, 11, 27, 14, 25, 0)  # FW_NOW = 1_764_253_500
BODY = (
    b'{"egressNetworkConnectors":["arn:aws:lambda:us-east-1:123456789012:network-connector/'
    b'nc-0123456789abcdef0"],"imageIdentifier":"arn:aws:lambda:us-east-1:123456789012:'
    b'microvm-image/sensor-gw","imageVersion":"3","idlePolicy":{"maxIdleDurationSeconds":300,'
    b'"suspendedDurationSeconds":3600,"autoResumeEnabled":true},"logging":{"cloudWatch":'
    b'{"logGroup":"/microvms/sensor-gw"}},"maximumDurationInSeconds":3600,'
    b'"clientToken":"3f1b7a2c-5d4e-4f60-8a9b-0c1d2e3f4a5b"}'
)

request = AWSRequest(
    method="POST",
    url="https://lambda.us-east-1.amazonaws.com/2025-09-09/microvms",
    data=BODY,
    headers={"Content-Type": "application/json"},
)
with mock.patch.object(botocore.auth, "get_current_datetime", return_value=NOW):
    SigV4Auth(
        Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN), "lambda", "us-east-1"
    ).add_auth(request)
out = pathlib.Path(__file__).resolve().parent.parent / "examples/firmware/expected-authorization.txt"
out.write_text(f"Authorization: {request.headers['Authorization']}\n")
print(out.read_text(), end="")
