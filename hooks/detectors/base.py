"""What the project's detect-secrets plugins share."""
from __future__ import annotations

import os
from typing import Any
from typing import Generator
from typing import Iterator
from typing import Set

from detect_secrets.core.potential_secret import PotentialSecret
from detect_secrets.plugins.base import RegexBasedDetector

from hooks.scan.prefilter import Trigger

# Files whose assignments are code: only a quoted literal is a value there (`KEY = os.environ[...]`
# is an expression, not a secret).
CODE_EXTENSIONS = frozenset({
    '.py', '.pyi', '.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.go', '.rb', '.java', '.kt',
    '.kts', '.scala', '.php', '.cs', '.rs', '.swift', '.c', '.h', '.cc', '.cpp', '.hpp', '.m',
    '.groovy', '.dart', '.lua', '.pl', '.r', '.ex', '.exs', '.erl', '.clj', '.vue', '.svelte',
})


def is_code_file(filename: str) -> bool:
    return os.path.splitext(filename)[1].lower() in CODE_EXTENSIONS


class LineDetector(RegexBasedDetector):
    """A plugin that reads the whole line (and knows the file name) instead of a regex list.

    Subclassing RegexBasedDetector tells detect-secrets' `is_likely_id_string` filter that our
    findings are structural matches, not entropy guesses.
    """

    denylist = ()
    # What every line this plugin reports on contains (see hooks.scan.prefilter); None: every line.
    TRIGGER: Trigger | None = None

    def trigger(self) -> Trigger | None:
        return self.TRIGGER

    def find(self, line: str, filename: str = '') -> Iterator[str]:
        raise NotImplementedError

    def analyze_string(self, string: str) -> Generator[str, None, None]:
        yield from self.find(string)

    def analyze_line(  # type: ignore[override]
        self,
        filename: str,
        line: str,
        line_number: int = 0,
        **kwargs: Any,
    ) -> Set[PotentialSecret]:
        # Verification is never run: scanning is offline.  A value found again on the line is
        # the same finding (equal by type, file and value): built once (a long line of one
        # connection string finds its password thousands of times).
        return {
            PotentialSecret(
                type=self.secret_type,
                filename=filename,
                secret=value,
                line_number=line_number,
            )
            for value in dict.fromkeys(self.find(line, filename))
        }
