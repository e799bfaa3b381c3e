# The runner ssmrun starts for an aws:executeScript step (protocol: docs/script-protocol.md).
# It reads the job from stdin, routes botocore calls and time.sleep to ssmrun over the two
# descriptors named on its command line, runs the handler and reports its result or exception.
import base64
import datetime
import importlib
import json
import linecache
import os
import sys
import threading
import time
import traceback
import types
import zipfile

INLINE = "<Script>"


class Host:
    """The channel to ssmrun: one JSON line out, one JSON line back."""

    def __init__(self, out_fd, in_fd):
        self.out = os.fdopen(out_fd, "w", encoding="utf-8")
        self.inp = os.fdopen(in_fd, "r", encoding="utf-8")
        self.lock = threading.Lock()

    def send(self, message):
        self.out.write(json.dumps(message, default=encode) + "\n")
        self.out.flush()

    def ask(self, message):
        with self.lock:
            self.send(message)
            line = self.inp.readline()
        if not line:
            os._exit(70)  # ssmrun is gone: nothing left to answer
        return json.loads(line)


def encode(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
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


def install_sleep(host):
    # Waiting in a script lets the simulated world move on, as an aws:sleep step does.
    def sleep(seconds):
        seconds = float(seconds)
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        host.ask({"sleep": seconds})

    time.sleep = sleep


def install_botocore(host):
    """Patch botocore when the script first imports it: importing it up front would cost
    every script a second, boto3 or not."""

    class Hook:
        def find_spec(self, name, path, target=None):
            if name != "botocore.session":
                return None
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(name, path, target)
                if spec is not None and spec.loader is not None:
                    break
            else:
                return None
            load = spec.loader.exec_module

            def exec_module(module):
                load(module)
                patch_session(module.Session, host)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Hook())


def patch_session(session_class, host):
    import botocore
    import botocore.awsrequest
    import botocore.response
    import botocore.utils

    def keep_params(params, context, **_):
        context["ssmrun_params"] = dict(params)

    def answer(model, context, **_):
        request = {
            "service": model.service_model.service_name,
            "operation": model.name,
            "params": context.get("ssmrun_params", {}),
        }
        reply = host.ask({"call": request})
        meta = {"RequestId": "ssmrun", "HTTPHeaders": {}, "RetryAttempts": 0}
        if "error" in reply:
            error = reply["error"]
            meta["HTTPStatusCode"] = error_status(model.service_model, error)
            body = {"Error": {"Code": error.get("code", ""), "Message": error.get("message", "")}}
        else:
            meta["HTTPStatusCode"] = 200
            body = shaped(reply.get("response") or {}, model.output_shape, botocore)
        body["ResponseMetadata"] = meta
        http = botocore.awsrequest.AWSResponse(None, meta["HTTPStatusCode"], {}, None)
        return http, body

    original = session_class.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        events = self.get_component("event_emitter")
        # Last, so that botocore's own handlers have shaped the parameters first.
        events.register_last("before-parameter-build", keep_params)
        events.register_last("before-call", answer)

    session_class.__init__ = init


def error_status(service_model, error):
    """The HTTP status of an error: the one ssmrun gives, else the one the service model
    declares for the error's shape (`NoSuchEntity` 404, `EntityAlreadyExists` 409, …), else
    400, the status of client errors that declare none (EC2's among them)."""
    if isinstance(error.get("status"), int):
        return error["status"]
    try:
        shape = service_model.shape_for_error_code(error.get("code", ""))
    except Exception:
        shape = None
    declared = (shape.metadata.get("error") or {}).get("httpStatusCode") if shape else None
    return declared if isinstance(declared, int) else 400


def shaped(value, shape, botocore):
    """JSON from ssmrun as botocore's parsers return it: datetimes, bytes, streams."""
    if shape is None:
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        return {k: shaped(v, shape.members.get(k), botocore) for k, v in value.items()}
    if kind == "list" and isinstance(value, list):
        return [shaped(v, shape.member, botocore) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: shaped(v, shape.value, botocore) for k, v in value.items()}
    if kind == "timestamp" and isinstance(value, (str, int, float)):
        try:
            return botocore.utils.parse_timestamp(value)
        except (ValueError, TypeError):
            return value
    if kind == "blob" and isinstance(value, str):
        data = value.encode("utf-8")
        if shape.serialization.get("streaming"):
            import io

            return botocore.response.StreamingBody(io.BytesIO(data), len(data))
        return data
    return value


def load(job, scratch):
    """The handler function and the file names that count as the script's own."""
    own = set()
    attachment = job.get("attachment")
    if attachment:
        folder = attachment
        if attachment.endswith(".zip"):
            folder = os.path.join(scratch, "attachment")
            with zipfile.ZipFile(attachment) as archive:
                archive.extractall(folder)
        else:
            folder = os.path.dirname(attachment)
        sys.path.insert(0, folder)
        own.add(os.path.realpath(folder) + os.sep)
    script = job.get("script")
    if script is not None:
        module = types.ModuleType("script")
        module.__file__ = INLINE
        linecache.cache[INLINE] = (len(script), None, script.splitlines(True), INLINE)
        own.add(INLINE)
        exec(compile(script, INLINE, "exec"), module.__dict__)
    else:
        module = importlib.import_module(job["module"])
    return getattr(module, job["function"]), own


def last_frame(error, own):
    frames = traceback.extract_tb(error.__traceback__)
    mine = [
        f
        for f in frames
        if f.filename in own or any(os.path.realpath(f.filename).startswith(p) for p in own)
    ]
    pick = (mine or frames or [None])[-1]
    if pick is None:
        return None
    name = "script" if pick.filename == INLINE else os.path.basename(pick.filename)
    return {"file": name, "line": pick.lineno, "function": pick.name, "text": pick.line or ""}


def report_error(host, error, own):
    kind = type(error)
    name = kind.__name__ if kind.__module__ == "builtins" else kind.__module__ + "." + kind.__name__
    missing = getattr(error, "name", None) if isinstance(error, ImportError) else None
    host.send(
        {
            "error": {
                "type": name,
                "message": str(error),
                "missing_module": missing,
                "frame": last_frame(error, own),
            }
        }
    )


def main():
    job = json.loads(sys.stdin.buffer.read() or b"{}")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    sys.stdout.reconfigure(line_buffering=True)
    for entry in job.get("sys_path", []):
        if entry not in sys.path:
            sys.path.append(entry)
    host = Host(int(sys.argv[1]), int(sys.argv[2]))
    del sys.argv[1:]
    install_sleep(host)
    install_botocore(host)
    own = set()
    try:
        handler, own = load(job, os.getcwd())
        result = handler(job.get("events"), None)
        text = json.dumps({"result": result}, default=str)
    except BaseException as error:  # the script's exception fails the step, whatever it is
        report_error(host, error, own)
        sys.stdout.flush()
        os._exit(1)
    sys.stdout.flush()
    sys.stderr.flush()
    host.out.write(text + "\n")
    host.out.flush()
    os._exit(0)


main()
