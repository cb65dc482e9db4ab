"""hooks.scan.scanner.Scanner owns detect-secrets' process-wide state for its `with` block:
settings registered and restored (also when nested), patches undone, fingerprints keyed by
each scanner's own salt."""
from __future__ import annotations

import hashlib
import hmac
import random
import string

import pytest
from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.filters import common
from detect_secrets.settings import get_filters
from detect_secrets.settings import get_plugins
from detect_secrets.settings import get_settings
from detect_secrets.transformers import config as ini_transformer

from hooks.config import Config
from hooks.scan import scanner as scan


def token(rng: random.Random, n: int = 20) -> str:
    return 'Q7' + ''.join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def _state() -> tuple[object, ...]:
    """What of detect-secrets' process-wide state a scanner touches.  (The filters' order is
    not kept: detect-secrets' defaults come from a set, in hash order.)"""
    return (get_settings().json(), [type(p) for p in get_plugins()], sorted(f.path for f in get_filters()),
            common._get_baseline_filename, ini_transformer.re, dict(get_mapping_from_secret_type_to_class()))


def _keyword_values(scanner: scan.Scanner, value: str) -> list[str]:
    return [f.secret for f in scanner.scan_text('app.py', f'password = "{value}"\n')]


@pytest.mark.parametrize('config', [
    Config(),
    Config(strict=True, report_known_samples=True, exclude=['^docs/x{1,3}/'], extra_placeholders=['abc']),
], ids=['default', 'every-option'])
def test_settings_are_restored_on_exit(config):
    before = _state()
    with scan.Scanner(config) as scanner:
        assert get_settings().json() != before[0]  # ours while active
        assert len(scanner.engine.plugins) > 20
    assert _state() == before


def test_settings_are_restored_after_an_exception():
    before = _state()
    with pytest.raises(ValueError), scan.Scanner(Config()):
        raise ValueError('stop')
    assert _state() == before


def test_nested_scanner_restores_the_outer_ones_settings(rng):
    value = token(rng)
    with scan.Scanner(Config()) as outer:
        assert _keyword_values(outer, value) == [value]
        recorded = outer.recorded_settings
        with scan.Scanner(Config(extra_placeholders=[value])) as inner:
            assert _keyword_values(inner, value) == []  # its placeholder filter option
            assert inner.recorded_settings != recorded
        assert get_settings().json() == {**recorded, 'filters_used': [
            f for f in recorded['filters_used'] if f['path'] != scan.BASELINE_FILTER]}
        assert _keyword_values(outer, value) == [value]


def test_a_scanner_is_used_inside_its_with_block_only():
    scanner = scan.Scanner(Config())
    with pytest.raises(RuntimeError):
        scanner.scan_text('a.py', 'x = 1\n')
    with scanner:
        with pytest.raises(RuntimeError):
            scanner.__enter__()
        assert scanner.scan_text('a.py', 'x = 1\n') == []
    with pytest.raises(RuntimeError):
        _ = scanner.recorded_settings


def test_each_scanner_fingerprints_with_its_own_salt(rng):
    value = token(rng)
    salts = [hashlib.sha256(name.encode()).hexdigest() for name in ('one', 'two')]
    findings = []
    for salt in salts:
        with scan.Scanner(Config(), salt) as scanner:
            findings.append(scanner.scan_text('app.py', f'password = "{value}"\n')[0])
    first, second = findings
    assert first.key == second.key
    for finding, salt in zip(findings, salts):  # each kept its own key after the other ran
        mac = hmac.new(bytes.fromhex(salt), finding.hashed_secret.encode(), 'sha256').hexdigest()
        assert finding.fingerprint == mac[:scan.FINGERPRINT_HEX]
    assert first.fingerprint != second.fingerprint


def test_the_configured_baseline_is_the_scanners():
    with scan.Scanner(Config(baseline='deploy/allow.secrets')) as scanner:
        assert scanner.is_configured_baseline('./deploy/allow.secrets')
        assert not scanner.is_configured_baseline('baseline.secrets')
        assert scanner.is_excluded_name('deploy/allow.secrets')
        assert not scanner.is_excluded_name('app.py')


def test_the_adapter_was_written_against_the_installed_detect_secrets():
    # Moving the pin: re-read hooks/ds_adapter.py against the new version, then update TESTED_WITH.
    from detect_secrets.__version__ import VERSION

    from hooks import ds_adapter

    assert VERSION.split('.')[:2] == ds_adapter.TESTED_WITH.split('.')[:2]
