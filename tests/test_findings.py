"""hooks.findings: the checks' located finding and their one report-and-exit step."""
from __future__ import annotations

import pytest

from hooks.findings import CheckFinding
from hooks.findings import report
from hooks.findings import without_allowlisted

A = CheckFinding('b.py', 3, 'API_TOKEN', 'hard-coded value')
B = CheckFinding('a.py', 9, 'SECRET_KEY', 'hard-coded value')
C = CheckFinding('a.py', 2, 'DB_PASSWORD', 'hard-coded value')
W = CheckFinding('inv.yaml', 4, 'JWT_SECRET_KEY', 'rotation due in 3 days', warning=True)


@pytest.mark.parametrize('found, errors, notes, out, err, code', [
    ([], [], [], '', '', 0),
    ([A, B, C], [], [], (
        'a.py:2: DB_PASSWORD: hard-coded value\n'
        'a.py:9: SECRET_KEY: hard-coded value\n'
        'b.py:3: API_TOKEN: hard-coded value\n'
        '\n3 problems in 2 files.\nFix: this.\n'
    ), '', 1),
    ([A], [], [], 'b.py:3: API_TOKEN: hard-coded value\n\n1 problem in 1 file.\nFix: this.\n', '', 1),
    ([W], [], ['a note'], 'inv.yaml:4: JWT_SECRET_KEY: warning: rotation due in 3 days\nsecret-hooks: a note\n',
     '', 0),
    ([W, A], [], [], (
        'b.py:3: API_TOKEN: hard-coded value\ninv.yaml:4: JWT_SECRET_KEY: warning: rotation due in 3 days\n'
        '\n1 problem in 1 file.\nFix: this.\n'
    ), '', 1),
    ([A], ['c.py: cannot read: Permission denied'], [],
     'b.py:3: API_TOKEN: hard-coded value\n\n1 problem in 1 file.\nFix: this.\n',
     'secret-hooks: error: c.py: cannot read: Permission denied\n', 2),
    ([], ['c.py: cannot read: Permission denied'], [], '',
     'secret-hooks: error: c.py: cannot read: Permission denied\n', 2),
], ids=['clean', 'sorted', 'one', 'warning-passes', 'problems-then-warnings', 'error-wins', 'error-only'])
def test_report(capsys, found, errors, notes, out, err, code):
    assert report(found, errors, 'problem', 'Fix: this.', notes) == code
    assert capsys.readouterr() == (out, err)


def test_report_with_its_own_summary(capsys):
    assert report([A], [], 'problem', '', summary=lambda p: f'{len(p)} problem(s).') == 1
    assert capsys.readouterr().out == 'b.py:3: API_TOKEN: hard-coded value\n\n1 problem(s).\n'


def test_a_path_with_a_newline_stays_on_one_line():
    assert CheckFinding('a\nb.py', 1, 'K', 'why').format() == '"a\\nb.py":1: K: why'


def test_without_allowlisted_drops_marked_lines_dedupes_and_sorts():
    text = 'a\nb  # pragma: allowlist secret\nc\n'
    found = [CheckFinding('x', 3, 'K', 'w'), CheckFinding('x', 2, 'K', 'w'), CheckFinding('x', 1, 'K', 'w'),
             CheckFinding('x', 1, 'K', 'w')]
    assert without_allowlisted(found, text) == [CheckFinding('x', 1, 'K', 'w'), CheckFinding('x', 3, 'K', 'w')]
