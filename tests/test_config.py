"""hooks.config: the configuration, resolved once by `cli` for the command that runs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooks.cli import main
from hooks.config import Config
from hooks.config import load_config

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
