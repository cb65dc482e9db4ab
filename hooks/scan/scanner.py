"""Files -> detect-secrets (its plugins + ours, with our filters) -> findings.

detect-secrets does the line-level work (plugins, filters, `# pragma: allowlist secret`); this
module decides what to read and how, and turns its results into `Finding`s, keeping only the
most specific finding for one secret.  A `Scanner` owns detect-secrets' process-wide settings
for its lifetime (`with Scanner(config) as scanner:`, one per command) and the fingerprint key.
"""
from __future__ import annotations

import codecs
import contextlib
import io
import os
import tempfile
from dataclasses import dataclass
from dataclasses import field
from types import TracebackType
from typing import TYPE_CHECKING
from typing import Any
from typing import Iterable
from typing import Iterator
from typing import Sequence

from detect_secrets.core.potential_secret import PotentialSecret

from hooks import detectors as plugins
from hooks import ds_adapter
from hooks import files
from hooks import isolation
from hooks.config import Config
from hooks.files import BINARY_SNIFF
from hooks.files import normalize_path
from hooks.files import read_text
from hooks.files import sniff_encoding
from hooks.filters import KNOWN_SAMPLE_FILTERS
from hooks.filters import PREFIX as FILTER_PREFIX
from hooks.scan import ini
from hooks.scan.transformers import transformed_lines

if TYPE_CHECKING:
    from hooks.scan import engine as engine_mod

# detect-secrets' default filters, less the line-dropping `is_indirect_reference` (ours narrows
# it to the keyword plugin: see hooks.filters) and `is_potential_uuid` (ours spares credential
# slots: `ATLAS_PRIVATE_KEY=<uuid>` is a key).
STOCK_FILTERS = (
    'detect_secrets.filters.allowlist.is_line_allowlisted',
    'detect_secrets.filters.heuristic.is_sequential_string',
    'detect_secrets.filters.heuristic.is_likely_id_string',
    'detect_secrets.filters.heuristic.is_templated_secret',
    'detect_secrets.filters.heuristic.is_prefixed_with_dollar_sign',
    'detect_secrets.filters.heuristic.is_lock_file',
    'detect_secrets.filters.heuristic.is_not_alphanumeric_string',
    'detect_secrets.filters.heuristic.is_swagger_file',
)

BASELINE_FILTER = ds_adapter.BASELINE_FILTER

# A file this large is read, but in a chunked way by detect-secrets' transformers it would not be:
# past it we skip the (YAML/INI) transformers.
TRANSFORM_LIMIT = 2 * 1024 * 1024
# Larger files are read in chunks (bounded memory) and without transformers.
LARGE_FILE = 16 * 1024 * 1024
CHUNK = 4 * 1024 * 1024
# Characters of a split huge line read again at the start of its next piece.
SPLIT_OVERLAP = 4096


# ---------------------------------------------------------------------------------------------
# Fingerprints: HMAC-SHA256 of the secret's hash, keyed by a per-repository salt (recorded in the
# baseline; see docs/secrets-policy.md, "Threat model").  Whoever reads a CI log or a SARIF upload
# without the repository cannot test guesses against it; the same finding keeps its fingerprint
# from run to run and machine to machine.
# ---------------------------------------------------------------------------------------------

FINGERPRINT_HEX = 12


class Salt:
    """The key of published fingerprints: the baseline's salt (hex), or, when it records none
    (or there is no baseline), the repository's (`repository_salt`, derived on first use)."""

    def __init__(self, salt: str | None = None, root: str = '.') -> None:
        self._key = bytes.fromhex(salt) if salt else None
        self.root = root
        # hashed secret -> fingerprint: the text report asks twice per finding (line, summary)
        self._fingerprints: dict[str, str] = {}

    @property
    def key(self) -> bytes:
        if self._key is None:
            self._key = repository_salt(self.root)
        return self._key

    def __getstate__(self) -> dict[str, Any]:
        # Findings a history scan's worker sends back hold its Salt: each copy carries the key
        # (one made without it would run git again, once per batch of findings) and no cache.
        return {'_key': self.key, 'root': self.root, '_fingerprints': {}}

    def fingerprint(self, hashed_secret: str) -> str:
        """The published name of a secret: 12 hex digits of HMAC-SHA256(salt, hashed_secret)."""
        known = self._fingerprints.get(hashed_secret)
        if known is None:
            import hmac

            mac = hmac.digest(self.key, hashed_secret.encode('ascii'), 'sha256').hex()
            if len(self._fingerprints) >= 65536:  # bounded: a history scan names many
                self._fingerprints.clear()
            known = self._fingerprints[hashed_secret] = mac[:FINGERPRINT_HEX]
        return known


@dataclass(frozen=True)
class Finding:
    filename: str
    line_number: int
    type: str
    hashed_secret: str
    # The raw value and its line stay in memory for redaction; they are never printed.
    secret: str
    line: str
    # The key of its fingerprint: the scanner's (a finding made elsewhere: the repository's).
    salt: Salt = field(default_factory=Salt, compare=False, repr=False)

    @property
    def fingerprint(self) -> str:
        """What output shows and publishes to name this finding (never `hashed_secret`, an
        unsalted SHA-1 a short password is recovered from): see `Salt`."""
        return self.salt.fingerprint(self.hashed_secret)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.filename, self.type, self.hashed_secret)


def repository_salt(root: str = '.') -> bytes:
    """The salt when the baseline records none: derived from the repository's first commits
    (stable across clones, CI and laptops), else random for this run (no stable identity)."""
    import hashlib
    import secrets
    import subprocess

    try:
        out = subprocess.run(
            ['git', 'rev-list', '--max-parents=0', 'HEAD'],
            cwd=root, capture_output=True, check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        out = []
    if not out:
        # No commit yet (the first commit of a new repository is where adoption starts): the
        # git directory's path, so the fingerprint a blocked commit prints is the one that
        # `baseline allow` finds in the next process.
        try:
            git_dir = subprocess.run(['git', 'rev-parse', '--absolute-git-dir'], cwd=root,
                                     capture_output=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return secrets.token_bytes(32)
        return hashlib.sha256(b'secret-hooks fingerprint salt (no commit)\0' + git_dir).digest()
    return hashlib.sha256(b'secret-hooks fingerprint salt\0' + b'\0'.join(sorted(out))).digest()


@dataclass
class ScanResult:
    findings: list[Finding]
    errors: list[str]       # `path: reason` for files that could not be read
    scanned: int = 0


def settings_for(config: Config) -> dict[str, Any]:
    """The detect-secrets settings (baseline `plugins_used`/`filters_used`) for `config`: a
    function of `config` alone (our classes that replace stock ones keep the stock names)."""
    stock = [
        {'name': cls.__name__}
        for secret_type, cls in ds_adapter.plugin_classes().items()
        if secret_type not in plugins.SECRET_TYPES
    ]
    ours: list[dict[str, Any]] = [{'name': cls.__name__} for cls in plugins.PLUGINS]
    for entry in ours:
        if entry['name'] == 'B2BKeyDetector':
            entry.update(
                prefixes=sorted(set(config.b2b_prefixes)),
                legacy_patterns=list(config.legacy_key_patterns),
                strict=config.strict,
            )
    filters: list[dict[str, Any]] = [{'path': path} for path in STOCK_FILTERS]
    filters.append({'path': FILTER_PREFIX + 'is_indirect_reference'})
    filters.append({'path': FILTER_PREFIX + 'is_placeholder', 'extra': list(config.extra_placeholders)})
    filters.append({'path': FILTER_PREFIX + 'is_duplicate_url_credential'})
    if not config.report_known_samples:
        filters.extend({'path': FILTER_PREFIX + name} for name in KNOWN_SAMPLE_FILTERS)
    if not config.strict:
        filters.append({'path': FILTER_PREFIX + 'is_invalid_b2b_key'})
    if config.exclude:
        filters.append({
            'path': 'detect_secrets.filters.regex.should_exclude_file',
            'pattern': list(config.exclude),
        })
    filters.append({
        'path': BASELINE_FILTER,
        'filename': os.path.basename(config.baseline),
    })
    return {'plugins_used': stock + ours, 'filters_used': filters}


def split_lines(text: str) -> list[str]:
    """Lines with their '\n', split on '\n' only (str.splitlines also splits on form feeds
    and other separators, which would shift line numbers)."""
    lines = [line + '\n' for line in text.split('\n')]
    if lines[-1] == '\n':
        lines.pop()
    else:
        lines[-1] = lines[-1][:-1]
    return lines


# Finding types scan_text drops from the eager transformers' view.
EAGER_DROPPED = plugins.SECRET_TYPES | {'Secret Keyword'}


def _line_sets(filename: str, text: str, raw_lines: list[str] | None = None) -> Iterable[list[str]]:
    """As detect-secrets reads a file: its transformers' view (YAML, INI) or the raw lines
    (`raw_lines`: `split_lines(text)`, when the caller has them already), then, if the caller
    asks for more, the eager transformers' view."""
    handle = io.StringIO(text)
    handle.name = filename
    small = len(text) <= TRANSFORM_LIMIT
    yield (small and transformed_lines(handle)) or (split_lines(text) if raw_lines is None else raw_lines)
    if small:
        eager = transformed_lines(handle, eager=True)
        if eager:
            yield eager


# How specific a finding is, most specific first: where several findings on a line hold the same
# value (or one holds the other), only the most specific is kept (one AWS secret key is one line,
# not three; a keyword hit on a JWT or a slot hit on a connection URL is dropped).
# Our credential-slot types rank after detect-secrets' keyword and basic-auth findings: where
# those already report a value, its type (and so every baseline entry for it) stays the same.
GENERIC_RANK = {
    'Basic Auth Credentials': 2,
    'Secret Keyword': 3,
    'Base64 High Entropy String': 6,
    'Hex High Entropy String': 6,
}


def _rank(secret: PotentialSecret) -> int:
    if secret.type in plugins.LAST_RESORT_TYPES:
        return 7  # only what no other plugin explains (see hooks.detectors)
    if secret.type == 'Secret Assignment':
        return 5  # any secret-named slot the keyword plugin missed
    if secret.type in plugins.SLOT_TYPES:
        return 4  # a specific slot: a header, a netrc line, a credential API's argument
    if secret.type in plugins.SECRET_TYPES:
        return 0  # our formats: JWTs, connection URLs, signing keys, B2B keys, vendor tokens
    return GENERIC_RANK.get(secret.type, 1)  # 1: detect-secrets' named formats


def _specific_first(secrets: Iterable[PotentialSecret],
                    lines_of: dict[int, str] | None = None) -> list[PotentialSecret]:
    """Drop a finding that a more specific plugin explains better: same line, and one value
    contains the other (our formats first, then detect-secrets' named formats, basic auth and
    keyword, our credential slots, entropy) where the line holds it (`lines_of`: line number ->
    text; see _explains)."""
    by_line: dict[int, list[PotentialSecret]] = {}
    for s in secrets:
        by_line.setdefault(s.line_number, []).append(s)
    kept: list[PotentialSecret] = []
    for line_secrets in by_line.values():
        # By rank: a value is explained by a related one of a better (lower) rank.  Set
        # lookups by rank, not pairs: a line of thousands of findings was quadratic.
        by_rank: dict[int, set[str]] = {}
        for s in line_secrets:
            if s.secret_value:
                by_rank.setdefault(_rank(s), set()).add(s.secret_value)
        explained: dict[int, set[str]] = {}
        better: set[str] = set()
        line = (lines_of or {}).get(line_secrets[0].line_number or 0, '')
        for rank in sorted(by_rank):
            if rank and better:
                explained[rank] = _related(by_rank[rank], better, line)
            better = better | by_rank[rank]
        kept.extend(
            s for s in line_secrets
            if not (_rank(s) and s.secret_value and s.secret_value in explained.get(_rank(s), ()))
        )
    return kept


# Past this many pairs of values on a line, _related looks substrings up by length, and
# containment alone decides.
_PAIRS = 4096


def _explains(better: str, value: str, line: str) -> bool:
    """Whether `better` explains `value` (one contains the other) on `line`: the shorter of the
    two stands on the line only inside the longer (always, for no line).  `postgresql://app:admin@db` beside
    `API_KEY = "…admin…"`: the URL's password is in the key, but the key is another secret (it
    was dropped); a keyword's `pw@host` and the URL plugin's `pw`: one secret.  (A value the line
    does not hold, read through a transformer, is explained as before.)"""
    short, long_ = (better, value) if len(better) <= len(value) else (value, better)
    return line.count(short) <= line.count(long_) * long_.count(short)


def _related(values: set[str], others: set[str], line: str = '') -> set[str]:
    """The values that contain, or are contained in, one of `others` (both non-empty), where
    `line` holds them so (_explains).

    Pairwise comparison is quadratic on a line of thousands of findings: past _PAIRS, look
    substrings up by length instead (one set lookup per substring of each length present;
    containment alone decides)."""
    if len(values) * len(others) <= _PAIRS:
        return {v for v in values if any((o in v or v in o) and _explains(o, v, line) for o in others)}
    related = {v for v in values if v in others}
    for small, big, mark_big in ((others, values, True), (values, others, False)):
        lengths = sorted({len(x) for x in small})
        for b in big:
            for n in lengths:
                if n > len(b):
                    break
                hits = {b[i:i + n] for i in range(len(b) - n + 1)} & small
                if hits:
                    if mark_big:
                        related.add(b)
                        break
                    related |= hits
    return related


class Scanner:
    """detect-secrets' process-wide state, owned for one command.

    `with Scanner(config, salt) as scanner:` registers the settings `settings_for(config)` in
    detect-secrets (its `transient_settings`: restored on exit) and builds the scan engine over
    them; inside, `scan_files` / `scan_text` / `is_excluded` read files through them.  The
    configured baseline is the one path never scanned; findings are fingerprinted with `salt`
    (the baseline's, hex; None: the repository's).  Nothing else reads or writes those
    settings: the filters read their own options back from them, detect-secrets' mechanism.
    """

    def __init__(self, config: Config, salt: str | None = None) -> None:
        self.config = config
        self.settings = settings_for(config)
        self.baseline = normalize_path(config.baseline)
        self.salt = Salt(salt)
        self._stack: contextlib.ExitStack | None = None
        self._active: ds_adapter.Active | None = None
        self._engine: engine_mod.Engine | None = None

    def __enter__(self) -> Scanner:
        from hooks.scan import engine

        if self._stack is not None:
            raise RuntimeError('Scanner is already active')
        with contextlib.ExitStack() as stack:
            self._active = stack.enter_context(ds_adapter.active_settings(
                self.settings, (*plugins.PLUGINS, *plugins.STOCK_FIXES), ini.compile_first_line))
            verifies = any(f.get('path') == ds_adapter.VERIFICATION_FILTER for f in self.settings['filters_used'])
            self._engine = engine.Engine(self._active.plugins, self._active.filters, verifies)
            self._stack = stack.pop_all()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        stack, self._stack, self._active, self._engine = self._stack, None, None, None
        if stack is not None:
            stack.close()

    def _live(self) -> tuple[ds_adapter.Active, engine_mod.Engine]:
        if self._active is None or self._engine is None:
            raise RuntimeError('Scanner used outside its `with` block')
        return self._active, self._engine

    @property
    def engine(self) -> engine_mod.Engine:
        """The scan loop over this scanner's plugins and filters (only while it is active)."""
        return self._live()[1]

    @property
    def recorded_settings(self) -> dict[str, Any]:
        """The settings' JSON form, as a baseline records them (`plugins_used`, `filters_used`)."""
        return self._live()[0].recorded

    def is_configured_baseline(self, filename: str) -> bool:
        """Whether `filename` (repo-relative) is the configured baseline: the one file never
        scanned (another file of the same name is)."""
        return normalize_path(filename) == self.baseline

    def is_excluded(self, filename: str) -> bool:
        """detect-secrets' file filters (exclude patterns, lock files, missing or binary files,
        ...), as its scan applies them."""
        return self._filtered_out(filename)

    def is_excluded_name(self, path: str) -> bool:
        """For a path of the history: the file filters less the one that asks whether the file
        exists today, and the configured baseline."""
        if self.is_configured_baseline(path):  # detect-secrets' filter (by name) is not applied
            return True
        return self._filtered_out(path, skip='is_invalid_file')

    def _filtered_out(self, filename: str, skip: str = '') -> bool:
        # (called directly: detect-secrets' call_function_with_arguments inspects each filter
        # at each call, which was most of the time of a history's path checks)
        for fn in self.engine.filters.file:
            if skip and getattr(fn, '__name__', '') == skip:
                continue
            try:
                if fn(filename=filename):
                    return True
            except TypeError:  # a filter that needs more than the name (as detect-secrets skips it)
                pass
        return False

    def scan_files(self, paths: Sequence[str]) -> ScanResult:
        result = ScanResult(findings=[], errors=[])
        for path in paths:
            filename = normalize_path(path)
            if self.is_configured_baseline(filename):
                continue  # the configured baseline only: another file of that name is scanned
            with isolation.per_file(filename, result.errors):
                found = self._scan_path(path, filename, result.errors)
                if found is not None:
                    result.scanned += 1
                    result.findings.extend(found)
        result.findings.sort(key=lambda f: (f.filename, f.line_number, f.type, f.hashed_secret))
        return result

    def scan_text(self, filename: str, text: str, exhaustive: bool = False) -> list[Finding]:
        """Findings in one file's text.

        `exhaustive` runs detect-secrets' own loop (every plugin on every line): the reference
        the fast engine is tested against.
        """
        engine = self.engine
        secrets: dict[tuple[str, str], PotentialSecret] = {}
        raw_lines = split_lines(text)
        for n, lines in enumerate(_line_sets(filename, text, raw_lines)):
            found = (
                ds_adapter.reference_scan(lines, filename) if exhaustive
                # The raw lines of a text ending with a newline join to the text itself.
                else engine.scan_lines(lines, filename, text if lines is raw_lines and text.endswith('\n') else None,
                                       dropped=EAGER_DROPPED if n else frozenset())
            )
            for secret in found:
                # The eager pass re-reads `key = <anything>` as `key = "<anything>"`: our slot
                # plugins tell literals from expressions by their quotes, so they read raw lines only.
                if n and secret.type in EAGER_DROPPED:
                    continue  # (unquoted settings lines are the assignment plugin's, on raw lines)
                secrets.setdefault((secret.type, secret.secret_hash), secret)
            if secrets:  # as detect-secrets: the eager pass only when the first found nothing
                break
        lines_of = {
            n: raw_lines[n - 1].rstrip('\n')
            for n in {s.line_number for s in secrets.values()} if 0 < n <= len(raw_lines)
        }
        return self._findings(filename, secrets.values(), lines_of)

    def _findings(self, filename: str, secrets: Iterable[PotentialSecret],
                  lines_of: dict[int, str]) -> list[Finding]:
        return [
            Finding(
                filename=filename,
                line_number=s.line_number or 0,
                type=s.type,
                hashed_secret=s.secret_hash,
                secret=s.secret_value or '',
                line=lines_of.get(s.line_number or 0, ''),
                salt=self.salt,
            )
            for s in _specific_first(secrets, lines_of)
        ]

    def scan_large_file(self, path: str, filename: str) -> list[Finding] | None:
        """A file too large to hold whole, scanned in chunks of lines (no transformers): memory
        stays bounded whatever its size.  None for a binary file."""
        engine = self.engine
        secrets: dict[tuple[str, str], PotentialSecret] = {}
        lines_of: dict[int, str] = {}
        first_line = 1
        tail: list[str] = []  # the previous chunk's last line: context for the allowlist pragma
        pending = b''
        with open(path, 'rb') as f:
            head = f.read(BINARY_SNIFF)
            if b'\0' in head:
                return None
            f.seek(0)
            while True:
                block = f.read(CHUNK)
                data = pending + block
                split = False  # this piece ends inside a line longer than 4 chunks
                if block:
                    cut = data.rfind(b'\n') + 1
                    if cut == 0 and len(data) < 4 * CHUNK:
                        pending = data  # no newline yet: a long line, read on
                        continue
                    if cut == 0:  # a single line longer than 4 chunks: split it between tokens
                        split = True
                        cut = _token_cut(data)
                    data, pending = data[:cut], data[cut:]
                elif not data:
                    break
                else:
                    pending = b''
                text = data.decode('utf-8', errors='replace').replace('\r\n', '\n').replace('\r', '\n')
                lines = tail + split_lines(text)
                for s in engine.scan_lines(lines, filename, first_line=first_line - len(tail),
                                           context_only=len(tail)):
                    if (s.type, s.secret_hash) not in secrets:
                        secrets[(s.type, s.secret_hash)] = s
                        lines_of[s.line_number] = lines[s.line_number - first_line + len(tail)].rstrip('\n')
                if split:
                    # The line goes on in the next piece, under the same number; the end of this
                    # piece is read again with it, so that a value written right after a label
                    # (`password = ...`) straddling the cut keeps its label.
                    first_line += len(lines) - len(tail) - 1
                    tail = []
                    overlap = data[-SPLIT_OVERLAP:]
                    pending = overlap[_token_cut(overlap, first=True):] + pending
                else:
                    first_line += len(lines) - len(tail)
                    tail = lines[-1:]
                if not block:
                    break
        return self._findings(filename, secrets.values(), lines_of)

    def _scan_path(self, path: str, filename: str, errors: list[str]) -> list[Finding] | None:
        """Findings in one file; None when it is not scanned (binary, link, excluded, unreadable:
        the last with its one-line error)."""
        try:
            # Stat first: a named file that is missing is an error, not one of detect-secrets'
            # filtered-out (`is_invalid_file`) names.
            st = files.stat_wanted(path, filename, excluded=lambda _: False)
            if st is None or self.is_excluded(filename):
                return None
            if st.st_size > LARGE_FILE:
                with open(path, 'rb') as f:
                    sniffed = sniff_encoding(f.read(BINARY_SNIFF))
                if sniffed is None:
                    return None
                if sniffed[0] == 'utf-8':
                    return self.scan_large_file(path, filename)
                with _as_utf8(path, *sniffed) as utf8_path:
                    return self.scan_large_file(utf8_path, filename)
            text = read_text(path)
            return None if text is None else self.scan_text(filename, text)
        except OSError as e:
            errors.append(files.cannot_read(filename, e))
            return None


def scan_files(paths: Sequence[str], config: Config) -> ScanResult:
    """One scanner's scan of `paths` (for callers that need nothing else of it)."""
    with Scanner(config) as scanner:
        return scanner.scan_files(paths)


_CUT_AT = (b' ', b'\t', b'"', b"'", b'`', b',', b';', b'<', b'>')


def _token_cut(data: bytes, first: bool = False) -> int:
    """Where to split a piece of a huge line: after its last token boundary (whitespace, quote,
    `,;` ...) in its last CHUNK bytes, so that no token is cut; the whole piece when it is one
    token.  `first`: after the first boundary instead (0 when there is none)."""
    if first:
        hits = [i for i in (data.find(c) for c in _CUT_AT) if i >= 0]
        return min(hits) + 1 if hits else 0
    floor = max(0, len(data) - CHUNK)
    best = max(data.rfind(c, floor) for c in _CUT_AT)
    return best + 1 if best >= 0 else len(data)


@contextlib.contextmanager
def _as_utf8(path: str, codec: str, bom: int) -> Iterator[str]:
    """A temporary UTF-8 copy of a large UTF-16/32 file, transcoded in bounded pieces (the
    chunked scan reads UTF-8)."""
    decoder = codecs.getincrementaldecoder(codec)(errors='replace')
    with tempfile.TemporaryDirectory() as tmp:
        target = os.path.join(tmp, 'transcoded')
        with open(path, 'rb') as src, open(target, 'wb') as dst:
            src.seek(bom)
            while True:
                block = src.read(CHUNK)
                dst.write(decoder.decode(block, final=not block).encode('utf-8'))
                if not block:
                    break
        yield target
