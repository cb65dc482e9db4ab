"""Does the fast scan loop find exactly what detect-secrets' own loop finds, on real code?

    python benchmarks/equivalence.py [--sdists sqlalchemy fastapi]

For every file of the pinned sdists (quality.py), `hooks.scan.scanner.Scanner.scan_text` runs
twice: the fast loop (hooks.scan.engine) and `exhaustive=True` (detect-secrets'
`_process_line_based_plugins`, every plugin on every line).  Prints each file whose (line, type,
hash) findings differ, the totals and both loops' time.  Slow: the exhaustive loop is detect-secrets' speed (~4 min for 65 MB).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import quality  # noqa: E402

from hooks.config import Config  # noqa: E402
from hooks.files import read_text  # noqa: E402
from hooks.scan import scanner as scan  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--sdists', nargs='+', default=list(quality.HEADLINE))
    args = parser.parse_args(argv)
    base = os.path.join(quality.CACHE, 'src')
    files = []
    for name in args.sdists:
        version, digest = quality.SDISTS[name]
        top = quality.unpack(quality.fetch_sdist(name, version, digest), name, version)
        files += quality.tree_files(base, top)
    os.chdir(base)
    fast_s = slow_s = 0.0
    differing = found = 0
    key = lambda f: (f.line_number, f.type, f.hashed_secret)  # noqa: E731
    with scan.Scanner(Config()) as scanner:
        for name in files:
            text = read_text(name)
            if text is None:
                continue
            t0 = time.perf_counter()
            fast = sorted(map(key, scanner.scan_text(name, text)))
            t1 = time.perf_counter()
            slow = sorted(map(key, scanner.scan_text(name, text, exhaustive=True)))
            t2 = time.perf_counter()
            fast_s, slow_s, found = fast_s + t1 - t0, slow_s + t2 - t1, found + len(fast)
            if fast != slow:
                differing += 1
                print(f'DIFFERS {name}: lines {sorted({k[0] for k in set(fast) ^ set(slow)})}')
    print(f'{len(files)} files, {found} findings; files differing: {differing}; '
          f'fast loop {fast_s:.1f} s, detect-secrets loop {slow_s:.1f} s')
    return 1 if differing else 0


if __name__ == '__main__':
    raise SystemExit(main())
