"""`secret-hooks check-env-files` (hook `check-env-files`): committed env files hold no secret
values.

In every committed env file (`.env`, `.env.*`, `*.env`, configured names) each secret-named key
must be empty, a placeholder or a reference (`${OTHER}`); a connection URL, whatever its key, is
judged by its password.  Optionally (`forbid-dotenv`) a real env file — one that is not an
example, template or sample — may not be committed at all.
"""
from __future__ import annotations

import argparse
import os

from hooks import dotenv as envfile
from hooks.config import Config
from hooks.findings import ALLOWLIST_PRAGMA_RE
from hooks.findings import CheckFinding
from hooks.findings import add_file_arguments
from hooks.findings import run_check
from hooks.policy import DEFAULT_POLICY
from hooks.policy import Policy
from hooks.policy import value_problem

COMMITTED_DOTENV = 'a real env file is committed (forbid-dotenv)'


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


# ---------------------------------------------------------------------------------------------
# The command.
# ---------------------------------------------------------------------------------------------

CONFIG_OPTIONS = ('env_files', 'forbid_dotenv', 'secret_name_patterns', 'extra_placeholders', 'exclude')

FIX = (
    'Fix: leave secret values empty or write a placeholder (changethis, ${OTHER}) in committed '
    'env files and keep real values in an uncommitted .env (listed in .gitignore) or a secret '
    'store; rotate any value that was ever pushed. A committed real env file: '
    'git rm --cached it, add it to .gitignore and commit a .env.example instead.'
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_file_arguments(parser, 'files to check; only env files among them are read '
                               '(default: every env file git tracks)', CONFIG_OPTIONS)


def run(args: argparse.Namespace, config: Config) -> int:
    policy = Policy.from_config(config)
    return run_check(
        args, config.exclude,
        lambda name, text: check_env_text(name, text, policy, config.forbid_dotenv),
        'env-file problem', FIX, wanted=lambda name: envfile.is_env_file(name, config.env_files),
    )
