"""hooks.baseline.model and `secret-hooks baseline ...`: parsing, serialization, update, drift, merge."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hooks.baseline import model as baseline_mod
from hooks.errors import UsageError
from tests.conftest import git
from tests.conftest import init_repo
from tests.conftest import run_cli
from tests.conftest import write

SHA = 'a' * 40


def _doc(**overrides):
    doc = {
        'version': '1.5.0',
        'plugins_used': [{'name': 'KeywordDetector'}],
        'filters_used': [],
        'results': {'app.py': [{'type': 'Secret Keyword', 'filename': 'app.py',
                                'hashed_secret': SHA, 'is_verified': False, 'line_number': 3}]},
        'generated_at': '2026-01-01T00:00:00Z',
    }
    doc.update(overrides)
    return json.dumps(doc, indent=2) + '\n'


@pytest.mark.parametrize(('text', 'line', 'reason'), [
    ('{"version": "1.5.0",\n  "results": {}\n', 3, 'not valid JSON'),
    (_doc().replace('  "results"', '<<<<<<< HEAD\n  "results"'), 9, 'merge conflict markers'),
    ('[]\n', None, 'expected a JSON object'),
    (_doc(version='9.0.0'), 2, 'unsupported baseline version 9.0.0'),
    (_doc(version=None), 2, 'malformed "version"'),
    (_doc(results=[]), 9, '"results" must be an object'),
    (_doc(results={'a.py': [{'type': 'X'}]}), None, 'lacks "type" or "hashed_secret"'),
    (_doc(results={'a.py': [{'type': 'X', 'hashed_secret': 'nothex'}]}), None, 'not a sha1'),
    (_doc(results={'a.py': [{'type': 'X', 'hashed_secret': SHA, 'line_number': 'x'}]}), None,
     '"line_number" must be int'),
    (_doc(plugins_used={'name': 'x'}), 3, '"plugins_used" must be a list'),
])
def test_broken_baselines_name_file_and_line(tmp_path, text, line, reason):
    path = tmp_path / 'baseline.secrets'
    path.write_text(text)
    with pytest.raises(UsageError) as e:
        baseline_mod.load(str(path))
    message = str(e.value)
    assert reason in message
    assert '\n' not in message
    if line:
        assert message.startswith(f'{path}:{line}:'), message


def test_invalid_utf8_baseline(tmp_path):
    path = tmp_path / 'baseline.secrets'
    path.write_bytes(b'{\n"version": "\xff"}\n')
    with pytest.raises(UsageError, match=r':2: not valid UTF-8'):
        baseline_mod.load(str(path))


def test_missing_baseline_is_an_empty_allowlist(tmp_path):
    b = baseline_mod.load(str(tmp_path / 'nope'))
    assert not b.exists and b.entries == []
    with pytest.raises(UsageError, match='no such baseline'):
        baseline_mod.load(str(tmp_path / 'nope'), missing_ok=False)


def test_serialization_is_deterministic_and_round_trips(tmp_path):
    path = tmp_path / 'baseline.secrets'
    path.write_text(_doc())
    b = baseline_mod.load(str(path))
    b.entries.reverse()
    text = baseline_mod.serialize(b)
    assert baseline_mod.serialize(baseline_mod.parse(text, str(path))) == text
    assert json.loads(text)['results']['app.py'][0]['line_number'] == 3


def test_write_is_atomic_and_skips_unchanged(tmp_path):
    path = tmp_path / 'baseline.secrets'
    path.write_text(_doc())
    old = baseline_mod.load(str(path))
    same = baseline_mod.parse(path.read_text(), str(path))
    assert baseline_mod.write(same, previous=old) is False
    assert path.read_text() == _doc()
    changed = baseline_mod.parse(path.read_text(), str(path))
    changed.entries[0].is_secret = False
    assert baseline_mod.write(changed, previous=old) is True
    assert json.loads(path.read_text())['results']['app.py'][0]['is_secret'] is False
    assert [p.name for p in tmp_path.iterdir()] == ['baseline.secrets']  # no temp file left


def _entry(name='a.py', h=SHA, is_secret=None, type_='T'):
    return baseline_mod.Entry(filename=name, type=type_, hashed_secret=h, is_secret=is_secret)


def _b(*entries):
    return baseline_mod.Baseline(path='b', entries=list(entries))


B1, B2, B3 = 'b' * 40, 'c' * 40, 'd' * 40


@pytest.mark.parametrize(('base', 'ours', 'theirs', 'expected', 'conflicts'), [
    # each side allowlists something new: both kept
    (_b(), _b(_entry(h=B1)), _b(_entry(h=B2)), {(B1, None), (B2, None)}, 0),
    # one side audits, the other does not touch it: the audit wins
    (_b(_entry(h=B1)), _b(_entry(h=B1, is_secret=False)), _b(_entry(h=B1)), {(B1, False)}, 0),
    (_b(_entry(h=B1)), _b(_entry(h=B1)), _b(_entry(h=B1, is_secret=False)), {(B1, False)}, 0),
    # one side removes an untouched entry: removed
    (_b(_entry(h=B1), _entry(h=B2)), _b(_entry(h=B1)), _b(_entry(h=B1), _entry(h=B2)), {(B1, None)}, 0),
    # both audit the same way: fine
    (_b(_entry(h=B1)), _b(_entry(h=B1, is_secret=True)), _b(_entry(h=B1, is_secret=True)), {(B1, True)}, 0),
    # audited differently on each side: conflict
    (_b(_entry(h=B1)), _b(_entry(h=B1, is_secret=True)), _b(_entry(h=B1, is_secret=False)), set(), 1),
    # audited on one side, removed on the other: conflict
    (_b(_entry(h=B1)), _b(_entry(h=B1, is_secret=False)), _b(), set(), 1),
    # added on both sides with different audits: conflict, the rest merges
    (_b(), _b(_entry(h=B1, is_secret=True), _entry(h=B3)), _b(_entry(h=B1, is_secret=False)), {(B3, None)}, 1),
])
def test_merge3(base, ours, theirs, expected, conflicts):
    merged, found = baseline_mod.merge3(base, ours, theirs)
    assert {(e.hashed_secret, e.is_secret) for e in merged.entries} == expected
    assert len(found) == conflicts


def test_conflict_is_written_as_markers_that_every_command_refuses(tmp_path):
    merged, conflicts = baseline_mod.merge3(
        _b(_entry(h=B1)), _b(_entry(h=B1, is_secret=True), _entry(h=B2)),
        _b(_entry(h=B1, is_secret=False)),
    )
    text = baseline_mod.serialize_with_conflicts(merged, conflicts)
    assert '<<<<<<< ours' in text and '=======' in text and '>>>>>>> theirs' in text
    marker_line = text.splitlines().index('<<<<<<< ours') + 1
    with pytest.raises(UsageError, match=f':{marker_line}: merge conflict markers'):
        baseline_mod.parse(text, 'baseline.secrets')
    # Resolving it by hand (keeping ours) gives valid JSON.
    lines = text.splitlines()
    start, mid, end = (lines.index(m) for m in ('<<<<<<< ours', '=======', '>>>>>>> theirs'))
    kept = lines[:start] + lines[start + 1:mid] + lines[end + 1:]
    resolved = '\n'.join(kept).replace('},\n    ]', '}\n    ]')
    parsed = baseline_mod.parse(resolved, 'baseline.secrets')
    assert {e.hashed_secret for e in parsed.entries} == {B1, B2}


@pytest.mark.parametrize(('plugins', 'filters', 'bad'), [
    ([{'name': 'X', 'path': 'file:///tmp/evil.py'}], [], ['file:///tmp/evil.py']),
    ([], [{'path': 'os.system'}], ['os.system']),
    ([], [{'path': 'file:///tmp/f.py::f'}], ['file:///tmp/f.py::f']),
    ([{'name': 'KeywordDetector'}], [{'path': 'hooks.filters.is_placeholder'},
                                     {'path': 'detect_secrets.filters.heuristic.is_lock_file'}], []),
])
def test_untrusted_code_paths(plugins, filters, bad):
    b = baseline_mod.Baseline(path='b', plugins_used=plugins, filters_used=filters)
    assert baseline_mod.untrusted_code_paths(b) == bad


# --- the commands, in a real git repository ------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, rng) -> Path:
    repo = init_repo(tmp_path / 'r')
    write(repo, 'app/db.py', f'URL = "postgresql://app:{rng.token_urlsafe(16)}@db:5432/app"\n')
    write(repo, 'app/keys.py', f'PARTNER = "{rng.generate_key()}"\n')
    git(repo, 'add', '-A')
    return repo


def cli(repo: Path, *args: str):
    result = run_cli(*args, cwd=repo)
    assert 'Traceback' not in result.stderr
    return result


def test_create_update_check_cycle(repo):
    assert cli(repo, 'baseline', 'create').returncode == 0
    path = repo / 'baseline.secrets'
    first = path.read_bytes()
    assert b'file://' not in first and str(repo).encode() not in first
    assert len(json.loads(first)['results']) == 2
    assert cli(repo, 'baseline', 'create').returncode == 2  # exists: refuses to overwrite

    # Nothing changed: update leaves the bytes alone, check passes.
    out = cli(repo, 'baseline', 'update')
    assert out.returncode == 0 and 'up to date' in out.stdout
    assert path.read_bytes() == first
    git(repo, 'add', '-A')
    assert cli(repo, 'baseline', 'check').returncode == 0

    # Audit one entry, move it down: update keeps the audit and refreshes the line number.
    doc = json.loads(first)
    doc['results']['app/db.py'][0]['is_secret'] = False
    path.write_text(json.dumps(doc, indent=2) + '\n')
    db = repo / 'app/db.py'
    db.write_text('import os\n\n' + db.read_text())
    assert cli(repo, 'baseline', 'update').returncode == 0
    entry = json.loads(path.read_text())['results']['app/db.py'][0]
    assert entry['is_secret'] is False and entry['line_number'] == 3

    # The secret goes: update drops the entry.
    (repo / 'app/keys.py').write_text('PARTNER = os.environ["PARTNER_KEY"]\n')
    assert 'check' and cli(repo, 'baseline', 'check').returncode == 1
    assert cli(repo, 'baseline', 'update').returncode == 0
    assert list(json.loads(path.read_text())['results']) == ['app/db.py']


def _created(repo: Path) -> dict:
    assert cli(repo, 'baseline', 'create').returncode == 0
    git(repo, 'add', '-A')
    return json.loads((repo / 'baseline.secrets').read_text())


def _save(repo: Path, doc: dict) -> None:
    (repo / 'baseline.secrets').write_text(json.dumps(doc, indent=2) + '\n')


@pytest.mark.parametrize(('change', 'expected'), [
    ('remove_file', 'app/keys.py:1: stale: app/keys.py no longer exists'),
    ('remove_secret', 'app/keys.py:1: stale: this B2B API Key is no longer in the file'),
    ('audit_real', 'app/db.py:1: audited as a real secret (Database URL Credentials)'),
    ('require_audit', 'app/db.py:1: unaudited Database URL Credentials'),
    ('settings', 'settings: plugin KeywordDetector is not recorded'),
    ('untracked', 'app/keys.py:1: app/keys.py is not tracked by git'),
    ('excluded', 'app/keys.py:1: app/keys.py is excluded from scanning'),
])
def test_check_reports_each_kind_of_drift(repo, change, expected):
    doc = _created(repo)
    args = ['baseline', 'check']
    if change == 'remove_file':
        os.remove(repo / 'app/keys.py')
    elif change == 'remove_secret':
        (repo / 'app/keys.py').write_text('PARTNER = None\n')
    elif change == 'audit_real':
        doc['results']['app/db.py'][0]['is_secret'] = True
        _save(repo, doc)
    elif change == 'require_audit':
        args.append('--require-audit')
    elif change == 'settings':
        doc['plugins_used'] = [p for p in doc['plugins_used'] if p['name'] != 'KeywordDetector']
        _save(repo, doc)
    elif change == 'untracked':
        git(repo, 'rm', '-q', '--cached', 'app/keys.py')
    elif change == 'excluded':
        args += ['--exclude', r'^app/keys\.py$']
    result = cli(repo, *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f'baseline.secrets: {expected}' in result.stdout, result.stdout
    assert 'secret-hooks baseline' in result.stdout  # every problem names its fix


@pytest.mark.parametrize('command', [['scan', 'app/db.py'], ['baseline', 'check'], ['baseline', 'update']])
def test_broken_baseline_exits_2_and_is_never_overwritten(repo, command):
    _created(repo)
    path = repo / 'baseline.secrets'
    broken = path.read_text().replace('  "results"', '<<<<<<< HEAD\n  "results"', 1)
    path.write_text(broken)
    result = cli(repo, *command)
    assert result.returncode == 2
    assert result.stderr.count('\n') == 1 and 'merge conflict markers' in result.stderr
    assert path.read_text() == broken


def test_unknown_config_key_exits_2(repo):
    write(repo, 'pyproject.toml', '[tool.secret-hooks]\nbaselin = "x"\n')
    result = cli(repo, 'scan', 'app/db.py')
    assert result.returncode == 2
    assert "unknown key 'baselin'" in result.stderr and result.stderr.count('\n') == 1


def test_audit_passthrough_opens_a_baseline_with_our_plugins(repo):
    _created(repo)
    result = cli(repo, 'baseline', 'audit', '--stats', '--json', 'baseline.secrets')
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert {'DatabaseUrlDetector', 'B2BKeyDetector'} <= set(stats)
    # Stock detect-secrets' own loader does not know our plugin classes by name.
    assert 'JWT/HMAC Signing Key' not in result.stderr


def test_audit_refuses_a_baseline_that_points_at_code(repo):
    doc = _created(repo)
    doc['plugins_used'].append({'name': 'Evil', 'path': 'file:///tmp/evil.py'})
    _save(repo, doc)
    result = cli(repo, 'baseline', 'audit', '--stats', 'baseline.secrets')
    assert result.returncode == 2
    assert 'refusing to load it' in result.stderr and result.stderr.count('\n') == 1
