"""hooks.scan.scanner reading files: UTF-16/32 text, binaries, the configured baseline only, values
that open with punctuation, YAML block scalars, and `--baseline` given but missing."""
from __future__ import annotations

import random
import string

import pytest

from hooks.config import Config
from hooks.detectors.db_url import DatabaseUrlDetector
from hooks.scan import scanner as scan
from tests.conftest import run_cli
from tests.scan_helpers import found
from tests.scan_helpers import scan_bytes
from tests.scan_helpers import scan_file
from tests.seeded import SeededRandom

DB = DatabaseUrlDetector.secret_type
KEYWORD = 'Secret Keyword'
ASSIGNMENT = 'Secret Assignment'  # hooks.detectors.credentials: a secret-named slot


def token(rng: random.Random, n: int = 20) -> str:
    return ''.join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def db_url(rng: random.Random) -> tuple[str, str]:
    password = token(rng)
    return password, f'postgresql://app:{password}@db.internal:5432/app'


@pytest.mark.parametrize('codec, bom', [
    ('utf-16-le', b'\xff\xfe'), ('utf-16-be', b'\xfe\xff'), ('utf-16-le', b''), ('utf-16-be', b''),
    ('utf-32-le', b'\xff\xfe\x00\x00'), ('utf-32-be', b'\x00\x00\xfe\xff'), ('utf-32-le', b''),
])
@pytest.mark.parametrize('newline', ['\n', '\r\n'])
def test_utf16_and_utf32_text_is_decoded_and_scanned(tmp_path, codec, bom, newline, rng):
    password, url = db_url(rng)
    text = newline.join(['# written by PowerShell', 'x = 1', f'DATABASE_URL={url}', ''])
    result = scan_bytes(tmp_path, 'settings.txt', bom + text.encode(codec))
    assert result.errors == [] and result.scanned == 1
    assert found(result, DB) == [(3, DB, password)]


# Drawn at import (a parametrize table): HOOKS_TEST_SEED varies the noise; the ids are names.
_NOISE = SeededRandom('test_scanner_files:BINARIES')
BINARIES = {
    'png': b'\x89PNG\r\n\x1a\n\0\0\0\rIHDR' + bytes(range(256)),
    'elf': b'\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0' + bytes(range(256)) * 4,
    'utf32-bom-then-noise': b'\xff\xfe\0\0' + _NOISE.randbytes(4096),
    'noise': _NOISE.randbytes(4096),
}


@pytest.mark.parametrize('data', list(BINARIES.values()), ids=list(BINARIES))
def test_real_binaries_are_still_skipped(tmp_path, data, rng):
    _, url = db_url(rng)
    result = scan_bytes(tmp_path, 'blob.bin', data + url.encode() + b'\n')
    assert result.errors == [] and result.findings == [] and result.scanned == 0


def test_large_utf16_file_is_scanned_in_chunks(tmp_path, monkeypatch, rng):
    monkeypatch.setattr(scan, 'LARGE_FILE', 1024)  # the chunked path, without writing 16 MiB
    password, url = db_url(rng)
    text = 'filler line\r\n' * 500 + f'DATABASE_URL={url}\r\n'
    result = scan_bytes(tmp_path, 'big.txt', text.encode('utf-16'))
    assert result.errors == []
    assert found(result, DB) == [(501, DB, password)]


def test_only_the_configured_baseline_is_skipped(tmp_path, rng):
    password, url = db_url(rng)
    for rel in ('baseline.secrets', 'deploy/baseline.secrets', 'other.secrets'):
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f'url = "{url}"\n')
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = scan.scan_files(['baseline.secrets', 'deploy/baseline.secrets'], Config())
        moved = scan.scan_files(['baseline.secrets', 'deploy/baseline.secrets', 'other.secrets'],
                                Config(baseline='other.secrets'))
    finally:
        os.chdir(cwd)
    assert sorted({f.filename for f in result.findings}) == ['deploy/baseline.secrets']
    assert sorted({f.filename for f in moved.findings}) == ['baseline.secrets', 'deploy/baseline.secrets']


def test_the_recorded_settings_keep_detect_secrets_baseline_filter():
    # Baselines written before keep matching: the filter is recorded, only not applied by name.
    with scan.Scanner(Config()) as scanner:
        settings = scanner.recorded_settings
    paths = [f['path'] for f in settings['filters_used']]
    assert scan.BASELINE_FILTER in paths


PUNCTUATION_OPENERS = '+/!@^~-_=?'


@pytest.mark.parametrize('opener', list(PUNCTUATION_OPENERS))
@pytest.mark.parametrize('relpath, template', [
    ('.env', 'DB_PASSWORD={v}\n'),
    ('deploy/.env.production', 'API_KEY={v}\n'),
    ('settings.yaml', 'db:\n  password: "{v}"\n'),
    ('app.py', 'PASSWORD = "{v}"\n'),
])
def test_values_opening_with_punctuation_are_found(tmp_path, opener, relpath, template, rng):
    value = opener + token(rng, 22)
    result = scan_file(tmp_path, relpath, template.format(v=value))
    # One line per secret: detect-secrets' keyword type where it reads the slot, else ours.
    assert [(f.type in (KEYWORD, ASSIGNMENT), f.secret) for f in result.findings] == [(True, value)]


@pytest.mark.parametrize('value', ['${DB_PASSWORD}', '$(cat /run/secrets/db)', '{{ db_password }}',
                                   '<your-password>', '%(password)s', '*default_password',
                                   '/run/secrets/db_pw', '~/.ssh/id_ed25519', './certs/key.pem'])
def test_references_and_templates_are_still_not_values(tmp_path, value):
    result = scan_file(tmp_path, '.env', f'DB_PASSWORD={value}\n')
    assert result.findings == []


def test_block_scalar_does_not_shift_or_crash_the_lines_after_it(tmp_path, rng):
    value = token(rng, 18)
    text = f'a:\n  b: |\n    x\n    y\n  password: {value}\n'
    result = scan_file(tmp_path, 'a.yaml', text)
    assert result.errors == []
    assert found(result) == [(5, KEYWORD, value)]
    # The issue's own example: a known sample, reported at its line when samples are asked for.
    sample = scan_file(tmp_path, 'b.yaml', 'a:\n  b: |\n    x\n    y\n  password: hunter2\n',
                       report_known_samples=True)
    assert sample.errors == [] and [line for line, _, _ in found(sample)] == [5]


@pytest.mark.parametrize('style', ['|', '|-', '|+', '>', '>-', '>+'])
def test_compose_file_after_a_block_scalar(tmp_path, style, rng):
    aws = 'AKIA' + token(rng, 16).upper()
    redis_pw = token(rng, 20)
    text = (
        'services:\n'
        '  worker:\n'
        f'    command: {style}\n'
        '      celery -A app worker\n'
        '      --loglevel=info\n'
        '\n'
        '    environment:\n'
        f'      AWS_ACCESS_KEY_ID: {aws}\n'
        f'      REDIS_URL: redis://:{redis_pw}@cache:6379/0\n'
    )
    result = scan_file(tmp_path, 'docker-compose.yml', text)
    assert result.errors == []
    by_line = {(f.line_number, f.secret) for f in result.findings}
    assert (8, aws) in by_line and (9, redis_pw) in by_line
    assert {line for line, _ in by_line} <= {8, 9}


def test_explicit_missing_baseline_is_an_error(tmp_path):
    (tmp_path / 'a.py').write_text('x = 1\n')
    result = run_cli('scan', '--baseline', 'missing.secrets', 'a.py', cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        'secret-hooks: error: missing.secrets: no such baseline: create one with `secret-hooks baseline create`',
    ]
    check = run_cli('baseline', 'check', '--baseline', 'missing.secrets', cwd=tmp_path)
    assert check.returncode == 2 and 'missing.secrets' in check.stderr
    # The default baseline not existing yet is not an error.
    assert run_cli('scan', 'a.py', cwd=tmp_path).returncode == 0
