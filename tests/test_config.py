"""hooks.config: the configuration, resolved once by `cli` for the command that runs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooks.cli import main
from hooks.config import Config
from hooks.config import load_config
from tests import cli_helpers
from tests.conftest import git
from tests.conftest import write

BROKEN = '[tool.secret-hooks]\nno-such-key = 1\n'


def _side(tmp_path: Path, label: str) -> str:
    (tmp_path / label).write_text(json.dumps({
        'version': '1.5.0', 'plugins_used': [], 'filters_used': [], 'results': {},
    }))
    return label


def test_merge_driver_reads_no_configuration(tmp_path, monkeypatch, capsys):
    """git runs the merge driver in any state of the work tree: a broken config file is not
    its business, so it still merges."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'pyproject.toml').write_text(BROKEN)
    sides = [_side(tmp_path, label) for label in ('base', 'ours', 'theirs')]
    assert main(['baseline', 'merge', *sides]) == 0
    assert capsys.readouterr().err == ''


@pytest.mark.parametrize('argv', [
    ['scan', '--', 'a.py'],
    ['baseline', 'check'],
    ['baseline', 'audit', '--report'],
    ['check-fallbacks', '--', 'a.py'],
    ['check-env-files', '--', 'a.py'],
    ['check-logging', '--', 'a.py'],
    ['check-rotation'],
    ['rotate', 'X', '--record'],
    ['init'],
])
def test_every_configured_command_reports_a_broken_config(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'pyproject.toml').write_text(BROKEN)
    (tmp_path / 'a.py').write_text('x = 1\n')
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ''
    assert err.startswith("secret-hooks: error: pyproject.toml [tool.secret-hooks]: unknown key 'no-such-key'")
    assert err.count('\n') == 1


def test_keygen_takes_no_configuration(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'pyproject.toml').write_text(BROKEN)
    assert main(['keygen']) == 0
    assert capsys.readouterr().out.startswith('b2b_live_')


def test_command_line_options_override_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'pyproject.toml').write_text('[tool.secret-hooks]\nrotation-warn-days = 3\n')
    assert load_config().rotation_warn_days == 3
    assert load_config(overrides={'rotation_warn_days': 5}).rotation_warn_days == 5
    assert load_config(overrides={'rotation_warn_days': None}).rotation_warn_days == 3
    assert Config().rotation_warn_days == 14


# --- Each field's kind: a regex list is never split on commas -----------------------------------

REGEX = '^docs/x{1,3}/'


@pytest.mark.parametrize('filename, text', [
    ('setup.cfg', f'[secret-hooks]\nexclude = {REGEX}\n'),
    ('setup.cfg', f'[secret-hooks]\nexclude =\n    {REGEX}\n    ^vendor/\n'),
    ('pyproject.toml', f"[tool.secret-hooks]\nexclude = ['{REGEX}']\n"),
    ('pyproject.toml', f"[tool.secret-hooks]\nexclude = '{REGEX}'\n"),
], ids=['setup-cfg', 'setup-cfg-lines', 'pyproject-list', 'pyproject-string'])
def test_a_regex_with_a_comma_stays_one_pattern(tmp_path, filename, text):
    (tmp_path / filename).write_text(text)
    config = load_config(str(tmp_path))
    assert config.exclude[0] == REGEX
    assert config.exclude[1:] in ([], ['^vendor/'])


def test_regex_options_are_one_per_flag_and_values_may_be_comma_separated(tmp_path, monkeypatch):
    from hooks.cli import build_parser
    from hooks.config import command_config

    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args([
        'scan', '--exclude', REGEX, '--exclude', '^vendor/', '--legacy-key-patterns', r'k{2,4}',
        '--b2b-prefixes', 'b2b,acme', '--b2b-prefixes', 'corp', '--extra-placeholders', 'a,b',
    ])
    config = command_config(args)
    assert config is not None
    assert config.exclude == [REGEX, '^vendor/']
    assert config.legacy_key_patterns == [r'k{2,4}']
    assert config.b2b_prefixes == ['b2b', 'acme', 'corp']
    assert config.extra_placeholders == ['a', 'b']


@pytest.mark.parametrize('config_text', [
    f'[secret-hooks]\nexclude = {REGEX}\n',
    f"[tool.secret-hooks]\nexclude = ['{REGEX}']\n",
], ids=['setup-cfg', 'pyproject'])
def test_check_excludes_by_a_regex_with_a_comma(tmp_path, monkeypatch, capsys, rng, config_text):
    monkeypatch.chdir(tmp_path)
    name = 'setup.cfg' if config_text.startswith('[secret-hooks]') else 'pyproject.toml'
    (tmp_path / name).write_text(config_text)
    source = f'import os\nK = os.getenv("SECRET_KEY", "{rng.token_urlsafe(18)}")\n'
    for folder in ('docs/xx', 'docs/xxxx', 'src'):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / 'settings.py').write_text(source)
    files = ['docs/xx/settings.py', 'docs/xxxx/settings.py', 'src/settings.py']
    assert main(['check-fallbacks', '--', *files]) == 1
    out = capsys.readouterr().out
    # Two patterns (`^docs/x{1` and `3}/`) would be invalid regexes: exit 2, nothing checked.
    assert [line.split(':')[0] for line in out.splitlines() if line.endswith('default)')] == [
        'docs/xxxx/settings.py', 'src/settings.py',
    ]


def test_a_bad_regex_is_named_by_its_setting_and_entry(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'setup.cfg').write_text('[secret-hooks]\nexclude =\n    ^ok/\n    (\n')
    assert main(['check-fallbacks', '--', 'a.py']) == 2
    assert capsys.readouterr().err.startswith(
        'secret-hooks: error: config exclude: entry 2 is not a valid regex: ')


# -- through the CLI: each kind of value, bad files and values (one line, exit 2) --------------

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
    run = cli_helpers.main(capsys, 'check-fallbacks')
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
    run = cli_helpers.main(capsys, 'check-fallbacks')
    assert run.code == (1 if 'exclude = []' in body else 0)
    assert planted not in run.out


def test_pyproject_without_our_table_falls_back_to_setup_cfg(cli_repo, capsys):
    write(cli_repo, 'settings.py', EMPTY_FALLBACK)
    write(cli_repo, 'pyproject.toml', '[tool.other]\nx = 1\n')
    write(cli_repo, 'setup.cfg', '[secret-hooks]\nallow-empty-fallback = true\n')
    git(cli_repo, 'add', 'settings.py')
    assert cli_helpers.main(capsys, 'check-fallbacks') == (0, '', '')


def test_the_command_line_overrides_the_file(cli_repo, capsys):
    write(cli_repo, 'settings.py', EMPTY_FALLBACK)
    write(cli_repo, 'setup.cfg', '[secret-hooks]\nallow-empty-fallback = false\n')
    git(cli_repo, 'add', 'settings.py')
    assert cli_helpers.main(capsys, 'check-fallbacks', '--allow-empty-fallback') == (0, '', '')


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
    run = cli_helpers.main(capsys, 'check-rotation')
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
    run = cli_helpers.main(capsys, 'scan')
    assert (run.code, run.out) == (2, '')
    line, = run.err.splitlines()
    assert line.startswith(f'secret-hooks: error: {start}')
