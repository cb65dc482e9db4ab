"""`check-env-files`: committed env files hold no secret values.

In every committed env file (`.env`, `.env.*`, `*.env`, configured names) each secret-named key
must be empty, a placeholder or a reference (`${OTHER}`); a connection URL, whatever its key, is
judged by its password.  Optionally (`forbid-dotenv`) a real env file — one that is not an
example, template or sample — may not be committed at all.
"""
from __future__ import annotations

import os
from typing import Iterable

from hooks import dotenv as envfile
from hooks.fallbacks import ALLOWLIST_PRAGMA_RE
from hooks.findings import CheckFinding
from hooks.fallbacks import DEFAULT_POLICY
from hooks.fallbacks import Policy
from hooks.fallbacks import value_problem

COMMITTED_DOTENV = 'a real env file is committed (forbid-dotenv)'


def is_env_file(path: str, extra_patterns: Iterable[str] = ()) -> bool:
    return envfile.is_env_file(path, extra_patterns)


def check_env_text(
        filename: str, text: str, policy: Policy = DEFAULT_POLICY, forbid_dotenv: bool = False,
) -> list[CheckFinding]:
    """Findings for one env file's text (its name decides only the forbid-dotenv rule)."""
    found = []
    if forbid_dotenv and not envfile.is_template(filename):
        found.append(CheckFinding(filename, 1, os.path.basename(filename), COMMITTED_DOTENV))
    lines = text.splitlines()
    for entry in envfile.parse(text):
        line = lines[entry.line_number - 1] if entry.line_number <= len(lines) else ''
        if ALLOWLIST_PRAGMA_RE.search(line):
            continue
        # Empty is the right value for a secret in a committed file.  Any other key is judged
        # only by the password of a connection URL it holds.
        problem = value_problem(
            entry.name, entry.value, policy, allow_empty=True,
            url_only=not policy.is_secret_name(entry.name),
        )
        if problem:
            found.append(CheckFinding(filename, entry.line_number, entry.name, f'{problem} in an env file'))
    return sorted(found)
