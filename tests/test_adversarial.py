"""End-to-end linear time of a scan on adversarial single lines (benchmarks/adversarial.py: long
runs of every trigger literal, dense distinct findings): the time at 4n over the time at n stays
well under 16, for the scan and the report of its findings together.  Absolute speed lives in
the benchmark; this only catches a super-linear path, whatever the machine's load."""
from __future__ import annotations

import importlib.util
import random

import pytest

from hooks import filters
from hooks import report
from hooks import rules
from hooks.config import Config
from hooks.scan import scanner as scan
from tests.conftest import ROOT
from tests.timing import assert_linear

_spec = importlib.util.spec_from_file_location('adversarial', ROOT / 'benchmarks' / 'adversarial.py')
adversarial = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(adversarial)  # type: ignore[union-attr]

# Both sizes are past engine.LONG_LINE: the same (windowed) path at n and at 4n.
N = 24_000
CASES = sorted(adversarial.cases())


def test_the_case_list_covers_every_trigger_literal():
    names = set(CASES)
    assert {f'run {lit}' for lit in adversarial.trigger_literals()} <= names
    for stall in ('run password', 'run api_key', 'run pwd=', 'run password="x" ', 'run %%',
                  'distinct postgres URLs', 'distinct https URLs', 'distinct JWTs'):
        assert stall in names


@pytest.mark.parametrize('name', CASES)
def test_scan_is_linear(name):
    inputs = {size: adversarial.cases()[name](size, random.Random(name)) for size in (N, 4 * N)}
    with scan.Scanner(Config()) as scanner:
        def run(n: int) -> None:
            rules.clear_caches()  # the n input is the 4n input's head: time the work, not cache hits
            filters.clear_caches()
            report.format_text(scanner.scan_text('input.txt', inputs[n]))
        assert_linear(run, N, name)


@pytest.mark.parametrize('name', ['run %%', 'run password', 'distinct password= values'])
def test_config_file_pass_is_linear(name):
    # The INI transformer reads any file when the first pass finds nothing.
    inputs = {size: '[s]\na = ' + adversarial.cases()[name](size, random.Random(name)) + '\n'
              for size in (N, 4 * N)}
    with scan.Scanner(Config()) as scanner:
        assert_linear(lambda n: scanner.scan_text('settings.ini', inputs[n]), N, name)


def test_allowlisted_findings_are_matched_in_linear_time(tmp_path):
    from hooks.baseline.model import Baseline
    from hooks.baseline.model import Entry

    def run(n: int) -> None:
        entries = [Entry(filename='a.py', type='Secret Keyword', hashed_secret=f'{i:040x}') for i in range(n)]
        allowlist = Baseline(path='baseline.secrets', entries=entries)
        assert all(allowlist.allows(e.key) for e in entries)
    assert_linear(run, 2_000, 'Baseline.allows')
