"""Which lines can a plugin possibly report on?  A cheap, file-level answer.

detect-secrets runs every plugin on every line through its dependency-injection machinery:
~30 plugins x every line is what makes it slow.  Each plugin here gets a *trigger*: a pattern
that every line it could report on must contain (a necessary condition, never sufficient).  One
regex search per plugin over the whole file finds the few lines worth the full treatment.

Triggers are deliberately loose supersets; the full plugin still decides.  A plugin without a
trigger runs on every line, so an unknown (new) plugin is never skipped.  The equivalence with
detect-secrets' own line loop is tested (tests/scan/test_engine.py) and benchmarked on real code.
"""
from __future__ import annotations

import functools
import math
import re
from typing import Any
from typing import NamedTuple


class Trigger(NamedTuple):
    """A line can only be reported on when it contains one of `literals` (found with fast
    substring search) and, if given, matches `regex`.  `lower`: both are written in lower case
    and searched in the lower-cased text (far faster than re.IGNORECASE).  `paired`: the regex is
    a quote then a run of characters without quotes, and the plugin reads only a run that the
    same quote closes (the quoted-string plugins' own regex): a line must hold that too.

    `sieve`: a cheaper regex that matches wherever `regex` starts a match (and maybe elsewhere),
    except maybe at the start of the text, for a `regex` slow to fail; `regex` is then only tried
    there and where the sieve matched.  (A branch of `regex` anchored at the start, `^...`, is
    left out of the sieve: an alternation whose every branch opens with a literal character is
    searched by the regex engine skipping to those characters, about three times as fast.)

    `bare`: (a class of characters, N, span) for a `regex` whose only way to match after a sieve
    match ending in an empty group named `bare...` is a bare value: a run of characters outside
    the class, 1 to N long, then whitespace; `span`: the longest such sieve match.  That run's
    end is found once for all the sieve matches in it (the regex reads up to N characters at
    each: on a run of `pwd=pwd=...`, N per slot word), and `regex` is tried only where it can
    match.

    `gap`: (a character class without newlines, R, marks) for a sieved `regex` each of whose
    matches starting at t holds, from t - 1 to t + R, a character outside the class or the
    first character of a mark (a string: `--`): in a run of the class without marks, no match
    starts before its last R characters, and the sieve skips them (it tried a name at every
    character of a run of `pwdpwd...`)."""

    literals: tuple[str, ...]
    regex: str | None = None
    lower: bool = False
    paired: bool = False
    sieve: str | None = None
    bare: tuple[str, int, int] | None = None
    gap: tuple[str, int, tuple[str, ...]] | None = None


KEYWORDS = ('key', 'pass', 'pwd', 'token', 'secret')

# Triggers of detect-secrets' own plugins (1.5.x), derived from their regexes.
STOCK_TRIGGERS: dict[str, Trigger] = {
    'AWSKeyDetector': Trigger(('a3t', 'abia', 'acca', 'akia', 'asia', 'aws'), lower=True),
    'ArtifactoryDetector': Trigger(('AKC', 'AP'), r'AKC|AP[0-9A-F]'),
    'AzureStorageKeyDetector': Trigger(('AccountKey=',)),
    'BasicAuthDetector': Trigger(('://',), r"://[^:/?#\[\]@!$&'()*+,;=\s]+:[^:/?#\[\]@!$&'()*+,;=\s]+@"),
    'CloudantDetector': Trigger(
        ('key', 'pw', 'pass', 'token', 'cloudant.com'),
        r'cl(?:oudant|ou)?[_-]?(?:api)?(?:key|pw|pass|token)|cloudant\.com', lower=True,
    ),
    'DiscordBotTokenDetector': Trigger((), r'\.[a-zA-Z0-9_-]{6}\.[a-zA-Z0-9_-]{27}'),
    'GitHubTokenDetector': Trigger(('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_')),
    'GitLabTokenDetector': Trigger((
        'glpat-', 'gldt-', 'glft-', 'glsoat-', 'glrt-', 'glcbt-', 'glimt-', 'glptt-', 'glagent-',
        'gloas-', 'GR1348941',
    )),
    'IPPublicDetector': Trigger((), r'\.[0-9]{1,3}\.[0-9]{1,3}\.'),
    'IbmCloudIamDetector': Trigger(
        KEYWORDS, r'''(?:key|pwd|pass|token)["']?\]? *[=: >]+ *["']?[a-z0-9_\-]{44}''', lower=True,
    ),
    'IbmCosHmacDetector': Trigger(('secret',), lower=True),
    'JwtTokenDetector': Trigger(('eyJ',)),
    'KeywordDetector': Trigger(
        (*KEYWORDS, 'contrase'),
        r'(?:api|auth|service|account|db|database|priv|private|client)_?key'
        r'|(?:db|database|key)_?pass|passw|pwd|secret|contrase',
        lower=True,
    ),
    'MailchimpDetector': Trigger(('-us',), r'-us[0-9]'),
    'NpmDetector': Trigger(('_authToken=',)),
    'OpenAIDetector': Trigger(('T3BlbkFJ',)),
    'PrivateKeyDetector': Trigger(('PRIVATE KEY', 'PuTTY-User-Key-File-2')),
    'PypiTokenDetector': Trigger(('pypi-AgE',)),
    'SendGridDetector': Trigger(('SG.',)),
    'SlackDetector': Trigger(('xox', 'hooks.slack.com'), r'xox[abposr]-|hooks\.slack\.com', lower=True),
    'SoftlayerDetector': Trigger(
        (*KEYWORDS, 'softlayer'), r'softlayer|sl[_-]?(?:api)?[_-]?(?:key|pwd|pass|token)', lower=True,
    ),
    'SquareOAuthDetector': Trigger(('sq0csp-',)),
    'StripeDetector': Trigger(('k_live_',)),
    'TelegramBotTokenDetector': Trigger((), r':[0-9A-Za-z_-]{35}'),
    'TwilioKeyDetector': Trigger(('AC', 'SK'), r'(?:AC|SK)[a-z0-9]{32}'),
}


def _entropy_trigger(plugin: Any) -> Trigger:
    """A quoted run of the plugin's charset long enough to pass its entropy limit: Shannon
    entropy is at most log2(length), so shorter strings can never be reported."""
    shortest = math.floor(2 ** plugin.entropy_limit) + 1
    charset = re.escape(plugin.charset)
    return Trigger((), rf'[\'"][{charset}]{{{shortest}}}', paired=not {"'", '"'} & set(plugin.charset))


def trigger(plugin: Any) -> Trigger | None:
    """The trigger of an initialized plugin, or None (run it on every line)."""
    own = getattr(plugin, 'trigger', None)
    if callable(own):
        found: Trigger | None = own()
        return found
    if hasattr(plugin, 'entropy_limit') and hasattr(plugin, 'charset'):
        return _entropy_trigger(plugin)
    return STOCK_TRIGGERS.get(type(plugin).__name__)


# -- what every match of a trigger regex contains -------------------------------------------------

def _sre() -> tuple[Any, Any]:
    """The standard library's regex parser and its constants (no type stubs: Any)."""
    import importlib

    return importlib.import_module('re._parser'), importlib.import_module('re._constants')


def _parse(pattern: str, refused: int) -> Any | None:
    """`pattern` parsed by the standard library's parser; None when it cannot be, or when it
    sets one of the `refused` flags (case-insensitive text is not what the analyses read)."""
    parsed = _parsed(pattern)
    return None if parsed is None or parsed.state.flags & refused else parsed


@functools.cache  # (the analyses only read the parse: one parse of a pattern serves them all)
def _parsed(pattern: str) -> Any | None:
    try:
        return _sre()[0].parse(pattern)
    except re.error:
        return None


# Bounds of the analysis below: sets of alternatives past these are given up (not needed).
_MAX_STRINGS = 128
_MAX_CLASS = 16


# (cached: the engine's triggers and the history gate ask about the same patterns)
@functools.cache
def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` contains, or None when none can be told.

    A cheap necessary condition (substring search) in front of a costly regex, as RE2's
    prefilter does: a text holding none of them cannot match.  Written from the parsed pattern
    (literals, alternations, repeats of at least one, small classes of literals); anything else
    (a case-insensitive flag, a back reference) contributes no literal, never a wrong one.
    """
    sre_c = _sre()[1]
    parsed = _parse(pattern, re.IGNORECASE | re.VERBOSE)
    if parsed is None:
        return None
    exact, required = _info(list(parsed), sre_c)
    found = exact if exact is not None else required
    if not found or '' in found:
        return None
    return frozenset(found)


# One node's analysis: (`exact`: every string it matches, when few; `required`: strings one of
# which every match contains).  None: unknown (any string).
_Info = tuple[frozenset[str] | None, frozenset[str] | None]


def _best(*sets: frozenset[str] | None) -> frozenset[str] | None:
    """The most selective requirement: longest shortest string, then fewest strings."""
    usable = [s for s in sets if s and '' not in s]
    if not usable:
        return None
    return max(usable, key=lambda s: (min(map(len, s)), -len(s)))


def _info(nodes: list[Any], c: Any) -> _Info:
    """A sequence of parsed nodes (a concatenation)."""
    candidates: list[frozenset[str] | None] = []
    run: frozenset[str] | None = frozenset({''})  # the exact strings of the nodes since the last gap
    whole = True  # `run` covers every node so far
    for op, av in nodes:
        exact, required = _node(op, av, c)
        candidates.append(required)
        if run is not None and exact is not None and len(run) * len(exact) <= _MAX_STRINGS:
            run = frozenset(a + b for a in run for b in exact)
        else:
            candidates.append(run)
            run, whole = exact, False
    candidates.append(run)
    return (run if whole else None), _best(*candidates)


def _node(op: Any, av: Any, c: Any) -> _Info:
    if op is c.LITERAL:
        s = frozenset({chr(av)})
        return s, s
    if op is c.SUBPATTERN:
        _, add_flags, del_flags, body = av
        if add_flags & re.IGNORECASE:
            return None, None
        return _info(list(body), c)
    if op is c.BRANCH:
        infos = [_info(list(branch), c) for branch in av[1]]
        exact: frozenset[str] | None = None
        if all(e is not None for e, _ in infos):
            union = frozenset().union(*(e for e, _ in infos if e is not None))
            exact = union if len(union) <= _MAX_STRINGS else None
        parts = [_best(e, r) for e, r in infos]
        required = None if any(p is None for p in parts) else frozenset().union(*(p for p in parts if p))
        return exact, required
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, 'POSSESSIVE_REPEAT', None)):
        low, high, body = av
        exact, required = _info(list(body), c)
        if high == 1 and exact is not None:
            return (exact | {''} if low == 0 else exact), (None if low == 0 else _best(exact, required))
        if low == 0:
            return None, None
        return None, _best(exact, required)
    if op is c.IN:
        chars: set[str] = set()
        for o, v in av:
            if o is c.LITERAL:
                chars.add(chr(v))
            elif o is c.RANGE and v[1] - v[0] < _MAX_CLASS:
                chars.update(map(chr, range(v[0], v[1] + 1)))
            else:
                return None, None  # a negation, a category (\s), a wide range
        if len(chars) <= _MAX_CLASS:
            s = frozenset(chars)
            return s, s
        return None, None
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return frozenset({''}), None  # zero-width
    return None, None


@functools.cache
def may_open_with_word(pattern: str) -> bool:
    """Whether a match of `pattern` can be empty or begin with a word character (`\\w`); True
    when that cannot be told.  (A pattern that cannot is tried only where a run of word
    characters ends: `_KeywordPlan.guards`.)"""
    parsed = _parsed(pattern)
    if parsed is None:
        return True
    word, empty = _opening(list(parsed), _sre()[1])
    return word or empty


_WORD_RE = re.compile(r'\w')


def _opening(nodes: list[Any], c: Any) -> tuple[bool, bool]:
    """(a match of the sequence `nodes` can begin with a word character, can be empty)."""
    for op, av in nodes:
        word, empty = _opening_node(op, av, c)
        if word or not empty:
            return word, False
    return False, True


def _opening_node(op: Any, av: Any, c: Any) -> tuple[bool, bool]:
    if op is c.LITERAL:
        return _WORD_RE.match(chr(av)) is not None, False
    if op is c.IN:
        for o, v in av:
            if o is c.LITERAL:
                if _WORD_RE.match(chr(v)):
                    return True, False
            elif o is c.RANGE:
                if v[1] > 127 or any(_WORD_RE.match(chr(i)) for i in range(v[0], v[1] + 1)):
                    return True, False
            elif not (o is c.CATEGORY and v in (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD)):
                return True, False  # a negation, or a category that holds word characters
        return False, False
    if op is c.SUBPATTERN:
        return _opening(list(av[3]), c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, 'POSSESSIVE_REPEAT', None)):
        low, _, body = av
        word, empty = _opening(list(body), c)
        return word, empty or low == 0
    if op is c.BRANCH:
        branches = [_opening(list(branch), c) for branch in av[1]]
        return any(w for w, _ in branches), any(e for _, e in branches)
    if op is c.AT:
        return False, True
    return True, True  # any character, a back reference, a lookaround: cannot be told


@functools.cache
def class_run(pattern: str) -> tuple[bytes, bytes] | None:
    """For a pattern that is one run of an ASCII character class (`[0-9a-f]{9}`, with or
    without a group around it): (a table mapping the class's bytes to 1 and others to 0, the
    run of 1s a match needs: `run in data.translate(table)` says whether it matches); else None."""
    c = _sre()[1]
    parsed = _parse(pattern, re.IGNORECASE)
    if parsed is None:
        return None
    nodes = list(parsed)
    while len(nodes) == 1 and nodes[0][0] is c.SUBPATTERN and not (nodes[0][1][1] or nodes[0][1][2]):
        nodes = list(nodes[0][1][3])
    if len(nodes) != 1 or nodes[0][0] is not c.MAX_REPEAT:
        return None
    low, _, body = nodes[0][1]
    body = list(body)
    if low < 1 or len(body) != 1 or body[0][0] is not c.IN:
        return None
    items = body[0][1]
    if not all((op is c.LITERAL and v < 128) or (op is c.RANGE and v[1] < 128) for op, v in items):
        return None
    member: set[int] = set()
    for op, v in items:
        member.update([v] if op is c.LITERAL else range(v[0], v[1] + 1))
    return bytes(1 if b in member else 0 for b in range(256)), b'\x01' * low


@functools.cache
def class_sequence(pattern: str) -> tuple[bytes, bytes] | None:
    """For a pattern that is one ASCII character class then a run of another, disjoint one
    (`['"][0-9a-f]{9}`): (a table mapping the first class's bytes to 2, the second's to 1 and
    every other byte to 0, the bytes a match maps to).  A match starts at an offset exactly
    where that needle is found in the mapped text.  Else None."""
    c = _sre()[1]
    parsed = _parse(pattern, re.IGNORECASE | re.VERBOSE)
    if parsed is None:
        return None
    nodes = list(parsed)
    if len(nodes) != 2 or nodes[1][0] is not c.MAX_REPEAT:
        return None
    low, high, body = nodes[1][1]
    body = list(body)
    first, second = _ascii_class(nodes[0], c), _ascii_class(body[0], c) if len(body) == 1 else None
    if first is None or second is None or first & second or low < 1 or low != high:
        return None
    table = bytes(2 if b in first else 1 if b in second else 0 for b in range(256))
    return table, b'\x02' + b'\x01' * low


def _ascii_class(node: Any, c: Any) -> set[int] | None:
    """The bytes of a one-character node made of ASCII literals and ranges, else None."""
    op, av = node
    items = [(op, av)] if op is c.LITERAL else av if op is c.IN else None
    if items is None:
        return None
    members: set[int] = set()
    for o, v in items:
        if o is c.LITERAL and v < 128:
            members.add(v)
        elif o is c.RANGE and v[1] < 128:
            members.update(range(v[0], v[1] + 1))
        else:
            return None
    return members
