"""Reading a file's text and listing the repository's files: what every hook needs, without
detect-secrets (so the checks that do not scan start fast).

The one file walker of the checks is `iter_texts`: paths in, (repo-relative name, text) out,
and one error line per file that could not be read.  Its per-path step, `stat_wanted`, holds
the rules: an excluded name is never opened, a link or anything but a regular file is skipped.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
from typing import Callable
from typing import Iterable
from typing import Iterator
from typing import Sequence

BINARY_SNIFF = 8192


def normalize_path(path: str) -> str:
    """Repo-relative POSIX path, as a baseline stores it."""
    rel = os.path.relpath(path) if os.path.isabs(path) else os.path.normpath(path)
    return rel.replace(os.sep, '/')


# Byte-order marks, longest first (UTF-32-LE's starts with UTF-16-LE's).
BOMS = (
    (codecs.BOM_UTF32_LE, 'utf-32-le'), (codecs.BOM_UTF32_BE, 'utf-32-be'),
    (codecs.BOM_UTF16_LE, 'utf-16-le'), (codecs.BOM_UTF16_BE, 'utf-16-be'),
)


def sniff_encoding(head: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) for a file starting with `head`, or None for a binary file.

    UTF-16 and UTF-32 text holds NULs, so it is told from a binary by its BOM or, without one
    (Windows PowerShell 5 writes BOM-less UTF-16-LE), by the shape of its NULs: every code
    unit's high bytes zero, its low byte not.
    """
    for bom, codec in BOMS:
        # Text in UTF-16/32 holds NULs (the high bytes of ASCII); bytes that start like a BOM
        # but hold none are something else (invalid UTF-8, read as such).
        if head.startswith(bom) and (b'\0' in head[len(bom):] or len(head) == len(bom)):
            return codec, len(bom)
    if b'\0' not in head:
        return 'utf-8', 0
    for codec, width, low in (('utf-32-le', 4, 0), ('utf-32-be', 4, 3), ('utf-16-le', 2, 0),
                              ('utf-16-be', 2, 1)):
        units = len(head) // width
        if units and _nul_shaped(head[:units * width], width, low):
            return codec, 0
    return None


def _nul_shaped(data: bytes, width: int, low: int) -> bool:
    # ASCII text in this encoding: the low byte of each code unit set, the others NUL (allow a
    # few non-ASCII characters in UTF-16).
    lows = data[low::width]
    if lows.count(0):
        return False
    others = len(data) - len(lows)
    zeros = sum(data[i::width].count(0) for i in range(width) if i != low)
    return zeros == others if width == 4 else zeros * 10 >= others * 9


def decode(data: bytes, codec: str) -> str:
    """Text with universal newlines, as detect-secrets (and every editor) number lines.

    Invalid bytes become replacement characters rather than the file being skipped (as stock
    detect-secrets does): secrets are ASCII, and a Latin-1 file must not hide one.
    """
    return data.decode(codec, errors='replace').replace('\r\n', '\n').replace('\r', '\n')


def read_text(path: str) -> str | None:
    """The file's text (UTF-8, or UTF-16/32 told by BOM or shape), or None for a binary file.
    Raises OSError when unreadable."""
    with open(path, 'rb') as f:
        data = f.read()
    sniffed = sniff_encoding(data[:BINARY_SNIFF])
    if sniffed is None:
        return None
    codec, bom = sniffed
    text = decode(data[bom:], codec)
    if codec != 'utf-8' and '\0' in text[:BINARY_SNIFF]:
        return None  # a binary that happened to look like UTF-16/32
    return text


def repository_files(root: str = '.') -> list[str]:
    """The files git tracks under `root` (every file, outside a git work tree or without git).
    A tracked file deleted in the work tree is not listed: there is no file to check (as
    pre-commit, which runs on the work tree); a file named on the command line that does not
    exist is still an error (see iter_texts).

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
    listed = (normalize_path(os.path.join(root, p))
              for p in out.decode('utf-8', 'surrogateescape').split('\0') if p)
    return [p for p in listed if os.path.lexists(p)]


def _walk(root: str) -> list[str]:
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in {'.git', '.hg', '.svn'})
        found.extend(os.path.join(dirpath, name) for name in sorted(filenames))
    return [normalize_path(p) for p in found]


# ---------------------------------------------------------------------------------------------
# The walker
# ---------------------------------------------------------------------------------------------

def excluded_by(patterns: Sequence[str]) -> Callable[[str], bool]:
    """Whether a repo-relative name is excluded: a regex of `patterns` is found in it (as
    pre-commit's `exclude`)."""
    compiled = [re.compile(p) for p in patterns]
    return lambda filename: any(p.search(filename) for p in compiled)


def stat_wanted(path: str, filename: str, excluded: Callable[[str], bool]) -> os.stat_result | None:
    """The lstat of `path` when the file is to be read; None for an `excluded` name (not even
    stat-ed), a symbolic link (it may point outside the repository; pre-commit skips links too)
    or anything but a regular file.  Raises OSError when `path` cannot be stat-ed."""
    if excluded(filename):
        return None
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
        return None
    return st


def cannot_read(filename: str, error: OSError) -> str:
    """The one-line error of a file that could not be read."""
    from hooks.paths import quote_path  # a newline in a file name stays on one line

    return f'{quote_path(filename)}: cannot read: {error.strerror or type(error).__name__}'


def iter_texts(
        paths: Iterable[str], errors: list[str], exclude: Sequence[str] = (),
        wanted: Callable[[str], bool] = lambda _: True,
) -> Iterator[tuple[str, str]]:
    """(repo-relative name, text) of each file of `paths` that is `wanted` (a test of its name:
    other files are not opened), not excluded, a regular file and not binary.  A file that
    cannot be read, or fails unexpectedly, is one line in `errors`; the others are read."""
    from hooks import isolation

    excluded = excluded_by(exclude)
    for path in paths:
        filename = normalize_path(path)
        if not wanted(filename):
            continue
        text = None
        with isolation.per_file(filename, errors):
            try:
                if stat_wanted(path, filename, excluded) is not None:
                    text = read_text(path)
            except OSError as e:
                errors.append(cannot_read(filename, e))
        if text is not None:
            yield filename, text
