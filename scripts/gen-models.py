#!/usr/bin/env python3
"""Regenerate the AWS service models embedded in ssmrun from a pinned botocore release.

    scripts/gen-models.py                  # download botocore==$BOTOCORE_VERSION from PyPI
    scripts/gen-models.py --from DIR       # read DIR/<service>/<version>/service-2.json[.gz]

Writes src/models/data/models.bin and src/models/index.rs (the pinned version, each
service's place in `models.bin`, and the first shape name of each chunk), so the binary
knows its services without decompressing anything, and a first use costs little:

- each service's operations are one zlib stream: a header line `apiVersion TAB protocol TAB
  serviceId`, then one line per operation, `Name TAB method TAB input TAB output`, sorted;
- its shapes follow, sorted by name, one line each (`Name TAB compact JSON`), cut into
  zlib chunks of about CHUNK bytes. A lookup finds the chunk from the index by binary
  search, inflates only that chunk and parses only that shape.

Each service keeps only what validation and synthesized answers need: operations (input
and output shapes, boto3's snake_case name) and shapes (type, members, required members,
list/map members, enums, minimums and maximums, unions, documents). Documentation, examples, HTTP
bindings and endpoints are dropped. Uses the Python standard library only.
"""
import argparse, glob, gzip, io, json, os, re, subprocess, sys, tempfile, zipfile, zlib

BOTOCORE_VERSION = "1.43.11"
# Uncompressed bytes per shape chunk: small enough that inflating one costs well under a
# tenth of a millisecond, large enough that compression stays good (+18% over one stream).
CHUNK = 16000
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# botocore's xform_name, with the exceptions botocore lists for names its rule mangles.
FIRST_CAP = re.compile('(.)([A-Z][a-z]+)')
END_CAP = re.compile('([a-z0-9])([A-Z])')
SPECIAL = re.compile('[A-Z]{2,}s$')


def xform_name(name, exceptions):
    if '_' in name:
        return name
    if name in exceptions:
        return exceptions[name]
    m = SPECIAL.search(name)
    if m:
        name = name[: -len(m.group())] + '_' + m.group().lower()
    return END_CAP.sub(r'\1_\2', FIRST_CAP.sub(r'\1_\2', name)).lower()


def xform_exceptions(data_dir):
    """The prepopulated `_xform_cache` of botocore/__init__.py next to the data folder."""
    init = os.path.join(os.path.dirname(data_dir), '__init__.py')
    text = open(init, encoding='utf-8').read()
    pairs = re.findall(r"\(\s*'(\w+)',\s*'_',?\s*\):\s*'(\w+)'", text)
    return dict(pairs)


def strip_shape(s):
    t = s['type']
    d = {'t': t}
    if t == 'structure':
        if s.get('document'):
            return {'t': 'document'}
        d['m'] = {k: v['shape'] for k, v in s.get('members', {}).items()}
        if s.get('required'):
            d['r'] = s['required']
        if s.get('union'):
            d['u'] = 1
    elif t == 'list':
        d['m'] = s['member']['shape']
    elif t == 'map':
        d['k'] = s['key']['shape']
        d['v'] = s['value']['shape']
    if 'enum' in s:
        d['e'] = s['enum']
    if 'min' in s:
        d['n'] = s['min']
    if 'max' in s:
        d['x'] = s['max']
    return d


def strip(model, exceptions):
    meta = model['metadata']
    ops = {}
    for name, op in sorted(model['operations'].items()):
        ops[name] = [op.get('input', {}).get('shape'), op.get('output', {}).get('shape'),
                     xform_name(name, exceptions)]
    shapes = {name: strip_shape(s) for name, s in sorted(model['shapes'].items())}
    return {'v': meta.get('apiVersion'), 'p': meta.get('protocol'),
            'id': meta.get('serviceId'), 'o': ops, 's': shapes}


def load(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt', encoding='utf-8') as f:
        return json.load(f)


def services(data_dir):
    """Each service's newest API version, as botocore's loader picks it."""
    for svc in sorted(os.listdir(data_dir)):
        if not os.path.isdir(os.path.join(data_dir, svc)):
            continue
        versions = sorted(v for v in os.listdir(os.path.join(data_dir, svc))
                          if os.path.isdir(os.path.join(data_dir, svc, v)))
        for v in reversed(versions):
            found = glob.glob(os.path.join(data_dir, svc, v, 'service-2.json*'))
            if found:
                yield svc, found[0]
                break


def download(tmp):
    subprocess.run([sys.executable, '-m', 'pip', 'download', '--no-deps', '--quiet',
                    '--dest', tmp, f'botocore=={BOTOCORE_VERSION}'], check=True)
    wheel = glob.glob(os.path.join(tmp, 'botocore-*.whl'))[0]
    zipfile.ZipFile(wheel).extractall(tmp)
    return os.path.join(tmp, 'botocore', 'data')


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--from', dest='source', help="a botocore 'data' folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.source or download(tmp)
        exceptions = xform_exceptions(data_dir)
        blob = bytearray()
        rows = []
        chunks = []
        exception_rows = sorted(exceptions.items())
        for svc, path in services(data_dir):
            model = strip(load(path), exceptions)
            ops = ['\t'.join([model['v'] or '', model['p'] or '', model['id'] or ''])]
            for name, (inp, out, method) in model['o'].items():
                ops.append('\t'.join([name, method, inp or '', out or '']))
            packed_ops = zlib.compress('\n'.join(ops).encode('utf-8'), 9)
            ops_at = len(blob)
            blob += packed_ops
            first_chunk = len(chunks)
            lines = [(name, name + '\t' + json.dumps(shape, separators=(',', ':')))
                     for name, shape in sorted(model['s'].items())]
            start = 0
            while start < len(lines):
                end, size = start, 0
                while end < len(lines) and (size < CHUNK or end == start):
                    size += len(lines[end][1]) + 1
                    end += 1
                text = '\n'.join(line for _, line in lines[start:end])
                packed = zlib.compress(text.encode('utf-8'), 9)
                chunks.append((lines[start][0], len(blob), len(packed)))
                blob += packed
                start = end
            rows.append((svc, ops_at, len(packed_ops), first_chunk, len(chunks) - first_chunk))
    with open(os.path.join(ROOT, 'src/models/data/models.bin'), 'wb') as f:
        f.write(blob)
    with open(os.path.join(ROOT, 'src/models/index.rs'), 'w', encoding='utf-8') as f:
        f.write('//! Generated by scripts/gen-models.py; do not edit.\n\n')
        f.write(f'/// The botocore release the embedded models come from.\n')
        f.write(f'pub const BOTOCORE_VERSION: &str = "{BOTOCORE_VERSION}";\n\n')
        f.write('/// boto3 client name; offset and length of its operations stream in `models.bin`;\n')
        f.write('/// its first shape chunk in `CHUNKS` and how many it has.\n')
        f.write('#[rustfmt::skip]\npub const SERVICES: &[(&str, u32, u32, u32, u32)] = &[\n')
        for svc, off, n, first, count in rows:
            f.write(f'    ("{svc}", {off}, {n}, {first}, {count}),\n')
        f.write('];\n\n')
        f.write('/// Shape chunks: the first shape name in the chunk, offset and length in `models.bin`.\n')
        f.write('#[rustfmt::skip]\npub const CHUNKS: &[(&str, u32, u32)] = &[\n')
        for first, off, n in chunks:
            f.write(f'    ("{first}", {off}, {n}),\n')
        f.write('];\n\n')
        f.write('/// Operation names botocore\'s `xform_name` rule would mangle, with the method names\n')
        f.write('/// botocore gives them instead (its prepopulated `_xform_cache`).\n')
        f.write('#[rustfmt::skip]\npub const XFORM_EXCEPTIONS: &[(&str, &str)] = &[\n')
        for name, method in exception_rows:
            f.write(f'    ("{name}", "{method}"),\n')
        f.write('];\n')
    print(f'{len(rows)} services, {len(blob)} bytes', file=sys.stderr)


if __name__ == '__main__':
    main()
