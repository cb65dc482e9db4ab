"""Nothing prints a secret: every command, every output format, errors included.

A temporary repository is planted with secrets of every type (our JWT / signing key / DB URL /
B2B key formats, stock detect-secrets types, and URL user, password and query positions), then
each row of COMMANDS runs in-process and no planted value, nor any 8-character piece of one,
may appear in its stdout or stderr.  Adding a command is adding a row; a test fails while a
subcommand, or a scan output format (files, history, pre-push), has none.  History rows see
the secrets in commits only: a later commit deletes the planted files.  Not run: the
interactive `baseline audit` (no --report/--stats) and `baseline audit --diff`.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import string
from pathlib import Path
from typing import Any
from typing import Callable
from typing import NamedTuple
from typing import Sequence

import jwt
import pytest

from hooks import keys
from hooks.cli import main
from hooks.keys import generate_key
from tests.conftest import git
from tests.conftest import init_repo
from tests.conftest import write
from tests.rotation.test_check import JWT
from tests.rotation.test_check import changed
from tests.rotation.test_check import render

ALNUM = string.ascii_letters + string.digits
PIECE = 8
PUSH_VARIABLES = ('PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF', 'PRE_COMMIT_REMOTE_NAME',
                  'PRE_COMMIT_REMOTE_URL', 'PRE_COMMIT_LOCAL_BRANCH', 'PRE_COMMIT_REMOTE_BRANCH')


def _planted(rng: random.Random) -> dict[str, str]:
    """Name -> value, each drawn from the seeded generator (never a real credential)."""
    def draw(n: int, alphabet: str = ALNUM) -> str:
        return ''.join(rng.choice(alphabet) for _ in range(n))

    upper = string.ascii_uppercase + '234567'
    values = {
        # ours
        'db_password': draw(22),
        'redis_password': draw(22),
        'jdbc_password': draw(22),
        'jwt_signing_key': draw(40),
        'b2b_key': generate_key(rng=rng),
        # stock detect-secrets types
        'aws_access_key': 'AKIA' + draw(16, upper),
        'aws_secret_key': draw(40),
        'github_token': 'ghp_' + draw(36),
        'slack_token': 'xoxb-' + draw(11, string.digits) + '-' + draw(11, string.digits) + '-' + draw(24),
        'stripe_key': 'sk_live_' + draw(24),
        'keyword_password': draw(20),
        'hex_secret': draw(64, '0123456789abcdef'),
        'base64_secret': draw(44, ALNUM + '+/'),
        'private_key_body': draw(64, ALNUM + '+/'),
        # URL positions
        'url_user_token': 'ghp_' + draw(36),
        'url_user_akia': 'AKIA' + draw(16, upper),
        'url_user_akia_password': draw(40),
        'url_password': draw(22),
        'query_password': draw(22),
        'query_token': draw(32),
        'query_sig': draw(43, ALNUM + '%'),
        # checks and rotation
        'fallback_value': draw(30),
        'env_file_secret': draw(30),
        'env_db_password': draw(22),
        'rotate_current': draw(40),
        'rotate_previous': draw(40),
        'log_password': draw(22),
        'log_token': 'ghp_' + draw(36),
        'log_inline': draw(30),
    }
    values['jwt_token'] = jwt.encode({'sub': draw(8), 'role': 'admin'}, draw(32), algorithm='HS256')
    return values


def _files(v: dict[str, str]) -> dict[str, str]:
    return {
        'app/config.py': (
            'import os\n\n'
            f'SECRET_KEY = os.getenv("SECRET_KEY", "{v["fallback_value"]}")\n'
            f'AWS_ACCESS_KEY_ID = "{v["aws_access_key"]}"\n'
            f'aws_secret_access_key = "{v["aws_secret_key"]}"\n'
            f'GITHUB_TOKEN = "{v["github_token"]}"\n'
            f'SLACK_TOKEN = "{v["slack_token"]}"\n'
            f'STRIPE_KEY = "{v["stripe_key"]}"\n'
            f'password = "{v["keyword_password"]}"\n'
            f'CHECKSUM_SECRET = "{v["hex_secret"]}"\n'
            f'BLOB_SECRET = "{v["base64_secret"]}"\n'
        ),
        'app/db.py': (
            f'DATABASE_URL = "postgresql+asyncpg://app:{v["db_password"]}@db.internal:5432/app"\n'
            f'CACHE_URL = "redis://:{v["redis_password"]}@cache:6379/0"\n'
            f'JDBC = "jdbc:postgresql://db:5432/app?user=app&password={v["jdbc_password"]}"\n'
        ),
        'app/urls.py': (
            f'REMOTE = "https://{v["url_user_token"]}:x-oauth-basic@github.com/org/repo.git"\n'
            f'BUCKET = "https://{v["url_user_akia"]}:{v["url_user_akia_password"]}@s3.example.com/b"\n'
            f'API = "https://svc:{v["url_password"]}@api.example.com/v1"\n'
            f'SIGNED = "https://api.example.com/v1?user=svc&password={v["query_password"]}'
            f'&token={v["query_token"]}&sig={v["query_sig"]}"\n'
        ),
        'app/auth.py': (
            'import jwt\n\n\n'
            'def issue(payload):\n'
            f'    return jwt.encode(payload, "{v["jwt_signing_key"]}", algorithm="HS256")\n\n\n'
            f'SESSION = "{v["jwt_token"]}"\n'
        ),
        'app/partner.py': f'PARTNER_KEY = "{v["b2b_key"]}"\n',
        'app/logs.py': (
            'import logging\nimport os\n\nlog = logging.getLogger(__name__)\n'
            f'DB_PASSWORD = os.getenv("DB_PASSWORD", "{v["log_password"]}")\n'
            f'API_TOKEN = "{v["log_token"]}"\n\n\n'
            'def connect():\n'
            '    log.info("connecting with %s", DB_PASSWORD)\n'
            f'    log.warning("token {v["log_inline"]}")\n'
            '    print(f"token={API_TOKEN}")\n'
            '    raise ValueError(f"bad password {DB_PASSWORD}")\n'
        ),
        'keys/deploy.pem': (
            # Split, so this module does not read as holding a key itself.
            '-----BEGIN RSA ' + 'PRIVATE KEY-----\n' + v['private_key_body'] + '\n'
            '-----END RSA ' + 'PRIVATE KEY-----\n'
        ),
        'deploy/.env.production': (
            f'SECRET_KEY={v["env_file_secret"]}\n'
            f'DATABASE_URL=postgresql://app:{v["env_db_password"]}@db/app\n'
        ),
        'secrets-inventory.yaml': render(changed(JWT, last_rotated='2025-01-10')),
        '.gitignore': '.env\n',
    }


class Repo(NamedTuple):
    path: Path
    values: dict[str, str]


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    for name in ('SECRET_HOOKS_DEBUG', 'PRE_COMMIT', 'ALLOW_FINDINGS', 'ALLOW_REASON', *PUSH_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    values = _planted(random.Random(4242))
    repo = init_repo(tmp_path / 'repo')
    for name, text in _files(values).items():
        write(repo, name, text)
    write(repo, '.env', (f'JWT_SECRET_KEY={values["rotate_current"]}\n'
                         f'JWT_PREVIOUS_SECRET_KEYS={values["rotate_previous"]}\n'))
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'planted')
    monkeypatch.chdir(repo)
    return Repo(repo, values)


# --- setups: what a row needs before its command ---------------------------------------------

def _baseline(repo: Repo) -> None:
    assert main(['baseline', 'create']) == 0


def _baseline_and_a_new_secret(repo: Repo) -> None:
    _baseline(repo)
    write(repo.path, 'app/new.py', f'API = "https://svc:{repo.values["url_password"]}@api2.example.com/"\n')
    git(repo.path, 'add', '-A')


def _merge_sides(repo: Repo) -> None:
    """base / ours / theirs of the baseline, every entry audited differently on each side."""
    _baseline(repo)
    doc = json.loads((repo.path / 'baseline.secrets').read_text())
    (repo.path / 'base.secrets').write_text(json.dumps(doc))
    for side, verdict in (('ours', True), ('theirs', False)):
        for entries in doc['results'].values():
            for e in entries:
                e['is_secret'] = verdict
        (repo.path / f'{side}.secrets').write_text(json.dumps(doc))


def _config(text: str) -> Callable[[Repo], None]:
    def setup(repo: Repo) -> None:
        write(repo.path, 'pyproject.toml', text.format(**repo.values))
    return setup


def _inventory_key(repo: Repo) -> None:
    path = repo.path / 'secrets-inventory.yaml'
    path.write_text(path.read_text() + f'{repo.values["aws_secret_key"]}: 1\n')


def _broken_baseline(repo: Repo) -> None:
    write(repo.path, 'baseline.secrets', '{"version": "1.5.0", "results": {"%s": [' % repo.values['db_password'])


def _history(repo: Repo) -> None:
    """Secrets in the history only: the planted commit, then one that deletes every planted file."""
    git(repo.path, 'rm', '-rq', 'app', 'keys', 'deploy')
    git(repo.path, 'commit', '-qm', 'removed')


def _history_reintroduced(repo: Repo) -> None:
    """Removed, added back, removed again: HEAD~2..HEAD holds the secrets (a range, a push)."""
    _history(repo)
    git(repo.path, 'revert', '--no-edit', 'HEAD')
    _history(repo)
    _baseline(repo)


def _history_and_baseline(repo: Repo) -> None:
    _history(repo)
    _baseline(repo)


def _quiet_json(argv: Sequence[str]) -> dict[str, Any]:
    """A command's JSON output, read by a setup (not the output under test)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(list(argv))
    doc: dict[str, Any] = json.loads(out.getvalue())
    return doc


def _history_fingerprints(repo: Repo) -> list[str]:
    """Fingerprints of the history's findings, as a user copies them from `scan --history`."""
    _history_and_baseline(repo)
    doc = _quiet_json(['scan', '--history', '--no-baseline', '--format', 'json'])
    prints = sorted({f['fingerprint'] for f in doc['findings']})
    assert prints, 'no history finding to acknowledge'
    return prints


def _scan_fingerprints(repo: Repo) -> list[str]:
    _baseline(repo)
    doc = _quiet_json(['scan', '--no-baseline', '--format', 'json'])
    prints = sorted({f['fingerprint'] for f in doc['findings']})
    assert prints, 'no finding to allow'
    return prints


def _init_once(repo: Repo) -> None:
    """A first `init`, so that the row sees every file kept (the re-run's messages)."""
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(['init', '--yes', '--repo', 'https://example.invalid/secret-hooks', '--rev', 'v0']) == 0


def _env_values(repo: Repo) -> list[str]:
    """Values a command wrote into .env (a rotation's new key): never printed either."""
    from hooks import dotenv as envfile

    return [e.value for e in envfile.parse((repo.path / '.env').read_text()) for e in [e] if e.value]


class Row(NamedTuple):
    argv: Sequence[str]
    setup: Callable[[Repo], Sequence[str] | None] | None = None  # may return arguments to append
    exit_codes: tuple[int, ...] = (0, 1)
    env: dict[str, str] = {}


INIT = ['init', '--yes', '--repo', 'https://example.invalid/secret-hooks', '--rev', 'v0']


COMMANDS: dict[str, Row] = {
    'scan-text': Row(['scan', '--no-baseline']),
    'scan-json': Row(['scan', '--no-baseline', '--format', 'json']),
    'scan-sarif': Row(['scan', '--no-baseline', '--format', 'sarif']),
    'scan-files': Row(['scan', '--', 'app/urls.py', 'app/db.py', 'app/config.py']),
    'scan-with-baseline': Row(['scan'], _baseline_and_a_new_secret),
    # History: the secrets are in the first commit only (exit 1: the scan must find them).
    'scan-history': Row(['scan', '--history', '--no-baseline'], _history, (1,)),
    'scan-history-json': Row(['scan', '--history', '--no-baseline', '--format', 'json'], _history, (1,)),
    'scan-history-sarif': Row(['scan', '--history', '--no-baseline', '--format', 'sarif'], _history, (1,)),
    'scan-history-with-baseline': Row(['scan', '--history'], _history_and_baseline, (1,)),
    'scan-history-all': Row(['scan', '--history', '--all', '--no-baseline'], _history, (1,)),
    'scan-history-range': Row(['scan', '--history', '--range', 'HEAD~2..HEAD'], _history_reintroduced, (1,)),
    'scan-history-since': Row(['scan', '--history', '--since', 'HEAD~2', '--format', 'json'],
                              _history_reintroduced, (1,)),
    # A push of a new branch (no remote has any commit): every commit is scanned.
    'scan-pre-push': Row(['scan', '--pre-push'], _history_and_baseline, (1,),
                         {'PRE_COMMIT_TO_REF': 'HEAD', 'PRE_COMMIT_LOCAL_BRANCH': 'main'}),
    'scan-pre-push-json': Row(['scan', '--pre-push', '--format', 'json'], _history_and_baseline, (1,),
                              {'PRE_COMMIT_TO_REF': 'HEAD', 'PRE_COMMIT_LOCAL_BRANCH': 'main'}),
    'scan-pre-push-range': Row(['scan', '--pre-push'], _history_reintroduced, (1,),
                               {'PRE_COMMIT_FROM_REF': 'HEAD~2', 'PRE_COMMIT_TO_REF': 'HEAD'}),
    'scan-pre-push-sarif': Row(['scan', '--pre-push', '--format', 'sarif'], _history_and_baseline, (1,),
                               {'PRE_COMMIT_TO_REF': 'HEAD', 'PRE_COMMIT_LOCAL_BRANCH': 'main'}),
    'baseline-create': Row(['baseline', 'create']),
    'baseline-update': Row(['baseline', 'update'], _baseline),
    'baseline-check': Row(['baseline', 'check', '--require-audit'], _baseline),
    'audit-report': Row(['baseline', 'audit', '--report'], _baseline),
    'audit-report-json': Row(['baseline', 'audit', '--report', '--json'], _baseline),
    'audit-report-only-real': Row(['baseline', 'audit', '--report', '--only-real'], _baseline),
    'audit-stats': Row(['baseline', 'audit', '--stats'], _baseline),
    'audit-stats-json': Row(['baseline', 'audit', '--stats', '--json'], _baseline),
    'baseline-merge': Row(['baseline', 'merge', 'base.secrets', 'ours.secrets', 'theirs.secrets'], _merge_sides),
    'baseline-allow-file': Row(['baseline', 'allow', '--reason', 'test data', 'app/db.py', 'app/urls.py'],
                               _baseline, (0,)),
    'baseline-allow-line': Row(['baseline', 'allow', '--reason', 'test data', 'app/config.py:4'], _baseline),
    'baseline-allow-fingerprint': Row(['baseline', 'allow', '--reason', 'test data'], _scan_fingerprints, (0,)),
    'baseline-allow-from-env': Row(['baseline', 'allow'], _baseline, (0, 1),
                                   {'ALLOW_FINDINGS': 'app/config.py app/auth.py', 'ALLOW_REASON': 'test data'}),
    'baseline-acknowledge': Row(['baseline', 'acknowledge', '--reason', 'rotated'], _history_fingerprints, (0,)),
    'baseline-acknowledge-all': Row(['baseline', 'acknowledge', '--all', '--reason', 'rotated'],
                                    _history_fingerprints, (0,)),
    'check-fallbacks': Row(['check-fallbacks', '--', 'app/config.py']),
    'check-env-files': Row(['check-env-files', '--', 'deploy/.env.production']),
    'check-rotation': Row(['check-rotation']),
    'check-logging': Row(['check-logging'], None, (1,)),
    'check-logging-files': Row(['check-logging', '--', 'app/logs.py', 'app/config.py'], None, (1,)),
    'check-all': Row(['check-all', '--', 'app/logs.py', 'app/config.py', 'deploy/.env.production'],
                     _baseline, (1,)),
    'check-all-files': Row(['check-all', '--all-files'], _baseline, (1,)),
    'check-all-no-baseline': Row(['check-all', '--all-files'], None, (1,)),
    'check-all-repository-checks': Row(['check-all'], _baseline),
    'init': Row(INIT, None, (0,)),
    'init-rerun': Row(INIT, _init_once, (0,)),
    'rotate-record': Row(['rotate', 'JWT_SECRET_KEY', '--record']),
    'rotate-dry-run': Row(['rotate', 'JWT_SECRET_KEY', '--env-file', '.env', '--dry-run']),
    'rotate': Row(['rotate', 'JWT_SECRET_KEY', '--env-file', '.env']),
    'rotate-rollback': Row(['rotate', 'JWT_SECRET_KEY', '--env-file', '.env', '--rollback']),
    'rotate-finish': Row(['rotate', 'JWT_SECRET_KEY', '--env-file', '.env', '--finish']),
    'keygen': Row(['keygen']),
    'keygen-test': Row(['keygen', '--env', 'test']),
    # Errors (SECRET_HOOKS_DEBUG unset): the setting is named, its value never shown.
    'error-config-regex': Row(['scan', '--', 'app/db.py'], _config('[tool.secret-hooks]\nexclude = ["({db_password}"]\n'), (2,)),
    'error-config-key': Row(['scan', '--', 'app/db.py'], _config('[tool.secret-hooks]\n"{aws_secret_key}" = 1\n'), (2,)),
    'error-config-prefix': Row(['scan', '--', 'app/db.py'],
                               _config('[tool.secret-hooks]\nb2b-prefixes = ["{stripe_key}"]\n'), (2,)),
    'error-inventory-key': Row(['check-rotation'], _inventory_key, (2,)),
    'error-broken-baseline': Row(['scan', '--', 'app/db.py'], _broken_baseline, (2,)),
    'error-broken-baseline-audit': Row(['baseline', 'audit', '--report'], _broken_baseline, (2,)),
}


def public_prefix(value: str) -> int:
    """Length of the part redaction shows by design: a key's kind (`ghp_`, `AKIA`, `b2b_live_`)."""
    from hooks.keys import looks_like_key
    from hooks.report import PUBLIC_PREFIXES

    if looks_like_key(value):
        return len('_'.join(value.split('_', 2)[:2])) + 1
    return next((len(p) for p in PUBLIC_PREFIXES if value.startswith(p)), 0)


def assert_no_piece(output: str, name: str, value: str) -> None:
    """No 8-character piece holding any character of the secret part is printed."""
    start = max(public_prefix(value) - PIECE + 1, 0)
    for i in range(start, max(len(value) - PIECE + 1, 1)):
        piece = value[i:i + PIECE]
        assert piece not in output, f'{name}: {piece!r} printed:\n{output}'


@pytest.mark.parametrize('row', COMMANDS, ids=list(COMMANDS))
def test_command_never_prints_a_planted_secret(planted: Repo, capsys: pytest.CaptureFixture[str], row: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    argv, setup, exit_codes, env = COMMANDS[row]
    # Keys the command mints itself (keygen prints one by design) come from a seeded source: an
    # unseeded one shares its first character after `b2b_live_` with the planted key 1 run in 62.
    monkeypatch.setattr(keys, 'secrets', random.Random(PIECE))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    extra = setup(planted) if setup is not None else None
    capsys.readouterr()  # only the command under test
    code = main([*argv, *(extra or ())])
    out, err = capsys.readouterr()
    assert code in exit_codes, (code, out, err)
    assert out or err, 'a command that says nothing proves nothing'
    for name, value in planted.values.items():
        assert_no_piece(out + err, name, value)
    for value in _env_values(planted):  # what rotate wrote
        assert_no_piece(out + err, '.env value', value)


def test_scan_reports_every_planted_file(planted: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    """The leak test is only as good as its findings: the scan must see each planted file."""
    assert main(['scan', '--no-baseline']) == 1
    out = capsys.readouterr().out
    for path in ('app/config.py', 'app/db.py', 'app/urls.py', 'app/auth.py', 'app/partner.py',
                 'keys/deploy.pem', 'deploy/.env.production'):
        assert f'{path}:' in out, (path, out)


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every leaf command of the CLI: ('scan',), ('baseline', 'allow'), ..."""
    leaves: list[tuple[str, ...]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                leaves += _commands(sub, (*prefix, name)) or [(*prefix, name)]
    return leaves


def _format(argv: Sequence[str]) -> str:
    return argv[list(argv).index('--format') + 1] if '--format' in argv else 'text'


def test_every_command_and_output_format_has_a_row() -> None:
    """A new subcommand, or a new --format, fails here until COMMANDS has a row for it."""
    from hooks.cli import build_parser

    parser = build_parser()
    commands = _commands(parser)
    assert ('scan',) in commands and ('baseline', 'acknowledge') in commands
    for command in commands:
        assert any(tuple(row.argv[:len(command)]) == command for row in COMMANDS.values()), command
    scan = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices['scan']
    formats = next(a.choices for a in scan._actions if a.dest == 'format')
    assert formats
    for mode in ('files', '--history', '--pre-push'):
        for fmt in formats or ():
            assert any(
                row.argv[0] == 'scan' and _format(row.argv) == fmt
                and (mode in row.argv if mode != 'files' else not {'--history', '--pre-push'} & set(row.argv))
                for row in COMMANDS.values()
            ), (mode, fmt)


def test_history_rows_see_every_planted_file(planted: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    """The history rows prove something only if the secrets are in the history, not the tree."""
    _history(planted)
    assert main(['scan', '--no-baseline']) == 0
    assert main(['scan', '--history', '--no-baseline']) == 1
    out = capsys.readouterr().out
    for path in ('app/config.py', 'app/db.py', 'app/urls.py', 'app/auth.py', 'app/partner.py',
                 'app/logs.py', 'keys/deploy.pem', 'deploy/.env.production'):
        assert f'{path}:' in out, (path, out)
