"""A file whose thousands of findings are all allowlisted: `secret-hooks scan` against its baseline.

    python benchmarks/allowlisted.py [--sizes 8000,32000]

For each size N: a git repository holding one file of N distinct credential URLs (built at run
time from a seeded generator), `secret-hooks baseline create`, then `secret-hooks scan` timed in a
fresh process; it must exit 0 (every finding allowlisted).  Printed: seconds per size and the
ratio of the last size to the first over their ratio of sizes (linear: about 1).  Issue #11 saw
8,000 allowlisted findings take 94 s when the allowlist was rebuilt for every finding.
"""
from __future__ import annotations

import argparse
import os
import random
import string
import subprocess
import sys
import tempfile
import time
from typing import Sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def urls(n: int, seed: int = 0) -> str:
    rng = random.Random(f'allowlisted:{seed}')
    alphabet = string.ascii_letters + string.digits
    word = lambda k: ''.join(rng.choice(alphabet) for _ in range(k))  # noqa: E731
    return ''.join(f'URL_{i} = "postgresql://app:{word(18)}@db{i}.internal/app"\n' for i in range(n))


def run(argv: Sequence[str], cwd: str) -> tuple[float, int, str]:
    env = {**os.environ, 'PYTHONPATH': ROOT}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, '-m', 'hooks.cli', *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done.returncode, done.stderr[-300:]


def measure(n: int, tmp: str) -> float:
    repo = os.path.join(tmp, f'n{n}')
    os.makedirs(repo)
    subprocess.run(['git', 'init', '-q', repo], check=True)
    with open(os.path.join(repo, 'settings.py'), 'w', encoding='utf-8') as f:
        f.write(urls(n))
    subprocess.run(['git', '-C', repo, 'add', 'settings.py'], check=True)
    _, code, err = run(['baseline', 'create'], repo)
    if code != 0:
        raise SystemExit(f'baseline create: exit {code}: {err}')
    seconds, code, err = run(['scan', 'settings.py'], repo)
    if code != 0:
        raise SystemExit(f'scan with every finding allowlisted: exit {code}: {err}')
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--sizes', default='8000,32000', help='findings per file (default: 8000,32000)')
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(',')]
    with tempfile.TemporaryDirectory() as tmp:
        times = [measure(n, tmp) for n in sizes]
    for n, t in zip(sizes, times):
        print(f'{n:>7} allowlisted findings: scan {t:6.2f} s')
    if len(sizes) > 1:
        print(f'ratio (time / size, last over first): {times[-1] / times[0] / (sizes[-1] / sizes[0]):.2f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
