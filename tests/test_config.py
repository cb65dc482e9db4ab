"""Configuration through the CLI (hooks.cli.main in-process): pyproject.toml [tool.secret-hooks]
or setup.cfg [secret-hooks], each kind of value, and every bad file or value as exit 2 with one
line naming the file and the key (never the value)."""
from __future__ import annotations

import pytest

from tests.cli_helpers import main
from tests.conftest import git
from tests.conftest import write

EMPTY_FALLBACK = 'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "")\n'


def config_file(name: str, body: str) -> tuple[str, str]:
    if name == 'pyproject.toml':
        return name, f'[tool.secret-hooks]\n{body}\n'
    return name, f'[secret-hooks]\n{body}\n'


@pytest.mark.parametrize('name, body, code', [
    ('pyproject.toml', 'allow-empty-fallback = true', 0),
    ('pyproject.toml', 'allow-empty-fallback = false', 1),
    ('pyproject.toml', 'allow_empty_fallback = "yes"', 0),
    ('setup.cfg', 'allow-empty-fallback = on', 0),
    ('setup.cfg', 'allow-empty-fallback = 1', 0),
    ('setup.cfg', 'allow-empty-fallback = No', 1),
    ('setup.cfg', 'allow_empty_fallback = off', 1),
])
def test_bool_values(cli_repo, capsys, name, body, code):
    write(cli_repo, 'settings.py', EMPTY_FALLBACK)
    write(cli_repo, *config_file(name, body))
    git(cli_repo, 'add', 'settings.py')
    run = main(capsys, 'check-fallbacks')
    assert (run.code, run.err) == (code, '')


@pytest.mark.parametrize('name, body', [
    ('pyproject.toml', 'exclude = ["^settings"]'),
    ('setup.cfg', 'exclude =\n    ^docs/\n    ^settings'),           # one per line
    ('pyproject.toml', 'exclude = []\nsecret-name-patterns = ["nothing_matches"]'),
])
def test_list_values(cli_repo, capsys, rng, name, body):
    planted = rng.token_urlsafe(18)
    write(cli_repo, 'settings.py', f'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "{planted}")\n')
    write(cli_repo, *config_file(name, body))
    git(cli_repo, 'add', 'settings.py')
    run = main(capsys, 'check-fallbacks')
    assert run.code == (1 if 'exclude = []' in body else 0)
    assert planted not in run.out


def test_pyproject_without_our_table_falls_back_to_setup_cfg(cli_repo, capsys):
    write(cli_repo, 'settings.py', EMPTY_FALLBACK)
    write(cli_repo, 'pyproject.toml', '[tool.other]\nx = 1\n')
    write(cli_repo, 'setup.cfg', '[secret-hooks]\nallow-empty-fallback = true\n')
    git(cli_repo, 'add', 'settings.py')
    assert main(capsys, 'check-fallbacks') == (0, '', '')


def test_the_command_line_overrides_the_file(cli_repo, capsys):
    write(cli_repo, 'settings.py', EMPTY_FALLBACK)
    write(cli_repo, 'setup.cfg', '[secret-hooks]\nallow-empty-fallback = false\n')
    git(cli_repo, 'add', 'settings.py')
    assert main(capsys, 'check-fallbacks', '--allow-empty-fallback') == (0, '', '')


@pytest.mark.parametrize('name, body, start', [
    ('pyproject.toml', 'allow-empty-fallback = "maybe"', 'pyproject.toml [tool.secret-hooks]: allow-empty-fallback: '),
    ('pyproject.toml', 'rotation-warn-days = "soon"', 'pyproject.toml [tool.secret-hooks]: rotation-warn-days: '),
    ('pyproject.toml', 'rotation-warn-days = true', 'pyproject.toml [tool.secret-hooks]: rotation-warn-days: '),
    ('setup.cfg', 'rotation-warn-days = -3', 'setup.cfg [secret-hooks]: rotation-warn-days: '),
    ('pyproject.toml', 'exclude = 3', 'pyproject.toml [tool.secret-hooks]: exclude: '),
    ('pyproject.toml', 'exclude = [1, 2]', 'pyproject.toml [tool.secret-hooks]: exclude: '),
    ('pyproject.toml', 'inventory = 3', 'pyproject.toml [tool.secret-hooks]: inventory: '),
    ('pyproject.toml', 'exclude = ["(unclosed"]', 'config exclude: entry 1 is not a valid regex: '),
    ('pyproject.toml', 'legacy-key-patterns = ["ok", "[bad"]', 'config legacy-key-patterns: entry 2 is not a valid regex: '),
    ('pyproject.toml', 'b2b-prefixes = ["UPPER"]', 'config b2b-prefixes: '),
    ('pyproject.toml', 'rotation-warn-days = -1', 'config rotation-warn-days: must be 0 or more'),
    ('pyproject.toml', 'basline = "x"', "pyproject.toml [tool.secret-hooks]: unknown key 'basline' (known: "),
    ('setup.cfg', 'k3y_w1th_d1g1ts = 1', 'setup.cfg [secret-hooks]: unknown key (not shown: it may be a value) (known: '),
])
def test_bad_values(cli_repo, capsys, name, body, start):
    write(cli_repo, *config_file(name, body))
    run = main(capsys, 'check-rotation')
    assert (run.code, run.out) == (2, '')
    line, = run.err.splitlines()
    assert line.startswith(f'secret-hooks: error: {start}')
    assert 'k3y_w1th_d1g1ts' not in run.err


@pytest.mark.parametrize('name, text, start', [
    ('pyproject.toml', '[tool.secret-hooks\n', 'pyproject.toml: cannot read: '),
    ('pyproject.toml', b'\xff\xfe[tool]\n', 'pyproject.toml: cannot read: '),
    ('pyproject.toml', '[tool]\nsecret-hooks = 1\n', 'pyproject.toml: [tool.secret-hooks] must be a table'),
    ('setup.cfg', 'no section header\n', 'setup.cfg: cannot read: '),
    ('setup.cfg', '[secret-hooks]\nstrict = 1\nstrict = 2\n', 'setup.cfg: cannot read: '),
    ('setup.cfg', b'[secret-hooks]\nstrict = \xff\n', 'setup.cfg: cannot read: '),
])
def test_unreadable_config_files(cli_repo, capsys, name, text, start):
    target = cli_repo / name
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text)
    run = main(capsys, 'scan')
    assert (run.code, run.out) == (2, '')
    line, = run.err.splitlines()
    assert line.startswith(f'secret-hooks: error: {start}')
