"""Expansion bombs: a few hundred bytes that detect-secrets' transformers expand exponentially.

    python benchmarks/bombs.py [--stock]

Each case is one `secret-hooks scan --no-baseline FILE` in a fresh process; prints its wall
time and peak memory (the process's own, from wait4) and fails past 2 s or 200 MB.  The planted
URL after the bomb must still be reported (the file is scanned as raw lines, not skipped).
`--stock` also times detect-secrets itself on smaller bombs of the same shape (the full-size one
takes minutes and gigabytes there).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from typing import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUDGET_S = 2.0
BUDGET_MB = 200


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['l0: &l0 [' + ', '.join(['"lol"'] * width) + ']']
    for i in range(1, levels):
        lines.append(f'l{i}: &l{i} [' + ', '.join([f'*l{i - 1}'] * width) + ']')
    return '\n'.join(lines) + '\n'


def mapping_laughs(levels: int = 9, width: int = 9) -> str:
    """The same with mappings of strings: detect-secrets' transformer also emits lines."""
    lines = ['m0: &m0 {' + ', '.join(f'k{j}: lol' for j in range(width)) + '}']
    for i in range(1, levels):
        lines.append(f'm{i}: &m{i} [' + ', '.join([f'*m{i - 1}'] * width) + ']')
    return '\n'.join(lines) + '\n'


def ini_laughs(levels: int = 9, width: int = 10) -> str:
    lines = ['[s]', 'k0 = lol']
    for i in range(1, levels + 1):
        lines.append(f'k{i} = ' + ''.join([f'%(k{i - 1})s'] * width))
    return '\n'.join(lines) + '\n'


PLANTED = 'db_url = postgresql://app:Qv7' + 'tR2mX9kL4pW8@db/app\n'
CASES = [
    ('bomb.yaml', billion_laughs()),
    ('mappings.yaml', mapping_laughs()),
    ('bomb.ini', ini_laughs()),
    ('bomb.cfg.txt', ini_laughs()),
]


def measure(argv: Sequence[str], cwd: str) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, stdout) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, 'PYTHONPATH': ROOT})
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode, out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--stock', action='store_true', help="also time detect-secrets' own scan")
    args = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in CASES:
            with open(os.path.join(tmp, name), 'w') as f:
                f.write(text + PLANTED)
            seconds, mb, code, out = measure(
                [sys.executable, '-m', 'hooks.cli', 'scan', '--no-baseline', name], tmp)
            found = code == 1 and f'{name}:' in out and 'internal error' not in out
            ok = seconds <= BUDGET_S and mb <= BUDGET_MB and found
            failed |= not ok
            print(f'{name:14} {len(text):4} bytes  secret-hooks {seconds:5.2f} s {mb:6.1f} MB  '
                  f'planted URL {"found" if found else "MISSED"}  {"ok" if ok else "FAIL"}')
        if args.stock:
            for levels in (5, 6, 7):
                name = f'stock{levels}.yaml'
                with open(os.path.join(tmp, name), 'w') as f:
                    f.write(billion_laughs(levels))
                seconds, mb, _, _ = measure(
                    [sys.executable, '-m', 'detect_secrets', 'scan', name], tmp)
                print(f'{name:14} detect-secrets {seconds:6.2f} s {mb:7.1f} MB '
                      f'(x9 per level; 9 levels is the case above)')
    print(f'budget: {BUDGET_S} s and {BUDGET_MB} MB per file; ' + ('FAILED' if failed else 'all within'))
    return 1 if failed else 0


if __name__ == '__main__':
    raise SystemExit(main())
