"""Write a scan's complete output (JSON and text, fixed fingerprint salt) for the dense inputs, so
that two versions of the code can be compared byte for byte.

    python benchmarks/dense_equivalence.py OUT [--size 1] [--seeds 0,1] [PATH ...]
    diff -r BEFORE_OUT AFTER_OUT     # nothing: the same findings, redactions and fingerprints

Run it once from a checkout of the old commit (`git worktree add`) and once from the new one.
Inputs: every "distinct ..." case of adversarial.py (one line of tens of thousands of findings)
at --size MB, the same cases at the short sizes a line of normal code has (many short lines: the
per-finding path below the long-line threshold), the generated labelled corpus
(corpus/generate.py, one output per seed), and every file under each PATH (real trees: one
output per PATH).  The scan is `Scanner.scan_files`, what `secret-hooks scan --no-baseline`
runs, then the report's JSON and text forms.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import tempfile
from typing import Any
from typing import Iterator

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, 'corpus'))

import adversarial  # noqa: E402
import generate  # noqa: E402

from hooks import report  # noqa: E402
from hooks.config import Config  # noqa: E402
from hooks.scan import scanner as scan  # noqa: E402

SALT = '5a' * 32  # fixed: fingerprints compare across runs


def _output(base: str, files: list[str]) -> str:
    cwd = os.getcwd()
    os.chdir(base)
    try:
        with scan.Scanner(Config(), SALT) as scanner:
            result = scanner.scan_files(files)
    finally:
        os.chdir(cwd)
    text = report.format_text(result.findings)
    if result.findings:
        text += report.summary(result.findings, 'baseline.secrets', False)
    return report.format_json(result.findings, result.errors) + '\n' + '\n'.join(text) + '\n'


@contextlib.contextmanager
def _seeded_keys(seed: int) -> Iterator[None]:
    """The corpus draws its B2B keys from `keys.generate_key`'s system source: seeded here, so
    that two runs write the same corpus (and so the same fingerprints)."""
    from hooks import keys

    unseeded = keys.generate_key
    rng = random.Random(f'b2b:{seed}')

    def generate_key(prefix: str = keys.DEFAULT_PREFIX, env: str = 'live', rng_: Any = None) -> str:
        return unseeded(prefix, env, rng=rng)

    keys.generate_key = generate_key  # type: ignore[assignment]
    try:
        yield
    finally:
        keys.generate_key = unseeded  # type: ignore[assignment]


def _tree(top: str) -> list[str]:
    found = []
    for root, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in ('.git', '__pycache__'))
        found += [os.path.relpath(os.path.join(root, n), top) for n in sorted(names)]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('out')
    parser.add_argument('--size', type=float, default=1.0, help='MB of each dense line (default 1)')
    parser.add_argument('--seeds', default='0,1', help='labelled-corpus seeds (default 0,1)')
    parser.add_argument('--no-dense', action='store_true', help='only the corpus and the trees')
    parser.add_argument('paths', nargs='*', help='trees of real files')
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)

    def write(name: str, content: str) -> None:
        with open(os.path.join(args.out, name), 'w', encoding='utf-8') as f:
            f.write(content)
        print(name, flush=True)

    names = [n for n in adversarial.cases() if n.startswith('distinct ') and not args.no_dense]
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            slug = name.replace(' ', '_').replace('=', 'eq')
            path = os.path.join(tmp, 'input.txt')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(adversarial.build(name, int(args.size * adversarial.MB)))
            write(f'{slug}.out', _output(tmp, ['input.txt']))
            # Short lines (as code has them): 400 lines of 1-40 findings each, one file.
            rng = random.Random(name)
            lines = [adversarial.cases()[name](rng.randrange(40, 1200), rng) for _ in range(400)]
            with open(path, 'w', encoding='utf-8') as f:
                f.write('\n'.join(lines) + '\n')
            write(f'{slug}.lines.out', _output(tmp, ['input.txt']))
        for seed in (int(s) for s in args.seeds.split(',') if s):
            corpus = os.path.join(tmp, f'corpus{seed}')
            with _seeded_keys(seed):
                generate.generate(corpus, seed=seed, scale=3)
            write(f'corpus-{seed}.out', _output(corpus, _tree(corpus)))
    for n, top in enumerate(args.paths):
        write(f'tree-{n}.out', _output(top, _tree(top)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
