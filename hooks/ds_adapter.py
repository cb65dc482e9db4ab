"""Every use of detect-secrets beyond its public entry points, in one place.

Written against detect-secrets 1.5.0 (setup.cfg pins `>=1.5.0,<1.6`).  Before moving the pin,
re-read each function here against the new version's source: the names below (leading
underscores, module constants of its keyword plugin, the INI transformer's `re`, the plugin
mapping it caches, the `injectable_variables` it attaches to filters) are not its API.  The
rest of secret-hooks uses only detect-secrets' documented surface: plugins, filters, settings
as a baseline records them, `transient_settings`, transformers and `PotentialSecret`.
"""
from __future__ import annotations

import contextlib
import functools
import math
import os
from dataclasses import dataclass
from functools import reduce
from operator import add
from typing import Any
from typing import Callable
from typing import Iterable
from typing import Iterator
from typing import Pattern

TESTED_WITH = '1.5.0'

BASELINE_FILTER = 'detect_secrets.filters.common.is_baseline_file'
VERIFICATION_FILTER = 'detect_secrets.filters.common.is_ignored_due_to_verification_policies'


# -- plugins ----------------------------------------------------------------------------------

def plugin_classes() -> dict[str, type[Any]]:
    """Secret type -> plugin class, as detect-secrets knows them (ours once registered)."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    return dict(get_mapping_from_secret_type_to_class())


@contextlib.contextmanager
def _registered(classes: Iterable[type[Any]]) -> Iterator[None]:
    """Plugin classes known to detect-secrets by name, as its `--plugin` option would make them
    (its cached type -> class mapping is what it initializes plugins and loads baselines from),
    for the duration of the block; the mapping is put back after."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    mapping: dict[str, type[Any]] = get_mapping_from_secret_type_to_class()
    saved = dict(mapping)
    for plugin in classes:
        mapping[plugin.secret_type] = plugin
    try:
        yield
    finally:
        mapping.clear()
        mapping.update(saved)


# -- settings ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Active:
    """detect-secrets' settings while they are ours."""

    recorded: dict[str, Any]     # their JSON form, as a baseline records it
    plugins: list[Any]           # the initialized plugins
    filters: list[Any]           # the filter functions, in detect-secrets' order


@contextlib.contextmanager
def active_settings(settings: dict[str, Any], classes: Iterable[type[Any]],
                    ini_compile: Callable[..., Any]) -> Iterator[Active]:
    """detect-secrets' process-wide settings set to `settings` (`plugins_used`,
    `filters_used`), with the plugin `classes` registered, for the duration of the block, then
    restored.

    detect-secrets' own `transient_settings`: it records the current settings' JSON, clears its
    caches (plugins, filters, each filter module's `lru_cache`s, the settings singleton) and
    configures a fresh Settings; on exit it clears them again (now those of our filters) and
    configures a fresh Settings from the recorded JSON: the same settings, their filters
    perhaps in another order (its defaults come from a set).  (A stock default filter disabled
    by someone before us is not in that JSON and comes back: no caller of ours disables any.)

    Inside, the baseline-file filter stays recorded (a baseline does not drift) but is not
    applied: it skips every file of the baseline's *name*; the scanner skips the configured path
    only.  Two patches live exactly as long: the baseline filter's name lookup, and the INI
    transformer's regex compiler (`ini_compile`, see hooks.scan.ini).
    """
    from detect_secrets.settings import get_filters
    from detect_secrets.settings import get_plugins
    from detect_secrets.settings import transient_settings

    with _registered(classes), transient_settings(settings) as current, _named_baseline_filter(), \
            _ini_compiler(ini_compile):
        recorded = current.json()
        current.filters.pop(BASELINE_FILTER, None)
        get_filters.cache_clear()
        yield Active(recorded=recorded, plugins=list(get_plugins()), filters=list(get_filters()))


@contextlib.contextmanager
def _named_baseline_filter() -> Iterator[None]:
    """detect-secrets' `is_baseline_file` finds its own settings entry with inspect.stack(),
    which reads the source of every frame (~50 ms): name it instead (detect-secrets' audit,
    run inside our settings, applies it)."""
    from detect_secrets.filters import common
    from detect_secrets.settings import get_settings

    saved = common._get_baseline_filename
    setattr(common, '_get_baseline_filename',
            lambda: str(get_settings().filters[BASELINE_FILTER]['filename']))
    try:
        yield
    finally:
        setattr(common, '_get_baseline_filename', saved)


@contextlib.contextmanager
def _ini_compiler(compile_: Callable[..., Any]) -> Iterator[None]:
    """detect-secrets' INI transformer, its `re.compile` replaced by `compile_`."""
    import types

    from detect_secrets.transformers import config

    transformer: Any = config
    saved = transformer.re
    regexes = types.SimpleNamespace(**vars(saved))
    regexes.compile = compile_
    transformer.re = regexes
    try:
        yield
    finally:
        transformer.re = saved


# -- filters ----------------------------------------------------------------------------------

def filters_with(filters: Iterable[Any], *parameters: str) -> list[Any]:
    """The filters that take all of `parameters` (detect-secrets' `get_filters_with_parameter`
    over a given list)."""
    wanted = set(parameters)
    return [fn for fn in filters if wanted <= fn.injectable_variables]


def parameters_of(fn: Any) -> set[str]:
    """The arguments detect-secrets injects into a filter (attached by its `get_filters`)."""
    return set(fn.injectable_variables)


def reference_scan(lines: list[str], filename: str) -> Iterator[Any]:
    """detect-secrets' own line loop (every active plugin on every line, its filters): the
    reference hooks.scan.engine is tested against."""
    from detect_secrets.core.scan import _process_line_based_plugins

    yield from _process_line_based_plugins(list(enumerate(lines, start=1)), filename)


# -- the keyword plugin's regexes (hooks.scan.engine's linear-time search, hooks.detectors) --

def keyword_denylist() -> list[str]:
    """The keyword plugin's secret-name alternatives."""
    from detect_secrets.plugins import keyword

    return list(keyword.DENYLIST)


def keyword_value_pattern() -> str:
    """The value part of the keyword plugin's regexes."""
    from detect_secrets.plugins import keyword

    return str(keyword.SECRET)


def keyword_default_regexes() -> dict[Pattern[str], int]:
    """The keyword plugin's regex -> value group for a file of no known type (the same dict
    object each time: callers cache by it)."""
    from detect_secrets.plugins import keyword

    table: dict[Pattern[str], int] = keyword.QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP
    return table


@functools.lru_cache(maxsize=4096)
def same_type_name(filename: str) -> str:
    """A name to which detect-secrets gives `filename`'s file type: it tells the type by the
    extension alone (`determine_file_type`), so what depends on the type is cached by this.
    (Itself remembered: a history scan asks three times per file it reads.)"""
    return 'file' + os.path.splitext(filename)[1]


def keyword_regexes(filename: str) -> dict[Pattern[str], int]:
    """The keyword plugin's regex -> value group for `filename`'s file type (the same dict
    object each time: callers cache by it), asked once per type."""
    return _keyword_regexes_of(same_type_name(filename))


@functools.lru_cache(maxsize=4096)
def _keyword_regexes_of(name: str) -> dict[Pattern[str], int]:
    from detect_secrets.plugins import keyword
    from detect_secrets.util.filetype import determine_file_type

    table: dict[Pattern[str], int] = keyword.REGEX_BY_FILETYPE.get(
        determine_file_type(name), keyword.QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP,
    )
    return table


def keyword_exclude(plugin: Any) -> Pattern[str] | None:
    """The keyword plugin's `keyword_exclude` option, compiled."""
    exclude: Pattern[str] | None = plugin.keyword_exclude
    return exclude


def keyword_quotes_and_semicolon() -> Pattern[str]:
    from detect_secrets.plugins import keyword

    return keyword.FOLLOWED_BY_QUOTES_AND_SEMICOLON_REGEX


def keyword_required_characters() -> dict[Pattern[str], tuple[str, ...]]:
    """Keyword regex -> strings of characters of which a matching text holds at least one each
    (a quote where the regex requires one, its assignment operator)."""
    from detect_secrets.plugins import keyword as k

    quote = '\'"`'
    return {
        k.FOLLOWED_BY_COLON_EQUAL_SIGNS_REGEX: (':',),
        k.FOLLOWED_BY_COLON_REGEX: (':',),
        k.FOLLOWED_BY_COLON_QUOTES_REQUIRED_REGEX: (':', quote),
        k.FOLLOWED_BY_EQUAL_SIGNS_OPTIONAL_BRACKETS_OPTIONAL_AT_SIGN_QUOTES_REQUIRED_REGEX: ('=!', '"'),
        k.FOLLOWED_BY_OPTIONAL_ASSIGN_QUOTES_REQUIRED_REGEX: ('(', '"'),
        k.FOLLOWED_BY_EQUAL_SIGNS_REGEX: ('=',),
        k.FOLLOWED_BY_EQUAL_SIGNS_QUOTES_REQUIRED_REGEX: ('=', quote),
        k.PRECEDED_BY_EQUAL_COMPARISON_SIGNS_QUOTES_REQUIRED_REGEX: ('=!', quote),
        k.FOLLOWED_BY_QUOTES_AND_SEMICOLON_REGEX: (';', quote),
        k.FOLLOWED_BY_ARROW_FUNCTION_SIGN_QUOTES_REQUIRED_REGEX: ('=', quote),
    }


# -- high-entropy plugins ---------------------------------------------------------------------

def entropy_plugin_kind(plugin: Any) -> str:
    """'base64' / 'hex' for detect-secrets' own entropy plugins (exactly those classes: a
    subclass may compute entropy its own way), else ''."""
    from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString
    from detect_secrets.plugins.high_entropy_strings import HexHighEntropyString

    kind = type(plugin)
    return 'base64' if kind is Base64HighEntropyString else 'hex' if kind is HexHighEntropyString else ''


def shannon_entropy(charset: str, data: str, hex_digits: bool = False) -> float:
    """`calculate_shannon_entropy(data)` of the Base64 plugin (`hex_digits`: of the Hex plugin),
    bit for bit: the same terms (`- p * log(p, 2)`, p = count / length) added one by one in the
    same order (the charset's, characters absent skipped), but only the characters present are
    counted (stock counts all 64 of the charset) and each term is computed once per (count,
    length) (the logarithm was most of the cost)."""
    if not data:
        return 0
    n = len(data)
    order = _charset_order(charset)
    if order is None:  # a character twice in the charset: stock adds its term twice
        counts = [c for c in map(data.count, charset) if c]
    else:
        counts = list(map(data.count, sorted(set(data).intersection(order), key=order.__getitem__)))
    terms = _ENTROPY_TERMS.get(n)
    if terms is None:
        if len(_ENTROPY_TERMS) >= 4096:
            _ENTROPY_TERMS.clear()
        terms = _ENTROPY_TERMS[n] = _Terms(n)
    entropy: float = reduce(add, map(terms.__getitem__, counts), 0.0)  # left to right, as `+=`
    if hex_digits and n != 1:
        try:
            int(data)
            entropy -= 1.2 / math.log(n, 2)
        except ValueError:
            pass
    return entropy


class _Terms(dict):  # type: ignore[type-arg]
    """count -> `- p_x * math.log(p_x, 2)` for p_x = count / length, as stock computes it."""

    def __init__(self, length: int) -> None:
        super().__init__()
        self.length = length

    def __missing__(self, count: int) -> float:
        p_x = float(count) / self.length
        term = self[count] = - p_x * math.log(p_x, 2)
        return term


_CHARSET_ORDERS: dict[str, dict[str, int] | None] = {}
# length -> its terms by count (bounded: emptied when full).
_ENTROPY_TERMS: dict[int, _Terms] = {}


def _charset_order(charset: str) -> dict[str, int] | None:
    """Character -> its place in `charset` (None when a character appears twice)."""
    if charset not in _CHARSET_ORDERS:
        order = {c: i for i, c in enumerate(charset)}
        _CHARSET_ORDERS[charset] = order if len(order) == len(charset) else None
    return _CHARSET_ORDERS[charset]


# -- the allowlist pragma filter --------------------------------------------------------------

# Every regex of detect-secrets' `is_line_allowlisted` (its `get_allowlist_regexes`, no flags)
# holds this literal: a line and previous line without it are not allowlisted.
ALLOWLIST_LITERAL = 'pragma:'


def is_allowlist_filter(fn: Any) -> bool:
    from detect_secrets.filters.allowlist import is_line_allowlisted

    return fn is is_line_allowlisted
