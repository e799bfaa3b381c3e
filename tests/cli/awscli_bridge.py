"""An AWS CLI (v1) plugin that answers every request from ssmrun instead of AWS.

Loaded through the `[plugins]` section of a temporary AWS config file. On botocore's
`before-send` event, the operation and its serialized parameters become one
`ssmrun ssm <operation> --output json` command against the store in `SSMRUN_HOME`; its
JSON is returned as the HTTP response, and an `An error occurred (X) ...` line as the
service's JSON error, so the AWS CLI parses, queries and prints ssmrun's answers itself.
Nothing is sent over the network.
"""
import json
import os
import re
import subprocess

from botocore import xform_name
from botocore.awsrequest import AWSResponse, HeadersDict

ERROR = re.compile(r"An error occurred \((\w+)\) when calling the \w+ operation: (.*)", re.S)


class _Body:
    def __init__(self, data):
        self._data = data

    def stream(self, **_kwargs):
        yield self._data


def awscli_initialize(cli):
    cli.register("before-send", answer)


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else (value or "")


def flags(params):
    """The ssmrun flags for API parameters, spelled as the AWS CLI spells them."""
    out = []
    for member, value in params.items():
        flag = "--" + xform_name(member).replace("_", "-")
        if isinstance(value, bool):
            out.append(flag if value else "--no-" + flag[2:])
        elif isinstance(value, (dict, list)):
            out += [flag, json.dumps(value)]
        else:
            out += [flag, str(value)]
    return out


def answer(request, **_kwargs):
    target = _text(request.headers.get("X-Amz-Target"))
    operation = target.rsplit(".", 1)[-1]
    params = json.loads(_text(request.body) or "{}")
    command = [os.environ["SSMRUN_BRIDGE_BIN"], "ssm", xform_name(operation, "-")]
    # The wire carries epoch seconds; the AWS CLI formats them itself.
    command += ["--output", "json", "--cli-timestamp-format", "none"] + flags(params)
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode == 0:
        status, body = 200, done.stdout.strip() or "{}"
    else:
        found = ERROR.search(done.stderr)
        if done.returncode != 254 or not found:
            raise RuntimeError(
                "ssmrun failed with exit %d: %s %s" % (done.returncode, command, done.stderr)
            )
        status = 400
        body = json.dumps({"__type": found.group(1), "message": found.group(2).rstrip("\n")})
    headers = HeadersDict(
        {"x-amzn-RequestId": "ssmrun", "Content-Type": "application/x-amz-json-1.1"}
    )
    return AWSResponse(request.url, status, headers, _Body(body.encode("utf-8")))
