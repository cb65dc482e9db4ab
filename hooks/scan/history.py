"""History mode: the lines each commit adds, through the same scan as the files of today.

One streamed `git log -p` pass (renames followed, binary diffs skipped, merges as combined
diffs so that only what a merge itself introduces is read).  For each file a commit touches,
its added lines are scanned as one text under the file's own name (detect-secrets picks
file-type-dependent regexes and transformers by name), each hunk separated by an empty line so
that no line borrows another hunk's line as context; findings are mapped back to line numbers
in that commit's version of the file.  Memory holds one file's added lines at a time (in
chunks for huge files) plus one record per distinct secret, whatever the size of the history.

Past a first megabyte of added text that the gate lets through, worker processes forked from
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
from hooks.errors import UsageError
from hooks.files import BINARY_SNIFF
from hooks.scan import prefilter
from hooks.scan import scanner as scan

if TYPE_CHECKING:
    from hooks.scan.engine import Engine
    from hooks.scan.workers import Pool

ZERO_SHA = '0' * 40
# A commit header line: NUL, full sha, author date.  No diff line starts with NUL.
FORMAT = '--format=tformat:%x00%H %as'
HUNK_RE = re.compile(rb'^@@+ [^+]*\+(\d+)(?:,\d+)? @@')
# Lines past this many bytes of added text are scanned in another piece (bounded memory).
PIECE = scan.CHUNK
SHORT = 10
# Added text is scanned in worker processes once this many bytes were read (a small push stays
# in one process: starting workers would cost more than it saves, and each worker forked before
# this process has compiled what a scan uses would compile it again), in batches of BATCH bytes
# or BATCH_PIECES pieces, at most two batches per worker in flight (bounded memory).
PARALLEL_AFTER = 1 << 20
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


def _git(args: Sequence[str], cwd: str = '.') -> str:
    """Output of a git command; UsageError with git's own first line when it fails."""
    try:
        proc = subprocess.run(['git', *args], cwd=cwd, capture_output=True)
    except OSError as e:
        raise UsageError(f'cannot run git: {e.strerror}') from None
    if proc.returncode != 0:
        raise _failed(args[0], proc.stderr)
    return proc.stdout.decode('utf-8', 'replace')


def _failed(command: str, stderr: bytes) -> UsageError:
    reason = stderr.decode('utf-8', 'replace').strip().splitlines()
    return UsageError(f'git {command}: {reason[0] if reason else "failed"}')


def revisions(since: str | None = None, range_: str | None = None, all_refs: bool = False) -> list[str]:
    """git rev-list arguments for the commits to read (default: everything HEAD reaches)."""
    for flag, value in (('--range', range_), ('--since', since)):
        if value is not None and (not value.strip() or value.startswith('-')):
            raise UsageError(f'{flag}: expected a revision, not an option or nothing')
    if range_ is not None:
        if '..' not in range_:
            raise UsageError(f'--range {range_}: expected A..B (the commits of B that A lacks)')
        return [range_]
    if since is not None:
        return [f'{since}..HEAD']
    if all_refs:
        return ['--all']
    return ['HEAD']


def push_revisions(env: dict[str, str] | None = None) -> list[str]:
    """The commits a pre-push hook is asked about: FROM..TO as pre-commit hands them over, or,
    for a new branch, the commits of the local branch that no ref of the remote has."""
    env = dict(os.environ if env is None else env)
    from_ref, to_ref = env.get('PRE_COMMIT_FROM_REF', ''), env.get('PRE_COMMIT_TO_REF', '')
    remote = env.get('PRE_COMMIT_REMOTE_NAME', '')
    not_remote = [f'--remotes={remote}'] if remote and _is_remote(remote) else []
    if to_ref == ZERO_SHA:
        return []  # deleting a remote branch: nothing is pushed
    if any(ref.startswith('-') for ref in (from_ref, to_ref, env.get('PRE_COMMIT_LOCAL_BRANCH', ''))):
        raise UsageError('pre-push: a ref handed over by pre-commit looks like an option')
    if from_ref and to_ref and from_ref != ZERO_SHA:
        return [to_ref, f'^{from_ref}', *(['--not', *not_remote] if not_remote else [])]
    tip = to_ref or env.get('PRE_COMMIT_LOCAL_BRANCH') or 'HEAD'
    return [tip, '--not', *(not_remote or ['--remotes'])]


def _is_remote(name: str) -> bool:
    try:
        return name in _git(['remote']).split()
    except UsageError:
        return False


def _shallow_boundaries() -> set[str]:
    path = _git(['rev-parse', '--git-path', 'shallow']).strip()
    try:
        with open(path, encoding='ascii') as f:
            return {line.strip() for line in f if line.strip()}
    except OSError:
        return set()


def check_shallow(revs: Sequence[str]) -> None:
    """Refuse a range that reaches past the edge of a shallow clone: its oldest commit would
    look as if it added every file (exit 2, with the way out)."""
    boundaries = _shallow_boundaries()
    if not boundaries:
        return
    shas = _git(['rev-list', *revs, '--']).split()
    cut = [s for s in shas if s in boundaries]
    if cut:
        raise UsageError(
            f'shallow clone: the history before commit {cut[0][:SHORT]} is missing, so the lines '
            'it added cannot be told from what it inherited; fetch the whole history first '
            '(`git fetch --unshallow`; in CI: a checkout with fetch-depth: 0)')


def count_commits(revs: Sequence[str]) -> int:
    return int(_git(['rev-list', '--count', *revs, '--']).strip() or 0)


class _CommitCount:
    """count_commits(revs), run beside the scan and read at its end (a walk of its own: a
    tenth of the time of a scan of 20,000 small commits, when run after it)."""

    def __init__(self, revs: Sequence[str]) -> None:
        self.proc = subprocess.Popen(['git', 'rev-list', '--count', *revs, '--'],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def pipes(self) -> list[IO[bytes] | None]:
        return [self.proc.stdout, self.proc.stderr]

    def result(self) -> int:
        out, err = self.proc.communicate()
        if self.proc.returncode != 0:
            raise _failed('rev-list', err)
        return int(out.strip() or 0)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.communicate()


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


def log_command(revs: Sequence[str]) -> list[str]:
    """`git log -p` as the history scan reads it, whatever the user's git configuration."""
    return [
        'git', '-c', 'core.quotepath=on', '-c', 'log.showroot=true', '-c', 'diff.noprefix=false',
        '-c', 'log.showSignature=false', '-c', 'diff.relative=false', '-c', 'core.safecrlf=false',
        # No deleted files (`d`): they add no line, and git would print every line they held.
        # (git then leaves out a commit that only deletes: scan_history counts commits apart.)
        'log', '-p', '--cc', '-M', '--diff-filter=d', '--no-color', '--no-ext-diff', '--no-textconv',
        '--unified=0',
        '--topo-order', '--no-abbrev-commit', '--full-index', '--src-prefix=a/', '--dst-prefix=b/',
        '--submodule=short', '--ignore-submodules=none', FORMAT,
        *revs, '--',
    ]


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


def scan_history(revs: Sequence[str], scanner: scan.Scanner, progress: bool = True) -> HistoryResult:
    """Findings of the commits `revs` selects, one per secret, at the oldest commit adding it
    (through `scanner`, which is active)."""
    result = HistoryResult(findings=[], errors=[])
    if not revs:
        return result
    _git(['rev-parse', '--git-dir'])  # not a repository: git's own message
    if list(revs) == ['HEAD'] and subprocess.run(
            ['git', 'rev-parse', '--verify', '--quiet', 'HEAD'], capture_output=True).returncode:
        return result  # no commit yet: an empty history
    check_shallow(revs)
    bar = count = None
    if progress and sys.stderr.isatty():  # the total costs a walk of its own: first only for a person
        bar = Progress(count_commits(revs))
    seen: dict[tuple[str, str], HistoryFinding] = {}
    excluded: dict[str, bool] = {}

    def skip(path: str) -> bool:
        if path not in excluded:
            if len(excluded) > 100_000:  # bounded, whatever the number of paths
                excluded.clear()
            excluded[path] = scanner.is_excluded_name(path)
        return excluded[path]

    done = 0
    cmd = log_command(revs)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=1 << 20)
    assert proc.stdout is not None and proc.stderr is not None
    blobs = BlobReader()

    def inherited() -> list[int]:
        pipes = [proc.stdout, proc.stderr, *(count.pipes() if count is not None else ())]
        if blobs.proc is not None:
            pipes += [blobs.proc.stdin, blobs.proc.stdout]
        return [p.fileno() for p in pipes if p is not None]

    scans = Scans(scanner, worker_count(), inherited)

    def record(scanned: Iterator[tuple[Key, list[scan.Finding], str]]) -> None:
        for (commit, date, path), found, error in scanned:
            if error:
                result.errors.append(f'{commit[:SHORT]} {path}: cannot scan ({error})')
            for f in found:
                _record(seen, HistoryFinding(f, commit, date))

    finished = False
    try:
        if bar is None:
            count = _CommitCount(revs)
        for commit, date, path, piece in read_log(proc.stdout, _Gate(scanner.engine).needs_scan, skip, blobs):
            if not path:
                done += 1
                if bar is not None:
                    bar.update(done)
                continue
            if piece is not None:
                record(scans.add((commit, date, path), piece))
        record(scans.finish())
        finished = True
    finally:
        scans.close()
        if bar is not None:
            bar.close()
        blobs.close()
        if not finished:
            proc.kill()  # stopped early: git must not wait on a full pipe
            if count is not None:
                count.stop()
        proc.stdout.close()
        stderr = proc.stderr.read()
        code = proc.wait()
    if code != 0:
        if count is not None:
            count.stop()
        reason = stderr.decode('utf-8', 'replace').strip().splitlines()
        raise UsageError(f'git log: {reason[0] if reason else f"exit {code}"}')
    # The commits walked: git's log leaves out those that only delete files (--diff-filter=d).
    result.commits = bar.total if bar is not None else count.result() if count is not None else 0
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


def provenance() -> tuple[str, str]:
    """(HEAD's sha, the `origin` remote's URL) for SARIF, each '' when unknown."""
    out = []
    for args in (['rev-parse', '--verify', '--quiet', 'HEAD'], ['remote', 'get-url', 'origin']):
        try:
            out.append(_git(args).strip())
        except UsageError:
            out.append('')
    return out[0], out[1]
