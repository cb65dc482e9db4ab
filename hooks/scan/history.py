"""History mode: the lines each commit adds, through the same scan as the files of today.

One streamed `git log -p` pass (hooks.scan.gitlog: renames followed, binary diffs skipped,
merges as combined diffs so that only what a merge itself introduces is read).  For each file
a commit touches, its added lines are scanned as one text under the file's own name
(detect-secrets picks file-type-dependent regexes and transformers by name), each hunk
separated by an empty line so that no line borrows another hunk's line as context; findings
are mapped back to line numbers in that commit's version of the file.  Memory holds one
file's added lines at a time (in chunks for huge files) plus one record per distinct secret,
whatever the size of the history.

Past the first 256 KB of added text that the gate lets through, worker processes forked from
this one (holding the same active scanner) scan batches of it while this process reads git's
stream; their results are taken in the order the text was read, so the findings are those of
a serial scan.
"""
from __future__ import annotations

import collections
import dataclasses
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import IO
from typing import TYPE_CHECKING
from typing import Any
from typing import Callable
from typing import Iterator
from typing import Sequence

from hooks import lazyre
from hooks.files import BINARY_SNIFF
from hooks.scan import gitlog
from hooks.scan import prefilter
from hooks.scan import scanner as scan
from hooks.scan.gitlog import SHORT

if TYPE_CHECKING:
    from hooks.scan.engine import Engine
    from hooks.scan.workers import Pool

HUNK_RE = re.compile(rb'^@@+ [^+]*\+(\d+)(?:,\d+)? @@')
# Lines past this many bytes of added text are scanned in another piece (bounded memory).
PIECE = scan.CHUNK
# Added text is scanned in worker processes once this many bytes were read (a small push stays
# in one process: starting workers would cost more than it saves, and each worker forked before
# this process has compiled what a scan uses would compile it again), in batches of BATCH bytes
# or BATCH_PIECES pieces, at most two batches per worker in flight (bounded memory).
PARALLEL_AFTER = 256 * 1024
BATCH = 256 * 1024
BATCH_PIECES = 256
MAX_WORKERS = 4


@dataclass(frozen=True)
class HistoryFinding:
    """A secret as the oldest commit that added it shows it."""

    finding: scan.Finding   # filename and line_number: in that commit's version of the file
    commit: str             # full sha
    date: str               # author date, YYYY-MM-DD
    count: int = 1          # commits that added it

    @property
    def short(self) -> str:
        return self.commit[:SHORT]

    @property
    def fingerprint(self) -> str:
        return self.finding.fingerprint

    @property
    def secret_key(self) -> tuple[str, str]:
        return (self.finding.type, self.finding.hashed_secret)


@dataclass
class HistoryResult:
    findings: list[HistoryFinding]
    errors: list[str]
    commits: int = 0


def _unquote(raw: bytes) -> bytes:
    """A path as git writes it in a diff header: C-quoted when it holds special bytes."""
    raw = raw.rstrip(b'\t')  # git ends a name holding a space with a tab
    if not raw.startswith(b'"'):
        return raw
    out = bytearray()
    i, body = 0, raw[1:-1]
    escapes = {ord('n'): 10, ord('t'): 9, ord('"'): 34, ord('\\'): 92, ord('a'): 7, ord('b'): 8,
               ord('f'): 12, ord('r'): 13, ord('v'): 11}
    while i < len(body):
        c = body[i]
        if c == 92 and i + 1 < len(body):
            nxt = body[i + 1]
            if 48 <= nxt <= 55:  # \ooo
                out.append(int(body[i + 1:i + 4], 8) & 0xFF)
                i += 4
                continue
            out.append(escapes.get(nxt, nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    return bytes(out)


def _path_of(header: bytes) -> str | None:
    """The new path from a `+++ b/path` line; None for a deleted file."""
    name = _unquote(header[4:].rstrip(b'\n'))
    if name == b'/dev/null':
        return None
    if name.startswith(b'b/'):
        name = name[2:]
    return name.decode('utf-8', 'replace')


class _FileDiff:
    """The added lines of one file in one commit (raw bytes, each with its newline), scanned
    in pieces of bounded size."""

    def __init__(self, path: str, gate: Callable[[str, bytes], bool]) -> None:
        self.path = path
        self.gate = gate
        self.lines: list[bytes] = []
        self.numbers: list[int] = []   # 0 for the separator between hunks
        self.size = 0

    def hunk(self) -> None:
        if self.lines and self.numbers[-1]:
            self.lines.append(b'\n')
            self.numbers.append(0)

    def take(self) -> Piece | None:
        """The buffered lines as a piece to scan (path, text, line numbers), or None when the
        gate says no plugin can report anything in them; empties the buffer."""
        if not self.lines:
            return None
        data = b''.join(self.lines).replace(b'\r\n', b'\n')
        numbers = self.numbers
        self.lines, self.numbers, self.size = [], [], 0
        return (self.path, data, numbers) if self.gate(self.path, data) else None


# (path, added text, new-file line number of each text line: 0 between hunks)
Piece = tuple[str, bytes, list[int]]


def scan_piece(piece: Piece, scanner: scan.Scanner) -> tuple[list[scan.Finding], str]:
    """(findings, '') for a piece of added text, or ([], the error's name): one file's bad
    input never hides the others."""
    path, data, numbers = piece
    try:
        found = []
        for f in scanner.scan_text(path, data.decode('utf-8', 'replace')):
            index = f.line_number - 1
            if 0 <= index < len(numbers) and numbers[index]:
                found.append(dataclasses.replace(f, line_number=numbers[index]))
        return found, ''
    except Exception as e:
        return [], type(e).__name__


class _Gate:
    """Can any plugin report anything in this text, in any view detect-secrets takes of it?

    Most commits add nothing a plugin could report, and the full scan of a small text costs
    far more than one search: this is the union of the plugins' own triggers
    (hooks.scan.prefilter), searched over the whole text.  A trigger's regex is used where it
    has one (it is a necessary condition, like its literals).  Entropy triggers lose their
    opening quote: detect-secrets' config and YAML transformers quote bare values.  A plugin
    without a trigger makes the gate always open.  ASCII text is searched as bytes; other text
    is decoded first (Unicode case folding can make `K`, the Kelvin sign, read as `k`).

    A trigger's regex without such literals (below) but with literals of its own counts only
    where the text holds one of them: the engine reads a line for that plugin only where it
    holds one (in the lower-case triggers' view of the text, its ASCII fold:
    engine.ascii_folded, which finds an ASCII literal wherever lower() does).

    The answer is that of one search of the alternation of all those patterns
    (`could_hold_reference`), found faster: a run of one character class (`[...]{n}`, the
    entropy triggers) is a substring test on the text mapped through a table; a pattern with
    literals every match holds (prefilter.required_literals), or guarded by its trigger's, is
    searched only when one of them is there, and one search of all those literals first rules
    most texts out at once.
    """

    def __init__(self, engine: Engine) -> None:
        from hooks.scan.engine import _trie_pattern
        from hooks.scan.engine import ascii_folded

        self.folded = ascii_folded
        plugins, triggers = engine.plugins, engine.triggers
        self.open = any(t is None for t in triggers)
        # pattern -> the literals one of which the text must hold for it to count (None: none)
        raw: dict[str, frozenset[str] | None] = {}
        lower: dict[str, frozenset[str] | None] = {}
        for plugin, t in zip(plugins, triggers):
            if t is None:
                continue
            if t.regex is not None:
                pattern = t.regex.pattern
                quote = '[\\\'"]'
                if hasattr(plugin, 'entropy_limit') and pattern.startswith(quote):
                    pattern = pattern[len(quote):]
                pieces = [(pattern, _guard(pattern, t.literals))]
            else:
                pieces = [(re.escape(lit), None) for lit in t.literals]
            side = lower if t.lower else raw
            for piece, guard in pieces:
                # (one pattern of two triggers: guarded by the literals of both, or by none)
                known = side.get(piece, guard)
                side[piece] = None if known is None or guard is None else known | guard
        # A trigger is searched line by line: its `^` is a line's start (MULTILINE) here too.
        self.patterns = (raw, lower)

        self.runs: list[tuple[bytes, bytes]] = []   # (translation table, run): raw side, as bytes
        # Per side (raw, lower) and per kind of text (bytes, str): patterns searched as they
        # are, and (literals, pattern) searched only where one of the literals is, behind one
        # search of all the literals.
        self.free: dict[tuple[bool, bool], list[Any]] = {}
        self.guarded: dict[tuple[bool, bool], list[tuple[Any, Any]]] = {}
        self.any_literal: dict[tuple[bool, bool], Any] = {}
        self._parts: dict[bool, tuple[list[str], list[tuple[frozenset[str], str]], str | None]] = {}
        for is_lower, patterns in ((False, raw), (True, lower)):
            literals: set[str] = set()
            free: list[str] = []
            guarded: list[tuple[frozenset[str], str]] = []
            for pattern, guard in patterns.items():
                if guard is not None:
                    guarded.append((guard, pattern))
                    literals |= guard
                    continue
                run = None if is_lower else prefilter.class_run(pattern)
                if run is not None:
                    self.runs.append(run)
                    continue
                required = prefilter.required_literals(pattern)
                # (a one-character literal is in nearly every text: such a pattern, quick to
                # search anyway, would make the search of all literals succeed everywhere)
                if required is None or min(map(len, required)) < 2:
                    free.append(pattern)
                else:
                    guarded.append((required, pattern))
                    literals |= required
            self._parts[is_lower] = (free, guarded, _trie_pattern(sorted(literals)) if literals else None)

    def could_hold_reference(self, data: bytes) -> bool:
        """The answer by definition: one search of the alternation of every pattern (a guarded
        one only where the text holds one of its literals)."""
        if self.open:
            return True
        text: Any = data if data.isascii() else data.decode('utf-8', 'replace')
        as_bytes = isinstance(text, bytes)
        lowered = text.lower()
        views = ((text, text), (lowered, lowered if as_bytes else self.folded(text, lowered)))
        for patterns, (view, literal_view) in zip(self.patterns, views):
            kept = [p for p, guard in patterns.items()
                    if guard is None or any((lit.encode() if as_bytes else lit) in literal_view for lit in guard)]
            joined = '|'.join(f'(?:{p})' for p in kept)
            if kept and re.search(joined.encode() if as_bytes else joined, view, re.MULTILINE):
                return True
        return False

    def needs_scan(self, path: str, data: bytes) -> bool:
        """Whether the added text `data` of file `path` must be scanned: the triggers are
        searched in the raw text, so a text that detect-secrets may read through a transformer
        (whose view can hold a trigger the raw text lacks: a YAML key written with an escape,
        an INI value built by interpolation) is always scanned."""
        if self.could_hold(data):
            return True
        from hooks.scan.transformers import may_transform

        return may_transform(path, data.decode('utf-8', 'replace'))

    def could_hold(self, data: bytes) -> bool:
        if self.open:
            return True
        # A run of ASCII characters of a class is the same run in the decoded text: UTF-8 (and
        # its replacement of bad bytes) never maps an ASCII byte to anything but itself.
        for table, run in self.runs:
            if run in data.translate(table):
                return True
        as_bytes = data.isascii()
        raw: Any = data if as_bytes else data.decode('utf-8', 'replace')
        for is_lower in (False, True):
            key = (is_lower, as_bytes)
            if key not in self.free:
                self._compile(key)
            text = raw.lower() if is_lower else raw
            for pattern in self.free[key]:
                if pattern.search(text):
                    return True
            anywhere = self.any_literal[key]
            # (the lower-case literals of non-ASCII text: in its ASCII fold, as the engine's)
            literal_view = self.folded(raw, text) if is_lower and not as_bytes else text
            if anywhere is not None and anywhere.search(literal_view):
                for literals, pattern in self.guarded[key]:
                    if literals(literal_view) and pattern.search(text):
                        return True
        return False

    def _compile(self, key: tuple[bool, bool]) -> None:
        """The patterns of one side for bytes or for str, when first needed (most histories
        hold only ASCII text); a guarded pattern, its literals' trie and the trie of all of
        them are compiled when first searched: most texts pass at the first test that finds
        something, and a small push need not pay for patterns it never reaches."""
        is_lower, as_bytes = key
        free, guarded, literals = self._parts[is_lower]

        def form(p: str) -> Any:
            return p.encode() if as_bytes else p
        self.free[key] = [re.compile(form(p), re.MULTILINE) for p in free]
        self.guarded[key] = [(self._finder(sorted(req), form), lazyre.compile(form(p), re.MULTILINE))
                             for req, p in guarded]
        self.any_literal[key] = lazyre.compile(form(literals)) if literals else None

    @staticmethod
    def _finder(literals: list[str], form: Callable[[str], Any]) -> Callable[[Any], Any]:
        """Whether a text holds one of `literals`: many of them (or many sharing first
        characters), by one search of their trie, one pass over the text; a few, by one fast
        substring search each."""
        from hooks.scan.engine import _trie_pattern

        if len(literals) >= 10 or 3 * len({lit[0] for lit in literals}) <= len(literals):
            trie = lazyre.compile(form(_trie_pattern(literals)))
            return lambda text: trie.search(text)
        words = tuple(form(lit) for lit in literals)
        return lambda text: any(word in text for word in words)


def _guard(pattern: str, literals: tuple[str, ...]) -> frozenset[str] | None:
    """The literals a trigger's regex is guarded by in the gate: its trigger's own, for a
    regex without literals of its own that every match holds (prefilter.required_literals:
    such a regex is searched in every text), when none is a single character (in nearly
    every text); else None."""
    required = prefilter.required_literals(pattern)
    if literals and (required is None or min(map(len, required)) < 2) and min(map(len, literals)) >= 2:
        return frozenset(literals)
    return None


class BlobReader:
    """Blobs by id through one `git cat-file --batch` process, for diffs git calls binary.

    git calls a file binary when it holds a NUL byte, or when `.gitattributes` says so
    (`-diff`, `binary`): a text file marked that way must not hide a secret.  A blob with no
    NUL in its first 8 KB (the file scan's own test) is read as text, every line of it."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None

    def text_lines(self, blob: str) -> Iterator[bytes] | None:
        """The blob's lines (with their newlines) when it is text, else None (read past)."""
        if self.proc is None:
            self.proc = subprocess.Popen(['git', 'cat-file', '--batch'], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, bufsize=1 << 16)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(blob.encode('ascii') + b'\n')
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) != 3 or header[1] != b'blob':
            return None  # missing (e.g. a submodule's commit): nothing to read
        size = int(header[2])
        head = self.proc.stdout.read(min(size, BINARY_SNIFF))
        if b'\0' in head:
            self._skip(size - len(head) + 1)
            return None
        return self._lines(head, size - len(head))

    def _skip(self, n: int) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        while n > 0:
            n -= len(self.proc.stdout.read(min(n, 1 << 20)) or b'x' * n)

    def _lines(self, head: bytes, rest: int) -> Iterator[bytes]:
        """Lines split on b'\\n' only, as git numbers them."""
        assert self.proc is not None and self.proc.stdout is not None
        pending = head
        while True:
            cut = pending.rfind(b'\n') + 1
            if cut:
                for line in pending[:cut - 1].split(b'\n'):
                    yield line + b'\n'
                pending = pending[cut:]
            if rest <= 0:
                break
            block = self.proc.stdout.read(min(rest, 1 << 20))
            if not block:
                break
            rest -= len(block)
            pending += block
        self.proc.stdout.read(1)  # the newline after the blob
        if pending:
            yield pending + b'\n'

    def close(self) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.close()
            self.proc.stdout.close()
            self.proc.wait()
            self.proc = None


def _header_path(raw: bytes) -> str | None:
    """The path of a `diff --git a/X b/X` or `diff --cc X` header when it can be told (the
    two names agree, or the name is quoted), else None."""
    if raw.startswith(b'diff --cc ') or raw.startswith(b'diff --combined '):
        name = raw.split(b' ', 2)[2].rstrip(b'\n')
        return _unquote(name).decode('utf-8', 'replace')
    rest = raw[len(b'diff --git '):].rstrip(b'\n')
    if rest.startswith(b'"'):
        end = rest.find(b'" ', 1)
        while end != -1 and rest[end - 1:end] == b'\\':
            end = rest.find(b'" ', end + 1)
        new = rest[end + 2:] if end != -1 else b''
        return _path_of(b'+++ ' + new) if new else None
    half = (len(rest) - 5) // 2
    if half > 0 and rest[:2] == b'a/' and rest[2 + half:] == b' b/' + rest[2:2 + half]:
        return rest[2:2 + half].decode('utf-8', 'replace')
    return None


def read_log(
    stream: IO[bytes], gate: Callable[[str, bytes], bool], skip: Callable[[str], bool] = lambda path: False,
    blobs: BlobReader | None = None,
) -> Iterator[tuple[str, str, str, Piece | None]]:
    """(commit, date, path, piece) for each file with added lines in a `git log -p` stream
    (piece: None when `gate(path, text)` says no plugin can report anything in them), and
    (commit, date, '', None) at the start of each commit.  Files for which `skip(path)` holds
    are not read."""
    commit = date = ''
    current: _FileDiff | None = None
    width = 1            # prefix columns: 1, or the number of parents in a combined diff
    all_plus = b'+'
    header_path: str | None = None
    new_blob = ''
    in_hunk = False
    line_no = 0

    def flush() -> Iterator[tuple[str, str, str, Piece | None]]:
        nonlocal current
        if current is not None and current.lines:
            yield commit, date, current.path, current.take()
        current = None

    plus, minus, space = ord('+'), ord('-'), ord(' ')
    lines: list[bytes] = []
    numbers: list[int] = []
    for raw in stream:
        first = raw[0]
        if in_hunk and (first == plus or first == minus or first == space):
            if width == 1:  # the common case, kept short
                if first != plus:
                    continue
            elif b'-' in raw[:width]:
                continue  # not in the new version
            elif raw[:width] != all_plus:
                line_no += 1  # a line some parent already had
                continue
            if current is not None:
                lines.append(raw[width:])
                numbers.append(line_no)
                current.size += len(raw)
                if current.size > PIECE:
                    yield commit, date, current.path, current.take()
                    lines, numbers = current.lines, current.numbers
            line_no += 1
            continue
        if first == 0:  # NUL: a commit header
            yield from flush()
            in_hunk = False
            head = raw[1:].split()
            commit, date = head[0].decode('ascii'), (head[1].decode('ascii') if len(head) > 1 else '')
            yield commit, date, '', None
        elif raw.startswith(b'diff '):
            yield from flush()
            in_hunk = False
            width = 1
            header_path, new_blob = _header_path(raw), ''
        elif not in_hunk and raw.startswith(b'index '):
            ids = raw.split()[1].split(b'..')
            new_blob = ids[-1].decode('ascii') if len(ids) == 2 else ''
        elif not in_hunk and raw.startswith(b'rename to '):
            header_path = _path_of(b'+++ b/' + raw[len(b'rename to '):])
        elif not in_hunk and raw.startswith(b'Binary files ') and blobs is not None:
            # Binary to git; text to us unless it holds a NUL (see BlobReader).
            if header_path and new_blob.strip('0') and not skip(header_path):
                text = blobs.text_lines(new_blob)
                if text is not None:
                    whole = _FileDiff(header_path, gate)
                    for number, line in enumerate(text, start=1):
                        whole.lines.append(line)
                        whole.numbers.append(number)
                        whole.size += len(line)
                        if whole.size > PIECE:
                            yield commit, date, whole.path, whole.take()
                    if whole.lines:
                        yield commit, date, whole.path, whole.take()
        elif raw.startswith(b'@@'):
            m = HUNK_RE.match(raw)
            if m is None:
                continue
            width = len(raw) - len(raw.lstrip(b'@')) - 1
            all_plus = b'+' * width
            line_no = int(m.group(1))
            in_hunk = True
            if current is not None:
                current.hunk()
        elif not in_hunk and raw.startswith(b'+++ '):
            path = _path_of(raw)
            current = _FileDiff(path, gate) if path is not None and not skip(path) else None
            if current is not None:
                lines, numbers = current.lines, current.numbers
        elif raw.startswith(b'\\'):
            continue  # "\ No newline at end of file"
        else:
            in_hunk = False
    yield from flush()


Key = tuple[str, str, str]   # (commit, date, path) of a piece
Scanned = tuple[list[scan.Finding], str]
# In a worker: the scanner of the process it was forked from (set before the fork).
_WORKER: scan.Scanner | None = None


def _scan_batch(batch: list[Piece]) -> list[Scanned]:
    assert _WORKER is not None
    return [scan_piece(piece, _WORKER) for piece in batch]


def worker_count() -> int:
    """Worker processes for a long scan: 0 (scan here) on one CPU, or where processes cannot
    be forked (a forked worker inherits the active scanner; nothing to re-import)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    # (multiprocessing offers `fork` wherever os.fork exists: not imported until a pool starts)
    if cpus < 2 or not hasattr(os, 'fork'):
        return 0
    return min(cpus, MAX_WORKERS)


class Scans:
    """Pieces (that the gate let through) scanned in the order they are added: here, or, past
    PARALLEL_AFTER bytes of them, in worker processes while the caller reads on.  `add` and
    `finish` yield (key, findings, error) in the order the pieces were added, so the findings
    are those of a serial scan.
    A worker that dies loses nothing: its batch is scanned here, and so is the rest."""

    def __init__(self, scanner: scan.Scanner, workers: int,
                 inherited: Callable[[], list[int]] = lambda: []) -> None:
        self.scanner, self.workers, self.inherited = scanner, workers, inherited
        self.pool: Pool[list[Piece], list[Scanned]] | None = None
        self.batch: list[tuple[Key, Piece]] = []
        self.batch_bytes = 0
        self.read = 0
        self.pending: collections.deque[list[tuple[Key, Piece]]] = collections.deque()

    def add(self, key: Key, piece: Piece) -> Iterator[tuple[Key, list[scan.Finding], str]]:
        self.read += len(piece[1])
        if self.pool is None and self.workers and self.read >= PARALLEL_AFTER:
            self._start()
        if self.pool is None:
            yield from self._drain()
            found, error = scan_piece(piece, self.scanner)
            yield key, found, error
            return
        self.batch.append((key, piece))
        self.batch_bytes += len(piece[1])
        if self.batch_bytes >= BATCH or len(self.batch) >= BATCH_PIECES:
            yield from self._submit()

    def finish(self) -> Iterator[tuple[Key, list[scan.Finding], str]]:
        if self.batch:
            yield from self._submit()
        yield from self._drain()

    def close(self) -> None:
        global _WORKER
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        _WORKER = None

    def _start(self) -> None:
        global _WORKER
        from hooks.scan.workers import Pool  # (here: a short scan never starts a pool, nor imports one)

        _WORKER = self.scanner  # what the forked workers use
        try:
            self.pool = Pool(self.workers, _scan_batch, self.inherited())
        except OSError:  # no process could be forked (a limit on processes, memory): scan here
            self.workers = 0

    def _stop(self) -> None:
        """A worker died: scan the rest here."""
        self.workers = 0
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def _submit(self) -> Iterator[tuple[Key, list[scan.Finding], str]]:
        batch, self.batch, self.batch_bytes = self.batch, [], 0
        if self.pool is None:
            yield from self._drain()
            yield from self._here(batch)
            return
        self.pool.put([piece for _, piece in batch])
        self.pending.append(batch)
        while len(self.pending) > 2 * self.workers:
            yield from self._oldest()

    def _drain(self) -> Iterator[tuple[Key, list[scan.Finding], str]]:
        while self.pending:
            yield from self._oldest()

    def _oldest(self) -> Iterator[tuple[Key, list[scan.Finding], str]]:
        from hooks.scan.workers import WorkerDied

        batch = self.pending.popleft()
        if self.pool is not None:
            try:
                results = self.pool.get()
            except WorkerDied:  # (killed, out of memory): this batch and the rest, here
                self._stop()
            else:
                for (key, _), (found, error) in zip(batch, results):
                    yield key, found, error
                return
        yield from self._here(batch)

    def _here(self, batch: list[tuple[Key, Piece]]) -> Iterator[tuple[Key, list[scan.Finding], str]]:
        for key, piece in batch:
            found, error = scan_piece(piece, self.scanner)
            yield key, found, error


class Progress:
    """`history: N/TOTAL commits` on stderr, rewritten in place, when stderr is a terminal."""

    def __init__(self, total: int, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.on = bool(getattr(self.stream, 'isatty', lambda: False)()) and total > 1
        self.last = 0.0

    def update(self, done: int) -> None:
        now = time.monotonic()
        if self.on and (now - self.last > 0.2 or done == self.total):
            self.last = now
            self.stream.write(f'\rhistory: {done}/{self.total} commits')
            self.stream.flush()

    def close(self) -> None:
        if self.on and self.last:
            self.stream.write('\r\033[K')
            self.stream.flush()


def scan_history(revs: Sequence[str], scanner: scan.Scanner, progress: bool = True,
                 log: gitlog.Log | None = None) -> HistoryResult:
    """Findings of the commits `revs` selects, one per secret, at the oldest commit adding it
    (through `scanner`, which is active).  `log`: gitlog.start(revs), when the caller started
    it already (before loading the scanner); else it is started here.  It is stopped here."""
    result = HistoryResult(findings=[], errors=[])
    if log is None:
        log = gitlog.start(revs)
        if log is None:
            return result
    seen: dict[tuple[str, str], HistoryFinding] = {}
    excluded: dict[str, bool] = {}

    def skip(path: str) -> bool:
        if path not in excluded:
            if len(excluded) > 100_000:  # bounded, whatever the number of paths
                excluded.clear()
            excluded[path] = scanner.is_excluded_name(path)
        return excluded[path]

    done = 0
    bar = None
    blobs = BlobReader()

    def inherited() -> list[int]:
        pipes = [blobs.proc.stdin, blobs.proc.stdout] if blobs.proc is not None else []
        return log.fds() + [p.fileno() for p in pipes if p is not None]

    scans = Scans(scanner, worker_count(), inherited)

    def record(scanned: Iterator[tuple[Key, list[scan.Finding], str]]) -> None:
        for (commit, date, path), found, error in scanned:
            if error:
                result.errors.append(f'{commit[:SHORT]} {path}: cannot scan ({error})')
            for f in found:
                _record(seen, HistoryFinding(f, commit, date))

    try:
        if progress and sys.stderr.isatty():  # (the total: counted beside the log, awaited here)
            bar = Progress(log.commits())
        for commit, date, path, piece in read_log(log.stdout, _Gate(scanner.engine).needs_scan, skip, blobs):
            if not path:
                done += 1
                if bar is not None:
                    bar.update(done)
                continue
            if piece is not None:
                record(scans.add((commit, date, path), piece))
        record(scans.finish())
        result.commits = log.finish()
    finally:
        scans.close()
        if bar is not None:
            bar.close()
        blobs.close()
        log.stop()  # (a scan stopped early leaves no git process, nor one waiting on a full pipe)
    result.findings = sorted(seen.values(), key=lambda h: (h.finding.filename, h.finding.line_number,
                                                          h.commit, h.finding.type))
    return result


def _record(seen: dict[tuple[str, str], HistoryFinding], new: HistoryFinding) -> None:
    """Keep one record per secret: commits arrive newest first, so a later one is older."""
    old = seen.get(new.secret_key)
    if old is None:
        seen[new.secret_key] = new
    elif old.commit == new.commit:  # twice in one commit: keep the first place, count once
        if (new.finding.filename, new.finding.line_number) < (old.finding.filename, old.finding.line_number):
            seen[new.secret_key] = dataclasses.replace(new, count=old.count)
    else:
        seen[new.secret_key] = dataclasses.replace(new, count=old.count + 1)
