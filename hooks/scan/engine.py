"""The per-file scan loop: detect-secrets' own line loop, run only where it can find something.

`scan_lines` gives the same results as detect-secrets' `_process_line_based_plugins` (same
plugins, same filters, same code snippets for the allowlist pragma), but a plugin sees a line
only when the line holds the plugin's trigger (hooks.scan.prefilter), and a very long line (minified
code) is analysed in windows around its triggers so that no regex runs over megabytes.
"""
from __future__ import annotations

import bisect
import inspect
import itertools
import re
from typing import Any
from typing import Callable
from typing import Iterable
from typing import Iterator
from typing import Match
from typing import Pattern
from typing import Sequence

from detect_secrets.core.potential_secret import PotentialSecret
from detect_secrets.util.code_snippet import get_code_snippet
from detect_secrets.util.inject import get_injectable_variables

from hooks import ds_adapter
from hooks import lazyre
from hooks.scan import prefilter

# Past this length a line is minified code or data: analyse windows around each trigger.
LONG_LINE = 20_000
WINDOW = 2_000
MAX_WINDOW = 4 * WINDOW
THIN = 64

_SPACE_RE = re.compile(r'\s')
# How far past its start a sieve match reads (tests/scan/test_engine.py checks each sieve's width).
SIEVE_EXTENT = 2_048
SIEVE_BEHIND = 8  # how far before its start a sieve's lookbehind reads


def gap_marked(text: str, marks: tuple[str, ...]) -> str:
    """`text` with each of the marks (Trigger.gap) written as newlines, which no gap class
    holds: the same length, so a run found in it is at the same place in `text`."""
    for mark in marks:
        if mark in text:
            text = text.replace(mark, '\n' * len(mark))
    return text


class _Compiled:
    """A plugin's trigger, ready to search."""

    def __init__(self, trigger: prefilter.Trigger) -> None:
        self.literals = trigger.literals
        # Compiled when first searched: a trigger whose literals a scan never meets never is.
        self.regex = lazyre.compile(trigger.regex) if trigger.regex else None
        # A regex alone that is a class then a run of another (the entropy triggers' quote and
        # charset): searched as a substring of the text's bytes mapped through a table.
        self.run = (prefilter.class_sequence(trigger.regex)
                    if trigger.regex and not trigger.literals and not trigger.lower else None)
        self.paired = trigger.paired and self.run is not None
        self.sieve = lazyre.compile(trigger.sieve) if trigger.sieve and self.regex else None
        self.bare = trigger.bare if trigger.sieve and self.regex else None
        if self.bare is not None:
            self._stop = lazyre.compile(self.bare[0])
            # The sieve without its bare values: what can still match inside a long value's run.
            self._not_bare = lazyre.compile(re.sub(r'\(\?P<bare\w*>\)', '(?!)', trigger.sieve or ''))
        self._bare_run: tuple[str | None, int, int] = (None, 0, -1)  # (source, from, end) last read
        self._long_run: tuple[str | None, int, int] = (None, 0, 0)  # (source, after, before): no bare fits
        self._not_bare_at: tuple[str | None, int, Match[str] | None] = (None, 0, None)
        self.gap = trigger.gap if trigger.sieve and self.regex else None
        if self.gap is not None:
            cls, reach, _ = self.gap
            # A run of the class long enough to hold a part that is skipped (_skipped_runs):
            # a shorter text (most lines) holds none.
            self._gap_run = reach + SIEVE_EXTENT + SIEVE_BEHIND + 1
            self._gap_re = lazyre.compile(rf'(?<!{cls}){cls}{{{self._gap_run},}}')
        self._skipped: tuple[str | None, list[int], list[int]] = (None, [], [])  # (source, starts, ends)
        self.lower = trigger.lower

    def search(self, source: str, pos: int = 0) -> Match[str] | None:
        """`self.regex.search(source, pos)`, tried only at the start of `source` and where the
        sieve matches (the leftmost place the regex matches is one of those)."""
        assert self.regex is not None
        if self.sieve is None:
            return self.regex.search(source, pos)
        sieve, match, bare = self.sieve, self.regex.match, self.bare is not None
        if pos == 0:
            first = match(source)
            if first is not None:
                return first
        while True:
            long_source, after, before = self._long_run
            if long_source is source and after < pos < before:  # inside a run too long to fit
                s = self._next_not_bare(source, pos)
                if s is None or s.start() >= before:
                    pos = before
                    continue
            else:
                s = self._sieved(sieve, source, pos)
                if s is None:
                    return None
                if bare and (s.lastgroup or '').startswith('bare') and not self._bare_fits(source, s.start(), s.end()):
                    pos = s.start() + 1
                    continue
            m = match(source, s.start())
            if m is not None:
                return m
            pos = s.start() + 1

    def _bare_fits(self, source: str, at: int, start: int) -> bool:
        """Whether a bare value (Trigger.bare) can start at `start` (its sieve match starts at
        `at`): the run of characters outside the class is 1 to N long and whitespace follows it.
        The run's end is kept: the next sieve matches in the same run ask for the same end.

        A run too long to fit tells where no bare value can: a later sieve match (after `at`)
        has its value in this run or after it (between `at` and the value there are only name
        characters, then `=`), so one that starts before the run's end - N - span has its value
        more than N from the end.  The sieve without bare values is searched there."""
        assert self.bare is not None
        _, longest, span = self.bare
        seen, first, end = self._bare_run
        if seen is not source or not first <= start <= end:
            m = self._stop.search(source, start)
            end = m.start() if m is not None else len(source)
            self._bare_run = (source, start, end)
        if end - start > longest:
            self._long_run = (source, at, end - longest - span)
            return False
        return 1 <= end - start and _SPACE_RE.match(source, end) is not None

    def _skipped_runs(self, source: str) -> tuple[list[int], list[int]]:
        """(starts, ends) of the parts of `source` the sieve skips (Trigger.gap): the inside of
        each long run of the class without marks.  No match of the regex starts there (no
        character outside the class, nor mark, within the trigger's reach), and a sieve match
        starting before one reads the same characters when the search stops where it starts:
        each run keeps its first SIEVE_EXTENT characters (what a match starting before it may
        read) and SIEVE_BEHIND before its last R (what a lookbehind reads)."""
        seen, starts, ends = self._skipped
        if seen is not source:
            assert self.gap is not None
            _, reach, marks = self.gap
            starts, ends = [], []
            for run in self._gap_re.finditer(gap_marked(source, marks)):
                starts.append(run.start() + SIEVE_EXTENT)
                ends.append(run.end() - reach - SIEVE_BEHIND)
            self._skipped = (source, starts, ends)
        return starts, ends

    def _sieved(self, sieve: Pattern[str], source: str, pos: int) -> Match[str] | None:
        """`sieve.search(source, pos)`, where a match can start outside the skipped parts: each
        part between them searched up to where the next one starts."""
        if self.gap is None or len(source) < self._gap_run:
            return sieve.search(source, pos)
        seen, starts, ends = self._skipped
        if seen is not source:
            starts, ends = self._skipped_runs(source)
        if not starts:
            return sieve.search(source, pos)
        i = bisect.bisect_right(ends, pos)  # the first skipped part that ends after pos
        while True:
            if i < len(starts) and starts[i] <= pos:
                pos = ends[i]
                i += 1
                continue
            s = sieve.search(source, pos, starts[i]) if i < len(starts) else sieve.search(source, pos)
            if s is not None or i >= len(starts):
                return s
            pos = ends[i]
            i += 1

    def _next_not_bare(self, source: str, pos: int) -> Match[str] | None:
        """The sieve without bare values, searched from `pos`; its last answer is kept (the
        same for every `pos` up to it)."""
        seen, first, found = self._not_bare_at
        if seen is not source or pos < first or (found is not None and pos > found.start()):
            found = self._sieved(self._not_bare, source, pos)
            self._not_bare_at = (source, pos, found)
        return found

    def positions(self, line: str, lowered: str,
                  known: dict[tuple[Any, bool], list[tuple[int, int]]] | None = None) -> list[tuple[int, int]]:
        """(start, end) of the trigger's hits in one long line: its precise regex when it has
        one (few hits, so few windows), else its literals.  Hits closer than THIN to the last
        one are skipped: their windows are that one's, give or take THIN characters at the end
        (and a window's end grows to the end of what it cuts).  `known`: the hits of each regex
        and literal already searched in this line (plugins share literals such as `secret`)."""
        known = {} if known is None else known
        source = lowered if self.lower else line
        if self.regex is not None:
            return self._hits(known, (self.regex, self.lower), source, self.search)
        found: list[tuple[int, int]] = []
        for literal in self.literals:
            found += self._hits(known, (literal, self.lower), source)
        return found

    @staticmethod
    def _hits(known: dict[tuple[Any, bool], list[tuple[int, int]]], key: tuple[Any, bool],
              source: str, search: Callable[[str, int], Match[str] | None] | None = None,
              ) -> list[tuple[int, int]]:
        """The hits of a literal or regex (`search`: its search, the sieve's where it has one:
        the same matches), remembered in `known`."""
        hits = known.get(key)
        if hits is None:
            hits = known[key] = []
            needle = key[0]
            if isinstance(needle, str):
                pos = source.find(needle)
                while pos != -1:
                    hits.append((pos, pos + len(needle)))
                    pos = source.find(needle, pos + THIN)
            else:
                search = search or needle.search
                m = search(source, 0)
                while m is not None:
                    hits.append((m.start(), m.end()))
                    m = search(source, max(m.end(), m.start() + THIN))
        return hits


def compiled_triggers(plugins: Sequence[Any]) -> list[_Compiled | None]:
    """Each plugin's trigger, compiled (None: the plugin reads every line)."""
    compiled = []
    for plugin in plugins:
        t = prefilter.trigger(plugin)
        compiled.append(_Compiled(t) if t is not None else None)
    return compiled


def _join(lines: list[str]) -> tuple[str, list[int]]:
    """The text `lines` make, each ended by a newline, and where each line starts.

    The offsets come from the lines themselves, never from splitting the text: a transformed
    line (a YAML block scalar's value) holds newlines of its own, and detect-secrets reports
    whatever it finds in `lines[i]` at line i + 1.
    """
    ended = [line if line.endswith('\n') else line + '\n' for line in lines]
    starts = list(itertools.accumulate(map(len, ended), initial=0))
    starts.pop()
    return ''.join(ended), starts


# The characters other than A-Z that re.IGNORECASE matches to an ASCII character, but whose
# lower() is not that character: U+0130 (lower() makes it two characters), U+0131, U+017F.
# (U+212A, the Kelvin sign, lower-cases to `k`.)  tests/scan/test_engine.py checks the table
# against every code point.
_IGNORECASE_ASCII = (('\u0130', 'i'), ('\u0131', 'i'), ('\u017f', 's'))


def ascii_folded(text: str, lowered: str | None = None) -> str:
    """`text` with each character that re.IGNORECASE matches to an ASCII character written as
    that character in lower case, every other one lower-cased: one character for one, so the
    offsets are those of `text`.  An ASCII string in lower case is found in it exactly where
    re.IGNORECASE finds it in `text`.  (`lowered`: `text.lower()`, when the caller has it.)"""
    folded = text
    for special, ascii in _IGNORECASE_ASCII:
        if special in folded:
            folded = folded.replace(special, ascii)
    return lowered if folded is text and lowered is not None else folded.lower()


class _Text:
    """A file's text, its lower-cased twin and line offsets, with per-literal hit caches
    (plugins share literals such as `key` and `secret`)."""

    def __init__(self, text: str, starts: list[int]) -> None:
        self.text = text
        lowered = text.lower()
        # lower() keeps offsets unless a character expands (U+0130); then search the text with
        # re.IGNORECASE semantics line by line instead.
        self.lowered = lowered if len(lowered) == len(text) else None
        # Where lower() does not keep offsets, the literals of lower-case triggers are found in
        # the text's ASCII fold: where re.IGNORECASE finds them in the text (see candidates).
        self.folded = lowered if self.lowered is not None else ascii_folded(text)
        self.starts = starts
        self._literal_hits: dict[tuple[str, bool], list[int]] = {}
        self._bytes: bytes | None = None
        self._mapped: dict[bytes, bytes] = {}

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def line_length(self, line: int) -> int:
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return end - self.starts[line]

    def line_text(self, line: int, lower: bool) -> str:
        source = self.lowered if lower and self.lowered is not None else self.text
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(source)
        segment = source[self.starts[line]:end]
        return segment.lower() if lower and self.lowered is None else segment

    def _search_lines(self, find: Any, needle: Any) -> list[int]:
        """Lines holding `needle`: one search per hit line (we jump to the next line)."""
        lines = []
        starts = self.starts
        pos = find(needle, 0)
        while pos != -1:
            line = self.line_of(pos)
            lines.append(line)
            if line + 1 >= len(starts):
                break
            pos = find(needle, starts[line + 1])
        return lines

    def literal_lines(self, literal: str, lower: bool) -> list[int]:
        key = (literal, lower)
        hits = self._literal_hits.get(key)
        if hits is None:
            if lower and self.lowered is None:
                pattern = re.compile(re.escape(literal), re.IGNORECASE)
                hits = self._regex_lines(pattern, self.text)
            else:
                hits = self._search_lines((self.lowered if lower else self.text).find, literal)  # type: ignore[union-attr]
            self._literal_hits[key] = hits
        return hits

    def _regex_lines(self, pattern: Pattern[str], source: str) -> list[int]:
        def find(p: Pattern[str], pos: int) -> int:
            m = p.search(source, pos)
            return -1 if m is None else m.start()
        return self._search_lines(find, pattern)

    def trigger_lines(self, t: _Compiled) -> list[int]:
        if t.literals:
            lines = sorted({line for lit in t.literals for line in self.literal_lines(lit, t.lower)})
            if t.regex is None:
                return lines
            search = t.search
            # A very long line is kept on its literal alone: its windows get the precise check.
            return [
                line for line in lines
                if self.line_length(line) > LONG_LINE or search(self.line_text(line, t.lower))
            ]
        assert t.regex is not None
        if t.run is not None:
            found = self._run_lines(*t.run, paired=t.paired)
            if found is not None:
                return found
        if t.lower and self.lowered is None:
            return self._regex_lines(re.compile(t.regex.pattern, re.IGNORECASE), self.text)
        return self._regex_lines(t.regex, self.lowered if t.lower else self.text)  # type: ignore[arg-type]

    def _run_lines(self, table: bytes, needle: bytes, paired: bool = False) -> list[int] | None:
        """`_regex_lines` of a pattern of ASCII classes (prefilter.class_sequence), found in the
        text's UTF-8 bytes mapped through `table`: an ASCII character is one byte of itself and
        every other character bytes >= 0x80 (mapped to 0, in no class).  Offsets are carried
        from bytes to characters as the search goes (a line of the text may hold newlines: a
        transformed value).  None when the text cannot be encoded (a lone surrogate).

        `paired` (Trigger.paired): only a run that the quote opening it closes counts, as in
        the plugin's own regex (`(['"])[charset]+\\1`, whose charset holds no quote)."""
        if self._bytes is None:
            try:
                self._bytes = self.text.encode('utf-8')
            except UnicodeEncodeError:
                return None
        mapped = self._mapped.get(table)
        if mapped is None:
            mapped = self._mapped[table] = self._bytes.translate(table)
        data, text, starts, ascii_only = self._bytes, self.text, self.starts, self.text.isascii()
        lines = []
        at_byte = at_char = 0  # one place, in bytes and in characters
        pos = mapped.find(needle)
        while pos != -1:
            if paired:
                after = _NOT_IN_RUN.search(mapped, pos + len(needle))  # the run's end
                if after is None or data[after.start()] != data[pos]:
                    pos = mapped.find(needle, pos + 1)
                    continue
            if ascii_only:
                at_byte = at_char = pos
            else:
                at_char += len(data[at_byte:pos].decode('utf-8'))
                at_byte = pos
            line = self.line_of(at_char)
            lines.append(line)
            if line + 1 >= len(starts):
                break
            nxt = starts[line + 1]
            at_byte += nxt - at_char if ascii_only else len(text[at_char:nxt].encode('utf-8'))
            at_char = nxt
            pos = mapped.find(needle, at_byte)
        return lines


_NOT_IN_RUN = re.compile(rb'[^\x01]')  # (a class_sequence table maps a run's characters to 1)


# Past this many hits of trigger literals on one line (base64 in an `.svg`), the rest of the
# line is checked literal by literal instead: one `in` per literal, not one search per hit.
DENSE_HITS = 16


def _trie_pattern(words: Sequence[str]) -> str:
    """A regex matching the longest of `words` that starts at a place, written as their trie
    (`a(?:ws|kia)|pass(?:word)?`): an alternation of the words themselves tries each of them
    at every place the search passes."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for c in word:
            node = node.setdefault(c, {})
        node[''] = {}  # a word ends here

    def build(node: dict[str, Any]) -> str:
        # Longer continuations first, ending here last: the match is the longest word.
        alternatives = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not alternatives:
            return ''
        if len(alternatives) == 1 and '' not in node:
            return alternatives[0]
        group = '(?:' + '|'.join(alternatives) + ')'
        return group + '?' if '' in node else group

    return build(trie)


# How common a character is in code and prose (per mille, roughly): a literal is searched from
# its rarest character on (`eyJ` from `J`), not from a common first letter.
_COMMON = {c: f for c, f in zip('etaoinshrdlcumwfgypbvkjxqz', (  # pragma: allowlist secret (English letters by frequency)
    127, 91, 82, 75, 70, 67, 63, 61, 60, 43, 40, 28, 28, 24, 24, 22, 20, 20, 19, 15, 10, 8, 2, 2, 1, 1))}
_COMMON.update({' ': 150, '_': 30, '.': 20, '-': 15, '/': 10, ':': 10, '=': 10})


def _commonness(c: str) -> float:
    if c in _COMMON:
        return _COMMON[c]
    if c.isupper():
        return _COMMON.get(c.lower(), 5) / 10
    return 10 if c.isdigit() else 5


def _anchor_offset(literal: str) -> int:
    """Where a literal's search starts: its rarest character when that is far rarer than its
    first one, else its start."""
    # (an anchor of one character would be a hit, and a check, at each of its occurrences)
    best = min(range(max(1, len(literal) - 1)), key=lambda i: (_commonness(literal[i]), i))
    return best if _commonness(literal[best]) * 2 < _commonness(literal[0]) else 0


class _Literals:
    """Every trigger literal of one case (as written, or lower case), found in one pass.

    One search per hit of the alternation (a trie) of the literals' *anchors* (each literal from
    its rarest character on: `eyJ` is searched as `J`, far rarer than `e`), not one `find` per
    literal per line.  At a hit, the anchors found there are the one matched and those that are
    prefixes of it (any two strings matching at one place are prefixes of each other); a literal
    whose anchor is its whole self is there, one anchored further in is there when the text
    before the hit holds the rest of it.  The next search starts one character after the hit,
    so overlapping literals are all found.  (`anchored`: False, each literal is its own anchor.)
    """

    def __init__(self, literals: set[str], anchored: bool = True) -> None:
        self.literals = sorted(literals, key=lambda s: (-len(s), s))
        offsets = {lit: _anchor_offset(lit) if anchored else 0 for lit in self.literals}
        self.before = max(offsets.values(), default=0)  # characters a literal may start before its anchor
        anchors = sorted({lit[o:] for lit, o in offsets.items()}, key=lambda s: (-len(s), s))
        self.search = re.compile(_trie_pattern(anchors)).search
        # anchor matched -> (literals there for sure, (literal, offset) to check before the hit)
        self.at: dict[str, tuple[frozenset[str], tuple[tuple[str, int], ...]]] = {}
        for anchor in anchors:
            owned = [(lit, o) for lit, o in offsets.items() if anchor.startswith(lit[o:])]
            self.at[anchor] = (frozenset(lit for lit, o in owned if o == 0),
                               tuple((lit, o) for lit, o in owned if o))
        self._present: tuple[Any, dict[str, frozenset[str]], dict[str, tuple[str, ...]]] | None = None

    def present(self, segment: str) -> set[str]:
        """The literals `segment` holds (`lit in segment` for each of them), from one search.

        The search finds, left to right without overlaps, the longest literal at each place; a
        literal it passes over starts inside a match (at its start, the match is longer): it is
        either inside that match, or starts in it and ends past it, and is then looked for."""
        if self._present is None:  # (built when first needed: most scans have no dense line)
            self._present = (
                re.compile(_trie_pattern(self.literals)).findall,
                {m: frozenset(lit for lit in self.literals if lit in m) for m in self.literals},
                {m: tuple(lit for lit in self.literals
                          if any(lit.startswith(m[i:]) and len(lit) > len(m) - i for i in range(1, len(m))))
                 for m in self.literals},
            )
        findall, inside, overlapping = self._present
        found = set(findall(segment))
        present: set[str] = set().union(*(inside[m] for m in found))
        for m in found:
            for lit in overlapping[m]:
                if lit not in present and lit in segment:
                    present.add(lit)
        return present

    def lines(self, text: _Text, source: str) -> dict[int, set[str]]:
        """line index -> the literals on that line (`source`: the text or its lower-cased twin)."""
        found: dict[int, set[str]] = {}
        search, at, starts = self.search, self.at, text.starts
        last = len(starts) - 1
        line, line_end, hits = -1, -1, 0
        here: set[str] = set()
        m = search(source)
        while m is not None:
            pos = m.start()
            if pos >= line_end:
                line = bisect.bisect_right(starts, pos) - 1
                line_end = starts[line + 1] if line < last else len(source)
                here = found[line] = set()
                hits = 0
            sure, checks = at[m.group()]
            here |= sure
            for lit, o in checks:
                # (a literal holds no newline: when it is there, it starts on this line)
                if pos >= o and source.startswith(lit, pos - o):
                    here.add(lit)
            hits += 1
            if hits > DENSE_HITS:
                segment = source[max(starts[line], pos - self.before):line_end]
                here |= self.present(segment)
                if line >= last:
                    break
                m = search(source, line_end)
                continue
            m = search(source, pos + 1)
        return found


def _search_literals(t: _Compiled) -> tuple[str, ...]:
    """The literals to search for a trigger's lines: its own, or, when every match of its regex
    holds one of a set of longer strings each starting with one of its literals, those (`AP` ->
    `AP0`..`APF`): the lines holding one of them and matching the regex are the same lines,
    found with fewer hits.  (Starting with: the search still starts only where one of the
    trigger's own literals can, so it is never slower.)"""
    if t.regex is None or not t.literals:
        return t.literals
    required = prefilter.required_literals(t.regex.pattern)
    if required is None or not all(any(r.startswith(lit) for lit in t.literals) for r in required):
        return t.literals
    return tuple(sorted(required))


def _caseless(literal: str) -> bool:
    """No character of the literal has a case: it is found at the same places in a text and in
    its lower-cased twin (which keeps offsets: see _Text), so one search of either serves both."""
    return literal.isascii() and literal.lower() == literal.upper()


# The characters of lines whose regex verdicts _TriggerSet keeps (then it forgets them all).
VERDICT_CHARS = 4_000_000


class _TriggerSet:
    """The triggers of an engine's plugins, arranged to find all their lines in few passes."""

    def __init__(self, triggers: Sequence[_Compiled | None]) -> None:
        self.triggers = list(triggers)
        self.literals = [() if t is None else _search_literals(t) for t in triggers]
        # (index, trigger) of the plugins without literals: their lines are found one by one
        self.unliteral = [(i, t) for i, t in enumerate(self.triggers) if t is None or not t.literals]
        raw = {lit for t, lits in zip(triggers, self.literals) if t is not None and not t.lower for lit in lits}
        lower = {lit for t, lits in zip(triggers, self.literals) if t is not None and t.lower for lit in lits}
        # A literal without case is searched once, in the text: its hits count for both.
        self.shared = frozenset(lit for lit in lower if _caseless(lit))
        raw |= self.shared
        lower -= self.shared
        # A literal holding a newline could span two lines: the per-literal search then.
        self.one_pass = not any('\n' in lit for lit in raw | lower)
        self.raw = _Literals(raw) if raw else None
        # (in lower case every letter is common, and a short tail of a word is in many others:
        # `dapi` searched as `pi` was a hit in every `api`; its lower-case literals are searched
        # whole, each from its first character)
        self.lower = _Literals(lower, anchored=False) if lower else None
        # Literals the ASCII fold finds where re.IGNORECASE does (ascii_folded): ASCII, no capitals.
        self.ascii_lower = all(lit.isascii() and lit == lit.lower() for lit in lower)
        self._plugins: dict[tuple[frozenset[str], frozenset[str]], list[int]] = {}
        # (trigger index, line) -> whether the trigger's regex matches the line: the same lines
        # recur across texts (a commit's files, the translations of one document).
        self._verdicts: dict[tuple[int, str], bool] = {}
        self._verdict_chars = 0

    def matches(self, index: int, line: str) -> bool:
        """Whether trigger `index`'s regex matches `line` (its view of one line), remembered
        for up to VERDICT_CHARS characters of lines."""
        key = (index, line)
        known = self._verdicts.get(key)
        if known is None:
            t = self.triggers[index]
            assert t is not None
            if self._verdict_chars > VERDICT_CHARS:
                self._verdicts.clear()
                self._verdict_chars = 0
            known = self._verdicts[key] = t.search(line) is not None
            self._verdict_chars += len(line)
        return known

    def plugins_of(self, raw: frozenset[str], lower: frozenset[str]) -> list[int]:
        """Indexes of the plugins with literals one of which is among those found on a line."""
        key = (raw, lower)
        hit = self._plugins.get(key)
        if hit is None:
            lower = lower | (raw & self.shared)
            hit = self._plugins[key] = [
                i for i, (t, lits) in enumerate(zip(self.triggers, self.literals))
                if t is not None and lits and not (lower if t.lower else raw).isdisjoint(lits)
            ]
        return hit


def candidates(text: _Text, triggers: Sequence[_Compiled | None] | _TriggerSet) -> dict[int, list[int]]:
    """line index -> indexes of the plugins whose trigger occurs on that line (ascending)."""
    if not isinstance(triggers, _TriggerSet):
        triggers = _TriggerSet(triggers)
    if not triggers.one_pass or (triggers.lower is not None and text.lowered is None
                                 and not (triggers.ascii_lower and len(text.folded) == len(text.text))):
        return _candidates_per_trigger(text, triggers.triggers)
    raw = triggers.raw.lines(text, text.text) if triggers.raw is not None else {}
    # (without `lowered`: the ASCII fold, in which an ASCII lower-case literal is where the
    # per-trigger search finds it with re.IGNORECASE; a line's regex check still reads the
    # line's lower(), as that search does: `line_text`)
    lower = triggers.lower.lines(text, text.folded) if triggers.lower is not None else {}
    sets: dict[int, set[int]] = {}
    empty: frozenset[str] = frozenset()
    every, matches = triggers.triggers, triggers.matches
    for line in raw.keys() | lower.keys():
        plugins = triggers.plugins_of(frozenset(raw.get(line, empty)), frozenset(lower.get(line, empty)))
        kept = set()
        # A very long line is kept on its literal alone: its windows get the precise check.
        long = text.line_length(line) > LONG_LINE
        views: list[str | None] = [None, None]  # the line as written, lower-cased: read once
        for i in plugins:
            t = every[i]
            assert t is not None
            if t.regex is None or long:
                kept.add(i)
                continue
            view = views[t.lower]
            if view is None:
                view = views[t.lower] = text.line_text(line, t.lower)
            if matches(i, view):
                kept.add(i)
        if kept:
            sets[line] = kept
    for index, t in triggers.unliteral:
        for line in (range(len(text.starts)) if t is None else text.trigger_lines(t)):
            sets.setdefault(line, set()).add(index)
    return {line: sorted(found) for line, found in sets.items()}


def _candidates_per_trigger(text: _Text, triggers: Sequence[_Compiled | None]) -> dict[int, list[int]]:
    """`candidates`, one trigger at a time."""
    out: dict[int, list[int]] = {}
    for index, t in enumerate(triggers):
        lines = range(len(text.starts)) if t is None else text.trigger_lines(t)
        for line in lines:
            out.setdefault(line, []).append(index)
    return out


def _windows(line: str, lowered: str, t: _Compiled | None, plugin: Any = None,
             known: dict[tuple[Any, bool], list[tuple[int, int]]] | None = None) -> list[tuple[int, int]]:
    """Merged (start, end) windows of +-WINDOW characters around a plugin's trigger hits in a
    very long line (`lowered`: the line in lower case, same offsets; `known`: _Compiled.positions')."""
    if t is None:
        return [(i, min(len(line), i + LONG_LINE)) for i in range(0, len(line), LONG_LINE)]
    spans = [
        (max(0, start - WINDOW), min(len(line), end + WINDOW))
        for start, end in t.positions(line, lowered, known)
    ]
    pairing = getattr(plugin, 'regex', None)
    if pairing is not None and spans:
        # Quoted-string plugins pair quotes left to right: a window must not start inside a
        # string the whole-line scan pairs, or it would pair them differently.  Start it at
        # that string's opening quote instead (the scan then proceeds as on the whole line).
        matches = [(m.start(), m.end()) for m in pairing.finditer(line)]
        match_starts = [s for s, _ in matches]
        aligned = []
        for start, end in spans:
            i = bisect.bisect_right(match_starts, start) - 1
            if i >= 0 and matches[i][0] < start < matches[i][1]:
                start = matches[i][0]
            aligned.append((start, end))
        spans = aligned
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        # Merge overlapping windows, but never into one huge window (minified code is dense
        # with triggers): then the next window overlaps this one instead.
        if merged and start <= merged[-1][1] and end - merged[-1][0] <= MAX_WINDOW:
            merged[-1][1] = max(merged[-1][1], end)
        elif not merged or end > merged[-1][1]:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


# Characters that end a token: a window never stops inside a token (a 5 KB JWT is read whole).
_BOUNDARY = ' \t\f\v"\'`,;()[]{}<>'
_TOKEN_TAIL_RE = re.compile(r'[^\s"\'`,;()\[\]{}<>]*')
_BOUNDARY_RE = re.compile(r'[\s"\'`,;()\[\]{}<>]')
# What the per-finding filters see of a very long line: the finding and a few tokens around it
# (a URL, `rev: <sha>`, `"key": "value"`), not the whole window: a line dense with findings
# would cost findings x window.
CONTEXT = 200
CONTEXT_TOKENS = 4
# What a finding the filters drop on its surroundings is judged again with: a credential's host
# or connection string may stand further back (`host=10.1.2.3 port=5432 dbname=shop user=app
# password=admin`: a trivial password at a real host is a secret, at no host a sample).
WIDE_CONTEXT = 1_000
WIDE_CONTEXT_TOKENS = 32
DENSE = 32


def _token_start(line: str, pos: int, floor: int) -> int:
    """Where the token holding line[pos - 1] starts, looking back no further than `floor`."""
    best = floor
    for c in _BOUNDARY:
        i = line.rfind(c, floor, pos)
        if i + 1 > best:
            best = i + 1
    return best


def _context(line: str, start: int, end: int, chars: int = CONTEXT, tokens: int = CONTEXT_TOKENS) -> str:
    """line[start:end] and up to `tokens` tokens (at most `chars` characters) each side."""
    boundaries = _boundaries_of(line)
    lo = max(0, start - chars)
    before = boundaries.between(lo, start)
    if len(before) >= tokens:
        lo = before[-tokens]
    hi = min(len(line), end + chars)
    after = boundaries.between(end, hi)
    if len(after) >= tokens:
        hi = after[tokens - 1] + 1
    return line[lo:hi]


class _Boundaries:
    """Where a line's token boundaries (_BOUNDARY_RE, one character each) are, found block by
    block as findings ask: a line dense with findings asked the regex for the same boundaries
    around every finding (tens of match objects each)."""

    BLOCK = 4096

    def __init__(self, line: str) -> None:
        self.line = line
        self._blocks: dict[int, list[int]] = {}

    def _block(self, k: int) -> list[int]:
        found = self._blocks.get(k)
        if found is None:
            lo = k * self.BLOCK
            found = self._blocks[k] = [m.start() for m in _BOUNDARY_RE.finditer(self.line, lo, lo + self.BLOCK)]
        return found

    def between(self, lo: int, hi: int) -> list[int]:
        """The boundaries at lo <= position < hi, in order."""
        if hi <= lo:
            return []
        first, last = lo // self.BLOCK, (hi - 1) // self.BLOCK
        if first == last:
            block = self._block(first)
            return block[bisect.bisect_left(block, lo):bisect.bisect_left(block, hi)]
        out: list[int] = []
        for k in range(first, last + 1):
            block = self._block(k)
            out.extend(block[bisect.bisect_left(block, lo):bisect.bisect_left(block, hi)])
        return out


_BOUNDARIES: list[_Boundaries] = []  # the last line's (a long line's findings come together)


def _boundaries_of(line: str) -> _Boundaries:
    if not _BOUNDARIES or _BOUNDARIES[0].line is not line:
        _BOUNDARIES[:] = [_Boundaries(line)]
    return _BOUNDARIES[0]


# Verdicts remembered by a _Filters (bounded: emptied when full).
VERDICTS = 4096


# The arguments the per-finding filter lists are called with, in this order.
_FILTER_ARGUMENTS = ('filename', 'secret', 'plugin', 'line', 'context')
_Caller = Callable[[str, Any, Any, str, Any], Any]


def _caller(fn: Any, names: tuple[str, ...]) -> _Caller:
    """`fn` called with the keyword arguments `names` out of _FILTER_ARGUMENTS, given
    positionally: one call per filter and finding, without building a dict of arguments for it
    (that was a sixth of the time on a line dense with findings).  `names` are identifiers of
    _FILTER_ARGUMENTS only (checked), so the generated source is one of 32 fixed forms."""
    assert set(names) <= set(_FILTER_ARGUMENTS)
    call = ', '.join(f'{name}={name}' for name in names)
    source = f'lambda {", ".join(_FILTER_ARGUMENTS)}: fn({call})'
    return eval(source, {'fn': fn})  # type: ignore[no-any-return]


def _cannot_take(fn: Any, names: tuple[str, ...]) -> bool:
    """Whether calling `fn` with the keyword arguments `names` raises TypeError before running
    (a parameter without a default is not among them): detect-secrets asks every filter that
    takes the `line` (or `secret`) and skips the ones that raise; such a call need not be made."""
    code = getattr(fn, '__code__', None)
    if code is None or code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return False
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(
        p.default is p.empty and p.name not in names
        and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        for p in parameters
    )


class _Filters:
    """detect-secrets' filters, called as its `_is_filtered_out` calls them (same order, a
    filter missing an argument skipped), without its per-call argument introspection: on a
    line dense with findings that introspection was most of the time."""

    def __init__(self, filters: Sequence[Any]) -> None:
        self.line = line_filters = self._select(filters, 'line', ('filename', 'line', 'context'))
        # The filters of a file's name alone (a history's paths), less those that need more.
        self.file = [fn for fn, names in self._select(filters, 'filename', ('filename',))
                     if not _cannot_take(fn, names)]
        self.secret = self._select(filters, 'secret', ('filename', 'secret', 'plugin', 'line'))
        # The secret filters that do not read the plugin give one verdict per (filename, secret,
        # line): several plugins report the same value at the same place (the keyword and slot
        # plugins, basic auth and the URL plugin), and the verdict is remembered for the next.
        # Filters are pure predicates, so asking some before the others changes no result.
        self.secret_any_plugin = [(fn, names) for fn, names in self.secret if 'plugin' not in names]
        self.secret_per_plugin = [(fn, names) for fn, names in self.secret if 'plugin' in names]
        self._verdicts: dict[tuple[str, str | None, str], bool] = {}
        # A context filter that takes only the line's arguments (the allowlist pragma) was
        # asked by the line pass already, with the same arguments: the line would be skipped.
        line_only = {fn for fn, _ in line_filters
                     if ds_adapter.parameters_of(fn) <= {'filename', 'line', 'context'}}
        self.context = [
            (fn, names)
            for fn, names in self._select(filters, 'context', ('filename', 'secret', 'plugin', 'line', 'context'))
            if fn not in line_only
        ]
        # The per-finding lists as positional callers, less the filters that could only raise
        # TypeError there (`is_sample_password` is asked with the context, in self.context).
        self._line = self._callers([(fn, names) for fn, names in self.line if not ds_adapter.is_allowlist_filter(fn)])
        self._allowlist = self._callers([(fn, names) for fn, names in self.line if ds_adapter.is_allowlist_filter(fn)])
        self._any_plugin = self._callers(self.secret_any_plugin)
        self._per_plugin = self._callers(self.secret_per_plugin)
        self._context = self._callers(self.context)

    @staticmethod
    def _select(filters: Sequence[Any], required: str,
                given: tuple[str, ...]) -> list[tuple[Any, tuple[str, ...]]]:
        return [
            (fn, tuple(name for name in given if name in ds_adapter.parameters_of(fn)))
            for fn in ds_adapter.filters_with(filters, required)
        ]

    @staticmethod
    def _callers(filters: list[tuple[Any, tuple[str, ...]]]) -> list[_Caller]:
        return [_caller(fn, names) for fn, names in filters if not _cannot_take(fn, names)]

    def forget(self) -> None:
        self._verdicts.clear()

    def secret_out(self, filename: str, secret: str | None, plugin: Any, line: str) -> bool:
        """`out(self.secret, ...)`, the plugin-independent part asked once per place."""
        key = (filename, secret, line)
        verdict = self._verdicts.get(key)
        if verdict is None:
            if len(self._verdicts) >= VERDICTS:
                self._verdicts.clear()
            verdict = self._verdicts[key] = _any_out(self._any_plugin, filename, secret, None, line, None)
        return verdict or _any_out(self._per_plugin, filename, secret, plugin, line, None)

    def line_out(self, filename: str, line: str, snippet: Any) -> bool:
        """`out(self.line, ...)`: the allowlist pragma filter only where its literal is (its
        regex over a line of megabytes cost a fifth of a second), the filters that need a secret
        not at all (they could only raise TypeError)."""
        if _any_out(self._line, filename, None, None, line, snippet):
            return True
        literal = ds_adapter.ALLOWLIST_LITERAL
        if self._allowlist and (literal in line or literal in snippet.previous_line):
            return _any_out(self._allowlist, filename, None, None, line, snippet)
        return False

    def context_out(self, filename: str, secret: str | None, plugin: Any, line: str, context: Any) -> bool:
        """`out(self.context, ...)`."""
        return _any_out(self._context, filename, secret, plugin, line, context)

    @staticmethod
    def out(filters: list[tuple[Any, tuple[str, ...]]], **kwargs: Any) -> bool:
        for fn, names in filters:
            try:
                # (a filter taking every argument given is called with them as they are)
                if fn(**(kwargs if len(names) == len(kwargs) else {name: kwargs[name] for name in names})):
                    return True
            except TypeError:
                pass  # as detect-secrets: a filter that does not fit these arguments
        return False


def _any_out(callers: list[_Caller], filename: str, secret: str | None, plugin: Any, line: str,
             context: Any) -> bool:
    """Whether a filter of `callers` drops the finding (`_Filters.out`, positionally)."""
    for call in callers:
        try:
            if call(filename, secret, plugin, line, context):
                return True
        except TypeError:
            pass  # as detect-secrets: a filter that does not fit these arguments
    return False


def _keyword_leftmost(regexes: list[Pattern[str]], text: str, plan: _KeywordPlan) -> dict[Pattern[str], Any]:
    """`regex.search(text)` for each of detect-secrets' keyword regexes that begin with the
    keyword (`(password|api_?key|...)\\w*...`, same flags), in linear time.

    Their `\\w*` after the keyword makes `search` quadratic on a long run of word characters
    holding many keywords (`passwordpassword...`: 4 KB took seconds).  A match can only start
    where a keyword starts; and within one run of word characters, every keyword start after
    the first can only end its `\\w*` where the first one can, with the same continuation: if
    the first start of a run fails, the whole run fails.  So one `match` per run (at its first
    keyword) gives the leftmost match `search` gives.

    That one `match` still reads the run to its end and back (its `\\w*`): a regex whose match
    goes on past the run only as it can from the run's end (_KeywordPlan.guards) is matched
    only where what follows the run lets it (`plan`: the table's).
    """
    found: dict[Pattern[str], Any] = {}
    flags = regexes[0].flags
    semicolon, guards = plan.semicolon, plan.guards
    if flags & re.IGNORECASE and text.isascii():
        starts: Iterable[int] = _first_names_of_runs(text)
    else:
        starts = (k.start(1) for k in _keyword_starts(flags).finditer(text))
    for start in starts:
        tail_ok: bool | None = None
        run_end = _WORD_RUN_RE.match(text, start).end()  # type: ignore[union-attr]
        for regex in regexes:
            if regex not in found:
                if regex in semicolon:
                    # Its `\\w*[^\\s]{0,50}?` tries 50 continuations at every end of the run
                    # (50 x a 1 MB run: seconds); all need a quote within 50 non-spaces (and
                    # spaces) past the run's end.  No quote there: no match in this run.
                    if tail_ok is None:
                        tail_ok = _QUOTE_SOON_RE.match(text, run_end) is not None
                    if not tail_ok:
                        continue
                guard = guards.get(regex)
                if guard is not None and guard.match(text, run_end) is None:
                    continue
                m = regex.match(text, start)
                if m is not None:
                    found[regex] = m
        if len(found) == len(regexes):
            break
    return found


_KEYWORD_STARTS: dict[int, Pattern[str]] = {}
_WORD_RUN_RE = re.compile(r'\w*')
_QUOTE_SOON_RE = re.compile(r'[^\s]{0,50}\s*[\'"`]')


def _quotes_and_semicolon() -> Pattern[str]:
    return ds_adapter.keyword_quotes_and_semicolon()


_NOT_WORDS_RE = re.compile(r'\W+')


def _has_long_word_run(line: str) -> bool:
    """Whether `line` holds 256 word characters in a row (`\\w{256}`: a search of that tries
    up to 256 characters at each place, and took 15 ms on a line of 44 KB of base64)."""
    return len(line) >= 256 and max(map(len, _NOT_WORDS_RE.split(line))) >= 256


def _first_names_of_runs(text: str) -> Iterator[int]:
    """Where the first secret name of each run of word characters that holds one starts, in
    an ASCII text, in any case: `_keyword_starts(re.IGNORECASE)`'s group 1, found by one
    search of the names in the text's lower case rather than by trying each name at each
    character (a tenth of the time on a line of base64)."""
    end = -1
    for at in _KeywordPlaces(text):
        if at >= end:  # (a name after the first one of a run is in the run: passed over)
            end = _WORD_RUN_RE.match(text, at).end()  # type: ignore[union-attr]
            yield at


def _keyword_starts(flags: int) -> Pattern[str]:
    """The first keyword of each run of word characters (group 1), one match per run."""
    pattern = _KEYWORD_STARTS.get(flags)
    if pattern is None:
        pattern = _KEYWORD_STARTS[flags] = re.compile(
            r'(?<!\w)\w*?({})'.format('|'.join(ds_adapter.keyword_denylist())), flags,
        )
    return pattern


def _stock_form(regex: Pattern[str]) -> Pattern[str]:
    """detect-secrets' regex that `regex` was built from (hooks.detectors.keyword swaps in its
    value pattern); patterns compare by text and flags."""
    from hooks.detectors import keyword as our_keyword

    if our_keyword.SECRET in regex.pattern:
        return re.compile(regex.pattern.replace(our_keyword.SECRET, ds_adapter.keyword_value_pattern()),
                          regex.flags)
    return regex


def _begins_with_keyword(regex: Pattern[str]) -> bool:
    return regex.pattern.startswith('({})'.format('|'.join(ds_adapter.keyword_denylist())))


def _keyword_words() -> list[str]:
    """The keyword plugin's secret names as plain words (`api_?key`: `apikey` and `api_key`)."""
    words = set()
    for name in ds_adapter.keyword_denylist():
        assert re.fullmatch(r'(?:\w|_\?)+', name), name  # words, `_?` their only syntax
        parts = name.split('_?')
        for seps in itertools.product(('', '_'), repeat=len(parts) - 1):
            words.add(parts[0] + ''.join(sep + part for sep, part in zip(seps, parts[1:])))
    return sorted(words)


_KEYWORD_WORDS: list[Pattern[str]] = []


class _KeywordPlaces:
    """The places a secret name starts in an ASCII line, in any case (overlapping ones too),
    found as far as they are asked for (a match at the line's start needs no more)."""

    def __init__(self, line: str) -> None:
        if not _KEYWORD_WORDS:
            _KEYWORD_WORDS.append(re.compile(_trie_pattern(_keyword_words())))
        self.search = _KEYWORD_WORDS[0].search
        self.lowered = line.lower()
        self.found: list[int] = []
        self.done = False

    def __iter__(self) -> Iterator[int]:
        i = 0
        while True:
            if i < len(self.found):
                yield self.found[i]
                i += 1
                continue
            if self.done:
                return
            m = self.search(self.lowered, self.found[-1] + 1 if self.found else 0)
            if m is None:
                self.done = True
                return
            self.found.append(m.start())


def _first_match(regex: Pattern[str], line: str, places: Iterable[int]) -> Match[str] | None:
    """`regex.search(line)` for a keyword regex (it begins with a secret name) of an ASCII line:
    only the places a name starts can start a match, so it is tried there, in order.  Its
    search would try the names' alternation at every character (IGNORECASE: slow)."""
    match = regex.match
    for at in places:
        m = match(line, at)
        if m is not None:
            return m
    return None


def _analyze(plugin: Any, filename: str, line: str, line_number: int, context: Any,
             verifies: bool) -> Any:
    """plugin.analyze_line, as detect-secrets calls it; its keyword plugin in linear time
    (unless detect-secrets' verification runs: `verifies`)."""
    from detect_secrets.plugins.base import BasePlugin
    from detect_secrets.plugins.jwt import JwtTokenDetector
    from detect_secrets.plugins.keyword import KeywordDetector

    from hooks.detectors import keyword as our_keyword

    if type(plugin) in (KeywordDetector, our_keyword.KeywordDetector) and not verifies:
        return _keyword_analyze(plugin, filename, line, line_number)
    # Below, a value found again on the line is the same finding (equal by type, file and
    # value): it is built, and a JWT decoded, once (a long run of one unit finds it thousands
    # of times).
    if type(plugin) is JwtTokenDetector and not verifies:
        tokens = dict.fromkeys(token for regex in plugin.denylist for token in _jwt_findall(regex, line))
        return {
            PotentialSecret(type=plugin.secret_type, filename=filename, secret=token,
                            line_number=line_number, is_verified=False)
            for token in tokens if plugin.is_formally_valid(token)
        }
    if type(plugin).analyze_line is BasePlugin.analyze_line and not verifies:
        return {  # BasePlugin.analyze_line, verification off
            PotentialSecret(type=plugin.secret_type, filename=filename, secret=value,
                            line_number=line_number, is_verified=False)
            for value in dict.fromkeys(plugin.analyze_string(line))
        }
    entropy = ds_adapter.entropy_plugin_kind(plugin)
    if entropy and not verifies:
        # Its analyze_line (detect-secrets 1.5: quoted matches of its regex, kept above its
        # limit), with its Shannon entropy counted in one pass (ds_adapter.shannon_entropy).
        charset, limit, hex_digits = plugin.charset, plugin.entropy_limit, entropy == 'hex'
        return {
            PotentialSecret(type=plugin.secret_type, filename=filename, secret=value,
                            line_number=line_number, is_verified=False)
            for value in plugin.analyze_string(line)
            if ds_adapter.shannon_entropy(charset, value, hex_digits) > limit
        }
    given = {'filename': filename, 'line': line, 'line_number': line_number, 'context': context}
    return plugin.analyze_line(**{name: given[name] for name in _analyze_line_arguments(type(plugin))})


_ANALYZE_LINE_ARGUMENTS: dict[Any, tuple[str, ...]] = {}


def _analyze_line_arguments(kind: Any) -> tuple[str, ...]:
    """The arguments detect-secrets' call_function_with_arguments gives a plugin's analyze_line
    (those of its parameters it has), found once per plugin class rather than at each call."""
    names = _ANALYZE_LINE_ARGUMENTS.get(kind)
    if names is None:
        taken = set(get_injectable_variables(kind.analyze_line)[1:])  # (not `self`)
        names = _ANALYZE_LINE_ARGUMENTS[kind] = tuple(
            name for name in ('filename', 'line', 'line_number', 'context') if name in taken)
    return names


# detect-secrets' JWT regex: `eyJ[A-Za-z0-9-_=]+\\.[A-Za-z0-9-_=]+\\.?[A-Za-z0-9-_.+/=]*?`.
_STOCK_JWT = r'eyJ[A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+\.?[A-Za-z0-9-_.+/=]*?'
_JWT_RUN_RE = re.compile(r'[A-Za-z0-9-_=]*')


def _jwt_findall(regex: Pattern[str], text: str) -> list[str]:
    """`regex.findall(text)` for detect-secrets' JWT regex, in linear time.

    findall retries at every `eyJ` of a long run of base64 characters and each try scans the
    run to its end (`eyJeyJ...`: quadratic).  A try can only succeed where the run ends in
    `.`, which is the same for every `eyJ` of the run: when the first fails, skip the run.
    """
    if regex.pattern != _STOCK_JWT:  # not the regex this reasoning is about
        return regex.findall(text)
    found: list[str] = []
    pos = 0
    while True:
        k = text.find('eyJ', pos)
        if k < 0:
            return found
        m = regex.match(text, k)
        if m is not None:
            found.append(m.group())
            pos = max(m.end(), k + 1)
        else:
            pos = max(_JWT_RUN_RE.match(text, k).end(), k + 1)  # type: ignore[union-attr]


class _KeywordPlan:
    """What `_keyword_analyze` asks of each regex of one keyword table, asked once per table:
    each line would otherwise build each regex's stock form again (`_stock_form`) and join the
    secret names (`_begins_with_keyword`)."""

    def __init__(self, table: dict[Pattern[str], int]) -> None:
        # (regex, value group, begins with a secret name, strings of characters a matching
        # line holds one of each: ds_adapter.keyword_required_characters)
        required = ds_adapter.keyword_required_characters()
        self.rows = [(regex, group, _begins_with_keyword(regex), required.get(_stock_form(regex), ()))
                     for regex, group in table.items()]
        self.by_flags: dict[int, list[Pattern[str]]] = {}
        for regex, _, begins, _ in self.rows:
            if begins:
                self.by_flags.setdefault(regex.flags, []).append(regex)
        semicolon = _quotes_and_semicolon()
        self.semicolon = frozenset(regex for regex in table if _stock_form(regex) == semicolon)
        # Regex -> what it matches after its `(names)\\w*`, the names' group kept (empty) so
        # that back references still count: where that part cannot begin with a word character
        # nor be empty, a match that starts in a run of word characters goes on from the
        # run's end (its `\\w*` stops nowhere else), so it needs that part to match there.
        self.guards: dict[Pattern[str], Pattern[str]] = {}
        opening = '({})\\w*'.format('|'.join(ds_adapter.keyword_denylist()))
        for regex in table:
            rest = regex.pattern[len(opening):]
            if (regex.pattern.startswith(opening) and not prefilter.may_open_with_word(rest)
                    and not re.search(r'\\1(?!\d)|\(\?P=', rest)):
                self.guards[regex] = re.compile('()' + rest, regex.flags)


# id(table) -> (the table, its plan): the tables are detect-secrets' module-level ones and
# hooks.detectors.keyword's rebuilds of them, each kept for the life of the process.
_KEYWORD_PLANS: dict[int, tuple[dict[Pattern[str], int], _KeywordPlan]] = {}


def _keyword_plan(table: dict[Pattern[str], int]) -> _KeywordPlan:
    known = _KEYWORD_PLANS.get(id(table))
    if known is None or known[0] is not table:
        known = _KEYWORD_PLANS[id(table)] = (table, _KeywordPlan(table))
    return known[1]


def _keyword_analyze(plugin: Any, filename: str, line: str, line_number: int) -> set[PotentialSecret]:
    """KeywordDetector.analyze_line (detect-secrets 1.5) with `_keyword_leftmost` for search."""
    from hooks.detectors import keyword as our_keyword

    table = ds_adapter.keyword_regexes(filename)
    if type(plugin) is our_keyword.KeywordDetector:  # its regexes, with its value pattern
        table = our_keyword.fixed_regexes(table)
    plan = _keyword_plan(table)
    exclude = ds_adapter.keyword_exclude(plugin)
    if exclude and exclude.search(line):
        return set()
    output = set()
    matches: dict[Pattern[str], Any] = {}
    leftmost = _has_long_word_run(line)  # else `search` is linear: runs are short
    if leftmost:
        for regexes in plan.by_flags.values():
            matches.update(_keyword_leftmost(regexes, line, plan))
    places: _KeywordPlaces | None = None  # where a secret name starts (ASCII lines)
    for regex, group, begins, required in plan.rows:
        # (most lines lack a character a match needs, and a search that cannot succeed still
        # costs a pass over the line)
        if not all(any(c in line for c in chars) for chars in required):
            continue
        if leftmost and begins:
            match = matches.get(regex)
        elif begins and line.isascii():
            if places is None:
                places = _KeywordPlaces(line)
            match = _first_match(regex, line, places)
        else:
            match = regex.search(line)
        if match:
            output.add(PotentialSecret(
                type=plugin.secret_type, filename=filename, secret=match.group(group),
                line_number=line_number, is_verified=False,
            ))
    return output


class Engine:
    """The scan loop over one set of detect-secrets plugins and filters (those of a
    hooks.scan.scanner.Scanner's settings), their triggers compiled once.

    `verifies`: detect-secrets' verification filter is active (the keyword and JWT plugins then
    run as detect-secrets runs them)."""

    def __init__(self, plugins: Sequence[Any], filters: Sequence[Any], verifies: bool = False) -> None:
        self.plugins = list(plugins)
        self.triggers = compiled_triggers(self.plugins)
        self.trigger_set = _TriggerSet(self.triggers)
        self.filters = _Filters(filters)
        self.verifies = verifies

    def scan_lines(
        self, lines: list[str], filename: str, text: str | None = None, first_line: int = 1,
        context_only: int = 0, dropped: frozenset[str] = frozenset(),
    ) -> Iterator[PotentialSecret]:
        """What detect-secrets would find in `lines` (a file's lines, as its transformers give
        them), found only where a plugin's trigger says it can be.

        For a file read in chunks: `lines[0]` is line `first_line`, and the first `context_only`
        lines are only context (the previous chunk's tail, for the allowlist pragma's previous
        line).

        `dropped`: finding types the caller throws away.  On a very long line their plugins are
        not run (each plugin reads its own windows, alone); on a shorter line they are, since
        their findings count towards DENSE for the plugins after them.
        """
        return _scan_lines(self, lines, filename, text, first_line, context_only, dropped)


def _scan_lines(
    engine: Engine, lines: list[str], filename: str, text: str | None, first_line: int, context_only: int,
    dropped: frozenset[str] = frozenset(),
) -> Iterator[PotentialSecret]:
    plugins, triggers, filters, verifies = engine.plugins, engine.triggers, engine.filters, engine.verifies
    filters.forget()  # verdicts are remembered within one file's lines only
    if text is None:
        text, starts = _join(lines)
    else:  # (the lines join to the text: each starts where the ones before it end)
        starts = list(itertools.accumulate(map(len, lines), initial=0))
        starts.pop()
    for index, plugin_indexes in sorted(candidates(_Text(text, starts), engine.trigger_set).items()):
        if index < context_only:
            continue
        line_number = first_line + index
        line = lines[index].rstrip()
        # (type, value) already reported on this line: overlapping windows find them again.
        seen: set[tuple[str, str]] = set()
        snippet = get_code_snippet(lines=lines, line_number=index + 1)
        if filters.line_out(filename, line, snippet):
            continue
        if len(line) <= LONG_LINE:
            filtered = 0
            for i in plugin_indexes:
                for at, secret in _in_line_order(line, _analyze(plugins[i], filename, line, line_number, snippet, verifies)):
                    # Past DENSE findings on one line, the filters see each finding's
                    # surroundings rather than the whole line (findings x line is quadratic).
                    filtered += 1
                    at = at if filtered > DENSE else -1
                    place = None if at < 0 else (line, at, at + len(secret.secret_value or ''))
                    context = line if place is None else _context(*place)
                    if _accepted(secret, plugins[i], filters, context, snippet, seen, place is None, place):
                        yield secret
            continue
        # A very long line: each plugin reads only the windows around its own trigger hits.
        lowered = line.lower()
        if len(lowered) != len(line):  # a character changed length: offsets would shift
            lowered = line
        known: dict[tuple[Any, bool], list[tuple[int, int]]] = {}  # trigger hits, shared by the plugins
        yield from _scan_long_line(
            [(plugins[i], _windows(line, lowered, triggers[i], plugins[i], known))
             for i in plugin_indexes if plugins[i].secret_type not in dropped],
            filename, line, line_number, snippet, filters, seen, verifies,
        )


def _in_line_order(line: str, found: Iterable[PotentialSecret]) -> list[tuple[int, PotentialSecret]]:
    """A plugin's findings on `line` with the place of each value (-1: none), in line order: a
    plugin gives a set, whose order follows string hashing, which differs from run to run; past
    DENSE findings it decides which findings the filters judge with the whole line."""
    placed = [(line.find(s.secret_value) if s.secret_value else -1, s) for s in found]
    if len(placed) > 1:
        placed.sort(key=lambda p: (p[0], p[1].type, p[1].secret_value or ''))
    return placed


def _accepted(
    secret: PotentialSecret, plugin: Any, filters: _Filters, line: str, snippet: Any,
    seen: set[tuple[str, str]], whole: bool = True, place: tuple[str, int, int] | None = None,
) -> bool:
    """detect-secrets' per-secret filters (as `_scan_line` and its caller apply them).  `whole`:
    `line` is the whole line (else a finding's surroundings: the snippet is narrowed too).
    `place`: (the whole line, the value's start and end) when `line` is its surroundings: a
    finding the context filters drop there is judged again on wider surroundings (what made it
    a sample may be that its host stands further back), and kept if they keep it."""
    key = (secret.type, secret.secret_value or '')
    if key in seen:
        return False
    if filters.secret_out(secret.filename, secret.secret_value, plugin, line):
        return False
    if filters.context_out(secret.filename, secret.secret_value, plugin, line,
                           snippet if whole else _narrowed(snippet, line)):
        if place is None:
            return False
        wide = _context(*place, chars=WIDE_CONTEXT, tokens=WIDE_CONTEXT_TOKENS)
        if len(wide) == len(line) or filters.context_out(
                secret.filename, secret.secret_value, plugin, wide, _narrowed(snippet, wide)):
            return False
    seen.add(key)
    return True


def _narrowed(snippet: Any, line: str) -> Any:
    """The code snippet as a filter sees it when `line` is a finding's surroundings rather than
    its whole line: the target line is those surroundings and the lines around it are cut to
    as much (a filter reading the snippet per finding would read the whole long line again)."""
    from detect_secrets.util.code_snippet import CodeSnippet

    if not _CUT_SNIPPET or _CUT_SNIPPET[0] is not snippet:  # the same lines cut for each finding
        _CUT_SNIPPET[:] = [snippet, [text[:4 * CONTEXT] for text in snippet.lines]]
    lines = list(_CUT_SNIPPET[1])
    lines[snippet.target_index] = line
    return CodeSnippet(lines, snippet.start_line, snippet.target_index)


_CUT_SNIPPET: list[Any] = []  # [snippet, its lines cut] of the last line _narrowed served


def _scan_long_line(
    readers: list[tuple[Any, list[tuple[int, int]]]], filename: str, line: str, line_number: int,
    snippet: Any, filters: _Filters, seen: set[tuple[str, str]], verifies: bool,
) -> Iterator[PotentialSecret]:
    """The plugins over their windows of a very long line.

    The windows of all plugins are read in the order of their place in the line (each plugin's
    in its own order), so the findings of several plugins at one place are judged one after the
    other and the filters' per-line caches serve them all; the findings are still given plugin by
    plugin, in each plugin's order, as a plugin-by-plugin loop gives them.
    """
    steps = sorted(
        (start, n, k) for n, (_, windows) in enumerate(readers) for k, (start, _) in enumerate(windows)
    )
    done = [0] * len(readers)  # per plugin: line[:done] has been read, and `done` is a token boundary
    found: list[list[PotentialSecret]] = [[] for _ in readers]
    for _, n, k in steps:
        plugin, windows = readers[n]
        start, end = windows[k]
        if end <= done[n]:
            continue
        done[n], accepted = _read_window(
            plugin, start, end, done[n], filename, line, line_number, snippet, filters, seen, verifies,
        )
        found[n].extend(accepted)
    for accepted in found:
        yield from accepted


def _window_end(line: str, end: int) -> int:
    """Where a window that would end at `end` ends: at the end of the token under it, and past
    the quote that closes it (a quoted value longer than the window, `"api_key": "<2 KB>"`, was
    read without its closing quote, and the quoted-value plugins found nothing)."""
    end = _TOKEN_TAIL_RE.match(line, end).end()  # type: ignore[union-attr]
    if end < len(line) and line[end] in '"\'`':
        end += 1
    return end


def _read_window(
    plugin: Any, start: int, end: int, done: int, filename: str, line: str, line_number: int,
    snippet: Any, filters: _Filters, seen: set[tuple[str, str]], verifies: bool,
) -> tuple[int, list[PotentialSecret]]:
    """One plugin over one window of a very long line: (where its reading now ends, the findings
    its filters accept).

    A window never cuts a token: it ends where the token under its end ends, and starts where
    the token under its start starts (looking back at most WINDOW characters).  A finding that
    still reaches the window's end (a value with spaces) is re-read in a window twice as wide,
    until it ends inside one or the line ends.  A window inside text already read is skipped,
    so a token of megabytes with many triggers in it is read once.
    """
    end = _window_end(line, end)
    start = _token_start(line, start, max(done - WINDOW, start - WINDOW, 0))
    while True:
        piece = line[start:end]
        found = _analyze(plugin, filename, piece, line_number, snippet, verifies)
        # A value that reaches the window's end and holds a token boundary (a value with
        # spaces, read to the end of the line) may go on: read further.  One without ends
        # where its token ends, and the window ends at a token's end: it is whole.
        if end < len(line) and any(
            (v := s.secret_value) and piece.endswith(v) and _BOUNDARY_RE.search(v)
            for s in found
        ):
            end = _window_end(line, min(len(line), end + (end - start)))
            continue
        break
    accepted = []
    for secret in found:
        value = secret.secret_value or ''
        at = piece.find(value) if value else -1
        if at == 0 and start > 0 and line[start - 1] not in _BOUNDARY:
            continue  # the tail of a token that starts before the window: read whole elsewhere
        if (secret.type, value) in seen:
            continue  # reported already (_accepted would say so): no context to cut
        place = None if at < 0 else (line, start + at, start + at + len(value))
        context = piece if place is None else _context(*place)
        if _accepted(secret, plugin, filters, context, snippet, seen, False, place):
            accepted.append(secret)
    return max(done, end), accepted
