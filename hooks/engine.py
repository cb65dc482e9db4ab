"""The per-file scan loop: detect-secrets' own line loop, run only where it can find something.

`scan_lines` gives the same results as detect-secrets' `_process_line_based_plugins` (same
plugins, same filters, same code snippets for the allowlist pragma), but a plugin sees a line
only when the line holds the plugin's trigger (hooks.prefilter), and a very long line (minified
code) is analysed in windows around its triggers so that no regex runs over megabytes.
"""
from __future__ import annotations

import bisect
import itertools
import re
from typing import Any
from typing import Iterator
from typing import Pattern
from typing import Sequence

from detect_secrets.core.potential_secret import PotentialSecret
from detect_secrets.core.scan import _is_filtered_out
from detect_secrets.core.scan import _scan_line
from detect_secrets.settings import get_plugins
from detect_secrets.util.code_snippet import get_code_snippet

from hooks import prefilter

# Past this length a line is minified code or data: analyse windows around each trigger.
LONG_LINE = 20_000
WINDOW = 2_000
MAX_WINDOW = 4 * WINDOW

class _Compiled:
    """A plugin's trigger, ready to search."""

    def __init__(self, trigger: prefilter.Trigger) -> None:
        self.literals = trigger.literals
        self.regex = re.compile(trigger.regex) if trigger.regex else None
        self.lower = trigger.lower

    def positions(self, line: str, lowered: str) -> Iterator[tuple[int, int]]:
        """(start, end) of the trigger's hits in one long line: its precise regex when it has
        one (few hits, so few windows), else its literals."""
        source = lowered if self.lower else line
        if self.regex is not None:
            for m in self.regex.finditer(source):
                yield m.start(), m.end()
        else:
            for literal in self.literals:
                pos = source.find(literal)
                while pos != -1:
                    yield pos, pos + len(literal)
                    pos = source.find(literal, pos + 1)


_CACHE: dict[int, tuple[list[Any], list[_Compiled | None]]] = {}


def _plugins_and_triggers() -> tuple[list[Any], list[_Compiled | None]]:
    plugins = get_plugins()  # cached by detect-secrets until its settings change
    cached = _CACHE.get(id(plugins))
    if cached is None or cached[0] is not plugins:
        _CACHE.clear()
        compiled = []
        for plugin in plugins:
            t = prefilter.trigger(plugin)
            compiled.append(_Compiled(t) if t is not None else None)
        cached = _CACHE[id(plugins)] = (plugins, compiled)
    return cached


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    pos = find('\n')
    while pos != -1:
        starts.append(pos + 1)
        pos = find('\n', pos + 1)
    return starts


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


class _Text:
    """A file's text, its lower-cased twin and line offsets, with per-literal hit caches
    (plugins share literals such as `key` and `secret`)."""

    def __init__(self, text: str, starts: list[int]) -> None:
        self.text = text
        lowered = text.lower()
        # lower() keeps offsets unless a character expands (U+0130); then search the text with
        # re.IGNORECASE semantics line by line instead.
        self.lowered = lowered if len(lowered) == len(text) else None
        self.starts = starts
        self._literal_hits: dict[tuple[str, bool], list[int]] = {}

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
            search = t.regex.search
            # A very long line is kept on its literal alone: its windows get the precise check.
            return [
                line for line in lines
                if self.line_length(line) > LONG_LINE or search(self.line_text(line, t.lower))
            ]
        assert t.regex is not None
        if t.lower and self.lowered is None:
            return self._regex_lines(re.compile(t.regex.pattern, re.IGNORECASE), self.text)
        return self._regex_lines(t.regex, self.lowered if t.lower else self.text)  # type: ignore[arg-type]


def candidates(text: _Text, triggers: Sequence[_Compiled | None]) -> dict[int, list[int]]:
    """line index -> indexes of the plugins whose trigger occurs on that line."""
    out: dict[int, list[int]] = {}
    for index, t in enumerate(triggers):
        lines = range(len(text.starts)) if t is None else text.trigger_lines(t)
        for line in lines:
            out.setdefault(line, []).append(index)
    return out


def _windows(line: str, lowered: str, t: _Compiled | None, plugin: Any = None) -> list[str]:
    """Merged windows of +-WINDOW characters around a plugin's trigger hits in a very long
    line (`lowered`: the line in lower case, same offsets)."""
    if t is None:
        return [line[i:i + LONG_LINE] for i in range(0, len(line), LONG_LINE)]
    spans = [
        (max(0, start - WINDOW), min(len(line), end + WINDOW))
        for start, end in t.positions(line, lowered)
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
    return [line[s:e] for s, e in merged]


def scan_lines(
    lines: list[str], filename: str, text: str | None = None, first_line: int = 1, context_only: int = 0,
) -> Iterator[PotentialSecret]:
    """What detect-secrets would find in `lines` (a file's lines, as its transformers give
    them), found only where a plugin's trigger says it can be.

    For a file read in chunks: `lines[0]` is line `first_line`, and the first `context_only`
    lines are only context (the previous chunk's tail, for the allowlist pragma's previous line).
    """
    plugins, triggers = _plugins_and_triggers()
    if text is None:
        text, starts = _join(lines)
    else:
        starts = _line_starts(text)
        if len(starts) > len(lines) and starts[-1] >= len(text):
            starts.pop()  # the text ends with a newline: no empty last line
    for index, plugin_indexes in sorted(candidates(_Text(text, starts), triggers).items()):
        if index < context_only:
            continue
        line_number = first_line + index
        line = lines[index].rstrip()
        if len(line) <= LONG_LINE:
            work = [(line, plugin_indexes)]
        else:  # each plugin reads only the windows around its own trigger hits
            lowered = line.lower()
            if len(lowered) != len(line):  # a character changed length: offsets would shift
                lowered = line
            work = [
                (piece, [i]) for i in plugin_indexes
                for piece in _windows(line, lowered, triggers[i], plugins[i])
            ]
        snippet = get_code_snippet(lines=lines, line_number=index + 1)
        for piece, indexes in work:
            if _is_filtered_out(
                required_filter_parameters=['line'], filename=filename, line=piece, context=snippet,
            ):
                continue
            for i in indexes:
                plugin = plugins[i]
                for secret in _scan_line(
                    plugin=plugin, filename=filename, line=piece, line_number=line_number,
                    context=snippet,
                ):
                    if not _is_filtered_out(
                        required_filter_parameters=['context'], filename=secret.filename,
                        secret=secret.secret_value, plugin=plugin, line=piece, context=snippet,
                    ):
                        yield secret
