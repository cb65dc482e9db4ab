"""Sweep: every file of a few real trees through `secret-hooks scan` and every check; fails on
any internal error.

    python benchmarks/sweep.py [--sdists sqlalchemy fastapi ...] [--no-odd] [--batch 200]

Trees: the pinned sdists (quality.py) and a generated tree of odd files (block-scalar YAML,
UTF-16/32, binaries, empty and CRLF files, minified code, Python newer than this interpreter,
bad UTF-8, expansion bombs, deep nesting, a file past the chunked-read size).  Each command runs
as pre-commit runs it: a separate process per batch of file names from the tree's root.
Prints, per tree and command, the files, time, exit codes and error lines by kind; exits 1 when
any error line is an internal error or a traceback, or a command exits other than 0/1/2.
"""
from __future__ import annotations

import argparse
import codecs
import os
import random
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from typing import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import quality  # noqa: E402

COMMANDS = (
    ('scan', ['scan', '--no-baseline']),
    ('check-fallbacks', ['check-fallbacks']),
    ('check-logging', ['check-logging']),
    ('check-env-files', ['check-env-files', '--env-files', '*']),  # every file read as an env file
)
WHOLE_REPO = (('check-rotation', ['check-rotation', '--include-tests']),)


def _token(rng: random.Random, n: int = 20) -> str:
    return ''.join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def odd_tree(root: str, seed: int = 10) -> list[str]:
    """Write the odd files under `root`; returns their relative paths."""
    rng = random.Random(seed)
    t = lambda n=20: _token(rng, n)  # noqa: E731
    url = lambda: f'postgresql://app:{t()}@db:5432/app'  # noqa: E731
    files: dict[str, bytes] = {}

    def text(rel: str, s: str) -> None:
        files[rel] = s.encode('utf-8')

    for style in ('|', '|-', '|+', '>', '>-', '>+', '|2'):
        name = style.replace('|', 'literal').replace('>', 'folded').replace('+', 'keep').replace('-', 'strip')
        text(f'yaml/block-{name}.yaml', f'a:\n  b: {style}\n    x\n\n    y\n  password: {t()}\nc: {url()}\n')
    text('yaml/compose.yml', f'services:\n  w:\n    command: >\n      run\n      --x\n    environment:\n'
                             f'      AWS_ACCESS_KEY_ID: AKIA{t(16).upper()}\n      REDIS_URL: redis://:{t()}@c:6379\n')
    text('.github/workflows/ci.yml', f'on: push\njobs:\n  t:\n    steps:\n      - run: |\n          make\n'
                                     f'        env:\n          DATABASE_URL: {url()}\n')
    text('yaml/multi.yaml', f'a: 1\n---\npassword: {t()}\n---\n- &x {t()}\n- *x\n')
    text('yaml/anchors.yaml', f'base: &b\n  password: {t()}\nother:\n  <<: *b\n  token: {t()}\n')
    text('yaml/tabs-crlf.yaml', f'a:\t1\r\nsecret: "{t()}"\r\nb: |\r\n  \tx\r\n')
    text('yaml/invalid.yaml', f'a: [\n  b: {{\npassword: {t()}\n')
    text('yaml/deep.yaml', 'a: ' + '[' * 20000 + ']' * 20000 + f'\nurl: {url()}\n')
    text('yaml/bad-date.yaml', f'released: 2020-13-45\npassword: {t()}\n')  # PyYAML: ValueError
    from bombs import billion_laughs
    from bombs import ini_laughs

    text('yaml/bomb.yaml', billion_laughs() + f'url: {url()}\n')
    text('ini/bomb.ini', ini_laughs() + f'url = {url()}\n')
    text('ini/app.ini', f'[db]\npassword = {t()}\nurl =\n    {url()}\n\t{t()}\n[DEFAULT]\nx = %(y)s\n')
    for codec, bom in (('utf-16-le', codecs.BOM_UTF16_LE), ('utf-16-be', codecs.BOM_UTF16_BE),
                       ('utf-16-le', b''), ('utf-32-le', codecs.BOM_UTF32_LE), ('utf-32-be', b'')):
        s = f'# settings\r\nDATABASE_URL={url()}\r\npassword = "{t()}"\r\n'
        files[f'encodings/{codec}{"-bom" if bom else ""}.txt'] = bom + s.encode(codec)
    files['encodings/bad-utf8.py'] = b'# caf\xe9 \xff\xfe\n' + f'password = "{t()}"\n'.encode()
    files['encodings/utf8-bom.env'] = codecs.BOM_UTF8 + f'API_KEY={t()}\n'.encode()
    files['encodings/cr-only.txt'] = f'a = 1\rpassword = "{t()}"\r'.encode()
    files['binary/random.bin'] = bytes(rng.randrange(256) for _ in range(20000))
    files['binary/png.png'] = b'\x89PNG\r\n\x1a\n\0\0\0\rIHDR' + bytes(rng.randrange(256) for _ in range(4000))
    files['binary/late-nul.txt'] = f'password = "{t()}"\n'.encode() + b'x' * 9000 + b'\0'
    files['binary/ff-fe-noise.bin'] = b'\xff\xfe' + bytes(rng.randrange(256) for _ in range(4000))
    for rel, data in (('empty/empty.py', b''), ('empty/newline.yaml', b'\n'), ('empty/crlf.env', b'\r\n\r\n'),
                      ('empty/spaces.ini', b'   ')):
        files[rel] = data
    text('crlf/settings.py', f'import os\r\nSECRET_KEY = os.getenv("SECRET_KEY", "{t()}")\r\n')
    text('crlf/.env', f'DB_PASSWORD=+{t()}\r\nAPI_KEY=/{t()}\r\n')
    text('minified/app.min.js', ';'.join(f'var a{i}="{t(8)}"' for i in range(40000))
         + f';var password="{t()}";\n')
    text('python/newer.py', 'import os\nos.getenv("API_TOKEN")\ntry:\n    pass\nexcept ValueError, TypeError:\n    pass\n')
    text('python/match.py', 'def f(x):\n    match x:\n        case {"password": p}:\n            return p\n')
    text('python/deep.py', 'x = ' + '(' * 5000 + '1' + ')' * 5000 + '\n')
    text('python/nul-in-source.py', f'x = "{t()}"\n')
    files['python/nul-in-source.py'] += b'\0\n'
    text('python/fstrings.py', 'import os\nK = f"{os.getenv(\'SECRET_KEY\', \'' + t() + '\')}"\n')
    text('docker/Dockerfile', f'FROM python\nARG DB_PASSWORD={t()}\nENV API_KEY=${{API_KEY:-{t()}}}\n')
    text('shell/run.sh', f'#!/bin/sh\nexport TOKEN="${{TOKEN:-{t()}}}"\n')
    text('deploy/baseline.secrets', f'{{"results": {{}}, "url": "{url()}"}}\n')
    text('lock/poetry.lock', f'[[package]]\nname = "x"\nhash = "sha256:{t(64)}"\n')
    text('long/one-line.txt', ('password=' + t(12) + ' ') * 20000 + '\n')
    # Past the chunked-read size (16 MiB): read in bounded chunks.
    big = (f'line of ordinary text {t(30)}\n' * 330_000) + f'DATABASE_URL={url()}\n'
    text('big/large.log', big)
    for rel, data in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(data)
    return sorted(files)


def run_command(argv: Sequence[str], cwd: str) -> tuple[int, str, str, float]:
    start = time.perf_counter()
    # The trees are not git work trees (the sdists are unpacked under this one, git-ignored):
    # stop git at the tree, so whole-repository commands walk every file of it.
    env = {**os.environ, 'PYTHONPATH': ROOT, 'GIT_CEILING_DIRECTORIES': os.path.dirname(os.path.abspath(cwd))}
    done = subprocess.run([sys.executable, '-m', 'hooks.cli', *argv], cwd=cwd, capture_output=True,
                          text=True, env=env)
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - start


def error_kind(line: str) -> str:
    if 'internal error' in line or 'Traceback' in line or line.startswith('Exception ignored'):
        return 'INTERNAL'
    for kind in ('cannot parse as Python', 'cannot read', 'no such baseline'):
        if kind in line:
            return kind
    return 'other'


def sweep(name: str, root: str, files: list[str], batch: int) -> bool:
    """Run every command over `files` (relative to `root`); True when no internal error."""
    ok = True
    runs = [(label, argv, [files[i:i + batch] for i in range(0, len(files), batch)])
            for label, argv in COMMANDS]
    runs += [(label, argv, [[]]) for label, argv in WHOLE_REPO]
    for label, argv, batches in runs:
        kinds: Counter[str] = Counter()
        codes: Counter[int] = Counter()
        seconds = 0.0
        internal: list[str] = []
        for names in batches:
            code, out, err, took = run_command([*argv, *names], root)
            seconds += took
            codes[code] += 1
            for line in err.splitlines():
                kind = error_kind(line)
                kinds[kind] += 1
                if kind == 'INTERNAL':
                    internal.append(line)
            if code not in (0, 1, 2):
                internal.append(f'exit {code}')
        ok &= not internal
        print(f'{name:12} {label:16} {len(files):6} files {seconds:7.1f} s  exits {dict(sorted(codes.items()))}  '
              f'errors {dict(kinds) or "none"}')
        for line in internal[:20]:
            print(f'    {line}')
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--sdists', nargs='*', default=list(quality.SDISTS), choices=sorted(quality.SDISTS))
    parser.add_argument('--no-odd', action='store_true', help='skip the generated tree of odd files')
    parser.add_argument('--batch', type=int, default=200, help='file names per process (pre-commit passes batches)')
    args = parser.parse_args(argv)
    ok = True
    if not args.no_odd:
        with tempfile.TemporaryDirectory() as tmp:
            files = odd_tree(tmp)
            ok &= sweep('odd-files', tmp, files, args.batch)
    base = os.path.join(quality.CACHE, 'src')
    for name in args.sdists:
        version, digest = quality.SDISTS[name]
        top = quality.unpack(quality.fetch_sdist(name, version, digest), name, version)
        files = [os.path.relpath(f, top) for f in quality.tree_files(base, top)]
        ok &= sweep(name, os.path.join(base, top), files, args.batch)
    print('sweep: ' + ('no internal error' if ok else 'INTERNAL ERRORS (see above)'))
    return 0 if ok else 1


if __name__ == '__main__':
    raise SystemExit(main())
