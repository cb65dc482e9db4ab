"""Reading a file's text and listing the repository's files: what every hook needs, without
detect-secrets (so the checks that do not scan start fast)."""
from __future__ import annotations

import os

BINARY_SNIFF = 8192


def normalize_path(path: str) -> str:
    """Repo-relative POSIX path, as a baseline stores it."""
    rel = os.path.relpath(path) if os.path.isabs(path) else os.path.normpath(path)
    return rel.replace(os.sep, '/')


def read_text(path: str) -> str | None:
    """The file's text, or None for a binary file.  Raises OSError when unreadable.

    Invalid UTF-8 is decoded with replacement characters rather than skipped (as stock
    detect-secrets does): secrets are ASCII, and a Latin-1 file must not hide one.
    """
    with open(path, 'rb') as f:
        data = f.read()
    if b'\0' in data[:BINARY_SNIFF]:
        return None
    # Universal newlines, as detect-secrets (and every editor) number lines.
    return data.decode('utf-8', errors='replace').replace('\r\n', '\n').replace('\r', '\n')


def repository_files(root: str = '.') -> list[str]:
    """The files git tracks under `root` (every file, outside a git work tree or without git).

    When git refuses the repository (dubious ownership, a corrupt index), walking every file
    would scan what git ignores (`.env`) and report it as if committed: stop and say why.
    """
    import subprocess

    from hooks.errors import UsageError

    try:
        out = subprocess.run(
            ['git', 'ls-files', '-z', '--cached', '--', '.'],
            cwd=root, capture_output=True, check=True,
        ).stdout
    except subprocess.CalledProcessError as e:
        reason = e.stderr.decode('utf-8', 'replace').strip()
        if 'not a git repository' not in reason:
            first = reason.splitlines()[0] if reason else f'exit {e.returncode}'
            raise UsageError(
                f'{root}: git cannot list the tracked files ({first.removeprefix("fatal: ")}); '
                'not scanning every file instead: fix that (for dubious ownership: '
                '`git config --global --add safe.directory <repository>`) and rerun',
            ) from None
        return _walk(root)
    except OSError:  # no git at all
        return _walk(root)
    return [
        normalize_path(os.path.join(root, p))
        for p in out.decode('utf-8', 'surrogateescape').split('\0') if p
    ]


def _walk(root: str) -> list[str]:
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in {'.git', '.hg', '.svn'})
        found.extend(os.path.join(dirpath, name) for name in sorted(filenames))
    return [normalize_path(p) for p in found]
