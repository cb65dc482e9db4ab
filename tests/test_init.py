"""`secret-hooks init` in-process (hooks.cli.main): each of its four steps written, then kept on
a re-run; an existing config, baseline and inventory are never overwritten; the interactive
question; a scan error stops it.  The planted value never reaches the output."""
from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest

from hooks import init
from tests.cli_helpers import db_url
from tests.cli_helpers import main
from tests.cli_helpers import unreadable
from tests.conftest import git
from tests.conftest import write

HOOKS = ['scan-secrets', 'check-baseline', 'check-secret-fallbacks', 'check-env-files',
         'check-secret-rotation', 'check-secret-logging', 'secret-hooks-init', 'baseline-create',
         'baseline-update', 'baseline-allow']
SHOWN = 'postgresql://app:****@db.internal:5432'


def snippet(repo: str, rev: str) -> list[str]:
    return ['repos:', f'  - repo: {repo}', f'    rev: {rev}', '    hooks:', *(f'      - id: {h}' for h in HOOKS)]


@pytest.fixture
def app(cli_repo: Path, rng) -> tuple[Path, str]:
    password = rng.token_urlsafe(16)
    write(cli_repo, 'app.py', (
        'import os\n'
        f'engine = create_engine("{db_url(password)}")\n'
        'JWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n'
        'JWT_PREVIOUS_SECRET_KEYS = os.environ["JWT_PREVIOUS_SECRET_KEYS"]\n'
        'REDIS_PASSWORD = os.environ["REDIS_PASSWORD"]\n'
    ))
    write(cli_repo, 'web/api.ts', 'const key = process.env.STRIPE_SECRET_KEY;\n')
    git(cli_repo, 'add', '-A')
    return cli_repo, password


def test_fresh_repository_then_rerun(app, capsys, monkeypatch):
    repo, password = app
    monkeypatch.setattr(init, 'installed_from', lambda: ('', ''))
    run = main(capsys, 'init')
    assert (run.code, run.err) == (0, '')
    out = run.out.splitlines()
    fp = out[17].rsplit('[', 1)[1].rstrip(']')
    assert out == [
        '.pre-commit-config.yaml: not written (give --repo and --rev); it would be:',
        *snippet('<secret-hooks repository URL>', '<commit>'), '',
        'First scan: 1 finding in 2 files. Review each: a real secret must leave the code and be '
        'rotated, not be allowlisted.',
        f'  app.py:2: Database URL Credentials: {SHOWN} [{fp}]',
        'baseline.secrets: written, 1 entries (unaudited: label them with `secret-hooks baseline '
        'audit` or `baseline allow FINGERPRINT --reason TEXT`)',
        'secrets-inventory.yaml: written, 3 entries to review (owner, description)',
        '.gitattributes: added `baseline.secrets merge=secret-hooks-baseline`',
        'git config merge.secret-hooks-baseline.driver: set (this clone only)',
        'Next: review them, then git add baseline.secrets secrets-inventory.yaml .gitattributes',
    ]
    inventory = (repo / 'secrets-inventory.yaml').read_text()
    assert [line.split(': ')[1] for line in inventory.splitlines() if 'env_var: ' in line] == [
        'JWT_SECRET_KEY', 'JWT_PREVIOUS_SECRET_KEYS', 'REDIS_PASSWORD', 'STRIPE_SECRET_KEY']
    assert '    used_in: [frontend]' in inventory and 'strategy: dual-window' in inventory
    assert f'last_rotated: {datetime.date.today().isoformat()}' in inventory
    assert git(repo, 'config', 'merge.secret-hooks-baseline.driver').stdout.strip().endswith(
        'baseline merge %O %A %B')
    # The fingerprint printed for review is the one the baseline's salt gives.
    assert json.loads(main(capsys, 'scan', '--no-baseline', '--format', 'json').out)['findings'][0][
        'fingerprint'] == fp

    run2 = main(capsys, 'init', '--repo', 'https://example.invalid/secret-hooks', '--rev', 'v1')
    assert run2.out.splitlines()[0] == '.pre-commit-config.yaml: written (run `pre-commit install` once per clone)'
    assert (repo / '.pre-commit-config.yaml').read_text().splitlines() == snippet(
        'https://example.invalid/secret-hooks', 'v1')
    run3 = main(capsys, 'init')
    assert run3.out.splitlines()[0] == '.pre-commit-config.yaml: kept (it lists every secret-hooks hook)'
    assert run3.out.splitlines()[1:4] == [
        'baseline.secrets: kept (1 entries); 0 findings it does not allow',
        'secrets-inventory.yaml: kept (it lists every secret in use)',
        '.gitattributes: kept (baseline.secrets merge=secret-hooks-baseline)',
    ]
    assert run3.out.splitlines()[4].startswith('git config merge.secret-hooks-baseline.driver: kept (')
    assert run3.out.splitlines()[-1] == 'Nothing to change: this repository is set up.'
    for text in (run.out, run2.out, run3.out, (repo / 'baseline.secrets').read_text(), inventory):
        assert password not in text


def test_existing_files_are_kept_and_what_is_missing_is_listed(app, capsys, rng):
    repo, password = app
    write(repo, '.pre-commit-config.yaml', 'repos:\n  - repo: x\n    hooks:\n      - id: scan-secrets\n')
    write(repo, 'secrets-inventory.yaml', 'version: 1\nsecrets: []\n')
    write(repo, '.gitattributes', '*.png binary')  # no final newline
    assert main(capsys, 'baseline', 'create').code == 0
    second = rng.token_urlsafe(16)
    write(repo, 'more.py', f'url = "{db_url(second)}"\n')
    git(repo, 'add', 'more.py')
    run = main(capsys, 'init')
    assert run.code == 0
    out = run.out.splitlines()
    assert out[0] == ('.pre-commit-config.yaml: kept; add these hooks to its secret-hooks entry: '
                      + ', '.join(HOOKS[1:]))
    assert out[1] == 'baseline.secrets: kept (1 entries); 1 finding it does not allow'
    assert out[2].startswith(f'  more.py:1: Database URL Credentials: {SHOWN} [')
    assert out[3] == 'secrets-inventory.yaml: kept; add these entries under `secrets:`:'
    assert '  - env_var: REDIS_PASSWORD' in out
    assert (repo / 'secrets-inventory.yaml').read_text() == 'version: 1\nsecrets: []\n'
    assert (repo / '.gitattributes').read_text() == '*.png binary\nbaseline.secrets merge=secret-hooks-baseline\n'
    assert out[-1] == 'Next: review them, then git add .gitattributes'
    assert password not in run.out and second not in run.out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize('answer, written', [('n\n', False), ('y\n', True), ('\n', False)])
def test_at_a_terminal_it_asks_before_writing_the_baseline(app, capsys, monkeypatch, answer, written):
    repo, password = app
    monkeypatch.setattr('sys.stdin', _Terminal(answer))
    run = main(capsys, 'init')
    assert run.code == 0
    assert 'Allowlist these 1 findings in baseline.secrets (unaudited)? [y/N] ' in run.out
    assert (repo / 'baseline.secrets').exists() == written
    if not written:
        assert ('baseline.secrets: not written; re-run init (or `secret-hooks baseline create`) '
                'when the real secrets are gone\n') in run.out
    assert password not in run.out


def test_yes_does_not_ask(app, capsys, monkeypatch):
    repo, _ = app
    monkeypatch.setattr('sys.stdin', _Terminal(''))
    assert '[y/N]' not in main(capsys, 'init', '--yes').out
    assert (repo / 'baseline.secrets').exists()


def test_a_scan_error_stops_init(app, capsys, monkeypatch):
    repo, password = app
    unreadable(monkeypatch, 'app.py')
    run = main(capsys, 'init')
    assert run.code == 2
    assert run.err.splitlines() == [
        'secret-hooks: error: app.py: cannot read: Permission denied',
        'secret-hooks: error: the first scan could not read every file: fix the errors above, then re-run init',
    ]
    assert not (repo / 'baseline.secrets').exists()


def test_nothing_in_use(cli_repo, capsys):
    write(cli_repo, 'app.py', 'print("hello")\n')
    git(cli_repo, 'add', 'app.py')
    run = main(capsys, 'init')
    assert run.code == 0
    assert 'secrets-inventory.yaml: not needed (no secret-named variables in use)' in run.out.splitlines()
    assert 'First scan: 0 findings in 1 files. Review each: a real secret must leave the code and ' \
           'be rotated, not be allowlisted.' in run.out.splitlines()


def test_under_pre_commit_the_driver_names_this_interpreter(app, capsys, monkeypatch):
    import shlex
    import sys

    monkeypatch.setenv('PRE_COMMIT', '1')
    assert main(capsys, 'init').code == 0
    assert git(app[0], 'config', 'merge.secret-hooks-baseline.driver').stdout.strip() == (
        f'{shlex.quote(sys.executable)} -m hooks.cli baseline merge %O %A %B')
