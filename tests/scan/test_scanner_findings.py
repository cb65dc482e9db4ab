"""hooks.scan.scanner.scan_files edge cases, and `secret-hooks scan` errors."""
from __future__ import annotations

import os

import jwt
import pytest
from detect_secrets.plugins.basic_auth import BasicAuthDetector

from hooks.config import Config
from hooks.detectors.db_url import DatabaseUrlDetector
from hooks.scan.engine import LONG_LINE
from hooks.scan.scanner import Scanner
from hooks.scan.scanner import scan_files
from tests.conftest import run_cli
from tests.scan_helpers import found
from tests.scan_helpers import scan_bytes
from tests.scan_helpers import scan_file
from tests.timing import assert_linear

DB = DatabaseUrlDetector.secret_type
N_ITEMS = 10_000  # ~30,000 characters of list at n


def db_line(rng) -> tuple[str, str]:
    password = rng.token_urlsafe(16)
    return password, f'engine = create_engine("postgresql://app:{password}@db.internal:5432/app")'


def test_binary_file_is_skipped(tmp_path, rng):
    password, line = db_line(rng)
    result = scan_bytes(tmp_path, 'blob.bin', b'\x89PNG\r\n\x1a\n\0\0\0' + line.encode() + b'\n')
    assert result.findings == [] and result.errors == []
    assert result.scanned == 0


def test_nul_past_the_sniffed_prefix_is_still_text(tmp_path, rng):
    # Only the start is sniffed, as git does: a late NUL does not hide an earlier secret.
    password, line = db_line(rng)
    result = scan_bytes(tmp_path, 'a.txt', (line + '\n').encode() + b'x' * 10000 + b'\0')
    assert found(result) == [(1, DB, password)]


@pytest.mark.parametrize('prefix', [b'caf\xe9 = 1\n', b'\xff\xfe\xfd garbage\n', b'# \xc3\x28 broken\n'])
def test_invalid_utf8_is_still_scanned(tmp_path, prefix, rng):
    password, line = db_line(rng)
    result = scan_bytes(tmp_path, 'legacy.py', prefix + line.encode() + b'\n')
    assert found(result) == [(2, DB, password)]


def test_invalid_utf8_on_the_secret_line(tmp_path, rng):
    password, line = db_line(rng)
    result = scan_bytes(tmp_path, 'legacy.py', b'# \xe9t\xe9 ' + line.encode() + b'\n')
    assert found(result) == [(1, DB, password)]


@pytest.mark.parametrize('data', [b'', b'\n', b'\r\n\r\n', b'   '])
def test_empty_files(tmp_path, data):
    result = scan_bytes(tmp_path, 'empty.py', data)
    assert result.findings == [] and result.errors == [] and result.scanned == 1


def _list_line(items: int) -> str:
    return 'x = [' + ', '.join(['1'] * items) + ']'


def test_huge_single_line(tmp_path, rng):
    password, line = db_line(rng)
    text = _list_line(600_000) + '; ' + line + '\n'  # ~1.8 MB of one line
    result = scan_file(tmp_path, 'big.py', text)
    assert (1, DB, password) in found(result)


def test_huge_single_line_is_scanned_in_linear_time(tmp_path, rng, monkeypatch):
    # Speed is a ratio (time at 4n over time at n), never a wall-clock budget; both sizes are
    # past engine.LONG_LINE, so the same (windowed) path runs at n and at 4n.  One Scanner:
    # its set-up would otherwise hide the scan's own time.
    password, line = db_line(rng)
    monkeypatch.chdir(tmp_path)
    for n in (N_ITEMS, 4 * N_ITEMS):
        (tmp_path / f'big{n}.py').write_text(_list_line(n) + '; ' + line + '\n', encoding='utf-8')
    assert (tmp_path / f'big{N_ITEMS}.py').stat().st_size > LONG_LINE
    with Scanner(Config()) as scanner:
        def run(n: int) -> None:
            assert (1, DB, password) in found(scanner.scan_files([f'big{n}.py']))
        assert_linear(run, N_ITEMS, 'a one-line Python list before a secret')


def test_huge_file_over_the_transform_limit(tmp_path, rng):
    password, line = db_line(rng)
    text = '# filler line of comments\n' * 100_000 + line + '\n'  # ~2.6 MB
    result = scan_file(tmp_path, 'big.py', text)
    assert found(result) == [(100_001, DB, password)]


@pytest.mark.parametrize('comment', ['# pragma: allowlist secret', '// pragma: allowlist secret'])
@pytest.mark.parametrize('make', [
    lambda rng: db_line(rng)[1],
    lambda rng: f'KEY = "{rng.generate_key()}"',
    lambda rng: f'TOKEN = "{jwt.encode({"sub": "1"}, rng.token_hex(32), algorithm="HS256")}"',
    lambda rng: f'JWT_SECRET_KEY = "{rng.token_urlsafe(32)}"',
    lambda rng: f'password = "{rng.token_urlsafe(20)}"',
])
def test_pragma_allowlist_secret_is_honoured(tmp_path, make, comment, rng):
    line = make(rng)
    assert scan_file(tmp_path, 'a.py', line + '\n').findings != []
    assert scan_file(tmp_path, 'a.py', f'{line}  {comment}\n').findings == []


def test_pragma_allowlist_nextline(tmp_path, rng):
    line = db_line(rng)[1]
    assert scan_file(tmp_path, 'a.py', f'# pragma: allowlist nextline secret\n{line}\n').findings == []


def test_db_url_found_by_stock_basic_auth_and_ours_is_one_finding(tmp_path, rng):
    password = rng.token_urlsafe(16)
    line = f'DATABASE_URL = "postgresql://app:{password}@db:5432/app"'
    # Both plugins see it ...
    stock = {s.secret_value for s in BasicAuthDetector().analyze_line(filename='a.py', line=line, line_number=1)}
    assert stock == {password}
    # ... the scan keeps only ours.
    result = scan_file(tmp_path, 'a.py', line + '\n')
    assert found(result) == [(1, DB, password)]


def test_two_secrets_on_one_line_are_both_found(tmp_path, rng):
    p1, p2 = rng.token_urlsafe(16), rng.token_urlsafe(16)
    result = scan_file(tmp_path, 'a.env', f'URLS=redis://:{p1}@a:6379,amqp://w:{p2}@mq:5672/\n')
    assert sorted(f.secret for f in result.findings) == sorted([p1, p2])


def test_findings_are_sorted_and_paths_relative(tmp_path, monkeypatch, rng):
    monkeypatch.chdir(tmp_path)
    files = []
    for name in ('z.py', 'a/b.py', 'a.py'):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text('\n' + db_line(rng)[1] + '\n' + db_line(rng)[1] + '\n')
        files.append(str(tmp_path / name))  # absolute paths in, relative paths out
    result = scan_files(files, Config())
    keys = [(f.filename, f.line_number) for f in result.findings]
    assert keys == sorted(keys)
    assert {f.filename for f in result.findings} == {'z.py', 'a/b.py', 'a.py'}


def test_symlinks_and_directories_are_not_read(tmp_path, monkeypatch, rng):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'secret.py').write_text(db_line(rng)[1] + '\n')
    os.symlink('secret.py', tmp_path / 'link.py')
    os.symlink('missing.py', tmp_path / 'dangling.py')
    (tmp_path / 'subdir').mkdir()
    result = scan_files(['link.py', 'dangling.py', 'subdir'], Config())
    assert result.findings == [] and result.errors == []


def test_missing_file_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = scan_files(['gone.py'], Config())
    assert result.errors == ['gone.py: cannot read: No such file or directory']


@pytest.mark.parametrize('bad_path', ['gone.py', 'file.txt/inside.py'])
def test_cli_unreadable_path_is_exit_2_one_line(tmp_path, bad_path, rng):
    password, line = db_line(rng)
    (tmp_path / 'file.txt').write_text('hello\n')
    (tmp_path / 'ok.py').write_text(line + '\n')
    result = run_cli('scan', '--no-baseline', 'ok.py', bad_path, cwd=tmp_path)
    assert result.returncode == 2
    assert 'Traceback' not in result.stderr
    errors = result.stderr.strip().splitlines()
    assert errors == [f'secret-hooks: error: {bad_path}: cannot read: ' + errors[0].rsplit(': ', 1)[1]]
    # The readable file was still scanned and its finding reported, redacted.
    assert 'ok.py:1:' in result.stdout and password not in result.stdout + result.stderr


def test_cli_binary_and_empty_files_are_clean(tmp_path, rng):
    (tmp_path / 'blob.bin').write_bytes(b'\0\1\2' + db_line(rng)[1].encode())
    (tmp_path / 'empty.txt').write_bytes(b'')
    result = run_cli('scan', '--no-baseline', 'blob.bin', 'empty.txt', cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == '' and result.stderr == ''


def test_cli_directory_means_its_tracked_files(tmp_path, rng):
    from tests.conftest import git
    from tests.conftest import init_repo

    repo = init_repo(tmp_path / 'r')
    password, line = db_line(rng)
    (repo / 'app').mkdir()
    (repo / 'app' / 'db.py').write_text(line + '\n')
    (repo / 'app' / 'untracked.py').write_text(db_line(rng)[1] + '\n')
    (repo / 'other.py').write_text(db_line(rng)[1] + '\n')
    git(repo, 'add', 'app/db.py', 'other.py')
    result = run_cli('scan', '--no-baseline', 'app', cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    found_paths = [line.split(':', 1)[0] for line in result.stdout.splitlines() if ':1:' in line]
    assert found_paths == ['app/db.py']  # tracked files of the directory only
    assert password not in result.stdout + result.stderr


def test_each_github_token_has_its_own_hash(tmp_path, rng):
    # Stock detect-secrets 1.5 hashes only the `ghp` prefix: one baseline entry would allow
    # every GitHub token in the file.
    import string

    alphabet = string.ascii_letters + string.digits
    tokens = ['ghp_' + ''.join(rng.choice(alphabet) for _ in range(36)) for _ in range(2)]
    path = tmp_path / 'ci.py'
    path.write_text(f'A = "{tokens[0]}"\nB = "{tokens[1]}"\n')
    result = scan_files([str(path)], Config())
    github = [f for f in result.findings if f.type == 'GitHub Token']
    assert [f.line_number for f in github] == [1, 2]
    assert len({f.hashed_secret for f in github}) == 2
    assert {f.secret for f in github} == set(tokens)


def _key_holding(rng, word: str) -> str:
    return 'Qz' + rng.token_hex(6) + word + rng.token_hex(6)


# (a line holding a connection URL whose password is `{word}`, and a key holding that word)
@pytest.mark.parametrize('template', [
    'DB = "postgresql://app:{word}@10.0.0.5/db"; API_KEY = "{key}"',
    'API_KEY = "{key}"; DB = "postgresql://app:{word}@10.0.0.5/db"',
    '{{"db": "mysql://root:{word}@10.1.2.3/app", "token": "{key}"}}',
])
@pytest.mark.parametrize('word', ['admin', 'letmein'])
def test_a_key_that_holds_another_findings_value_elsewhere_on_the_line_is_kept(rng, template, word):
    """_specific_first drops a finding another plugin explains (one value contains the other)
    only where the line holds the shorter inside the longer: a URL's trivial password that a
    key on the same line happens to contain explains nothing (the key was dropped)."""
    key = _key_holding(rng, word)
    line = template.format(word=word, key=key)
    with Scanner(Config()) as scanner:
        values = {f.secret for f in scanner.scan_text('settings.py', line + '\n')}
    assert {word, key} <= values


def test_one_secret_reported_by_two_plugins_is_reported_once(rng):
    # the keyword plugin's value and the URL plugin's password are one secret at one place
    password = rng.token_urlsafe(12)
    url = 'postgresql://app:' + password + '@db.acme.io/app'
    line = f'password = "{url}"\n'
    with Scanner(Config()) as scanner:
        findings = scanner.scan_text('settings.py', line)
    assert [f.secret for f in findings] == [password]
