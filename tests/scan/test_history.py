"""History mode (hooks.scan.history, `secret-hooks scan --history`, `baseline acknowledge`), on real
git repositories built in temporary directories."""
from __future__ import annotations

import io
import json
import os
import random
import re
import string
from pathlib import Path

import pytest

from hooks.baseline import model as baseline_mod
from hooks.cli import main
from hooks.config import Config
from hooks.files import repository_files
from hooks.scan import gitlog
from hooks.scan import history
from hooks.scan import prefilter
from hooks.scan.scanner import Scanner
from tests.conftest import git
from tests.conftest import init_repo
from tests.scan_helpers import line_starts


def password(rng: random.Random) -> str:
    """A random mixed-class password (what the DB-URL plugin reports), from a seeded generator."""
    chars = [rng.choice(string.ascii_uppercase), rng.choice(string.ascii_lowercase), rng.choice(string.digits)]
    chars += [rng.choice(string.ascii_letters + string.digits) for _ in range(15)]
    return ''.join(chars)


def url(pw: str) -> str:
    return f'postgresql://app:{pw}@db.internal:5432/app'


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = init_repo(path)

    def commit(self, files: dict[str | bytes, str | bytes | None], message: str = 'change') -> str:
        for name, content in files.items():
            target = os.path.join(os.fsencode(self.path), os.fsencode(name))
            if content is None:
                os.remove(target)
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, 'wb') as f:
                f.write(content.encode('utf-8') if isinstance(content, str) else content)
        git(self.path, 'add', '-A')
        git(self.path, 'commit', '-q', '--allow-empty', '-m', message)
        return self.sha('HEAD')

    def sha(self, rev: str) -> str:
        return git(self.path, 'rev-parse', rev).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    r = Repo(tmp_path / 'repo')
    monkeypatch.chdir(r.path)
    return r


def scan_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(['scan', '--history', '--format', 'json', *args])
    out = capsys.readouterr()
    return code, json.loads(out.out)


def located(report: dict) -> list[tuple[str, str, int, int]]:
    """(commit, path, line, commits) of each finding."""
    return [(f['commit'], f['path'], f['line'], f['commits']) for f in report['findings']]


def test_added_then_removed_is_reported_once_at_the_commit_that_added_it(repo, capsys, rng):
    pw = password(rng)
    repo.commit({'app.py': 'x = 1\n'})
    added = repo.commit({'app.py': f'x = 1\n\nDB = "{url(pw)}"\n'})
    repo.commit({'app.py': 'x = 1\n'})
    code = main(['scan', '--history'])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0].startswith(
        'app.py:3: Database URL Credentials: postgresql://app:****@db.internal:5432 [')
    assert f'(commit {added[:10]}, ' in out
    assert 'secret-hooks baseline acknowledge' in out
    assert pw not in out


def test_first_commit_and_a_value_added_in_three_commits_is_counted(repo, capsys, rng):
    pw = password(rng)
    first = repo.commit({'a.py': f'DB = "{url(pw)}"\n'}, 'root')
    repo.commit({'a.py': None})
    repo.commit({'b.py': f'\n\nDB = "{url(pw)}"\n'})
    repo.commit({'c.py': f'DB = "{url(pw)}"\n'})
    code, report = scan_json(capsys)
    assert code == 1
    assert located(report) == [(first, 'a.py', 1, 3)]
    assert report['commits_scanned'] == 4


def test_lines_map_to_the_new_file_across_hunks(repo, capsys, rng):
    body = [f'line{i} = {i}\n' for i in range(1, 41)]
    repo.commit({'m.py': ''.join(body)})
    pw1, pw2 = password(rng), password(rng)
    body[4] = f'A = "{url(pw1)}"\n'
    body.insert(30, f'B = "{url(pw2)}"\n')
    sha = repo.commit({'m.py': ''.join(body)})
    code, report = scan_json(capsys)
    assert code == 1
    assert located(report) == [(sha, 'm.py', 5, 1), (sha, 'm.py', 31, 1)]


def test_rename_is_followed_and_not_reported_again(repo, capsys, rng):
    pw = password(rng)
    first = repo.commit({'old/settings.py': f'DB = "{url(pw)}"\n' + 'x = 1\n' * 20})
    git(repo.path, 'mv', 'old/settings.py', 'new_settings.py')
    repo.commit({'new_settings.py': f'DB = "{url(pw)}"\n' + 'x = 1\n' * 20 + 'y = 2\n'})
    pw2 = password(rng)
    git(repo.path, 'mv', 'new_settings.py', 'final.py')
    moved = repo.commit({'final.py': f'DB = "{url(pw)}"\n' + 'x = 1\n' * 20 + f'Z = "{url(pw2)}"\n'})
    code, report = scan_json(capsys)
    assert code == 1
    assert located(report) == [(moved, 'final.py', 22, 1), (first, 'old/settings.py', 1, 1)]


def test_merge_reports_branch_commits_once_and_what_the_merge_itself_adds(repo, capsys, rng):
    base = [f'v{i} = {i}\n' for i in range(10)]
    repo.commit({'conf.py': ''.join(base)})
    git(repo.path, 'checkout', '-q', '-b', 'feature')
    pw_branch = password(rng)
    branch = repo.commit({'feature.py': f'DB = "{url(pw_branch)}"\n'})
    ours = list(base)
    ours[0] = 'v0 = "feature"\n'
    repo.commit({'conf.py': ''.join(ours)})
    git(repo.path, 'checkout', '-q', 'main')
    theirs = list(base)
    theirs[0] = 'v0 = "main"\n'
    repo.commit({'conf.py': ''.join(theirs)})
    git(repo.path, 'merge', '-q', 'feature', '-m', 'merge', check=False)  # conflict on line 1
    pw_merge = password(rng)
    resolved = list(base)
    resolved[0] = f'v0 = "{url(pw_merge)}"\n'  # the resolution brings a secret of its own
    merge = repo.commit({'conf.py': ''.join(resolved)}, 'merge feature')
    assert len(git(repo.path, 'rev-list', '--parents', '-n1', 'HEAD').stdout.split()) == 3
    code, report = scan_json(capsys)
    assert code == 1
    assert located(report) == [(merge, 'conf.py', 1, 1), (branch, 'feature.py', 1, 1)]


def test_binary_files_are_skipped_and_do_not_hide_text_files(repo, capsys, rng):
    pw, pw_bin = password(rng), password(rng)
    sha = repo.commit({
        'blob.bin': b'\x00\x01' + f'DB = "{url(pw_bin)}"\n'.encode() + bytes(range(256)),
        'app.py': f'DB = "{url(pw)}"\n',
    })
    code, report = scan_json(capsys)
    assert code == 1
    assert located(report) == [(sha, 'app.py', 1, 1)]


def test_a_commit_that_only_deletes(repo, capsys, rng):
    pw = password(rng)
    repo.commit({'a.py': 'x = 1\n', 'b.py': 'y = 2\n'})
    deleting = repo.commit({'a.py': None, 'b.py': None})
    code, report = scan_json(capsys, '--range', f'{deleting}~1..{deleting}')
    assert (code, report['findings'], report['commits_scanned']) == (0, [], 1)
    assert pw not in json.dumps(report)


@pytest.mark.parametrize('args', [['--range', 'HEAD..HEAD'], ['--since', 'HEAD']])
def test_empty_range(repo, capsys, args, rng):
    repo.commit({'a.py': f'DB = "{url(password(rng))}"\n'})
    code, report = scan_json(capsys, *args)
    assert (code, report['findings'], report['commits_scanned']) == (0, [], 0)


def test_non_utf8_paths_and_contents(repo, capsys, rng):
    pw_latin, pw_path = password(rng), password(rng)
    latin_sha = repo.commit({'latin1.py': f'# caf\xe9 cr\xe8me\nDB = "{url(pw_latin)}"\n'.encode('latin-1')})
    name = b'd\xe9j\xe0 vu/\xff odd "name".py'
    path_sha = repo.commit({name: f'DB = "{url(pw_path)}"\n'})
    code = main(['scan', '--history'])
    out = capsys.readouterr().out
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith('d\ufffdj\ufffd vu/\ufffd odd "name".py:1: Database URL Credentials:')
    assert f'(commit {path_sha[:10]}, ' in lines[0]
    assert lines[1].startswith('latin1.py:2: Database URL Credentials:')
    assert f'(commit {latin_sha[:10]}, ' in lines[1]
    assert pw_latin not in out and pw_path not in out


def test_shallow_clone_is_refused_with_a_clear_message(repo, tmp_path, capsys, monkeypatch):
    for i in range(3):
        repo.commit({f'f{i}.py': f'x = {i}\n'})
    clone = tmp_path / 'shallow'
    git(tmp_path, 'clone', '-q', '--depth', '1', f'file://{repo.path}', str(clone))
    monkeypatch.chdir(clone)
    code = main(['scan', '--history'])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith('secret-hooks: error: shallow clone: the history before commit ')
    assert 'git fetch --unshallow' in err and 'Traceback' not in err
    assert len(err.strip().splitlines()) == 1


def test_outside_a_repository_and_a_bad_revision_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(['scan', '--history']) == 2
    assert capsys.readouterr().err.startswith('secret-hooks: error: git rev-parse: fatal: not a git repository')
    init_repo(tmp_path / 'r')
    monkeypatch.chdir(tmp_path / 'r')
    assert main(['scan', '--history', '--range', 'nope..HEAD']) == 2
    assert capsys.readouterr().err.startswith('secret-hooks: error: git log: fatal:')


def test_one_file_that_cannot_be_scanned_hides_no_other(repo, capsys, monkeypatch, rng):
    from hooks.scan import scanner as scan

    pw = password(rng)
    sha = repo.commit({'bad.yaml': 'password: abc\n', 'good.py': f'DB = "{url(pw)}"\n'})
    real = scan.Scanner.scan_text

    def failing(scanner, filename, text, *args, **kwargs):
        if filename == 'bad.yaml':
            raise RecursionError('deep')
        return real(scanner, filename, text, *args, **kwargs)

    monkeypatch.setattr(scan.Scanner, 'scan_text', failing)
    code = main(['scan', '--history'])
    out = capsys.readouterr()
    assert code == 2
    assert out.err == f'secret-hooks: error: {sha[:10]} bad.yaml: cannot scan (RecursionError)\n'
    assert out.out.startswith('good.py:1: Database URL Credentials:')


def test_baseline_allowlisted_value_is_allowed_in_history(repo, capsys, rng):
    pw = password(rng)
    repo.commit({'old.py': f'DB = "{url(pw)}"\n'})
    repo.commit({'old.py': None, 'tests/fixture.py': f'DB = "{url(pw)}"  # test fixture\n'})
    assert main(['baseline', 'create']) == 0
    capsys.readouterr()
    code, report = scan_json(capsys)
    assert (code, report['findings']) == (0, [])
    code, report = scan_json(capsys, '--no-baseline')
    assert code == 1 and len(report['findings']) == 1


def test_excluded_paths_and_the_baseline_are_not_read(repo, capsys, rng):
    repo.commit({'vendor/lib.py': f'DB = "{url(password(rng))}"\n'})
    code, report = scan_json(capsys, '--exclude', '^vendor/')
    assert (code, report['findings']) == (0, [])


def test_sarif_names_the_commit(repo, capsys, rng):
    pw = password(rng)
    sha = repo.commit({'a.py': f'DB = "{url(pw)}"\n'})
    token = password(rng)
    git(repo.path, 'remote', 'add', 'origin', f'https://user:{token}@example.invalid/org/app.git')
    assert main(['scan', '--history', '--format', 'sarif']) == 1
    out = capsys.readouterr().out
    run = json.loads(out)['runs'][0]
    result = run['results'][0]
    assert result['partialFingerprints']['commitSha/v1'] == sha
    assert result['properties'] == {'commit': sha, 'authorDate': result['properties']['authorDate'], 'commits': 1}
    assert result['locations'][0]['physicalLocation']['region'] == {'startLine': 1}
    assert run['versionControlProvenance'] == [
        {'repositoryUri': 'https://example.invalid/org/app.git', 'revisionId': sha}]
    assert pw not in out and token not in out


def test_history_flags_need_history(repo, capsys):
    assert main(['scan', '--since', 'HEAD']) == 2
    assert '--since, --range and --all select commits for --history' in capsys.readouterr().err
    assert main(['scan', '--history', 'a.py']) == 2
    assert 'reads commits, not files' in capsys.readouterr().err


def test_progress_line_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = history.Progress(3, stream)
        for done in (1, 2, 3):
            bar.update(done)
        bar.close()
    assert 'history: 3/3 commits' in tty.getvalue() and tty.getvalue().startswith('\rhistory: 1/3')
    assert pipe.getvalue() == ''


@pytest.mark.parametrize('raw, expected', [
    (b'+++ b/plain.py\n', 'plain.py'),
    (b'+++ b/with space.py\t\n', 'with space.py'),
    (b'+++ "b/tab\\there\\"q\\".py"\n', 'tab\there"q".py'),
    (b'+++ "b/caf\\303\\251.py"\n', 'caf\u00e9.py'),
    (b'+++ /dev/null\n', None),
])
def test_diff_header_paths(raw, expected):
    assert history._path_of(raw) == expected


# --- acknowledging the past ------------------------------------------------------------------

def _fingerprint(capsys) -> str:
    code, report = scan_json(capsys)
    assert code == 1
    return report['findings'][0]['fingerprint']


def test_acknowledge_once_then_never_reported(repo, capsys, rng):
    pw = password(rng)
    repo.commit({'a.py': f'DB = "{url(pw)}"\n'})
    repo.commit({'a.py': 'DB = os.environ["DB_URL"]\n'})
    fp = _fingerprint(capsys)
    assert main(['baseline', 'acknowledge', fp, '--reason', 'rotated on 2026-10-01']) == 0
    out = capsys.readouterr().out
    assert f'{fp}: Database URL Credentials first added in commit ' in out
    b = baseline_mod.load('baseline.secrets')
    assert [(a.reason, a.filename, a.line_number) for a in b.acknowledged] == [('rotated on 2026-10-01', 'a.py', 1)]
    assert pw not in Path('baseline.secrets').read_text()
    before = Path('baseline.secrets').read_bytes()
    code, report = scan_json(capsys)
    assert (code, report['findings']) == (0, [])
    # Once: a second acknowledgement changes nothing, byte for byte.
    assert main(['baseline', 'acknowledge', fp, '--reason', 'again']) == 0
    assert f'{fp}: already acknowledged' in capsys.readouterr().out
    assert Path('baseline.secrets').read_bytes() == before
    # The current files no longer hold it: not stale for check-baseline; kept by update.
    assert main(['baseline', 'check']) == 0
    assert main(['baseline', 'update']) == 0
    assert baseline_mod.load('baseline.secrets').acknowledged == b.acknowledged


def test_acknowledge_unknown_fingerprint_writes_nothing(repo, capsys, rng):
    repo.commit({'a.py': f'DB = "{url(password(rng))}"\n'})
    assert main(['baseline', 'acknowledge', '0badf00d', '--reason', 'rotated']) == 2
    assert 'not found in the 1 commits scanned: 0badf00d' in capsys.readouterr().err
    assert not os.path.exists('baseline.secrets')


def test_acknowledge_needs_a_reason(repo, capsys):
    repo.commit({'a.py': 'x = 1\n'})
    assert main(['baseline', 'acknowledge', 'abcd1234', '--reason', '  ']) == 2
    assert '--reason must say why' in capsys.readouterr().err


@pytest.mark.parametrize('bad, message', [
    ('"acknowledged": {}', '"acknowledged" must be a list of objects'),
    ('"acknowledged": [{"type": "X", "hashed_secret": "zz", "reason": "r"}]', '"hashed_secret" is not a sha1'),
    ('"acknowledged": [{"type": "X", "hashed_secret": "%s", "reason": ""}]' % ('a' * 40), 'lacks "type" or "reason"'),
    ('"acknowledged": [{"type": "X", "hashed_secret": "%s", "reason": "r", "line_number": "1"}]' % ('a' * 40),
     '"line_number" must be int'),
])
def test_malformed_acknowledgements_exit_2(tmp_path, bad, message):
    text = '{"version": "1.5.0", "results": {}, %s}' % bad
    with pytest.raises(baseline_mod.UsageError, match=message):
        baseline_mod.parse(text, 'baseline.secrets')


def _ack(n: int, reason: str = 'rotated') -> baseline_mod.Acknowledgement:
    return baseline_mod.Acknowledgement(type='T', hashed_secret=f'{n:040x}', reason=reason)


def test_acknowledgements_merge_three_way_and_deterministically():
    def b(*acks):
        return baseline_mod.Baseline(path='b', acknowledged=list(acks))

    base = b(_ack(1), _ack(2))
    ours = b(_ack(1), _ack(2), _ack(3))                    # adds 3
    theirs = b(_ack(2), _ack(4), _ack(5, 'theirs'))        # removes 1, adds 4 and 5
    merged, conflicts = baseline_mod.merge3(base, ours, theirs)
    assert conflicts == []
    assert [a.hashed_secret[-1] for a in merged.acknowledged] == ['2', '3', '4', '5']
    # Both sides acknowledged one secret with different reasons: the same result either way.
    one, _ = baseline_mod.merge3(b(), b(_ack(6, 'rotated A')), b(_ack(6, 'rotated B')))
    other, _ = baseline_mod.merge3(b(), b(_ack(6, 'rotated B')), b(_ack(6, 'rotated A')))
    assert one.acknowledged == other.acknowledged == [_ack(6, 'rotated A')]


def test_serialized_acknowledgements_are_canonical_and_absent_when_empty():
    empty = baseline_mod.Baseline(path='b')
    assert 'acknowledged' not in baseline_mod.serialize(empty)
    one = baseline_mod.Baseline(path='b', acknowledged=[_ack(2), _ack(1)])
    other = baseline_mod.Baseline(path='b', acknowledged=[_ack(1), _ack(2)])
    assert baseline_mod.serialize(one) == baseline_mod.serialize(other)
    assert baseline_mod.parse(baseline_mod.serialize(one), 'b').acknowledged == [_ack(1), _ack(2)]


def test_large_added_file_is_scanned_in_pieces(repo, capsys, monkeypatch, rng):
    monkeypatch.setattr(history, 'PIECE', 2_000)
    pws = [password(rng) for _ in range(3)]
    lines = [f'v{i} = {i}\n' for i in range(600)]
    for n, pw in zip((10, 300, 590), pws):
        lines[n] = f'DB{n} = "{url(pw)}"\n'
    sha = repo.commit({'big.py': ''.join(lines)})
    code, report = scan_json(capsys)
    assert code == 1
    assert located(report) == [(sha, 'big.py', 11, 1), (sha, 'big.py', 301, 1), (sha, 'big.py', 591, 1)]


def test_scan_history_api_matches_the_cli(repo, rng):
    pw = password(rng)
    sha = repo.commit({'a.py': f'DB = "{url(pw)}"\n'})
    with Scanner(Config()) as scanner:
        result = history.scan_history(['HEAD'], scanner)
    assert [(h.commit, h.finding.filename, h.finding.line_number, h.count) for h in result.findings] == [
        (sha, 'a.py', 1, 1)]
    assert result.errors == [] and result.commits == 1


# --- the history scan finds what the file scan finds ------------------------------------------

@pytest.mark.parametrize('seed', [3, 11])
def test_root_commit_of_the_corpus_matches_the_file_scan_with_and_without_the_gate(
        repo, monkeypatch, seed):
    """A commit adding whole files: the history scan must report exactly what the file scan
    reports in those files (same lines, types, values), and the whole-text gate must hide
    nothing."""
    import sys

    from hooks.scan import scanner as scan

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / 'benchmarks' / 'corpus'))
    import generate

    generate.generate(str(repo.path / 'corpus'), seed=seed, scale=1)
    os.remove(repo.path / 'corpus' / 'labels.json')
    # Unquoted high-entropy values: only detect-secrets' eager (config) view quotes them.
    rng = random.Random(seed)
    hexes = [''.join(rng.choice('0123456789abcdef') for _ in range(32)) for _ in range(3)]
    (repo.path / 'corpus' / 'checksums.cfg').write_text(
        '[files]\n' + ''.join(f'file{i} = {h}\n' for i, h in enumerate(hexes)))
    sha = repo.commit({})
    files = repository_files()
    expected = sorted((f.filename, f.line_number, f.type, f.hashed_secret)
                      for f in scan.scan_files(files, Config()).findings)
    assert len(expected) > 50
    assert any(f[0] == 'corpus/checksums.cfg' for f in expected)

    def history_findings() -> list[tuple[str, int, str, str]]:
        with Scanner(Config()) as scanner:
            found = history.scan_history(['HEAD'], scanner).findings
        assert {h.commit for h in found} == {sha}
        return sorted((h.finding.filename, h.finding.line_number, h.finding.type, h.finding.hashed_secret)
                      for h in found)

    # One secret is reported once: compare per (type, value), at its first place.
    first = {}
    for path, line, kind, hashed in expected:
        first.setdefault((kind, hashed), (path, line, kind, hashed))
    gated = history_findings()
    assert gated == sorted(first.values())
    monkeypatch.setattr(history._Gate, 'could_hold', lambda self, text: True)
    assert history_findings() == gated


def test_detect_secrets_audit_reads_a_baseline_with_acknowledgements(repo, capsys, rng):
    pw = password(rng)
    repo.commit({'a.py': f'DB = "{url(pw)}"\n', 'b.py': f'B = "{url(password(rng))}"\n'})
    repo.commit({'a.py': None})
    assert main(['baseline', 'create']) == 0
    capsys.readouterr()
    fp = _fingerprint(capsys)
    assert main(['baseline', 'acknowledge', fp, '--reason', 'rotated on 2026-10-01']) == 0
    before = Path('baseline.secrets').read_bytes()
    capsys.readouterr()
    assert main(['baseline', 'audit', '--stats', '--json', 'baseline.secrets']) == 0
    assert 'DatabaseUrlDetector' in json.loads(capsys.readouterr().out)
    assert Path('baseline.secrets').read_bytes() == before


def _fast_import(path: Path, commits: int) -> None:
    """`commits` commits, each adding a few lines (some that the plugins must look at)."""
    rng = random.Random(commits)
    out = bytearray()
    body: list[str] = []
    for n in range(commits):
        body.append(f'value_{n} = {rng.randrange(10**6)}  # policy {n}\n')
        if n % 5 == 0:  # one commit in five adds a line the plugins must look at
            body.append(f'password_{n} = "{n}"\n')
        data = ''.join(body[-60:]).encode()
        out += b'commit refs/heads/main\n'
        out += b'committer T <t@example.invalid> %d +0000\n' % (1700000000 + n)
        out += b'data 2\nc\n'
        out += b'M 100644 inline m%d.py\ndata %d\n%s\n' % (n % 7, len(data), data)
    import subprocess

    subprocess.run(['git', 'fast-import', '--quiet'], cwd=path, input=bytes(out), check=True,
                   capture_output=True)


def test_history_scan_time_is_linear_in_the_number_of_commits(tmp_path, monkeypatch):
    """CPU time of this process (git's excluded) at 4n commits over n: linear, not worse."""
    import time

    times = {}
    for n in (50, 200):
        path = init_repo(tmp_path / f'r{n}')
        _fast_import(path, n)
        monkeypatch.chdir(path)
        best = float('inf')
        for _ in range(2):
            with Scanner(Config()) as scanner:
                start = time.process_time()
                result = history.scan_history(['main'], scanner)
                best = min(best, time.process_time() - start)
        assert result.commits == n and result.errors == []
        times[n] = best
    assert times[200] / times[50] < 7, times


@pytest.mark.parametrize('attributes', ['secret.py -diff', 'secret.py binary', '*.py -text -diff'])
def test_text_that_gitattributes_calls_binary_is_still_read(repo, capsys, attributes, rng):
    pw, pw2 = password(rng), password(rng)
    repo.commit({'.gitattributes': attributes + '\n', 'secret.py': 'x = 1\n'})
    sha = repo.commit({'secret.py': f'x = 1\nDB = "{url(pw)}"\n', 'image.bin': b'\x00' + pw2.encode()})
    code, report = scan_json(capsys)
    assert code == 1
    assert located(report) == [(sha, 'secret.py', 2, 1)]


@pytest.mark.parametrize('raw, expected', [
    (b'diff --git a/x.py b/x.py\n', 'x.py'),
    (b'diff --git a/a b/c b/a b/c\n', 'a b/c'),
    (b'diff --git a/old.py b/new.py\n', None),
    (b'diff --git "a/t\\tx" "b/t\\tx"\n', 't\tx'),
    (b'diff --cc m.py\n', 'm.py'),
])
def test_diff_git_header_paths(raw, expected):
    assert history._header_path(raw) == expected


def test_a_repository_without_commits_has_an_empty_history(repo, capsys):
    code, report = scan_json(capsys)
    assert (code, report['findings'], report['commits_scanned']) == (0, [], 0)


def test_the_allowlist_pragma_holds_in_history(repo, capsys, rng):
    pw = password(rng)
    repo.commit({'a.py': f'DB = "{url(pw)}"  # pragma: allowlist secret\n'})
    code, report = scan_json(capsys)
    assert (code, report['findings']) == (0, [])


@pytest.mark.parametrize('args', [
    ['--range=--output=x..HEAD'], ['--since=--output=x'], ['--range', 'HEAD'], ['--since', ''],
])
def test_revisions_are_never_options(repo, capsys, args):
    repo.commit({'a.py': 'x = 1\n'})
    assert main(['scan', '--history', *args]) == 2
    assert capsys.readouterr().err.startswith('secret-hooks: error: --')
    assert not os.path.exists('x..HEAD') and not os.path.exists('x')


# --- worker processes: the same findings as one process -------------------------------------

def _history_repo(rng: random.Random, repo: Repo) -> None:
    """Commits where order matters: one value added at three paths in three commits (counted,
    reported at the oldest), values in one commit at two paths, a file too bad to decode."""
    pws = [password(rng) for _ in range(4)]
    repo.commit({'a.py': f'DB = "{url(pws[0])}"\n', 'filler.py': 'x = 1\n' * 50}, 'root')
    for n in range(12):
        repo.commit({f'm{n % 3}.py': ''.join(f'v{i} = {i * n}\n' for i in range(n * 5)),
                     f'cfg{n % 2}.py': f'DB{n} = "{url(pws[n % 4])}"\n'})
    repo.commit({'c.py': f'\n\nDB = "{url(pws[0])}"\n', 'd.py': f'DB = "{url(pws[1])}"\n'})


def _findings_of(revs: list[str]) -> tuple[list[tuple[str, str, int, int, str, str]], list[str]]:
    with Scanner(Config()) as scanner:
        result = history.scan_history(revs, scanner)
    return ([(h.commit, h.finding.filename, h.finding.line_number, h.count, h.finding.type,
              h.finding.hashed_secret) for h in result.findings], result.errors)


def _dying_batch(batch: list) -> list:
    """A worker killed while it holds a batch (out of memory, a signal)."""
    os._exit(1)


def _serial_then_parallel(repo, monkeypatch, rng, batch_pieces: int = 2) -> tuple:
    """The findings of a history scanned in one process; the next scan goes to workers at once."""
    _history_repo(rng, repo)
    monkeypatch.setattr(history, 'worker_count', lambda: 0)
    serial = _findings_of(['HEAD'])
    monkeypatch.setattr(history, 'worker_count', lambda: 2)
    monkeypatch.setattr(history, 'PARALLEL_AFTER', 100)
    monkeypatch.setattr(history, 'BATCH_PIECES', batch_pieces)
    return serial


@pytest.mark.parametrize('batch_pieces', [1, 3, 1000])
def test_workers_report_what_one_process_reports(repo, monkeypatch, batch_pieces, rng):
    serial = _serial_then_parallel(repo, monkeypatch, rng, batch_pieces)
    assert len(serial[0]) == 4 and [f[3] for f in serial[0]].count(1) < 4
    started = []
    start = history.Scans._start
    monkeypatch.setattr(history.Scans, '_start', lambda self: (started.append(1), start(self)))
    assert _findings_of(['HEAD']) == serial
    assert started == [1]
    assert history._WORKER is None  # the workers are gone with the scan


def test_a_worker_that_dies_loses_no_finding(repo, monkeypatch, rng):
    serial = _serial_then_parallel(repo, monkeypatch, rng)
    monkeypatch.setattr(history, '_scan_batch', _dying_batch)
    stopped = []
    stop = history.Scans._stop
    monkeypatch.setattr(history.Scans, '_stop', lambda self: (stopped.append(1), stop(self)))
    assert _findings_of(['HEAD']) == serial
    assert stopped


def test_a_scan_that_cannot_fork_its_workers_scans_here(repo, monkeypatch, rng):
    import multiprocessing.process

    serial = _serial_then_parallel(repo, monkeypatch, rng)

    def no_fork(self):
        raise BlockingIOError(11, 'Resource temporarily unavailable')

    monkeypatch.setattr(multiprocessing.process.BaseProcess, 'start', no_fork)
    assert _findings_of(['HEAD']) == serial
    assert history._WORKER is None


@pytest.mark.parametrize('stop', [None, KeyboardInterrupt])
def test_the_log_and_its_count_end_with_the_scan(repo, monkeypatch, stop, rng):
    # git log (read ahead by a child process) and the commit count (git rev-list) run beside
    # the scan; a scan that stops early (Ctrl-C) leaves no process behind, nor a zombie.
    _history_repo(rng, repo)
    logs = []
    start = gitlog.start
    monkeypatch.setattr(gitlog, 'start', lambda revs: logs.append(start(revs)) or logs[-1])
    if stop is not None:
        def interrupted(piece, scanner):
            raise stop

        monkeypatch.setattr(history, 'scan_piece', interrupted)
        with pytest.raises(stop), Scanner(Config()) as scanner:
            history.scan_history(['HEAD'], scanner)
    else:
        with Scanner(Config()) as scanner:
            assert history.scan_history(['HEAD'], scanner).commits == 14
    (log,) = logs
    assert log.proc.returncode is not None and log.count.returncode is not None
    assert log.relay == 0  # reaped


def test_the_gate_compiles_a_guarded_pattern_only_when_a_text_reaches_it(rng):
    # (a small push pays for no pattern it never searches)
    from hooks import lazyre

    with Scanner(Config()) as scanner:
        gate = history._Gate(scanner.engine)
        assert not gate.could_hold(b'x = 1\n')
        patterns = [p for side in gate.guarded.values() for _, p in side]
        assert patterns and all(isinstance(p, lazyre.LazyPattern) and 'search' not in vars(p) for p in patterns)
        assert gate.could_hold(f'password = "{password(rng)}"\n'.encode())


def test_the_gate_reads_a_caret_as_the_start_of_any_line():
    """A trigger is matched line by line, so the gate over a whole text must read `^` as a
    line's start: `password x` opening the second line passes it."""
    import types

    with Scanner(Config()) as scanner:
        engine = scanner.engine
        index = [i for i, t in enumerate(engine.triggers)
                 if t is not None and t.regex is not None and '^\\s{0,20}password' in t.regex.pattern]
        assert index
        one = types.SimpleNamespace(plugins=[engine.plugins[index[0]]], triggers=[engine.triggers[index[0]]])
        gate = history._Gate(one)  # type: ignore[arg-type]
    assert gate.could_hold(b'host\n  password x\n')
    assert gate.could_hold('h\u00f4te\n  password x\n'.encode())
    assert not gate.could_hold(b'host\n  nothing here\n')


def test_deleted_files_are_not_read_and_hide_nothing_beside_them(repo, capsys, rng):
    """git is asked for no deleted file (--diff-filter=d): a commit or a merge that deletes
    files while it renames or adds others still shows what it adds, and is counted."""
    pws = [password(rng) for _ in range(3)]
    repo.commit({'old.py': f'DB = "{url(pws[0])}"\n' + 'x = 1\n' * 20, 'gone.py': 'y = 2\n',
                 'conf.py': 'v = 0\n'})
    git(repo.path, 'mv', 'old.py', 'new.py')
    moved = repo.commit({'gone.py': None, 'new.py': f'DB = "{url(pws[0])}"\n' + 'x = 1\n' * 20
                         + f'DB2 = "{url(pws[1])}"\n'})
    git(repo.path, 'checkout', '-q', '-b', 'feature')
    repo.commit({'conf.py': 'v = "feature"\n'})
    git(repo.path, 'checkout', '-q', 'main')
    repo.commit({'conf.py': 'v = "main"\n', 'side.py': 'z = 3\n'})
    git(repo.path, 'merge', '-q', 'feature', '-m', 'merge', check=False)  # conflict on conf.py
    merge = repo.commit({'conf.py': f'v = "{url(pws[2])}"\n', 'side.py': None}, 'merge feature')
    assert len(git(repo.path, 'rev-list', '--parents', '-n1', 'HEAD').stdout.split()) == 3
    code, report = scan_json(capsys)
    assert code == 1
    assert sorted(located(report)) == sorted([
        (repo.sha('HEAD~3'), 'old.py', 1, 1), (moved, 'new.py', 22, 1), (merge, 'conf.py', 1, 1)])
    assert report['commits_scanned'] == 5


def _gate_texts(rng, gate) -> list[bytes]:
    """Texts near the gate's edge: fragments of every literal its patterns need and of the
    patterns themselves, glued with separators, quotes, runs of class characters and
    non-ASCII letters (the Kelvin sign lower-cases to `k`), from a seeded generator."""
    literals = sorted({lit for _, guarded, _ in gate._parts.values() for lits, _ in guarded for lit in lits})
    glue = [' ', '\n', '=', ': ', '"', "'", '.', ':', '-', '_', '@', '://', '\u212a', '\u00e9', '0', 'A', 'x',
            '\u0130', '\u0131', '\u017f']
    # (a literal written with characters re.IGNORECASE reads as its letters: `ſecret`, `APİ_KEY`)
    special = str.maketrans({'s': '\u017f', 'k': '\u212a', 'i': '\u0131', 'I': '\u0130'})
    texts = []
    for _ in range(3000):
        parts = []
        for _ in range(rng.randrange(1, 8)):
            kind = rng.random()
            if kind < 0.35:
                lit = rng.choice(literals)
                form = rng.random()
                parts.append(lit.upper() if form < 0.2 else lit.upper().translate(special) if form < 0.3
                             else lit.translate(special) if form < 0.35 else lit)
            elif kind < 0.6:
                parts.append(''.join(rng.choice(glue) for _ in range(rng.randrange(1, 4))))
            elif kind < 0.8:
                chars = rng.choice(['0123456789abcdef', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=',
                                    '0123456789', 'abcxyz-_'])
                parts.append(''.join(rng.choice(chars) for _ in range(rng.randrange(1, 50))))
            else:
                parts.append(rng.choice(['login x password ', 'password x', 'secret = ', 'api_key: ', '-u user:',
                                         'postgres://u:p@h', '1.2.3.4.', 'xoxb-', 'AKIA', 'eyJhbGci.eyJ.x',
                                         '.abcdef.' + 'x' * 27, ':' + 'Zz' * 18, 'h:5432:db:u:p', 'AP1x']))
        texts.append(''.join(parts).encode('utf-8'))
    return texts


def test_the_fast_gate_answers_as_the_search_of_all_its_patterns(rng):
    """`could_hold` (a class run as a substring of a mapped text, literals in front of the
    costly patterns) is the one search of the alternation of all patterns, on texts near its
    edge and on this repository's own files, ASCII or not."""
    with Scanner(Config()) as scanner:
        gate = history._Gate(scanner.engine)
    assert gate.runs and all(guarded for _, guarded, _ in gate._parts.values())
    texts = _gate_texts(rng, gate)
    root = Path(__file__).resolve().parents[2]
    for path in sorted((root / 'hooks').rglob('*.py')) + sorted((root / 'docs').rglob('*.md')):
        data = path.read_bytes()
        texts.append(data)
        texts += [line for line in data.splitlines(keepends=True) if line.strip()][:200]
        texts.append(data.replace(b'e', '\u00e9'.encode()))
    answers = [(gate.could_hold(t), gate.could_hold_reference(t)) for t in texts]
    assert all(fast == reference for fast, reference in answers)
    assert 0.1 < sum(fast for fast, _ in answers) / len(answers) < 0.9  # both answers are tested


@pytest.mark.parametrize('literals', [
    ['ab'], ['ab', 'ba', 'c-d'], ['x0', 'x1', 'x2', 'x3'], ['ab', 'abc', 'abcd', 'bcd', 'cd', 'dab', 'a.b', 'b.a', 'c', 'd+'],
])
def test_the_gates_literal_finder_says_whether_a_text_holds_one(literals, rng):
    """A guarded pattern's literals are looked for by one search of their trie (many, or
    sharing first characters) or one substring search each: either way, in str and in bytes,
    the answer is whether the text holds one of them."""
    for form in (str, str.encode):
        holds = history._Gate._finder(literals, form)
        for _ in range(300):
            text = ''.join(rng.choice('abcd.+-x0123 \n') for _ in range(rng.randrange(0, 12)))
            assert bool(holds(form(text))) == any(lit in text for lit in literals), (literals, text)


def test_the_gate_is_open_wherever_the_engine_finds_a_line_to_read(rng):
    """Every text in which the engine finds a line for some plugin (its trigger's literals,
    then its regex) passes the gate: its literal guards (a regex without required literals
    counts where its trigger's literals are) never close it on what the engine reads, in
    ASCII text and in text whose lower() does not keep offsets (U+0130: the ASCII fold).
    (Not asked: a lower-case trigger of literals alone in text holding U+0130, which the gate
    reads in lower() and the engine in the fold: `SİGNİNG.KEY`; its plugin reports none.)"""
    from hooks.scan import engine

    with Scanner(Config()) as scanner:
        gate = history._Gate(scanner.engine)
        trigger_set = scanner.engine.trigger_set
        triggers = scanner.engine.triggers
    assert any(lits for _, guarded, _ in gate._parts.values() for lits, p in guarded
               if prefilter.required_literals(p) is None)  # the trigger-guarded patterns are there
    read = folded = 0
    for data in _gate_texts(rng, gate):
        text = data.decode('utf-8')
        found = engine.candidates(engine._Text(text, line_starts(text)), trigger_set)
        keeps = len(text.lower()) == len(text)
        asked = {i for found_on_line in found.values() for i in found_on_line
                 if keeps or not (triggers[i].lower and triggers[i].regex is None)}
        if asked:
            read += 1
            folded += not keeps
            assert gate.could_hold(data), text
    assert read > 500 and folded > 50


def test_each_triggers_gate_is_open_wherever_the_engine_reads_a_line_for_it(rng):
    """The gate of one plugin alone (trigger-guarded regexes: those without literals every
    match holds) is open on every text in which the engine reads a line for that plugin: its
    literals written plainly, in capitals, or with characters re.IGNORECASE reads as theirs
    (`paſſword`, `APİ_KEY`), beside what its regex looks for elsewhere on the line."""
    import types

    from hooks.scan import engine

    special = str.maketrans({'s': '\u017f', 'k': '\u212a', 'i': '\u0131', 'I': '\u0130'})
    with Scanner(Config()) as scanner:
        pairs = [(p, t) for p, t in zip(scanner.engine.plugins, scanner.engine.triggers)
                 if t is not None and t.regex is not None and t.literals
                 and history._guard(t.regex.pattern, t.literals) is not None]
        gates = [history._Gate(types.SimpleNamespace(plugins=[p], triggers=[t])) for p, t in pairs]  # type: ignore[arg-type]
    assert len(pairs) >= 2
    around = ['env ', 'arg ', '', 'x ', ' = "', '="', "'", ': ', '(', '>', ' -u ', '://u:p@h ', '\n']
    read = 0
    for (plugin, t), gate in zip(pairs, gates):
        one = engine._TriggerSet([t])
        for lit in t.literals:
            for form in (lit, lit.upper(), lit.translate(special), lit.upper().translate(special)):
                for _ in range(40):
                    text = ''.join(rng.choice(around) for _ in range(2)) + form + ''.join(
                        rng.choice(around + ['abcdefgh12345678', 'Xk3jq9Lm2pQz7RtYw5eR' * 2]) for _ in range(3))
                    if engine.candidates(engine._Text(text, line_starts(text)), one):
                        read += 1
                        assert gate.could_hold(text.encode()), (type(plugin).__name__, text)
    assert read > 200


def test_required_literals_are_in_every_match(rng):
    """prefilter.required_literals: every match of every trigger regex holds one of them."""
    from hooks.scan import prefilter

    with Scanner(Config()) as scanner:
        gate = history._Gate(scanner.engine)
        patterns = [t.regex.pattern for t in scanner.engine.triggers if t is not None and t.regex is not None]
    texts = [t.decode() for t in _gate_texts(rng, gate)]
    checked = 0
    for pattern in patterns:
        required = prefilter.required_literals(pattern)
        if required is None:
            continue
        regex = re.compile(pattern, re.MULTILINE)
        for text in texts:
            for m in regex.finditer(text):
                checked += 1
                assert any(lit in m.group() for lit in required), (pattern, sorted(required))
    assert checked > 1000
    assert prefilter.required_literals('(?i)key') is None
    assert prefilter.required_literals('a(?i:b)c') in ({'a'}, {'c'})
    assert prefilter.required_literals('(?:api|db)_?key|passw') == {'api_key', 'apikey', 'db_key', 'dbkey', 'passw'}
    assert prefilter.required_literals('x?y*') is None
    table, run = prefilter.class_run('(?:[0-9a-f]{9})')  # type: ignore[misc]
    assert run in b'x 0123456789 y'.translate(table) and run not in b'x 01234567 y'.translate(table)
    assert prefilter.class_run('[^a]{3}') is None and prefilter.class_run('[a-z]{3}x') is None


def test_a_text_read_through_a_transformer_is_scanned_whatever_its_raw_text_holds(repo, capsys, rng):
    """The gate searches the raw text; a YAML view decodes escapes (`"\\x70assword"` is the key
    `password`), an INI view interpolates: such a file's added lines are scanned, and the
    history reports what the file scan reports (the gate alone missed this one)."""
    pw = password(rng)
    yaml_text = f'db:\n  "\\x70assword": "{pw}"\n'
    with Scanner(Config()) as scanner:
        gate = history._Gate(scanner.engine)
        assert not gate.could_hold(yaml_text.encode())  # the raw text holds no trigger
        assert gate.needs_scan('conf.yaml', yaml_text.encode())
        assert not gate.needs_scan('app.py', b'x = 1\n')
        expected = {(f.filename, f.line_number) for f in scanner.scan_text('conf.yaml', yaml_text)}
    assert expected == {('conf.yaml', 2)}
    sha = repo.commit({'conf.yaml': yaml_text})
    code, report = scan_json(capsys)
    assert code == 1
    assert ('conf.yaml', 2) in {(f['path'], f['line']) for f in report['findings']}
    assert {f['commit'] for f in report['findings']} == {sha}
