"""The product's checksummed B2B API keys, and configured legacy key formats."""
from __future__ import annotations

import re
from typing import Any
from typing import Iterator
from typing import Sequence

from hooks import keys
from hooks.detectors.base import LineDetector
from hooks.scan.prefilter import Trigger


class B2BKeyDetector(LineDetector):
    """`b2b_live_<30 base62><6 base62 CRC32>`: only a correct checksum is a finding."""

    secret_type = 'B2B API Key'

    def __init__(
        self,
        prefixes: Sequence[str] = (keys.DEFAULT_PREFIX,),
        legacy_patterns: Sequence[str] = (),
        strict: bool = False,
    ) -> None:
        self.prefixes = sorted(set(prefixes))
        self.legacy_patterns = list(legacy_patterns)
        self.strict = strict
        self.key_re = keys.key_pattern(self.prefixes)
        self.legacy_res = [re.compile(p) for p in self.legacy_patterns]
        self.markers = tuple(f'{p}_' for p in self.prefixes)

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        if any(marker in line for marker in self.markers):
            for m in self.key_re.finditer(line):
                if self.strict or keys.is_valid_key(m.group()):
                    yield m.group()
        for legacy in self.legacy_res:
            for m in legacy.finditer(line):
                yield m.group(m.lastindex or 0) if m.lastindex else m.group()

    def trigger(self) -> Trigger:
        if not self.legacy_patterns:
            return Trigger(self.markers)
        alternatives = [re.escape(m) for m in self.markers] + [f'(?:{p})' for p in self.legacy_patterns]
        return Trigger((), '|'.join(alternatives))

    def json(self) -> dict[str, Any]:
        return {
            'name': self.__class__.__name__,
            'prefixes': self.prefixes,
            'legacy_patterns': self.legacy_patterns,
            'strict': self.strict,
        }
