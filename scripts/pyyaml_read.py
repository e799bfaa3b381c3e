#!/usr/bin/env python3
"""Reads YAML files with PyYAML and prints what it read, one JSON line per file.

Used by the parser's differential test (src/parse/pyyaml_tests.rs). Each line is
{"path": ..., "safe": <reading or null>, "core": <reading or null>, "error": <text or null>}:
"safe" is yaml.safe_load's own reading; "core" is the same loader with the YAML 1.2 core
schema resolving plain scalars (the schema ssmrun uses), so the two differ only where the
YAML 1.1 and 1.2 scalar rules differ. Values that JSON cannot hold are tagged objects:
{"$float": "nan"|"inf"|"-inf"}, {"$bigint": "digits"}, {"$timestamp": "iso"}, {"$other": "type"}.

Exit status 3 when PyYAML is not installed, so the caller can say why it skipped.
"""
import base64
import datetime
import json
import math
import re
import sys

try:
    import yaml
except ImportError:
    sys.stderr.write("PyYAML is not installed\n")
    sys.exit(3)


class Core12Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's implicit resolution of plain scalars."""


Core12Loader.yaml_implicit_resolvers = {}
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"))
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])


def core_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0x"):
        return int(text[2:], 16)
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text, 10)


def core_float(loader, node):
    text = loader.construct_scalar(node).lower()
    if text.endswith(".nan"):
        return math.nan
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    return float(text)


Core12Loader.add_constructor("tag:yaml.org,2002:int", core_int)
Core12Loader.add_constructor("tag:yaml.org,2002:float", core_float)

I64 = 2 ** 63


def tagged(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value if -I64 <= value < I64 else {"$bigint": str(value)}
    if isinstance(value, float):
        if math.isnan(value):
            return {"$float": "nan"}
        if math.isinf(value):
            return {"$float": "inf" if value > 0 else "-inf"}
        return value
    if isinstance(value, list):
        return [tagged(v) for v in value]
    if isinstance(value, dict):
        return {key(k): tagged(v) for k, v in value.items()}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return {"$timestamp": value.isoformat()}
    if isinstance(value, bytes):
        return {"$binary": base64.b64encode(value).decode()}
    return {"$other": type(value).__name__}


def key(k):
    """A mapping key as ssmrun names it: the text of a scalar key."""
    if isinstance(k, str):
        return k
    if isinstance(k, bool):
        return "true" if k else "false"
    if k is None:
        return ""
    if isinstance(k, (int, float)):
        return json.dumps(tagged(k))
    return "$unsupported-key:" + type(k).__name__


def read(path, loader):
    with open(path, "rb") as f:
        data = f.read()
    return tagged(yaml.load(data, Loader=loader))


def main():
    paths = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    for path in paths:
        out = {"path": path, "safe": None, "core": None, "error": None}
        try:
            out["safe"] = read(path, yaml.SafeLoader)
            out["core"] = read(path, Core12Loader)
        except Exception as e:  # any refusal: the document is not one PyYAML loads
            out["error"] = "%s: %s" % (type(e).__name__, str(e).replace("\n", " "))
        print(json.dumps(out))


main()
