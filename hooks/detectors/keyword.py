"""detect-secrets' keyword plugin, also reporting values that start with punctuation.

detect-secrets 1.5's value pattern opens with the lookahead `(?=\\w+)`: a value must start with a
letter, digit or underscore, so `DB_PASSWORD=+Qm...` or `/Qm...` (base64 passwords: one in 64
starts with `+`, one in 64 with `/`) or `!Qm...` is never reported.  This class keeps the stock
name, secret type and every pattern, with a value that may open with a few characters of
base64 or password-generator punctuation before its first word character.
"""
from __future__ import annotations

import re
from typing import Any
from typing import Dict
from typing import Generator
from typing import Optional
from typing import Pattern
from typing import Set

from detect_secrets.core.potential_secret import PotentialSecret
from detect_secrets.plugins import keyword as stock
from detect_secrets.plugins.base import BasePlugin
from detect_secrets.util.code_snippet import CodeSnippet

from hooks import ds_adapter

# The punctuation of base64 (`+/`) and of password generators (`!@^~=?-`), at most 8 of them
# (the lookahead stays linear on a long run).  Not prose or code punctuation (`.,;:|`), nor the
# openers of references and templates (`$ ( { [ < % * & #`).
STOCK_SECRET = ds_adapter.keyword_value_pattern()
SECRET = STOCK_SECRET.replace(r'(?=\w+)', r'(?=[+/!@^~=?\-]{0,8}\w)')
assert SECRET != STOCK_SECRET, 'detect-secrets changed its keyword value pattern'

_FIXED: Dict[int, Dict[Pattern[str], int]] = {}


def fixed_regexes(table: Dict[Pattern[str], int]) -> Dict[Pattern[str], int]:
    """A stock regex -> group table, each regex rebuilt with our value pattern."""
    fixed = _FIXED.get(id(table))
    if fixed is None:
        fixed = _FIXED[id(table)] = {
            re.compile(p.pattern.replace(STOCK_SECRET, SECRET), p.flags): group
            for p, group in table.items()
        }
    return fixed


class KeywordDetector(stock.KeywordDetector):
    """Secret-sounding names assigned a value; the value may open with punctuation."""

    def analyze_string(
        self, string: str, denylist_regex_to_group: Optional[Dict[Pattern[str], int]] = None,
    ) -> Generator[str, None, None]:
        table = denylist_regex_to_group or ds_adapter.keyword_default_regexes()
        yield from super().analyze_string(string, fixed_regexes(table))

    def analyze_line(
        self, filename: str, line: str, line_number: int = 0, context: Optional[CodeSnippet] = None,
        **kwargs: Any,
    ) -> Set[PotentialSecret]:
        return BasePlugin.analyze_line(
            self, filename=filename, line=line, line_number=line_number,
            context=context,  # type: ignore[arg-type]  # detect-secrets passes None too
            denylist_regex_to_group=ds_adapter.keyword_regexes(filename),
        )
