"""hooks.rotation.rotate and `secret-hooks rotate`: new value, previous-values window, date, checklist.

Every value is generated at test time, and every test asserts that no value reaches the output.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import jwt
import pytest

from hooks import dotenv as envfile
from hooks.keys import is_valid_key
from tests.conftest import git
from tests.conftest import init_repo
from tests.conftest import run_cli
from tests.conftest import write
from tests.rotation.test_check import B2B
from tests.rotation.test_check import DB
from tests.rotation.test_check import JWT
from tests.rotation.test_check import changed
from tests.rotation.test_check import render


def today() -> str:
    """The date the command just recorded: read after it ran (not at import: a suite started
    before midnight would expect yesterday)."""
    return datetime.date.today().isoformat()


OLD_DATE = '2026-01-10'
TOKEN_RE = re.compile(r'[A-Za-z0-9_\-]{86}')


def _setup(tmp_path: Path, env_text: str, *entries: dict) -> Path:
    work = tmp_path / 'work'
    write(work, 'secrets-inventory.yaml', render(*(entries or (changed(JWT, last_rotated=OLD_DATE),))))
    write(work, '.env', env_text)
    return work


def _values(path: Path) -> dict[str, str]:
    return {e.name: e.value for e in envfile.parse(path.read_bytes().decode())}


def _rotate(work: Path, *args: str):
    done = run_cli('rotate', *args, cwd=work)
    return done, done.stdout + done.stderr


def _assert_no_values(output: str, *values: str) -> None:
    for value in values:
        for part in value.split(','):
            if part:
                assert part not in output


# (env file before, expected after: <NEW> is the new value, <OLD> the value it replaced)
ENV_CASES = {
    'comments': (
        '# app secrets\nJWT_SECRET_KEY=<OLD>  # current key\n# window\nJWT_PREVIOUS_SECRET_KEYS=\nDEBUG=0\n',
        '# app secrets\nJWT_SECRET_KEY=<NEW>  # current key\n# window\nJWT_PREVIOUS_SECRET_KEYS=<OLD>\nDEBUG=0\n',
    ),
    'double quotes': (
        'JWT_SECRET_KEY="<OLD>"\nJWT_PREVIOUS_SECRET_KEYS=""\n',
        'JWT_SECRET_KEY="<NEW>"\nJWT_PREVIOUS_SECRET_KEYS="<OLD>"\n',
    ),
    'single quotes': (
        "JWT_SECRET_KEY='<OLD>'\nJWT_PREVIOUS_SECRET_KEYS=''\n",
        "JWT_SECRET_KEY='<NEW>'\nJWT_PREVIOUS_SECRET_KEYS='<OLD>'\n",
    ),
    'export': (
        'export JWT_SECRET_KEY=<OLD>\nexport JWT_PREVIOUS_SECRET_KEYS=\n',
        'export JWT_SECRET_KEY=<NEW>\nexport JWT_PREVIOUS_SECRET_KEYS=<OLD>\n',
    ),
    'crlf': (
        'APP=demo\r\nJWT_SECRET_KEY=<OLD>\r\nJWT_PREVIOUS_SECRET_KEYS=\r\n',
        'APP=demo\r\nJWT_SECRET_KEY=<NEW>\r\nJWT_PREVIOUS_SECRET_KEYS=<OLD>\r\n',
    ),
    'previous missing': (
        'JWT_SECRET_KEY=<OLD>\nAPP=demo',
        'JWT_SECRET_KEY=<NEW>\nAPP=demo\nJWT_PREVIOUS_SECRET_KEYS=<OLD>\n',
    ),
    'both missing, crlf': (
        'APP=demo\r\n',
        'APP=demo\r\nJWT_SECRET_KEY=<NEW>\r\nJWT_PREVIOUS_SECRET_KEYS=\r\n',
    ),
    'empty values with comments': (
        'JWT_SECRET_KEY=<OLD>\nJWT_PREVIOUS_SECRET_KEYS= # filled by rotate\n',
        'JWT_SECRET_KEY=<NEW>\nJWT_PREVIOUS_SECRET_KEYS=<OLD> # filled by rotate\n',
    ),
    'placeholder is not kept': (
        'JWT_SECRET_KEY=changeme\nJWT_PREVIOUS_SECRET_KEYS=\n',
        'JWT_SECRET_KEY=<NEW>\nJWT_PREVIOUS_SECRET_KEYS=\n',
    ),
}


@pytest.mark.parametrize('case', ENV_CASES)
def test_rotate_rewrites_only_the_two_values(tmp_path, case, rng):
    before, after = ENV_CASES[case]
    old = rng.token_urlsafe(32)
    work = _setup(tmp_path, before.replace('<OLD>', old))
    inventory_before = (work / 'secrets-inventory.yaml').read_text()

    done, out = _rotate(work, 'JWT_SECRET_KEY', '--env-file', '.env')
    assert done.returncode == 0, out
    new = _values(work / '.env')['JWT_SECRET_KEY']
    assert TOKEN_RE.fullmatch(new) and new != old
    assert (work / '.env').read_bytes().decode() == after.replace('<OLD>', old).replace('<NEW>', new)
    _assert_no_values(out, old, new)
    # The inventory: only the date line changed.
    inventory_after = (work / 'secrets-inventory.yaml').read_text()
    assert inventory_after == inventory_before.replace(f'last_rotated: {OLD_DATE}', f'last_rotated: {today()}')
    assert 'Next:' in out and '--finish JWT_SECRET_KEY --env-file .env' in out


@pytest.mark.parametrize(('keep', 'kept'), [
    (None, ['old', 'p1']),  # default 2
    ('1', ['old']),
    ('3', ['old', 'p1', 'p2']),
    ('5', ['old', 'p1', 'p2']),
])
def test_keep_trims_the_previous_values(tmp_path, keep, kept, rng):
    values = {k: rng.token_urlsafe(24) for k in ('old', 'p1', 'p2')}
    work = _setup(tmp_path, f'JWT_SECRET_KEY={values["old"]}\n'
                            f'JWT_PREVIOUS_SECRET_KEYS={values["p1"]}, {values["p2"]}\n')
    done, out = _rotate(work, 'JWT_SECRET_KEY', '--env-file', '.env', *(('--keep', keep) if keep else ()))
    assert done.returncode == 0, out
    after = _values(work / '.env')
    assert after['JWT_PREVIOUS_SECRET_KEYS'] == ','.join(values[k] for k in kept)
    _assert_no_values(out, *values.values(), after['JWT_SECRET_KEY'])
    if len(kept) < 3:
        assert f'{3 - len(kept)} oldest dropped' in out


def test_dry_run_changes_nothing_and_says_what_would(tmp_path, rng):
    old = rng.token_urlsafe(32)
    work = _setup(tmp_path, f'JWT_SECRET_KEY={old}\n')
    env_before = (work / '.env').read_bytes()
    inventory_before = (work / 'secrets-inventory.yaml').read_bytes()
    for args in (('JWT_SECRET_KEY',), ('--finish', 'JWT_SECRET_KEY')):
        done, out = _rotate(work, *args, '--env-file', '.env', '--dry-run')
        assert done.returncode == 0, out
        assert out.startswith('dry run: nothing changed. Would change:')
        assert (work / '.env').read_bytes() == env_before
        assert (work / 'secrets-inventory.yaml').read_bytes() == inventory_before
        _assert_no_values(out, old)
        assert 'Next:' not in out
    done, out = _rotate(work, 'JWT_SECRET_KEY', '--env-file', '.env', '--dry-run')
    assert '.env: JWT_SECRET_KEY: new token (86 characters)' in out
    assert 'JWT_PREVIOUS_SECRET_KEYS: the old value moved to the front, 1 previous value(s) kept' in out
    assert f'last_rotated of JWT_SECRET_KEY: {OLD_DATE} -> {today()}' in out
    assert sorted(p.name for p in work.iterdir()) == ['.env', 'secrets-inventory.yaml']  # no temp files


def test_finish_clears_the_previous_values_only(tmp_path, rng):
    current, p1, p2 = (rng.token_urlsafe(32) for _ in range(3))
    work = _setup(tmp_path, f'# keys\nJWT_SECRET_KEY="{current}"\nJWT_PREVIOUS_SECRET_KEYS="{p1},{p2}"\n')
    inventory_before = (work / 'secrets-inventory.yaml').read_bytes()
    done, out = _rotate(work, '--finish', 'JWT_SECRET_KEY', '--env-file', '.env')
    assert done.returncode == 0, out
    assert (work / '.env').read_text() == f'# keys\nJWT_SECRET_KEY="{current}"\nJWT_PREVIOUS_SECRET_KEYS=""\n'
    assert (work / 'secrets-inventory.yaml').read_bytes() == inventory_before
    assert '2 previous value(s) removed' in out
    _assert_no_values(out, current, p1, p2)
    again, out = _rotate(work, '--finish', 'JWT_SECRET_KEY', '--env-file', '.env')
    assert again.returncode == 0 and 'already empty, nothing to finish' in out


def test_immediate_strategy_replaces_without_window(tmp_path, rng):
    old = rng.token_urlsafe(20)
    work = _setup(tmp_path, f'POSTGRES_PASSWORD={old}\n', changed(DB, last_rotated=OLD_DATE))
    done, out = _rotate(work, 'POSTGRES_PASSWORD', '--env-file', '.env')
    assert done.returncode == 0, out
    after = _values(work / '.env')
    assert list(after) == ['POSTGRES_PASSWORD'] and after['POSTGRES_PASSWORD'] != old
    assert '--finish' not in out
    _assert_no_values(out, old, after['POSTGRES_PASSWORD'])
    finish, out = _rotate(work, '--finish', 'POSTGRES_PASSWORD', '--env-file', '.env')
    assert finish.returncode == 2 and 'no window to finish' in out


@pytest.mark.parametrize(('entry', 'old_key', 'expected_head'), [
    (changed(DB, env_var='PARTNER_API_KEY', used_in='[b2b]'), None, 'b2b_live_'),
    (changed(DB, env_var='PARTNER_API_KEY', used_in='[b2b]'), ('b2b', 'test'), 'b2b_test_'),
    (changed(DB, env_var='PARTNER_API_KEY', used_in='[b2b]'), ('acme', 'live'), 'acme_live_'),
    (changed(DB, env_var='PARTNER_CREDENTIAL', format='b2b-key'), None, 'b2b_live_'),
])
def test_b2b_keys_are_minted_in_the_key_format(tmp_path, entry, old_key, expected_head, rng):
    old = rng.generate_key(*old_key) if old_key else ''
    work = _setup(tmp_path, f'{entry["env_var"]}={old}\n', changed(entry, last_rotated=OLD_DATE))
    done, out = _rotate(work, entry['env_var'], '--env-file', '.env')
    assert done.returncode == 0, out
    new = _values(work / '.env')[entry['env_var']]
    assert is_valid_key(new) and new.startswith(expected_head) and new != old
    _assert_no_values(out, new, old)


def test_hmac_key_used_by_b2b_is_a_token(tmp_path):
    work = _setup(tmp_path, '', changed(B2B, last_rotated=OLD_DATE))
    done, out = _rotate(work, 'API_CREDENTIALS_SECRET_KEY', '--env-file', '.env')
    assert done.returncode == 0, out
    after = _values(work / '.env')
    assert TOKEN_RE.fullmatch(after['API_CREDENTIALS_SECRET_KEY'])
    assert after['API_CREDENTIALS_PREVIOUS_SECRET_KEYS'] == ''


def test_record_only_updates_the_date(tmp_path):
    work = _setup(tmp_path, 'STRIPE_API_KEY=\n',
                  changed(DB, env_var='STRIPE_API_KEY', format='external', last_rotated=f'"{OLD_DATE}"'))
    refused, out = _rotate(work, 'STRIPE_API_KEY', '--env-file', '.env')
    assert refused.returncode == 2 and 'external provider' in out and '--record' in out
    assert (work / '.env').read_text() == 'STRIPE_API_KEY=\n'
    done, out = _rotate(work, 'STRIPE_API_KEY', '--record')
    assert done.returncode == 0, out
    assert f'last_rotated: "{today()}"' in (work / 'secrets-inventory.yaml').read_text()
    assert (work / '.env').read_text() == 'STRIPE_API_KEY=\n'


@pytest.mark.parametrize(('args', 'env_name', 'expected'), [
    (('NOPE_SECRET', '--env-file', '.env'), '.env', 'NOPE_SECRET: not in secrets-inventory.yaml'),
    (('JWT_SECRET_KEY', '--env-file', 'missing.env'), '.env', 'missing.env: no such env file'),
    (('JWT_SECRET_KEY', '--env-file', '.env.example'), '.env.example', 'looks like a committed example'),
    (('JWT_SECRET_KEY',), '.env', '--env-file PATH is required'),
    (('JWT_SECRET_KEY', '--env-file', '.env', '--keep', '0'), '.env', '--keep: must be 1 or more'),
    (('JWT_SECRET_KEY', '--env-file', '.env', '--inventory', 'none.yaml'), '.env', 'none.yaml: no secrets inventory'),
    (('JWT_SECRET_KEY', '--finish', '--record'), '.env', 'not allowed with argument'),
])
def test_usage_errors_exit_2(tmp_path, args, env_name, expected, rng):
    old = rng.token_urlsafe(32)
    work = tmp_path / 'work'
    write(work, 'secrets-inventory.yaml', render(JWT))
    write(work, env_name, f'JWT_SECRET_KEY={old}\n')
    env_before = (work / env_name).read_bytes()
    done, out = _rotate(work, *args)
    assert done.returncode == 2, out
    assert expected in out and 'Traceback' not in out
    assert (work / env_name).read_bytes() == env_before
    _assert_no_values(out, old)


def test_a_current_value_with_a_comma_is_not_split_into_the_window(tmp_path, rng):
    parts = [rng.token_urlsafe(12), rng.token_urlsafe(12)]
    work = _setup(tmp_path, f'JWT_SECRET_KEY="{parts[0]},{parts[1]}"\n')
    before = (work / '.env').read_bytes()
    done, out = _rotate(work, 'JWT_SECRET_KEY', '--env-file', '.env')
    assert done.returncode == 2 and 'contains a comma' in out
    assert (work / '.env').read_bytes() == before
    _assert_no_values(out, *parts)


def test_invalid_inventory_is_exit_2(tmp_path):
    work = _setup(tmp_path, 'JWT_SECRET_KEY=\n', changed(JWT, strategy='sometimes'))
    done, out = _rotate(work, 'JWT_SECRET_KEY', '--env-file', '.env')
    assert done.returncode == 2
    assert 'secrets-inventory.yaml:11: JWT_SECRET_KEY: strategy: must be one of' in out


def test_a_tracked_env_file_is_refused(tmp_path):
    repo = init_repo(tmp_path / 'repo')
    write(repo, 'secrets-inventory.yaml', render(JWT))
    write(repo, 'deploy/prod.env', 'JWT_SECRET_KEY=\n')
    git(repo, 'add', '-A')
    done, out = _rotate(repo, 'JWT_SECRET_KEY', '--env-file', 'deploy/prod.env')
    assert done.returncode == 2 and 'tracked by git' in out
    assert (repo / 'deploy/prod.env').read_text() == 'JWT_SECRET_KEY=\n'


def test_file_mode_is_kept(tmp_path):
    work = _setup(tmp_path, 'JWT_SECRET_KEY=\n')
    (work / '.env').chmod(0o600)
    done, out = _rotate(work, 'JWT_SECRET_KEY', '--env-file', '.env')
    assert done.returncode == 0, out
    assert (work / '.env').stat().st_mode & 0o777 == 0o600


# ---------------------------------------------------------------------------------------------
# The dual-window promise, with a real JWT library
# ---------------------------------------------------------------------------------------------

def _verify(token: str, env: dict[str, str]) -> dict:
    """As the backend does: the current key, then each previous one."""
    keys = [env['JWT_SECRET_KEY'], *filter(None, env.get('JWT_PREVIOUS_SECRET_KEYS', '').split(','))]
    for key in keys:
        try:
            return jwt.decode(token, key, algorithms=['HS256'])
        except jwt.InvalidSignatureError:
            continue
    raise jwt.InvalidSignatureError('no key verifies the token')


def test_jwt_dual_window(tmp_path, rng):
    work = _setup(tmp_path, f'JWT_SECRET_KEY={rng.token_urlsafe(64)}\nJWT_PREVIOUS_SECRET_KEYS=\n')
    before = _values(work / '.env')
    old_token = jwt.encode({'sub': 'user-1', 'role': 'admin'}, before['JWT_SECRET_KEY'], algorithm='HS256')
    assert _verify(old_token, before)['sub'] == 'user-1'

    done, out = _rotate(work, 'JWT_SECRET_KEY', '--env-file', '.env')
    assert done.returncode == 0, out
    during = _values(work / '.env')
    assert during['JWT_SECRET_KEY'] != before['JWT_SECRET_KEY']
    new_token = jwt.encode({'sub': 'user-2'}, during['JWT_SECRET_KEY'], algorithm='HS256')
    # During the window both verify: signed before and after the rotation.
    assert _verify(old_token, during)['sub'] == 'user-1'
    assert _verify(new_token, during)['sub'] == 'user-2'
    # The new key alone refuses the old token (the window is what keeps it alive).
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(old_token, during['JWT_SECRET_KEY'], algorithms=['HS256'])

    done_finish, out_finish = _rotate(work, '--finish', 'JWT_SECRET_KEY', '--env-file', '.env')
    assert done_finish.returncode == 0, out_finish
    after = _values(work / '.env')
    assert after['JWT_SECRET_KEY'] == during['JWT_SECRET_KEY']
    with pytest.raises(jwt.InvalidSignatureError):
        _verify(old_token, after)
    assert _verify(new_token, after)['sub'] == 'user-2'
    _assert_no_values(out + out_finish, before['JWT_SECRET_KEY'], during['JWT_SECRET_KEY'], old_token, new_token)


def test_rollback_restores_the_old_key_and_keeps_the_new_one_verifying(tmp_path, rng):
    work = _setup(tmp_path, f'# keys\r\nJWT_SECRET_KEY="{rng.token_urlsafe(64)}"\r\nJWT_PREVIOUS_SECRET_KEYS=""\r\n')
    before = _values(work / '.env')
    old_token = jwt.encode({'sub': 'before'}, before['JWT_SECRET_KEY'], algorithm='HS256')
    assert _rotate(work, 'JWT_SECRET_KEY', '--env-file', '.env')[0].returncode == 0
    during = _values(work / '.env')
    new_token = jwt.encode({'sub': 'during'}, during['JWT_SECRET_KEY'], algorithm='HS256')
    inventory_rotated = (work / 'secrets-inventory.yaml').read_bytes()

    done, out = _rotate(work, '--rollback', 'JWT_SECRET_KEY', '--env-file', '.env')
    assert done.returncode == 0, out
    assert (work / '.env').read_bytes().decode() == (
        f'# keys\r\nJWT_SECRET_KEY="{before["JWT_SECRET_KEY"]}"\r\n'
        f'JWT_PREVIOUS_SECRET_KEYS="{during["JWT_SECRET_KEY"]}"\r\n'
    )
    after = _values(work / '.env')
    assert jwt.decode(old_token, after['JWT_SECRET_KEY'], algorithms=['HS256'])['sub'] == 'before'
    assert _verify(new_token, after)['sub'] == 'during'
    assert (work / 'secrets-inventory.yaml').read_bytes() == inventory_rotated
    assert 'Restore last_rotated' in out
    _assert_no_values(out, before['JWT_SECRET_KEY'], during['JWT_SECRET_KEY'])


@pytest.mark.parametrize(('env_text', 'entry', 'expected'), [
    ('JWT_SECRET_KEY=\nJWT_PREVIOUS_SECRET_KEYS=\n', JWT, 'JWT_PREVIOUS_SECRET_KEYS is empty'),
    ('POSTGRES_PASSWORD=\n', DB, 'no previous value to roll back to'),
])
def test_rollback_needs_a_previous_value(tmp_path, env_text, entry, expected):
    work = _setup(tmp_path, env_text, entry)
    done, out = _rotate(work, '--rollback', entry['env_var'], '--env-file', '.env')
    assert done.returncode == 2 and expected in out
    assert (work / '.env').read_text() == env_text
