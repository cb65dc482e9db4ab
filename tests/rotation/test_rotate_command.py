"""`secret-hooks rotate` in-process (hooks.cli.main): rotate, --finish, --rollback, --record,
--dry-run, and each refusal (exit 2, one line).  Values are generated here; none reaches the
output."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from hooks import dotenv
from hooks import keys
from tests.cli_helpers import main
from tests.conftest import git
from tests.conftest import write
from tests.rotation.test_check import DB
from tests.rotation.test_check import JWT
from tests.rotation.test_check import changed
from tests.rotation.test_check import render

OLD_DATE = '2026-01-10'
PARTNER = changed(DB, env_var='PARTNER_API_KEY', used_in='[b2b]', strategy='dual-window',
                  previous_env_var='PARTNER_PREVIOUS_API_KEYS', format='b2b-key', last_rotated=OLD_DATE)
EXTERNAL = changed(DB, env_var='STRIPE_SECRET_KEY', format='external', last_rotated=OLD_DATE)


@pytest.fixture
def work(cli_repo: Path) -> Path:
    write(cli_repo, 'secrets-inventory.yaml', render(
        changed(JWT, last_rotated=OLD_DATE), changed(DB, last_rotated=OLD_DATE), PARTNER, EXTERNAL))
    write(cli_repo, '.gitignore', '.env\n')
    git(cli_repo, 'add', 'secrets-inventory.yaml', '.gitignore')
    return cli_repo


def values(repo: Path) -> dict[str, str]:
    return {e.name: e.value for e in dotenv.parse((repo / '.env').read_text())}


def today() -> str:
    return datetime.date.today().isoformat()


def test_rotate_dual_window_then_finish(work, capsys, rng):
    old = rng.token_urlsafe(32)
    write(work, '.env', f'JWT_SECRET_KEY={old}\nJWT_PREVIOUS_SECRET_KEYS=\n')
    run = main(capsys, 'rotate', 'JWT_SECRET_KEY', '--env-file', '.env')
    assert (run.code, run.err) == (0, '')
    new = values(work)['JWT_SECRET_KEY']
    assert new != old and values(work)['JWT_PREVIOUS_SECRET_KEYS'] == old
    lines = run.out.splitlines()
    assert lines[:4] == [
        'rotated JWT_SECRET_KEY:',
        f'  .env: JWT_SECRET_KEY: new token ({len(new)} characters)',
        '  .env: JWT_PREVIOUS_SECRET_KEYS: the old value moved to the front, 1 previous value(s) kept (--keep 2)',
        f'  secrets-inventory.yaml:10: last_rotated of JWT_SECRET_KEY: {OLD_DATE} -> {today()}',
    ]
    assert lines[4:6] == ['', 'Next:']
    assert lines[-1] == '  5. Commit the updated inventory (last_rotated) — never the env file.'
    assert f'last_rotated: {today()}' in (work / 'secrets-inventory.yaml').read_text()
    run2 = main(capsys, 'rotate', '--finish', 'JWT_SECRET_KEY', '--env-file', '.env')
    assert run2.out.splitlines()[:2] == [
        'finished the window of JWT_SECRET_KEY:', '  .env: JWT_PREVIOUS_SECRET_KEYS: 1 previous value(s) removed']
    assert values(work) == {'JWT_SECRET_KEY': new, 'JWT_PREVIOUS_SECRET_KEYS': ''}
    run3 = main(capsys, 'rotate', '--finish', 'JWT_SECRET_KEY', '--env-file', '.env', '--dry-run')
    assert run3 == (0, 'dry run: nothing changed. Would change:\n'
                       '  .env: JWT_PREVIOUS_SECRET_KEYS: already empty, nothing to finish\n', '')
    for text in (run.out, run2.out, run3.out):
        assert old not in text and new not in text


def test_rollback(work, capsys, rng):
    old, older = rng.token_urlsafe(32), rng.token_urlsafe(32)
    write(work, '.env', f'JWT_SECRET_KEY={old}\nJWT_PREVIOUS_SECRET_KEYS={older}\n')
    assert main(capsys, 'rotate', 'JWT_SECRET_KEY', '--env-file', '.env').code == 0
    new = values(work)['JWT_SECRET_KEY']
    run = main(capsys, 'rotate', '--rollback', 'JWT_SECRET_KEY', '--env-file', '.env')
    assert run.out.splitlines()[:3] == [
        'rolled back JWT_SECRET_KEY:',
        '  .env: JWT_SECRET_KEY: back to the newest previous value',
        '  .env: JWT_PREVIOUS_SECRET_KEYS: the rolled-back value moved to the front (2 previous value(s))',
    ]
    assert values(work) == {'JWT_SECRET_KEY': old, 'JWT_PREVIOUS_SECRET_KEYS': f'{new},{older}'}
    assert not any(v in run.out for v in (old, older, new))


def test_b2b_key_keeps_prefix_and_environment(work, capsys, rng):
    old = rng.generate_key('acme', 'test')
    write(work, '.env', f'PARTNER_API_KEY={old}\n')
    run = main(capsys, 'rotate', 'PARTNER_API_KEY', '--env-file', '.env', '--keep', '1')
    assert run.code == 0
    new = values(work)['PARTNER_API_KEY']
    assert new.startswith('acme_test_') and keys.is_valid_key(new) and new != old
    assert values(work)['PARTNER_PREVIOUS_API_KEYS'] == old
    assert '  .env: PARTNER_PREVIOUS_API_KEYS: the old value moved to the front, 1 previous value(s) ' \
           'kept (--keep 1), added (it was not in the file)' in run.out.splitlines()
    assert any(line.startswith('  3. Send the new key to its B2B partner') for line in run.out.splitlines())
    assert old not in run.out and new not in run.out


def test_immediate_rotation_of_a_missing_variable_and_dry_run(work, capsys):
    write(work, '.env', 'DEBUG=1\n')
    run = main(capsys, 'rotate', 'POSTGRES_PASSWORD', '--env-file', '.env', '--dry-run')
    assert run.code == 0
    assert run.out.splitlines()[0] == 'dry run: nothing changed. Would change:'
    assert run.out.splitlines()[1].endswith(', added (it was not in the file)')
    assert values(work) == {'DEBUG': '1'}
    assert main(capsys, 'rotate', 'POSTGRES_PASSWORD', '--env-file', '.env').code == 0
    assert set(values(work)) == {'DEBUG', 'POSTGRES_PASSWORD'}


def test_record(work, capsys):
    run = main(capsys, 'rotate', 'STRIPE_SECRET_KEY', '--record')
    assert run.code == 0
    assert run.out.splitlines()[0] == 'recorded STRIPE_SECRET_KEY:'
    assert run.out.splitlines()[1].endswith(f'last_rotated of STRIPE_SECRET_KEY: {OLD_DATE} -> {today()}')
    assert 'Next:' not in run.out
    run = main(capsys, 'rotate', 'STRIPE_SECRET_KEY', '--record')
    assert run.out.splitlines()[1] == f'  secrets-inventory.yaml: last_rotated of STRIPE_SECRET_KEY is already {today()}'


@pytest.mark.parametrize('argv, env, message', [
    (['NOPE_SECRET', '--record'], None, 'NOPE_SECRET: not in secrets-inventory.yaml: add an entry for it first'),
    (['JWT_SECRET_KEY'], None, '--env-file PATH is required (or --record to only record the date)'),
    (['JWT_SECRET_KEY', '--env-file', 'missing.env'], None, 'missing.env: no such env file'),
    (['JWT_SECRET_KEY', '--env-file', '.env', '--keep', '0'], 'JWT_SECRET_KEY=<v>\n',
     '--keep: must be 1 or more (the previous values kept during the window)'),
    (['JWT_SECRET_KEY', '--env-file', '.env.example'], None,
     '.env.example: looks like a committed example (example/sample/template): rotate the real env '
     'file or secret store, never an example'),
    (['JWT_SECRET_KEY', '--env-file', 'tracked.env'], None,
     'tracked.env: tracked by git: a rotated value must not be committed; rotate an untracked env '
     'file (add it to .gitignore) or your secret store'),
    (['POSTGRES_PASSWORD', '--finish', '--env-file', '.env'], 'POSTGRES_PASSWORD=<v>\n',
     'POSTGRES_PASSWORD: strategy is immediate: there is no window to finish'),
    (['POSTGRES_PASSWORD', '--rollback', '--env-file', '.env'], 'POSTGRES_PASSWORD=<v>\n',
     'POSTGRES_PASSWORD: strategy is immediate: no previous value to roll back to'),
    (['JWT_SECRET_KEY', '--rollback', '--env-file', '.env'], 'JWT_SECRET_KEY=<v>\n',
     '.env: JWT_PREVIOUS_SECRET_KEYS is empty: no previous value to roll back to'),
    (['JWT_SECRET_KEY', '--env-file', '.env'], 'JWT_SECRET_KEY=<v>,<v>\n',
     '.env: the current JWT_SECRET_KEY contains a comma, so it cannot be kept in '
     'JWT_PREVIOUS_SECRET_KEYS: replace it by hand, or rotate with strategy immediate'),
    (['STRIPE_SECRET_KEY', '--env-file', '.env'], 'STRIPE_SECRET_KEY=<v>\n',
     'STRIPE_SECRET_KEY is issued by an external provider (format: external): rotate it there, put '
     'the new value in the env file or secret store yourself, then run `secret-hooks rotate '
     'STRIPE_SECRET_KEY --record` (see docs/rotation-runbook.md)'),
    (['JWT_SECRET_KEY', '--record', '--inventory', 'none.yaml'], None,
     'none.yaml: no secrets inventory (see docs/rotation-runbook.md)'),
])
def test_refusals(work, capsys, rng, argv, env, message):
    planted = rng.token_urlsafe(24)
    write(work, 'tracked.env', f'JWT_SECRET_KEY={planted}\n')
    write(work, '.env.example', 'JWT_SECRET_KEY=\n')
    git(work, 'add', 'tracked.env')
    if env is not None:
        write(work, '.env', env.replace('<v>', planted))
    before = {p.name: p.read_bytes() for p in work.iterdir() if p.is_file()}
    run = main(capsys, 'rotate', *argv)
    assert run == (2, '', f'secret-hooks: error: {message}\n')
    assert {p.name: p.read_bytes() for p in work.iterdir() if p.is_file()} == before  # nothing written
