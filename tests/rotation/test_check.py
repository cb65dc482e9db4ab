"""hooks.rotation.inventory and `secret-hooks check-rotation`: the inventory schema and the check."""
from __future__ import annotations

import datetime

import pytest

from hooks.files import iter_texts
from hooks.rotation import check as rotation
from hooks.rotation.inventory import InventoryError
from hooks.rotation.inventory import parse_inventory
from hooks.rotation.inventory import set_last_rotated
from hooks.rules import SecretNames
from tests.conftest import git
from tests.conftest import init_repo
from tests.conftest import run_cli
from tests.conftest import write

TODAY = datetime.date(2026, 6, 15)
PATH = 'secrets-inventory.yaml'

JWT = {
    'env_var': 'JWT_SECRET_KEY',
    'description': 'signs access and refresh tokens',
    'owner': 'backend-team',
    'criticality': 'critical',
    'used_in': '[backend]',
    'rotation_days': '90',
    'last_rotated': '2026-05-01',
    'strategy': 'dual-window',
    'previous_env_var': 'JWT_PREVIOUS_SECRET_KEYS',
}
B2B = {
    'env_var': 'API_CREDENTIALS_SECRET_KEY',
    'description': 'HMAC key of B2B request signatures',
    'owner': 'platform',
    'criticality': 'high',
    'used_in': '[b2b, backend]',
    'rotation_days': '180',
    'last_rotated': '2026-04-01',
    'strategy': 'dual-window',
    'previous_env_var': 'API_CREDENTIALS_PREVIOUS_SECRET_KEYS',
}
DB = {
    'env_var': 'POSTGRES_PASSWORD',
    'description': 'database password of the app role',
    'owner': 'infra',
    'criticality': 'high',
    'used_in': '[backend, infra]',
    'rotation_days': '365',
    'last_rotated': '2026-01-15',
    'strategy': 'immediate',
}


def render(*entries: dict) -> str:
    """An inventory: one `- field: value` block per entry; a value of None drops the field."""
    lines = ['# Secrets of the product (test fixture)', 'version: 1', 'secrets:']
    for entry in entries:
        first = True
        for key, value in entry.items():
            if value is None:
                continue
            lines.append(f'  {"- " if first else "  "}{key}: {value}')
            first = False
    return '\n'.join(lines) + '\n'


def changed(base: dict, **fields) -> dict:
    return {**base, **fields}


def test_valid_inventory_parses_with_resolved_formats_and_lines():
    text = render(JWT, B2B, DB, changed(DB, env_var='PARTNER_API_KEY', used_in='b2b'))
    inventory = parse_inventory(text, PATH, TODAY)
    jwt, b2b, db, partner = inventory.entries
    assert (jwt.env_var, jwt.strategy, jwt.previous_env_var) == (
        'JWT_SECRET_KEY', 'dual-window', 'JWT_PREVIOUS_SECRET_KEYS')
    assert jwt.last_rotated == datetime.date(2026, 5, 1) and jwt.due() == datetime.date(2026, 7, 30)
    assert jwt.line == 4 and jwt.last_rotated_line == 10
    # An HMAC key used by B2B is a token; a B2B API key is in the key format.
    assert (jwt.format, b2b.format, db.format, partner.format) == ('token', 'token', 'token', 'b2b-key')
    assert partner.used_in == ('b2b',)
    assert inventory.covered_names() == {
        'JWT_SECRET_KEY', 'JWT_PREVIOUS_SECRET_KEYS', 'API_CREDENTIALS_SECRET_KEY',
        'API_CREDENTIALS_PREVIOUS_SECRET_KEYS', 'POSTGRES_PASSWORD', 'PARTNER_API_KEY',
    }


def test_empty_secrets_list_is_valid():
    assert parse_inventory('secrets: []\n', PATH, TODAY).entries == ()
    assert parse_inventory('secrets:\n', PATH, TODAY).entries == ()


@pytest.mark.parametrize(('entry', 'expected'), [
    (changed(JWT, owner=None), ':4: JWT_SECRET_KEY: required field missing: owner'),
    (changed(JWT, owner=None, strategy=None), ':4: JWT_SECRET_KEY: required fields missing: owner, strategy'),
    (changed(JWT, env_var='!!python/object:os.system A_SECRET'), ':4: A_SECRET: env_var: not a valid value'),
    (changed(JWT, owner='""'), ':6: JWT_SECRET_KEY: owner: must be non-empty text'),
    (changed(JWT, criticality='urgent'), ':7: JWT_SECRET_KEY: criticality: must be one of critical, high, medium, low'),
    (changed(JWT, used_in='[mobile]'), ':8: JWT_SECRET_KEY: used_in: must be a list of backend, frontend, infra, b2b'),
    (changed(JWT, used_in='[]'), 'JWT_SECRET_KEY: used_in: must be a list of'),
    (changed(JWT, rotation_days='0'), ':9: JWT_SECRET_KEY: rotation_days: must be a whole number of days'),
    (changed(JWT, rotation_days='ninety'), 'JWT_SECRET_KEY: rotation_days: must be a whole number'),
    (changed(JWT, rotation_days='true'), 'JWT_SECRET_KEY: rotation_days: must be a whole number'),
    (changed(JWT, rotation_days='90.5'), 'JWT_SECRET_KEY: rotation_days: must be a whole number'),
    (changed(JWT, last_rotated='last spring'), ':10: JWT_SECRET_KEY: last_rotated: must be a date, YYYY-MM-DD'),
    (changed(JWT, last_rotated='2026-13-01'), ':10: JWT_SECRET_KEY: last_rotated: not a valid value'),
    (changed(JWT, last_rotated='2026-05-01 10:00:00'), 'JWT_SECRET_KEY: last_rotated: must be a date'),
    (changed(JWT, last_rotated='2027-01-01'), 'JWT_SECRET_KEY: last_rotated: 2027-01-01 is in the future'),
    (changed(JWT, strategy='gradual'), ':11: JWT_SECRET_KEY: strategy: must be one of dual-window, immediate'),
    (changed(JWT, previous_env_var=None), ':4: JWT_SECRET_KEY: previous_env_var: required for strategy dual-window'),
    (changed(JWT, previous_env_var='"not a name"'), 'JWT_SECRET_KEY: previous_env_var: must be an environment variable name'),
    (changed(JWT, previous_env_var='JWT_SECRET_KEY'), 'JWT_SECRET_KEY: previous_env_var: must differ from env_var'),
    (changed(DB, previous_env_var='POSTGRES_OLD_PASSWORD'), 'POSTGRES_PASSWORD: previous_env_var: only for strategy dual-window'),
    (changed(JWT, format='pem'), 'JWT_SECRET_KEY: format: must be one of token, b2b-key, external'),
    (changed(JWT, rotation_period='90'), ":13: JWT_SECRET_KEY: unknown field 'rotation_period' (known: env_var,"),
    (changed(JWT, env_var=None), ':4: entry 1: env_var: required, an environment variable name'),
    (changed(JWT, env_var='"JWT SECRET"'), ':4: entry 1: env_var: required'),
])
def test_schema_errors_name_line_entry_and_field(entry, expected):
    with pytest.raises(InventoryError) as info:
        parse_inventory(render(entry), PATH, TODAY)
    assert info.value.exit_code == 2
    assert expected in str(info.value)
    assert str(info.value).startswith(PATH + ':')


@pytest.mark.parametrize(('text', 'expected'), [
    ('', ':1: must be a mapping with a `secrets:` list'),
    ('- JWT_SECRET_KEY\n', ':1: must be a mapping'),
    ('version: 1\n', ':1: secrets: required, the list of secrets'),
    ('version: 2\nsecrets: []\n', ':1: version: must be 1'),
    ('secrets: []\nowners: []\n', ":2: unknown key 'owners' (known: version, secrets)"),
    ('secrets: {JWT_SECRET_KEY: {}}\n', ':1: secrets: must be a list of entries'),
    ('secrets:\n  - JWT_SECRET_KEY\n', ':2: entry 1: must be a mapping of fields'),
    ('secrets: [\n  {env_var: A\n', 'not valid YAML'),
    ('secrets: []\n---\nsecrets: []\n', 'not valid YAML'),
    ('secrets: []\nsecrets: []\n', ':2: secrets: given twice'),
    ('secrets:\n  - env_var: A_SECRET\n    owner: a\n    owner: b\n', ':4: entry 1: owner: given twice'),
])
def test_malformed_inventories(text, expected):
    with pytest.raises(InventoryError) as info:
        parse_inventory(text, PATH, TODAY)
    assert expected in str(info.value)


def test_every_problem_is_reported_on_its_own_line():
    bad = render(changed(JWT, criticality='urgent', owner=None), changed(DB, strategy='slow'))
    with pytest.raises(InventoryError) as info:
        parse_inventory(bad, PATH, TODAY)
    problems = info.value.problems
    assert len(problems) == 3
    assert any('JWT_SECRET_KEY: required field missing: owner' in p for p in problems)
    assert any('POSTGRES_PASSWORD: strategy:' in p for p in problems)


@pytest.mark.parametrize(('entries', 'expected'), [
    ((JWT, JWT), 'JWT_SECRET_KEY is already used by the entry on line 4'),
    ((JWT, changed(B2B, previous_env_var='JWT_PREVIOUS_SECRET_KEYS')),
     'API_CREDENTIALS_SECRET_KEY: JWT_PREVIOUS_SECRET_KEYS is already used'),
    ((JWT, changed(DB, env_var='jwt_previous_secret_keys')), 'already used by the entry on line 4'),
])
def test_names_are_unique_across_entries(entries, expected):
    with pytest.raises(InventoryError) as info:
        parse_inventory(render(*entries), PATH, TODAY)
    assert expected in str(info.value)


def test_set_last_rotated_changes_only_the_date():
    text = render(JWT, changed(DB, last_rotated='"2026-01-15"  # after the incident')).replace('\n', '\r\n')
    inventory = parse_inventory(text, PATH, TODAY)
    new = set_last_rotated(inventory, inventory.entries[1], TODAY)
    old_lines, new_lines = text.split('\r\n'), new.split('\r\n')
    differing = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert len(old_lines) == len(new_lines)
    assert differing == [('    last_rotated: "2026-01-15"  # after the incident',
                          '    last_rotated: "2026-06-15"  # after the incident')]
    assert parse_inventory(new, PATH, TODAY).entries[1].last_rotated == TODAY


# ---------------------------------------------------------------------------------------------
# Which variables a file uses
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(('filename', 'text', 'expected'), [
    ('app/settings.py', 'import os\nKEY = os.getenv("JWT_SECRET_KEY")\n', [('JWT_SECRET_KEY', 2)]),
    ('app/settings.py', 'from os import getenv\nx = getenv("A", "b")\n', [('A', 2)]),
    ('app/settings.py', 'import os\nx = os.environ["DB_PASSWORD"]\n', [('DB_PASSWORD', 2)]),
    ('app/settings.py', 'import os\nx = os.environ.get("X")\nos.environ.setdefault("Y", "")\n',
     [('X', 2), ('Y', 3)]),
    ('app/settings.py', 'from os import environ\nx = environ.get("X")\ny = environ["Z"]\n',
     [('X', 2), ('Z', 3)]),
    ('app/config.py', (
        'from pydantic_settings import BaseSettings\n\n'
        'class Settings(BaseSettings):\n'
        '    jwt_secret_key: str\n'
        '    jwt_previous_secret_keys: str = ""\n'
        '    def helper(self): pass\n'
    ), [('JWT_SECRET_KEY', 4), ('JWT_PREVIOUS_SECRET_KEYS', 5)]),
    ('app/model.py', 'class User(Base):\n    password_hash: str\n', []),
    ('app/dyn.py', 'import os\nname = "X"\nos.getenv(name)\n', []),
    ('app/broken.py', 'def (:\n', []),
    ('docker-compose.yml', (
        'services:\n  api:\n    image: app\n    environment:\n'
        '      JWT_SECRET_KEY: ${JWT_SECRET_KEY:?set it}\n'
        '      - REDIS_PASSWORD=$REDIS_PASSWORD\n'
        '    command: echo $$NOT_A_VAR\n'
    ), [('JWT_SECRET_KEY', 5), ('REDIS_PASSWORD', 6)]),
    ('docker-compose.yml', 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres\n',
     [('POSTGRES_PASSWORD', 4)]),
    ('deploy/start.sh', 'exec app --key "${API_TOKEN:?}"\n', [('API_TOKEN', 1)]),
    ('app/settings.py', (
        'from pydantic_settings import BaseSettings, SettingsConfigDict\n'
        'class Settings(BaseSettings):\n'
        '    model_config = SettingsConfigDict(env_prefix="APP_")\n'
        '    db_password: str\n'
    ), [('APP_DB_PASSWORD', 4)]),
    ('deploy/compose.prod.yaml', 'x: ${API_TOKEN}\n', [('API_TOKEN', 1)]),
    ('frontend/src/api.ts', 'const k = import.meta.env.VITE_API_KEY;\nprocess.env["NEXT_SECRET"]\n',
     [('VITE_API_KEY', 1), ('NEXT_SECRET', 2)]),
    ('README.md', 'os.getenv("JWT_SECRET_KEY")\n', []),
])
def test_used_env_variables(filename, text, expected):
    assert sorted(rotation.used_env_variables(filename, text)) == sorted(expected)


# ---------------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------------

APP = ('backend/app/settings.py', (
    'import os\n'
    'JWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n'
    'JWT_PREVIOUS = os.getenv("JWT_PREVIOUS_SECRET_KEYS", "")\n'
    'JWT_ALGORITHM = os.getenv("JWT_ALGORITHM", "HS256")\n'
    'ACCESS_TOKEN_EXPIRE_MINUTES = int(os.getenv("ACCESS_TOKEN_EXPIRE_MINUTES", "30"))\n'
))
ENV_EXAMPLE = ('.env.example', '# copy to .env\nJWT_SECRET_KEY=\nJWT_PREVIOUS_SECRET_KEYS=\nJWT_ALGORITHM=HS256\n')


UNUSED = ('in the inventory but not used by any code, Compose file or env example: remove the entry, '
          'or declare the variable in a committed env example')


def run_check(entries, files, today=TODAY, warn_days=14, names=None, keep_unused=False):
    """The check; most tests give files that use only some inventoried secrets, so the
    unused-entry problems are dropped unless `keep_unused` (tested on their own)."""
    inventory = parse_inventory(render(*entries), PATH, today) if entries is not None else None
    result = rotation.check(inventory, PATH, files, today, warn_days, names)
    if not keep_unused:
        result.problems = [p for p in result.problems if p.why != UNUSED]
    return result


def test_clean_repository_passes():
    result = run_check([JWT], [APP, ENV_EXAMPLE])
    assert result.problems == [] and result.warnings == []


@pytest.mark.parametrize(('last_rotated', 'warn_days', 'problem', 'warning'), [
    # every 90 days; today is 2026-06-15
    ('2026-03-01', 14, 'rotation overdue by 16 days (last rotated 2026-03-01, every 90 days)', None),
    ('2026-03-16', 14, 'rotation overdue by 1 days (last rotated 2026-03-16, every 90 days)', None),
    ('2026-03-20', 14, None, 'rotation due in 3 days, on 2026-06-18'),
    ('2026-03-20', 0, None, None),
    ('2026-04-01', 14, None, None),
    ('2026-04-01', 15, None, 'rotation due in 15 days, on 2026-06-30'),
    ('2026-06-15', 14, None, None),
])
def test_overdue_and_near_due(last_rotated, warn_days, problem, warning):
    result = run_check([changed(JWT, last_rotated=last_rotated)], [APP, ENV_EXAMPLE], warn_days=warn_days)
    problems = [str(p) for p in result.problems]
    warnings = [str(w) for w in result.warnings]
    if problem:
        assert problems == [f'{PATH}:10: JWT_SECRET_KEY: {problem}: run `secret-hooks rotate '
                            'JWT_SECRET_KEY --env-file <env file>`; see docs/rotation-runbook.md']
    else:
        assert problems == []
    if warning:
        assert len(warnings) == 1 and warnings[0].startswith(f'{PATH}:10: JWT_SECRET_KEY: warning: {warning}')
    else:
        assert warnings == []


def test_due_today_warns_and_a_day_later_fails():
    due_today = changed(JWT, last_rotated='2026-03-17')  # + 90 days = 2026-06-15
    on_time = run_check([due_today], [APP])
    assert on_time.problems == [] and 'rotation due in 0 days' in str(on_time.warnings[0])
    late = run_check([due_today], [APP], today=TODAY + datetime.timedelta(days=1))
    assert 'rotation overdue by 1 days' in str(late.problems[0])


def test_external_secret_hint_says_record():
    entry = changed(DB, env_var='STRIPE_API_KEY', format='external', last_rotated='2025-01-01')
    result = run_check([entry], [])
    assert '`secret-hooks rotate STRIPE_API_KEY --record`' in str(result.problems[0])


@pytest.mark.parametrize(('files', 'expected'), [
    ([('app/db.py', 'import os\nPW = os.getenv("POSTGRES_PASSWORD")\n')],
     ['app/db.py:2: POSTGRES_PASSWORD: secret-named variable in use but not in secrets-inventory.yaml']),
    ([('docker-compose.yml', 'services:\n  cache:\n    command: redis-server --requirepass ${REDIS_PASSWORD}\n')],
     ['docker-compose.yml:3: REDIS_PASSWORD: secret-named variable in use but not in']),
    ([('.env.example', 'API_CREDENTIALS_SECRET_KEY=\nAPP_NAME=demo\n')],
     ['.env.example:1: API_CREDENTIALS_SECRET_KEY: secret-named variable in use but not in']),
    ([('app/auth.py', 'import os\nOLD = os.getenv("API_CREDENTIALS_PREVIOUS_SECRET_KEYS")\n')],
     ['app/auth.py:2: API_CREDENTIALS_PREVIOUS_SECRET_KEYS: not in secrets-inventory.yaml: set it as '
      '`previous_env_var` of the secret whose previous values it holds']),
    # Reported once per file and name, at its first use.
    ([('app/a.py', 'import os\nos.getenv("SMTP_PASSWORD")\nos.getenv("SMTP_PASSWORD")\n'),
      ('app/b.py', 'import os\nos.environ["smtp_password"]\n')],
     ['app/a.py:2: SMTP_PASSWORD:', 'app/b.py:2: smtp_password:']),
    # Not secret-named, or covered (any case): nothing.
    ([('app/c.py', 'import os\nos.getenv("LOG_LEVEL")\nos.getenv("jwt_secret_key")\nos.getenv("TOKEN_TTL")\n')], []),
])
def test_secrets_in_use_but_not_inventoried(files, expected):
    result = run_check([JWT], files)
    problems = [str(p) for p in result.problems]
    assert len(problems) == len(expected), problems
    for problem, prefix in zip(problems, expected):
        assert problem.startswith(prefix)


def test_configured_secret_name_patterns_widen_the_check():
    files = [('app/v.py', 'import os\nos.getenv("VAULT_BLOB")\n')]
    assert run_check([JWT], files).problems == []
    flagged = run_check([JWT], files, names=SecretNames([r'vault_?blob']))
    assert [p.setting for p in flagged.problems] == ['VAULT_BLOB']


@pytest.mark.parametrize(('env_text', 'expected'), [
    ('JWT_SECRET_KEY=\nJWT_PREVIOUS_SECRET_KEYS=\n', []),
    ('JWT_SECRET_KEY=\n', ['.env.example:1: JWT_SECRET_KEY: dual-window secret without its '
                           'previous-values variable: add `JWT_PREVIOUS_SECRET_KEYS=` (empty) to this file']),
    ('# no JWT here\nAPP_NAME=x\n', []),
    ('export JWT_SECRET_KEY=""\r\n', ['.env.example:1: JWT_SECRET_KEY: dual-window']),
])
def test_dual_window_previous_variable_in_env_examples(env_text, expected):
    result = run_check([JWT, DB], [('.env.example', env_text)])
    assert [str(p)[:len(e)] for p, e in zip(result.problems, expected)] == expected
    assert len(result.problems) == len(expected)


def test_immediate_secret_needs_no_previous_variable():
    assert run_check([DB], [('.env.example', 'POSTGRES_PASSWORD=\n')]).problems == []


def test_no_inventory():
    clean = run_check(None, [('app/x.py', 'import os\nos.getenv("LOG_LEVEL")\n')])
    assert clean.problems == [] and 'nothing to check' in clean.notes[0]
    used = run_check(None, [APP])
    assert [str(p) for p in used.problems] == [
        'backend/app/settings.py:2: JWT_SECRET_KEY: secret-named variable in use, and there is no secrets inventory',
        'backend/app/settings.py:3: JWT_PREVIOUS_SECRET_KEYS: secret-named variable in use, and there is no secrets inventory',
    ]
    assert 'start the inventory: create secrets-inventory.yaml' in used.notes[0]


def test_wanted_files_skip_tests_unless_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for rel in ('app/main.py', 'tests/test_app.py', 'app/test_x.py', 'conftest.py', 'docs/notes.md',
                'vendor/lib.py', '.env.example'):
        write(tmp_path, rel, 'x = 1\n')
    paths = ['app/main.py', 'tests/test_app.py', 'app/test_x.py', 'conftest.py', 'docs/notes.md',
             'vendor/lib.py', '.env.example']
    errors: list[str] = []
    default = [p for p, _ in iter_texts(paths, errors, ['^vendor/'], rotation.wanted())]
    assert default == ['app/main.py', '.env.example']
    everything = [p for p, _ in iter_texts(paths, errors, (), rotation.wanted(include_tests=True))]
    assert everything == ['app/main.py', 'tests/test_app.py', 'app/test_x.py', 'conftest.py',
                          'vendor/lib.py', '.env.example']
    assert errors == []


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------

def _repo(tmp_path, files):
    repo = init_repo(tmp_path / 'repo')
    for rel, text in files.items():
        write(repo, rel, text)
    git(repo, 'add', '-A')
    return repo


def test_cli_passes_without_inventory_or_secrets(tmp_path):
    repo = _repo(tmp_path, {'app/main.py': 'import os\nos.getenv("LOG_LEVEL")\n'})
    done = run_cli('check-rotation', cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'no secrets-inventory.yaml and no secret-named variables in use' in done.stdout


def test_cli_fails_without_inventory_when_secrets_are_used(tmp_path):
    repo = _repo(tmp_path, {APP[0]: APP[1], 'tests/test_app.py': 'import os\nos.getenv("FAKE_TOKEN")\n'})
    done = run_cli('check-rotation', cwd=repo)
    assert done.returncode == 1
    assert 'backend/app/settings.py:2: JWT_SECRET_KEY:' in done.stdout
    assert 'start the inventory' in done.stdout
    assert 'FAKE_TOKEN' not in done.stdout  # test code is skipped by default
    assert 'tests/test_app.py:2: FAKE_TOKEN:' in run_cli('check-rotation', '--include-tests', cwd=repo).stdout


def test_cli_a_tracked_file_deleted_in_the_work_tree_is_not_checked(tmp_path):
    """As pre-commit, which runs on the work tree (hooks.files.repository_files)."""
    repo = _repo(tmp_path, {APP[0]: APP[1], 'app/gone.py': 'import os\nos.getenv("API_TOKEN")\n'})
    (repo / 'app' / 'gone.py').unlink()
    done = run_cli('check-rotation', cwd=repo)
    assert done.returncode == 1
    assert 'backend/app/settings.py:2: JWT_SECRET_KEY:' in done.stdout
    assert 'API_TOKEN' not in done.stdout and done.stderr == ''


def test_cli_schema_error_is_exit_2_one_line_each(tmp_path):
    repo = _repo(tmp_path, {PATH: render(changed(JWT, criticality='urgent'), changed(DB, owner=None))})
    done = run_cli('check-rotation', cwd=repo)
    assert done.returncode == 2
    assert 'Traceback' not in done.stderr
    assert done.stderr.splitlines() == [
        f'secret-hooks: error: {PATH}:7: JWT_SECRET_KEY: criticality: must be one of critical, high, medium, low',
        f'secret-hooks: error: {PATH}:13: POSTGRES_PASSWORD: required field missing: owner',
    ]


def test_cli_inventory_path_and_warn_days_from_config(tmp_path):
    today = datetime.date.today()
    soon = (today - datetime.timedelta(days=80)).isoformat()  # due in 10 days
    repo = _repo(tmp_path, {
        'ops/inventory.yaml': render(changed(JWT, last_rotated=soon)),
        'setup.cfg': '[secret-hooks]\ninventory = ops/inventory.yaml\nrotation-warn-days = 5\n',
        APP[0]: APP[1],
    })
    quiet = run_cli('check-rotation', cwd=repo)
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert 'warning' not in quiet.stdout
    warned = run_cli('check-rotation', '--rotation-warn-days', '10', cwd=repo)
    assert warned.returncode == 0
    assert 'ops/inventory.yaml:10: JWT_SECRET_KEY: warning: rotation due in 10 days' in warned.stdout
    overdue = run_cli('check-rotation', '--inventory', 'elsewhere.yaml', cwd=repo)
    assert overdue.returncode == 1 and 'there is no secrets inventory' in overdue.stdout


def test_the_runbook_example_inventory_is_valid():
    """docs/rotation-runbook.md shows an inventory: it must be one the tool accepts."""
    from tests.conftest import ROOT

    text = (ROOT / 'docs' / 'rotation-runbook.md').read_text(encoding='utf-8')
    example = text.split('```yaml\n# secrets-inventory.yaml\n', 1)[1].split('```', 1)[0]
    inventory = parse_inventory(example, PATH, datetime.date(2026, 11, 1))
    formats = {e.env_var: e.format for e in inventory.entries}
    assert formats == {
        'JWT_SECRET_KEY': 'token', 'API_CREDENTIALS_SECRET_KEY': 'token',
        'PARTNER_ACME_API_KEY': 'b2b-key', 'POSTGRES_PASSWORD': 'token', 'SMTP_PASSWORD': 'external',  # pragma: allowlist secret
    }
