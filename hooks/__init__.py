"""secret-hooks: pre-commit hooks that keep secrets out of a codebase."""
from __future__ import annotations

from hooks.keys import generate_key
from hooks.keys import is_valid_key

__all__ = ["generate_key", "is_valid_key"]
__version__ = "0.1.0"
