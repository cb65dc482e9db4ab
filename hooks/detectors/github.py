"""detect-secrets' GitHub token plugin, hashing the whole token.

detect-secrets 1.5's regex captures only the token's prefix (`ghp`), so every GitHub token gets
the same hash, and one baseline entry would allow every GitHub token in that file.  This class
keeps the stock name, secret type and matches, and hashes the token itself.
"""
from __future__ import annotations

import re

from detect_secrets.plugins.github_token import GitHubTokenDetector as StockGitHubTokenDetector


class GitHubTokenDetector(StockGitHubTokenDetector):
    """GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`), hashed whole."""

    denylist = [re.compile(r'(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}')]
