"""`secret-hooks check-fallbacks | check-env-files | check-logging | check-rotation` in-process
(hooks.cli.main): findings with the exact report, clean runs, per-file errors (exit 2, the other
files still checked), options and configuration.  Planted values never reach the output."""
from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import main
from tests.cli_helpers import unreadable
from tests.conftest import git
from tests.conftest import write
from tests.rotation.test_check import DB
from tests.rotation.test_check import JWT
from tests.rotation.test_check import changed
from tests.rotation.test_check import render

FALLBACK_FIX = (
    'Fix: read each secret from the environment with no default, so a missing value stops the '
    'app at start-up (os.environ["NAME"], a pydantic field without a default, ${NAME:?set NAME} '
    'in Compose); keep development values in an uncommitted .env. A placeholder (changethis) or '
    'a value made at run time (secrets.token_urlsafe) is accepted; a false positive can be '
    'marked `# pragma: allowlist secret` on its line.'
)
ENV_FIX = (
    'Fix: leave secret values empty or write a placeholder (changethis, ${OTHER}) in committed '
    'env files and keep real values in an uncommitted .env (listed in .gitignore) or a secret '
    'store; rotate any value that was ever pushed. A committed real env file: '
    'git rm --cached it, add it to .gitignore and commit a .env.example instead.'
)
LOGGING_FIX = (
    'Fix: log that the value exists, not the value: its length, a hash or a masked form '
    '(hooks.logs.mask), or a key id; log settings field by field; never put a secret in an '
    'exception message. Install hooks.logs.RedactingFilter as a safety net at run time. A false '
    'positive can be marked `# pragma: allowlist secret` on its line.'
)
RUNBOOK = 'docs/rotation-runbook.md of secret-hooks, section "The inventory"'


def value(rng) -> str:
    return rng.token_urlsafe(18)


def track(repo: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        write(repo, relpath, text)
    git(repo, 'add', '-A')


def fallback_py(secret: str, name: str = 'SECRET_KEY') -> str:
    return f'import os\n{name} = os.getenv("{name}", "{secret}")\n'


def logging_py() -> str:
    return ('import logging\nimport os\nlogger = logging.getLogger(__name__)\n\n\ndef f():\n'
            '    token = os.environ["API_TOKEN"]\n    logger.info("token=%s", token)\n')


# -- check-fallbacks ---------------------------------------------------------------------------

def test_fallbacks_report_exact(cli_repo, capsys, rng):
    secrets = [value(rng), value(rng)]
    track(cli_repo, {'a.py': fallback_py(secrets[0]), 'b/c.py': fallback_py(secrets[1], 'DB_PASSWORD'),
                     'ok.py': 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n'})
    run = main(capsys, 'check-fallbacks')
    assert run == (1, (
        'a.py:2: SECRET_KEY: hard-coded fallback value (os.getenv default)\n'
        'b/c.py:2: DB_PASSWORD: hard-coded fallback value (os.getenv default)\n'
        '\n2 hard-coded secret fallbacks in 2 files.\n'
        f'{FALLBACK_FIX}\n'), '')
    assert not any(s in run.out for s in secrets)


@pytest.mark.parametrize('argv, files, code', [
    (['ok.py'], {'ok.py': 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n'}, 0),
    ([], {'placeholder.py': fallback_py('changethis')}, 0),
    ([], {'empty.py': fallback_py('')}, 1),
    (['--allow-empty-fallback'], {'empty.py': fallback_py('')}, 0),
    (['--exclude', '^a'], {'a.py': fallback_py('<planted>')}, 0),
    ([], {'pragma.py': fallback_py('<planted>').rstrip('\n') + '  # pragma: allowlist secret\n'}, 0),
    (['--secret-name-patterns', 'vault_?blob'], {'v.py': fallback_py('<planted>', 'VAULT_BLOB')}, 1),
    ([], {'v.py': fallback_py('<planted>', 'VAULT_BLOB')}, 0),
    (['--extra-placeholders', 'not-the-real-one'], {'p.py': fallback_py('not-the-real-one')}, 0),
    ([], {'p.py': fallback_py('not-the-real-one')}, 1),
])
def test_fallbacks_options(cli_repo, capsys, rng, argv, files, code):
    planted = value(rng)
    track(cli_repo, {name: text.replace('<planted>', planted) for name, text in files.items()})
    run = main(capsys, 'check-fallbacks', *argv)
    assert (run.code, run.err) == (code, '')
    assert (run.out == '') == (code == 0)
    assert planted not in run.out


def test_fallbacks_config_file(cli_repo, capsys, rng):
    planted = value(rng)
    track(cli_repo, {'v.py': fallback_py(planted, 'VAULT_BLOB'),
                     'pyproject.toml': '[tool.secret-hooks]\nsecret-name-patterns = ["vault_?blob"]\n'})
    run = main(capsys, 'check-fallbacks')
    assert run.code == 1 and run.out.startswith('v.py:2: VAULT_BLOB: ')
    assert planted not in run.out


@pytest.mark.parametrize('command', ['check-fallbacks', 'check-logging'])
def test_unparsable_and_missing_files_are_exit_2_and_the_rest_is_checked(cli_repo, capsys, rng, command):
    planted = value(rng)
    text = fallback_py(planted) if command == 'check-fallbacks' else logging_py()
    track(cli_repo, {'bad.py': 'SECRET_KEY = (\n', 'good.py': text})
    run = main(capsys, command, 'bad.py', 'missing.py', 'good.py')
    assert run.code == 2
    assert run.out.startswith('good.py:')
    err = run.err.splitlines()
    assert err[0] == ('secret-hooks: error: bad.py: cannot parse as Python '
                      f'{sys.version_info.major}.{sys.version_info.minor} (line 1)')
    assert err[1:] == ['secret-hooks: error: missing.py: cannot read: No such file or directory']
    assert planted not in run.out + run.err


def test_fallbacks_skip_symlinks_and_directories(cli_repo, capsys, rng):
    planted = value(rng)
    write(cli_repo, 'real/a.py', fallback_py(planted))
    (cli_repo / 'link.py').symlink_to('real/a.py')
    assert main(capsys, 'check-fallbacks', 'link.py', 'real') == (0, '', '')


# -- check-env-files ---------------------------------------------------------------------------

def test_env_files_report_exact(cli_repo, capsys, rng):
    planted = value(rng)
    track(cli_repo, {'.env.example': f'API_TOKEN={planted}\nDEBUG=1\nDB_PASSWORD=changethis\n',
                     'app.py': f'API_TOKEN = "{planted}"\n'})  # not an env file: not read
    run = main(capsys, 'check-env-files')
    assert run == (1, ('.env.example:1: API_TOKEN: hard-coded value in an env file\n'
                       '\n1 env-file problem in 1 file.\n'
                       f'{ENV_FIX}\n'), '')
    assert planted not in run.out


@pytest.mark.parametrize('argv, files, code', [
    ([], {'.env.example': 'API_TOKEN=\nSECRET_KEY=${OTHER}\n'}, 0),
    ([], {'.env': 'DEBUG=1\n'}, 0),
    (['--forbid-dotenv'], {'.env': 'DEBUG=1\n'}, 1),
    (['--forbid-dotenv'], {'.env.example': 'DEBUG=1\n'}, 0),
    ([], {'deploy/prod.vars': 'API_TOKEN=<planted>\n'}, 0),
    (['--env-files', '*.vars'], {'deploy/prod.vars': 'API_TOKEN=<planted>\n'}, 1),
    (['--exclude', '^deploy/'], {'deploy/.env.example': 'API_TOKEN=<planted>\n'}, 0),
    (['app.py'], {'app.py': 'API_TOKEN = "<planted>"\n'}, 0),
])
def test_env_files_options(cli_repo, capsys, rng, argv, files, code):
    planted = value(rng)
    track(cli_repo, {name: text.replace('<planted>', planted) for name, text in files.items()})
    run = main(capsys, 'check-env-files', *argv)
    assert (run.code, run.err) == (code, '')
    assert planted not in run.out


def test_env_files_missing_file_is_exit_2(cli_repo, capsys, rng):
    planted = value(rng)
    track(cli_repo, {'.env.example': f'API_TOKEN={planted}\n'})
    run = main(capsys, 'check-env-files', '.env.example', 'gone.env')
    assert run.code == 2
    assert run.out.startswith('.env.example:1: API_TOKEN: ')
    assert run.err == 'secret-hooks: error: gone.env: cannot read: No such file or directory\n'
    assert planted not in run.out + run.err


# -- check-logging -----------------------------------------------------------------------------

def test_logging_report_exact(cli_repo, capsys):
    track(cli_repo, {'log.py': logging_py(), 'ok.py': logging_py().replace('token)', 'len(token))')})
    run = main(capsys, 'check-logging')
    assert run == (1, ("log.py:8: os.environ['API_TOKEN']: secret value reaches logger.info()\n"
                       '\n1 logged secret in 1 file.\n'
                       f'{LOGGING_FIX}\n'), '')


@pytest.mark.parametrize('argv, code', [
    ([], 1),
    (['--exclude', '^log'], 0),
    (['other.py'], 0),
])
def test_logging_options(cli_repo, capsys, argv, code):
    track(cli_repo, {'log.py': logging_py(), 'other.py': 'print("hello")\n'})
    assert main(capsys, 'check-logging', *argv).code == code


# -- check-rotation ----------------------------------------------------------------------------

def test_rotation_without_inventory(cli_repo, capsys, rng):
    planted = value(rng)
    track(cli_repo, {'settings.py': fallback_py(planted), 'tests/test_x.py': 'import os\nos.environ["API_TOKEN"]\n'})
    run = main(capsys, 'check-rotation')
    assert run == (1, (
        'settings.py:2: SECRET_KEY: secret-named variable in use, and there is no secrets inventory\n'
        'secret-hooks: start the inventory: create secrets-inventory.yaml with one entry per secret '
        f'(`secret-hooks init` writes one to review; format: {RUNBOOK}), or set `inventory` in the config\n'
        f'\n1 rotation problem(s). The inventory format: {RUNBOOK}; rotation and rollback: the same runbook.\n'),
        '')
    assert main(capsys, 'check-rotation', '--include-tests').out.count('no secrets inventory\n') == 2
    assert planted not in run.out


def test_rotation_nothing_in_use(cli_repo, capsys):
    track(cli_repo, {'app.py': 'print("hello")\n'})
    run = main(capsys, 'check-rotation')
    assert run == (0, 'secret-hooks: no secrets-inventory.yaml and no secret-named variables in use: '
                      'nothing to check\n', '')


def test_rotation_inventoried_overdue_and_warned(cli_repo, capsys):
    today = datetime.date.today()
    overdue = (today - datetime.timedelta(days=400)).isoformat()
    soon = (today - datetime.timedelta(days=85)).isoformat()  # due in 5 days (90-day period)
    track(cli_repo, {
        'app.py': 'import os\nJWT = os.environ["JWT_SECRET_KEY"]\nPREV = os.environ["JWT_PREVIOUS_SECRET_KEYS"]\n'
                  'PG = os.environ["POSTGRES_PASSWORD"]\n',
        'secrets-inventory.yaml': render(changed(JWT, last_rotated=soon), changed(DB, last_rotated=overdue)),
    })
    run = main(capsys, 'check-rotation')
    assert run.code == 1, run.err
    lines = run.out.splitlines()
    assert any(line.startswith('secrets-inventory.yaml:') and 'POSTGRES_PASSWORD' in line and 'overdue' in line
               for line in lines), lines
    assert any('JWT_SECRET_KEY: warning: ' in line for line in lines), lines
    assert lines[-1].startswith('1 rotation problem(s).')
    run = main(capsys, 'check-rotation', '--rotation-warn-days', '0', '--exclude', '^app')
    assert 'warning' not in run.out


@pytest.mark.parametrize('inventory, errors', [
    ('secrets: [\n', ["secrets-inventory.yaml:2: not valid YAML: expected the node content, but found '<stream end>'"]),
    ('version: 1\nsecrets:\n  - env_var: lower case\n', [
        'secrets-inventory.yaml:3: entry 1: env_var: required, an environment variable name (JWT_SECRET_KEY)',
        'secrets-inventory.yaml:3: entry 1: required fields missing: description, owner, criticality, '
        'used_in, rotation_days, last_rotated, strategy',
    ]),
])
def test_rotation_broken_inventory(cli_repo, capsys, inventory, errors):
    track(cli_repo, {'secrets-inventory.yaml': inventory, 'app.py': 'import os\nos.environ["API_TOKEN"]\n'})
    assert main(capsys, 'check-rotation') == (2, '', ''.join(f'secret-hooks: error: {e}\n' for e in errors))


def test_rotation_negative_warn_days_is_exit_2(cli_repo, capsys):
    run = main(capsys, 'check-rotation', '--rotation-warn-days', '-1')
    assert run == (2, '', 'secret-hooks: error: config rotation-warn-days: must be 0 or more\n')


# The taint check's constructs, one row each: (id, function source, the finding or '').
LOGGING_ROWS = [
    ('slice-step', 'def f(token):\n    logger.info("%s", token[::2])\n',
     '4: token: secret value reaches logger.info()'),
    ('slice-short', 'def f(token):\n    logger.info("%s", token[2:6])\n',
     ''),
    ('slice-neg', 'def f(token):\n    logger.info("%s", token[-4:])\n',
     ''),
    ('slice-long', 'def f(token):\n    logger.info("%s", token[0:20])\n',
     '4: token: secret value reaches logger.info()'),
    ('slice-mixed', 'def f(token):\n    logger.info("%s", token[2:-2])\n',
     '4: token: secret value reaches logger.info()'),
    ('lambda-sink', 'def f(token):\n    g = lambda password: logger.info(password)\n',
     '4: password: secret value reaches logger.info()'),
    ('decorator', 'import os\n@app.get(os.environ["API_TOKEN"])\ndef f():\n    pass\n',
     ''),
    ('with-sink', 'def f(password):\n    with open(password) as fh:\n        logger.info("x %s", password)\n',
     '5: password: secret value reaches logger.info()'),
    ('except-handler',
     'def f(password):\n    try:\n        pass\n    except Exception:\n        logger.error("bad %s", password)\n',
     '7: password: secret value reaches logger.error()'),
    ('match-case', 'def f(password, x):\n    match x:\n        case 1:\n            print(password)\n',
     '6: password: secret value reaches print()'),
    ('annassign-novalue', 'def f(password):\n    token: str\n    logger.info(token)\n',
     '5: token: secret value reaches logger.info()'),
    ('annassign-cleared', 'def f(password):\n    password: str = "x"\n    logger.info(password)\n',
     '5: password: secret value reaches logger.info()'),
    ('for-loop', 'import os\ndef f():\n    for token in os.environ["API_TOKENS"].split(","):\n        logger.info(token)\n',
     "6: os.environ['API_TOKENS']: secret value reaches logger.info()"),
    ('with-as', 'def f(password):\n    with wrap(password) as secret_value:\n        logger.info(secret_value)\n',
     '5: secret_value: secret value reaches logger.info()'),
    ('starred-target', 'def f(password):\n    a, *rest = password, 1\n    logger.info(rest)\n',
     ''),
    ('compare', 'def f(password, other):\n    ok = password == other\n    logger.info(ok)\n',
     ''),
    ('not', 'def f(password):\n    missing = not password\n    logger.info(missing)\n',
     ''),
    ('dict-splat', 'def f(settings):\n    logger.info({**settings.model_dump()})\n',
     '4: settings: whole object holding secrets reaches logger.info()'),
    ('dict-redacted', 'def f(password):\n    logger.info({"password": "<redacted>"})\n',
     ''),
    ('walrus', 'def f(password):\n    logger.info((p := password))\n',
     '4: password: secret value reaches logger.info()'),
    ('await', 'async def f(password):\n    logger.info(await password)\n',
     '4: password: secret value reaches logger.info()'),
    ('get-settings', 'def f():\n    logger.info("config %s", get_settings())\n',
     '4: get_settings(): whole object holding secrets reaches logger.info()'),
    ('lambda-in-call', 'def f(password):\n    run(lambda: print(password))\n',
     '4: password: secret value reaches print()'),
    ('rich-console', 'def f(password):\n    console.print(password)\n',
     '4: password: secret value reaches console.print()'),
    ('parser-error', 'def f(password):\n    parser.error(password)\n',
     '4: password: secret value reaches parser.error()'),
    ('func-call-sink', 'def f(password):\n    (loggers[0]).info(password)\n',
     '4: password: secret value reaches ....info()'),
    ('hash-clean', 'import hashlib\ndef f(password):\n    logger.info(hashlib.sha256(password.encode()).hexdigest())\n',
     ''),
]


@pytest.mark.parametrize('source, finding', [pytest.param(s, f, id=i) for i, s, f in LOGGING_ROWS])
def test_logging_constructs(cli_repo, capsys, source, finding):
    if 'match ' in source and sys.version_info < (3, 10):
        pytest.skip('match needs Python 3.10')
    write(cli_repo, 'm.py', 'import logging\nlogger = logging.getLogger()\n' + source)
    run = main(capsys, 'check-logging', 'm.py')
    assert (run.code, run.err) == (1 if finding else 0, '')
    assert run.out.splitlines()[:1] == ([f'm.py:{finding}'] if finding else [])


@pytest.mark.parametrize('command, name, text', [
    ('check-fallbacks', 'locked.py', 'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "")\n'),
    ('check-logging', 'locked.py', 'print(1)\n'),
    ('check-env-files', '.env.example', 'API_TOKEN=\n'),
])
def test_an_unreadable_tracked_file_is_exit_2(cli_repo, capsys, monkeypatch, command, name, text):
    track(cli_repo, {name: text})
    unreadable(monkeypatch, name)
    run = main(capsys, command)
    assert run == (2, '', f'secret-hooks: error: {name}: cannot read: Permission denied\n')
