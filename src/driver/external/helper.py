"""ssmrun's boto3 driver: answers one JSON request per line of stdin with one JSON answer per
line of stdout, by calling the AWS API through boto3 (docs/driver-protocol.md).

Settings come from the environment: SSMRUN_ENDPOINT_URL sends every call to that endpoint
(an emulator), and the usual AWS_* variables hold the credentials."""

import base64
import datetime
import json
import os
import sys

PROTOCOL = 1


# The protocol's channel. Anything else that prints (a library's warning) goes to stderr,
# which ssmrun keeps for messages, so it cannot break a line of the protocol.
PROTOCOL_OUT = sys.stdout
sys.stdout = sys.stderr


def send(message):
    PROTOCOL_OUT.write(json.dumps(message, default=encode) + "\n")
    PROTOCOL_OUT.flush()


def encode(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (value.microsecond // 1000)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        # Text stays readable in the call log; other bytes travel as base64.
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(bytes(value)).decode("ascii")
    if hasattr(value, "read"):
        return encode(value.read())
    return str(value)


class Clients:
    """One client per service and region, made on first use."""

    def __init__(self, boto3, botocore):
        self.session = boto3.session.Session()
        self.config = botocore.config.Config(
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=10,
            read_timeout=60,
        )
        self.endpoint = os.environ.get("SSMRUN_ENDPOINT_URL") or None
        self.clients = {}

    def method(self, service, operation, region):
        key = (service, region)
        if key not in self.clients:
            self.clients[key] = self.session.client(
                service, region_name=region, endpoint_url=self.endpoint, config=self.config
            )
        client = self.clients[key]
        names = {api: name for name, api in client.meta.method_to_api_mapping.items()}
        name = names.get(operation)
        return getattr(client, name) if name else None


def answer(clients, request, exceptions):
    service = request.get("service", "")
    operation = request.get("operation", "")
    region = request.get("region") or None
    try:
        method = clients.method(service, operation, region)
        if method is None:
            return error("InvalidAction", "boto3 client `%s` has no operation `%s`" % (service, operation))
        result = method(**(request.get("params") or {}))
        return {"result": result}
    except exceptions.ClientError as e:
        info = e.response.get("Error", {})
        status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return error(info.get("Code", "Unknown"), info.get("Message", str(e)), status)
    except exceptions.ParamValidationError as e:
        return error("ParamValidationError", str(e))
    except exceptions.BotoCoreError as e:
        return error(type(e).__name__, str(e))
    except Exception as e:  # a driver answers every line, whatever goes wrong in it
        return error(type(e).__name__, str(e))


def error(code, message, status=None):
    body = {"code": code, "message": message}
    if status is not None:
        body["http_status"] = status
    return {"error": body}


def main():
    try:
        import boto3
        import botocore.config
        import botocore.exceptions
    except ImportError as e:
        send({"protocol": PROTOCOL, "fatal": "boto3 is not installed (%s)" % e})
        return 0
    clients = Clients(boto3, botocore)
    send({"protocol": PROTOCOL, "driver": "boto3", "version": boto3.__version__})
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError as e:
            send({"id": None, **error("InvalidRequest", "not a JSON line: %s" % e)})
            continue
        reply = answer(clients, request, botocore.exceptions)
        reply["id"] = request.get("id")
        send(reply)
    return 0


if __name__ == "__main__":
    sys.exit(main())
