"""Do two source trees of secret-hooks report the same findings?  (A speed-up must not move one.)

    python benchmarks/same_findings.py BASE_TREE [NEW_TREE] [--sizes 0.03,0.15] [--mb 1] [--mixes 60]

BASE_TREE and NEW_TREE (default: this checkout) are directories holding the `hooks` package
(`git worktree add BASE_TREE main`, or `git archive REV | tar -x -C BASE_TREE`).  Inputs, built
at run time from seeded generators in a temporary git repository (the fingerprint salt is then
the same for both trees): every case of benchmarks/adversarial.py at each of --sizes (MB), the run
cases again at --mb MB (0: none), --mixes long lines mixing lines of the labelled corpus
(benchmarks/corpus/generate.py) with runs of trigger literals under nine file extensions, and the
corpus files themselves.  Each tree scans every input in one process (`secret-hooks scan
--no-baseline --format json`, in-process, PYTHONHASHSEED=0: a finding that depends on set order
would otherwise differ between any two runs); the JSON outputs (fingerprints, lines, types,
redacted values) are compared file by file.  Exit 1 when any differs.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXTENSIONS = ('.txt', '.py', '.yaml', '.env', '.json', '.ini', '.js', '.properties', '.md')
UNITS = (
    'password', 'pwd=', 'password="x" ', "password='x',", 'server=x;pwd=a;', 'jdbc:x:;password=', '://u:p@',
    'eyJa.', 'secret_key=', 'JWT_SECRET_KEY = ', '"password": "', 'password: ', 'api_key', 'token', 'pass',
    'pwd', '--', 'value=', ' is ', '|', 'bearer ', 'Authorization: Basic ', '-u ', 'AKIA', '%%', 'jwt.encode(',
)

# Run by each tree's interpreter: scan every named file, write one JSON report per file.
RUNNER = r'''
import contextlib, io, os, sys
out, tree, files = sys.argv[1], sys.argv[2], sys.argv[3:]
import hooks
from hooks import cli
if os.path.dirname(os.path.dirname(os.path.abspath(hooks.__file__))) != tree:
    sys.exit(f'same_findings: imported {hooks.__file__}, not the tree {tree}')
for path in files:
    buf, err = io.StringIO(), io.StringIO()
    os.chdir(os.path.dirname(path))
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(err):
        try:
            rc = cli.main(['scan', '--no-baseline', '--format', 'json', '--', os.path.basename(path)])
        except SystemExit as e:
            rc = e.code
    with open(os.path.join(out, os.path.basename(path) + '.json'), 'w') as f:
        f.write(f'exit {rc}\n{buf.getvalue()}\n{err.getvalue()}')
'''


def _mix(seed: int, lines: list[str]) -> str:
    r = random.Random(seed)
    size = r.choice([25_000, 60_000, 120_000])
    parts: list[str] = []
    total = 0
    while total < size:
        part = r.choice(lines) if seed % 3 == 0 or r.random() < 0.5 else r.choice(UNITS) * r.choice([1, 2, 5, 40, 300])
        part += r.choice(['', ' ', ';', ',', '  ', '&', '\t'])
        parts.append(part)
        total += len(part)
    text = ''.join(parts)
    if seed % 4 == 3:  # long lines among short ones
        a, b = sorted(r.sample(range(len(text)), 2))
        text = text[:a] + '\n' + text[a:b] + '\n' + '\n'.join(r.sample(lines, 20)) + '\n' + text[b:]
    return text


def build(where: str, sizes: list[float], mb: float, mixes: int) -> list[str]:
    sys.path.insert(0, HERE)
    import adversarial

    files: list[str] = []

    def put(name: str, text: str) -> None:
        path = os.path.join(where, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        files.append(path)

    for i, name in enumerate(adversarial.cases()):
        for size in sizes:
            put(f'case{i:03d}_{size:g}MB.txt', adversarial.build(name, int(size * 1_000_000), seed=i))
        if mb and name.startswith('run '):
            put(f'case{i:03d}_{mb:g}MB_run.txt', adversarial.build(name, int(mb * 1_000_000)))
    corpus = os.path.join(where, 'corpus')
    subprocess.run([sys.executable, os.path.join(HERE, 'corpus', 'generate.py'), corpus, '--seed', '0', '--scale', '2'],
                   check=True, capture_output=True)
    lines: list[str] = []
    for base, _, names in os.walk(corpus):
        for name in sorted(names):
            path = os.path.join(base, name)
            if name == 'labels.json':
                continue
            try:
                with open(path, encoding='utf-8') as f:
                    text = f.read()
            except UnicodeDecodeError:
                continue
            lines += [line for line in text.split('\n') if line.strip()]
            put(f'corpus_{len(files):04d}_{name}', text)
    for seed in range(mixes):
        put(f'mix{seed:03d}{EXTENSIONS[seed % len(EXTENSIONS)]}', _mix(seed, lines))
    return files


def run(tree: str, files: list[str], out: str) -> None:
    """Scan `files` with the `hooks` package of `tree`, and no other: the runner starts in `out`
    (a `-c` script puts its working directory first on sys.path: started in a checkout, both
    runs imported that checkout's package and compared it with itself) and checks what it
    imported."""
    os.makedirs(out)
    tree = os.path.abspath(tree)
    env = dict(os.environ, PYTHONPATH=tree, PYTHONHASHSEED='0')
    subprocess.run([sys.executable, '-c', RUNNER, out, tree, *files], env=env, check=True, cwd=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('base')
    parser.add_argument('new', nargs='?', default=ROOT)
    parser.add_argument('--sizes', default='0.03,0.15', help='MB, every case (default: 0.03,0.15)')
    parser.add_argument('--mb', type=float, default=1, help='MB, the run cases again (0: skip)')
    parser.add_argument('--mixes', type=int, default=60)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = os.path.join(tmp, 'in')
        os.makedirs(inputs)
        git = ['git', '-c', 'user.name=x', '-c', 'user.email=x@example.com']
        subprocess.run([*git, 'init', '-q', inputs], check=True)
        subprocess.run([*git, '-C', inputs, 'commit', '-q', '--allow-empty', '-m', 'salt'], check=True)
        files = build(inputs, [float(s) for s in args.sizes.split(',') if s], args.mb, args.mixes)
        print(f'{len(files)} inputs', flush=True)
        for label, tree in (('base', args.base), ('new', args.new)):
            run(tree, files, os.path.join(tmp, label))
        differing = []
        for path in files:
            name = os.path.basename(path) + '.json'
            with open(os.path.join(tmp, 'base', name)) as a, open(os.path.join(tmp, 'new', name)) as b:
                if a.read() != b.read():
                    differing.append(os.path.basename(path))
        findings = 0
        for name in os.listdir(os.path.join(tmp, 'new')):
            with open(os.path.join(tmp, 'new', name)) as f:
                findings += f.read().count('"fingerprint"')
        print(f'{len(files)} inputs, {findings} findings, {len(differing)} differing')
        for name in differing:
            print(f'  differs: {name}')
    return 1 if differing else 0


if __name__ == '__main__':
    sys.exit(main())
