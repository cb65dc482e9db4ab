"""`baseline.secrets`: load and validate, serialize deterministically, write atomically, match.

A baseline is untrusted input (it arrives in pull requests): loading one only parses JSON; it
never configures detect-secrets from it, so a `path` written in it is never imported.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Iterable

from detect_secrets.__version__ import VERSION as DETECT_SECRETS_VERSION

from hooks.errors import UsageError

CONFLICT_RE = re.compile(r'^(?:<{7}|={7}|>{7})(?: |$)', re.MULTILINE)
ENTRY_FIELDS = {'type': str, 'hashed_secret': str, 'is_verified': bool, 'line_number': int,
                'is_secret': bool, 'filename': str}


@dataclass
class Entry:
    filename: str
    type: str
    hashed_secret: str
    line_number: int = 0
    is_verified: bool = False
    is_secret: bool | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.filename, self.type, self.hashed_secret)

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            'type': self.type,
            'filename': self.filename,
            'hashed_secret': self.hashed_secret,
            'is_verified': self.is_verified,
        }
        if self.line_number:
            out['line_number'] = self.line_number
        if self.is_secret is not None:
            out['is_secret'] = self.is_secret
        return out


@dataclass
class Baseline:
    path: str
    entries: list[Entry] = field(default_factory=list)
    plugins_used: list[dict[str, Any]] = field(default_factory=list)
    filters_used: list[dict[str, Any]] = field(default_factory=list)
    version: str = DETECT_SECRETS_VERSION
    generated_at: str = ''
    exists: bool = True

    def keys(self) -> set[tuple[str, str, str]]:
        return {e.key for e in self.entries}

    def allows(self, key: tuple[str, str, str]) -> bool:
        return key in self.keys()

    def settings(self) -> dict[str, Any]:
        return {'plugins_used': self.plugins_used, 'filters_used': self.filters_used}

    def content(self) -> dict[str, Any]:
        """Everything but the timestamp, in canonical order."""
        results: dict[str, list[dict[str, Any]]] = {}
        for e in sorted(self.entries, key=lambda e: (e.filename, e.line_number, e.hashed_secret, e.type)):
            results.setdefault(e.filename, []).append(e.json())
        return {
            'version': self.version,
            'plugins_used': sorted(self.plugins_used, key=lambda p: str(p.get('name', '')).lower()),
            'filters_used': sorted(self.filters_used, key=lambda f: str(f.get('path', '')).lower()),
            'results': dict(sorted(results.items())),
        }


def _fail(path: str, reason: str, line: int | None = None) -> UsageError:
    where = f'{path}:{line}' if line else path
    return UsageError(f'{where}: {reason}')


def parse(text: str, path: str) -> Baseline:
    """A Baseline from the file's text; UsageError (exit 2) naming file and line when broken."""
    conflict = CONFLICT_RE.search(text)
    if conflict:
        line = text.count('\n', 0, conflict.start()) + 1
        raise _fail(path, 'merge conflict markers: resolve them (or set up the merge driver: '
                          'see README), then run `secret-hooks baseline update`', line)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise _fail(path, f'not valid JSON: {e.msg} (column {e.colno})', e.lineno) from None
    if not isinstance(data, dict):
        raise _fail(path, 'not a detect-secrets baseline: expected a JSON object')

    def line_of(needle: str) -> int | None:
        idx = text.find(needle)
        return text.count('\n', 0, idx) + 1 if idx >= 0 else None

    version = data.get('version')
    if not isinstance(version, str) or not re.fullmatch(r'\d+\.\d+(\.\d+)?', version):
        raise _fail(path, 'not a detect-secrets baseline: missing or malformed "version"', line_of('"version"'))
    major_minor = tuple(int(x) for x in version.split('.')[:2])
    if major_minor < (1, 0) or major_minor > tuple(int(x) for x in DETECT_SECRETS_VERSION.split('.')[:2]):
        raise _fail(path, f'unsupported baseline version {version} (this tool reads 1.0 to '
                          f'{DETECT_SECRETS_VERSION})', line_of('"version"'))
    for key in ('plugins_used', 'filters_used'):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _fail(path, f'"{key}" must be a list of objects', line_of(f'"{key}"'))
    results = data.get('results')
    if not isinstance(results, dict):
        raise _fail(path, '"results" must be an object mapping file names to entries', line_of('"results"'))
    entries = []
    for filename, items in results.items():
        if not isinstance(items, list):
            raise _fail(path, f'"results" for {filename!r} must be a list', line_of(json.dumps(filename)))
        for item in items:
            if not isinstance(item, dict):
                raise _fail(path, f'entry for {filename!r} must be an object', line_of(json.dumps(filename)))
            for name, kind in ENTRY_FIELDS.items():
                if name in item and item[name] is not None and not isinstance(item[name], kind):
                    raise _fail(path, f'entry for {filename!r}: "{name}" must be {kind.__name__}',
                                line_of(json.dumps(filename)))
            if not item.get('type') or not item.get('hashed_secret'):
                raise _fail(path, f'entry for {filename!r} lacks "type" or "hashed_secret"',
                            line_of(json.dumps(filename)))
            if not re.fullmatch(r'[0-9a-f]{40}', item['hashed_secret']):
                raise _fail(path, f'entry for {filename!r}: "hashed_secret" is not a sha1 hex digest',
                            line_of(item['hashed_secret']))
            entries.append(Entry(
                filename=filename,
                type=item['type'],
                hashed_secret=item['hashed_secret'],
                line_number=item.get('line_number') or 0,
                is_verified=bool(item.get('is_verified', False)),
                is_secret=item.get('is_secret'),
            ))
    return Baseline(
        path=path,
        entries=entries,
        plugins_used=data.get('plugins_used', []),
        filters_used=data.get('filters_used', []),
        version=version,
        generated_at=str(data.get('generated_at', '')),
    )


def load(path: str, missing_ok: bool = True) -> Baseline:
    """The baseline at `path`; a missing file is an empty allowlist when `missing_ok`."""
    try:
        with open(path, 'rb') as f:
            raw = f.read()
    except FileNotFoundError:
        if missing_ok:
            return Baseline(path=path, exists=False)
        raise _fail(path, 'no such baseline: create one with `secret-hooks baseline create`') from None
    except OSError as e:
        raise _fail(path, f'cannot read: {e.strerror}') from None
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        line = raw.count(b'\n', 0, e.start) + 1
        raise _fail(path, 'not valid UTF-8', line) from None
    return parse(text, path)


def serialize(baseline: Baseline) -> str:
    out = baseline.content()
    out['generated_at'] = baseline.generated_at
    return json.dumps(out, indent=2) + '\n'


def write(baseline: Baseline, previous: Baseline | None = None) -> bool:
    """Write atomically; keep the file byte-identical when the content has not changed.

    Returns whether the file was written.
    """
    if previous is not None and previous.exists and previous.content() == baseline.content():
        return False
    baseline.generated_at = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
    data = serialize(baseline).encode('utf-8')
    directory = os.path.dirname(os.path.abspath(baseline.path))
    fd, tmp = tempfile.mkstemp(prefix='.baseline-', suffix='.tmp', dir=directory)
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, os.stat(baseline.path).st_mode & 0o777)
        except OSError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, baseline.path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return True


def from_findings(path: str, findings: Iterable[Any], settings: dict[str, Any]) -> Baseline:
    """A fresh baseline allowlisting `findings` (scan.Finding), recorded with `settings`."""
    entries: dict[tuple[str, str, str], Entry] = {}
    for f in findings:
        entries.setdefault(f.key, Entry(
            filename=f.filename, type=f.type, hashed_secret=f.hashed_secret,
            line_number=f.line_number,
        ))
    return Baseline(
        path=path,
        entries=list(entries.values()),
        plugins_used=settings['plugins_used'],
        filters_used=settings['filters_used'],
    )
