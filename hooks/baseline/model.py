"""`baseline.secrets`: load and validate, serialize deterministically, write atomically, match.

A baseline is untrusted input (it arrives in pull requests): loading one only parses JSON; it
never configures detect-secrets from it, so a `path` written in it is never imported.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Iterable

from detect_secrets.__version__ import VERSION as DETECT_SECRETS_VERSION

from hooks.atomic import write_atomic
from hooks.errors import UsageError

CONFLICT_RE = re.compile(r'^(?:<{7}|={7}|>{7})(?: |$)', re.MULTILINE)
# Our one addition to detect-secrets' format (which ignores keys it does not know).
SALT_KEY = 'fingerprint_salt'
SALT_RE = re.compile(r'[0-9a-f]{64}')
ENTRY_FIELDS = {'type': str, 'hashed_secret': str, 'is_verified': bool, 'line_number': int,
                'is_secret': bool, 'filename': str, 'reason': str}


@dataclass
class Entry:
    filename: str
    type: str
    hashed_secret: str
    line_number: int = 0
    is_verified: bool = False
    is_secret: bool | None = None
    # Why a person audited it as not a secret (`secret-hooks baseline allow --reason`).
    reason: str = ''

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
        if self.reason:
            out['reason'] = self.reason
        return out


@dataclass(frozen=True)
class Acknowledgement:
    """A secret found in the history, already rotated: never reported by the history scan
    again.  Kept under the baseline's top-level `acknowledged` key (detect-secrets ignores
    keys it does not know); the commit, path and line say where it was found."""

    type: str
    hashed_secret: str
    reason: str
    commit: str = ''
    filename: str = ''
    line_number: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.hashed_secret)

    def json(self) -> dict[str, Any]:
        return {
            'type': self.type, 'hashed_secret': self.hashed_secret, 'reason': self.reason,
            'commit': self.commit, 'filename': self.filename, 'line_number': self.line_number,
        }


ACK_FIELDS = {'type': str, 'hashed_secret': str, 'reason': str, 'commit': str, 'filename': str,
              'line_number': int}


@dataclass
class Baseline:
    path: str
    entries: list[Entry] = field(default_factory=list)
    plugins_used: list[dict[str, Any]] = field(default_factory=list)
    filters_used: list[dict[str, Any]] = field(default_factory=list)
    version: str = DETECT_SECRETS_VERSION
    generated_at: str = ''
    exists: bool = True
    acknowledged: list[Acknowledgement] = field(default_factory=list)
    # Keys the published fingerprints (hooks.scan.scanner.Salt): 64 hex digits, made by
    # `create` (or the first `update` of an older baseline), kept ever after.
    fingerprint_salt: str = ''

    def allowed_values(self) -> set[tuple[str, str]]:
        """For the history scan, (type, hashed_secret) pairs allowed anywhere in the past:
        values allowlisted in some file, and acknowledged ones."""
        return {(e.type, e.hashed_secret) for e in self.entries} | {a.key for a in self.acknowledged}

    def keys(self) -> set[tuple[str, str, str]]:
        return {e.key for e in self.entries}

    def allows(self, key: tuple[str, str, str]) -> bool:
        # The set is built once per list of entries (rebuilding it per finding was quadratic);
        # a changed list (entries edited in place included) rebuilds it.
        snapshot = (id(self.entries), len(self.entries))
        cached = self.__dict__.get('_allowed')
        if cached is None or cached[0] != snapshot:
            cached = self.__dict__['_allowed'] = (snapshot, self.keys())
        return key in cached[1]

    def moved_keys(self) -> set[tuple[str, str]]:
        """(type, hash) of entries whose file no longer exists: a renamed file keeps them."""
        import os.path

        return {(e.type, e.hashed_secret) for e in self.entries
                if not e.is_secret and not os.path.lexists(e.filename)}

    def settings(self) -> dict[str, Any]:
        return {'plugins_used': self.plugins_used, 'filters_used': self.filters_used}

    def content(self) -> dict[str, Any]:
        """Everything but the timestamp, in canonical order."""
        results: dict[str, list[dict[str, Any]]] = {}
        for e in sorted(self.entries, key=lambda e: (e.filename, e.line_number, e.hashed_secret, e.type)):
            results.setdefault(e.filename, []).append(e.json())
        out: dict[str, Any] = {
            'version': self.version,
            'plugins_used': sorted(self.plugins_used, key=lambda p: str(p.get('name', '')).lower()),
            'filters_used': sorted(self.filters_used, key=lambda f: str(f.get('path', '')).lower()),
            'results': dict(sorted(results.items())),
        }
        if self.acknowledged:  # absent when empty: baselines without it stay byte-identical
            out['acknowledged'] = [a.json() for a in sorted(set(self.acknowledged), key=_ack_order)]
        if self.fingerprint_salt:
            out[SALT_KEY] = self.fingerprint_salt
        return out


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
    except RecursionError:
        raise _fail(path, 'not a detect-secrets baseline: JSON nested too deeply') from None
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
                reason=item.get('reason') or '',
            ))
    salt = data.get(SALT_KEY, '')
    if not isinstance(salt, str) or (salt and not SALT_RE.fullmatch(salt)):
        raise _fail(path, f'"{SALT_KEY}" must be 64 lowercase hex digits', line_of(f'"{SALT_KEY}"'))
    return Baseline(
        path=path,
        entries=entries,
        plugins_used=data.get('plugins_used', []),
        filters_used=data.get('filters_used', []),
        version=version,
        generated_at=str(data.get('generated_at', '')),
        acknowledged=_parse_acknowledged(data.get('acknowledged', []), path, line_of),
        fingerprint_salt=salt,
    )


def new_salt() -> str:
    import secrets

    return secrets.token_hex(32)


def _ack_order(a: Acknowledgement) -> tuple[str, ...]:
    return (a.type, a.hashed_secret, a.commit, a.filename, str(a.line_number), a.reason)


def _parse_acknowledged(items: Any, path: str, line_of: Any) -> list[Acknowledgement]:
    if not isinstance(items, list):
        raise _fail(path, '"acknowledged" must be a list of objects', line_of('"acknowledged"'))
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise _fail(path, '"acknowledged" must be a list of objects', line_of('"acknowledged"'))
        for name, kind in ACK_FIELDS.items():
            if name in item and not isinstance(item[name], kind):
                raise _fail(path, f'acknowledged entry: "{name}" must be {kind.__name__}',
                            line_of('"acknowledged"'))
        if not re.fullmatch(r'[0-9a-f]{40}', str(item.get('hashed_secret', ''))):
            raise _fail(path, 'acknowledged entry: "hashed_secret" is not a sha1 hex digest',
                        line_of('"acknowledged"'))
        if not item.get('type') or not str(item.get('reason', '')).strip():
            raise _fail(path, 'acknowledged entry lacks "type" or "reason"', line_of('"acknowledged"'))
        out.append(Acknowledgement(**{k: item[k] for k in ACK_FIELDS if k in item}))
    return out


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
    write_atomic(baseline.path, serialize(baseline).encode('utf-8'))
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
        fingerprint_salt=new_salt(),
    )


def untrusted_code_paths(b: Baseline) -> list[str]:
    """Plugin/filter locations in the baseline that would make detect-secrets import code
    from outside this package or detect-secrets itself (`file://...`, arbitrary modules)."""
    bad = [str(p['path']) for p in b.plugins_used if 'path' in p]
    bad += [
        str(f.get('path')) for f in b.filters_used
        if not str(f.get('path', '')).startswith(('detect_secrets.', 'hooks.'))
    ]
    return bad


def update(old: Baseline, findings: Iterable[Any], settings: dict[str, Any]) -> Baseline:
    """The baseline for the current findings, keeping the audit of entries that still match.

    New findings come in unaudited; entries whose secret is gone are dropped; line numbers
    are refreshed.
    """
    new = from_findings(old.path, findings, settings)
    audited = {e.key: e for e in old.entries}
    for e in new.entries:
        previous = audited.get(e.key)
        if previous is not None:
            e.is_secret = previous.is_secret
            e.is_verified = previous.is_verified
            e.reason = previous.reason
    new.version = DETECT_SECRETS_VERSION
    new.generated_at = old.generated_at
    new.acknowledged = list(old.acknowledged)
    # Keep the salt (a finding keeps its fingerprint); an older baseline without one gets one.
    new.fingerprint_salt = old.fingerprint_salt or new.fingerprint_salt
    return new


def update_paths(old: Baseline, paths: Iterable[str], findings: Iterable[Any],
                 settings: dict[str, Any]) -> Baseline:
    """`update` limited to `paths`: their entries are replaced by `findings` (audits kept, also
    across a move between two of the paths); every other entry stays as it is."""
    scope = set(paths)
    new = update(Baseline(path=old.path, entries=[e for e in old.entries if e.filename in scope],
                          fingerprint_salt=old.fingerprint_salt),
                 findings, settings)
    moved = {(e.type, e.hashed_secret): e for e in old.entries
             if e.filename in scope and e.is_secret is not None}
    for e in new.entries:
        previous = moved.get((e.type, e.hashed_secret))
        if e.is_secret is None and previous is not None:
            e.is_secret, e.is_verified, e.reason = previous.is_secret, previous.is_verified, previous.reason
    new.entries = [e for e in old.entries if e.filename not in scope] + new.entries
    new.generated_at = old.generated_at
    return new


def allow(old: Baseline, findings: Iterable[Any], reason: str, settings: dict[str, Any]) -> Baseline:
    """The baseline with `findings` (scan.Finding) audited as not a secret, with the reason."""
    entries = {e.key: Entry(**e.__dict__) for e in old.entries}
    for f in findings:
        e = entries.setdefault(f.key, Entry(filename=f.filename, type=f.type,
                                            hashed_secret=f.hashed_secret))
        e.line_number = f.line_number
        e.is_secret = False
        e.reason = reason or e.reason
    recorded = old.settings() if old.exists else settings
    return Baseline(path=old.path, entries=list(entries.values()),
                    plugins_used=recorded['plugins_used'], filters_used=recorded['filters_used'],
                    version=old.version, generated_at=old.generated_at,
                    fingerprint_salt=old.fingerprint_salt or new_salt())


@dataclass
class Problem:
    filename: str   # the entry's file ('' for the baseline as a whole)
    line_number: int
    message: str

    def format(self, baseline_path: str) -> str:
        from hooks.paths import quote_path

        where = f'{quote_path(self.filename)}:{self.line_number}' if self.filename else 'settings'
        return f'{baseline_path}: {where}: {self.message}'


def settings_diff(recorded: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """What differs between two settings (plugins_used / filters_used), in words."""
    out = []
    for key, ident in (('plugins_used', 'name'), ('filters_used', 'path')):
        old = {str(x.get(ident)): x for x in recorded.get(key, [])}
        new = {str(x.get(ident)): x for x in current.get(key, [])}
        kind = 'plugin' if key == 'plugins_used' else 'filter'
        out += [f'{kind} {name} is no longer used' for name in sorted(old.keys() - new.keys())]
        out += [f'{kind} {name} is not recorded' for name in sorted(new.keys() - old.keys())]
        out += [
            f'{kind} {name} options differ' for name in sorted(old.keys() & new.keys())
            if old[name] != new[name]
        ]
    return out


# ---------------------------------------------------------------------------------------------
# Three-way merge (git merge driver).
# ---------------------------------------------------------------------------------------------

AUDIT_FIELDS = ('is_secret', 'is_verified')


def _audit(e: Entry | None) -> tuple[Any, ...] | None:
    return None if e is None else tuple(getattr(e, f) for f in AUDIT_FIELDS)


@dataclass
class Conflict:
    ours: Entry | None
    theirs: Entry | None

    @property
    def entry(self) -> Entry:
        return self.ours or self.theirs  # type: ignore[return-value]


def merge3(base: Baseline, ours: Baseline, theirs: Baseline) -> tuple[Baseline, list[Conflict]]:
    """Merge entries by (file, type, hash).  Additions on either side merge cleanly; the same
    entry audited differently on both sides (or audited on one, removed on the other) is a
    conflict for a person."""
    b = {e.key: e for e in base.entries}
    o = {e.key: e for e in ours.entries}
    t = {e.key: e for e in theirs.entries}
    merged: list[Entry] = []
    conflicts: list[Conflict] = []
    for key in sorted(b.keys() | o.keys() | t.keys()):
        be, oe, te = b.get(key), o.get(key), t.get(key)
        if _audit(oe) == _audit(te):
            if oe is not None:
                merged.append(oe)
        elif _audit(oe) == _audit(be):   # only theirs changed (or removed) it
            if te is not None:
                merged.append(te)
        elif _audit(te) == _audit(be):   # only ours changed (or removed) it
            if oe is not None:
                merged.append(oe)
        else:
            conflicts.append(Conflict(oe, te))
    if ours.settings() == theirs.settings() or theirs.settings() == base.settings():
        plugins, filters = ours.plugins_used, ours.filters_used
    else:  # settings changed on their side only, or on both: the newer run's view is theirs
        plugins, filters = theirs.plugins_used, theirs.filters_used
    result = Baseline(
        path=ours.path, entries=merged, plugins_used=plugins, filters_used=filters,
        version=max((ours.version, theirs.version), key=lambda v: tuple(int(x) for x in v.split('.'))),
        generated_at=max(ours.generated_at, theirs.generated_at),
        acknowledged=merge_acknowledged(base, ours, theirs),
        # Both sides normally share it; if not (two branches each created one), ours wins.
        fingerprint_salt=ours.fingerprint_salt or theirs.fingerprint_salt or base.fingerprint_salt,
    )
    return result, conflicts


def merge_acknowledged(base: Baseline, ours: Baseline, theirs: Baseline) -> list[Acknowledgement]:
    """Three-way by secret: an acknowledgement added or removed on one side is taken; the
    same secret acknowledged differently on both sides never conflicts (either says it was
    rotated): the first in canonical order is kept, so the result does not depend on the side."""
    b = {a.key: a for a in base.acknowledged}
    o = {a.key: a for a in ours.acknowledged}
    t = {a.key: a for a in theirs.acknowledged}
    out = []
    for key in sorted(b.keys() | o.keys() | t.keys()):
        be, oe, te = b.get(key), o.get(key), t.get(key)
        if oe == te:
            chosen = oe
        elif oe == be:
            chosen = te
        elif te == be:
            chosen = oe
        else:
            chosen = min((x for x in (oe, te) if x is not None), key=_ack_order)
        if chosen is not None:
            out.append(chosen)
    return out


def serialize_with_conflicts(baseline: Baseline, conflicts: list[Conflict]) -> str:
    """The merged baseline, each conflict written as git-style markers inside `results`, so
    every command refuses the file (exit 2, naming the line) until a person resolves it."""
    if not conflicts:
        return serialize(baseline)
    marked = Baseline(**{**baseline.__dict__, 'entries': list(baseline.entries)})
    for n, c in enumerate(conflicts):
        marked.entries.append(Entry(filename=c.entry.filename, type='__conflict__',
                                    hashed_secret=f'{n:040d}', line_number=0))
    text = serialize(marked)

    def block(match: re.Match[str]) -> str:
        indent = match.group(1)
        c = conflicts[int(match.group(2))]

        def side(e: Entry | None) -> str:
            if e is None:
                return f'{indent}(entry removed on this side)\n'
            body = json.dumps(e.json(), indent=2).replace('\n', '\n' + indent)
            return f'{indent}{body},\n'
        return (f'<<<<<<< ours\n{side(c.ours)}=======\n{side(c.theirs)}>>>>>>> theirs\n')

    return re.sub(
        # The file name as json.dumps writes it: `"` and `\` escaped.
        r'( *)\{\n *"type": "__conflict__",\n *"filename": "(?:[^"\\\n]|\\.)*",\n'
        r' *"hashed_secret": "(\d{40})",\n *"is_verified": false\n *\},?\n',
        block, text,
    )
