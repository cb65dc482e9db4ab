"""The git side of a history scan: which commits to read, and one `git log -p` stream of them.

`start` runs git as soon as the commits are known, before the scanner is loaded (its modules
take about a third of a second to import): a child process reads git's output meanwhile, up to
READ_AHEAD bytes, so that git runs beside that work rather than wait on a full pipe.  At this
process's first read the child passes on what it holds and ends, and git is read directly from
there on (a process between them all along would cost more than it saves).  The commits
walked are counted beside the log too.
"""
from __future__ import annotations

import io
import mmap
import os
import select
import signal
import subprocess
from typing import IO
from typing import Any
from typing import Sequence

from hooks.errors import UsageError

ZERO_SHA = '0' * 40
# A commit header line: NUL, full sha, author date.  No diff line starts with NUL.
FORMAT = '--format=tformat:%x00%H %as'
SHORT = 10
# git's output read ahead of the scan, at most (memory stays bounded on any history).
READ_AHEAD = 8 << 20


def git(args: Sequence[str], cwd: str = '.') -> str:
    """Output of a git command; UsageError with git's own first line when it fails."""
    try:
        proc = subprocess.run(['git', *args], cwd=cwd, capture_output=True)
    except OSError as e:
        raise UsageError(f'cannot run git: {e.strerror}') from None
    if proc.returncode != 0:
        raise _failed(args[0], proc.stderr)
    return proc.stdout.decode('utf-8', 'replace')


def _failed(command: str, stderr: bytes, otherwise: str = 'failed') -> UsageError:
    """git's own first line of error, or `otherwise` when it printed none."""
    reason = stderr.decode('utf-8', 'replace').strip().splitlines()
    return UsageError(f'git {command}: {reason[0] if reason else otherwise}')


def revisions(since: str | None = None, range_: str | None = None, all_refs: bool = False) -> list[str]:
    """git rev-list arguments for the commits to read (default: everything HEAD reaches)."""
    for flag, value in (('--range', range_), ('--since', since)):
        if value is not None and (not value.strip() or value.startswith('-')):
            raise UsageError(f'{flag}: expected a revision, not an option or nothing')
    if range_ is not None:
        if '..' not in range_:
            raise UsageError(f'--range {range_}: expected A..B (the commits of B that A lacks)')
        return [range_]
    if since is not None:
        return [f'{since}..HEAD']
    if all_refs:
        return ['--all']
    return ['HEAD']


def push_revisions(env: dict[str, str] | None = None) -> list[str]:
    """The commits a pre-push hook is asked about: FROM..TO as pre-commit hands them over, or,
    for a new branch, the commits of the local branch that no ref of the remote has."""
    env = dict(os.environ if env is None else env)
    from_ref, to_ref = env.get('PRE_COMMIT_FROM_REF', ''), env.get('PRE_COMMIT_TO_REF', '')
    remote = env.get('PRE_COMMIT_REMOTE_NAME', '')
    not_remote = [f'--remotes={remote}'] if remote and _is_remote(remote) else []
    if to_ref == ZERO_SHA:
        return []  # deleting a remote branch: nothing is pushed
    if any(ref.startswith('-') for ref in (from_ref, to_ref, env.get('PRE_COMMIT_LOCAL_BRANCH', ''))):
        raise UsageError('pre-push: a ref handed over by pre-commit looks like an option')
    if from_ref and to_ref and from_ref != ZERO_SHA:
        return [to_ref, f'^{from_ref}', *(['--not', *not_remote] if not_remote else [])]
    tip = to_ref or env.get('PRE_COMMIT_LOCAL_BRANCH') or 'HEAD'
    return [tip, '--not', *(not_remote or ['--remotes'])]


def _is_remote(name: str) -> bool:
    try:
        return name in git(['remote']).split()
    except UsageError:
        return False


def _shallow_boundaries() -> set[str]:
    path = git(['rev-parse', '--git-path', 'shallow']).strip()
    try:
        with open(path, encoding='ascii') as f:
            return {line.strip() for line in f if line.strip()}
    except OSError:
        return set()


def check_shallow(revs: Sequence[str]) -> None:
    """Refuse a range that reaches past the edge of a shallow clone: its oldest commit would
    look as if it added every file (exit 2, with the way out)."""
    boundaries = _shallow_boundaries()
    if not boundaries:
        return
    shas = git(['rev-list', *revs, '--']).split()
    cut = [s for s in shas if s in boundaries]
    if cut:
        raise UsageError(
            f'shallow clone: the history before commit {cut[0][:SHORT]} is missing, so the lines '
            'it added cannot be told from what it inherited; fetch the whole history first '
            '(`git fetch --unshallow`; in CI: a checkout with fetch-depth: 0)')


def log_command(revs: Sequence[str]) -> list[str]:
    """`git log -p` as the history scan reads it, whatever the user's git configuration."""
    return [
        'git', '-c', 'core.quotepath=on', '-c', 'log.showroot=true', '-c', 'diff.noprefix=false',
        '-c', 'log.showSignature=false', '-c', 'diff.relative=false', '-c', 'core.safecrlf=false',
        # No deleted files (`d`): they add no line, and git would print every line they held.
        # (git then leaves out a commit that only deletes: the commits are counted apart.)
        'log', '-p', '--cc', '-M', '--diff-filter=d', '--no-color', '--no-ext-diff', '--no-textconv',
        '--unified=0',
        '--topo-order', '--no-abbrev-commit', '--full-index', '--src-prefix=a/', '--dst-prefix=b/',
        '--submodule=short', '--ignore-submodules=none', FORMAT,
        *revs, '--',
    ]


def provenance() -> tuple[str, str]:
    """(HEAD's sha, the `origin` remote's URL) for SARIF, each '' when unknown."""
    out = []
    for args in (['rev-parse', '--verify', '--quiet', 'HEAD'], ['remote', 'get-url', 'origin']):
        try:
            out.append(git(args).strip())
        except UsageError:
            out.append('')
    return out[0], out[1]


def start(revs: Sequence[str]) -> Log | None:
    """The log of the commits `revs` selects, running; None when there is nothing to read (no
    commit selected, or a repository without commits).  UsageError outside a repository
    (git's own message) and for a shallow clone."""
    if not revs:
        return None
    git(['rev-parse', '--git-dir'])  # not a repository: git's own message
    if list(revs) == ['HEAD'] and subprocess.run(
            ['git', 'rev-parse', '--verify', '--quiet', 'HEAD'], capture_output=True).returncode:
        return None  # no commit yet: an empty history
    check_shallow(revs)
    return Log(revs)


class Log:
    """`git log -p` of `revs` (log_command), its output read ahead in a child process (where
    processes can be forked), and `git rev-list --count` beside it.  `stdout` is the stream;
    `finish` after reading it to its end, `stop` in any case (it ends whatever still runs)."""

    def __init__(self, revs: Sequence[str]) -> None:
        self.proc = subprocess.Popen(log_command(revs), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.stderr = self.proc.stderr
        self.count: subprocess.Popen[bytes] | None = None
        self.relay = 0
        self._commits: int | None = None
        try:
            self.count = subprocess.Popen(['git', 'rev-list', '--count', *revs, '--'],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            self.stdout, self.relay = _read_ahead(self.proc.stdout)
        except BaseException:
            self.stdout = self.proc.stdout
            self.stop()
            raise

    def fds(self) -> list[int]:
        """Its descriptors, which a process forked from this one must close."""
        pipes: list[IO[bytes] | None] = [self.proc.stdout, self.stderr]
        if self.count is not None:
            pipes += [self.count.stdout, self.count.stderr]
        raw = getattr(self.stdout, 'raw', None)
        own = raw.fds() if isinstance(raw, _Handover) else []
        return own + [p.fileno() for p in pipes if p is not None and not p.closed]

    def commits(self) -> int:
        """How many commits `revs` selects (git log leaves out those that only delete files)."""
        if self._commits is None:
            assert self.count is not None
            out, err = self.count.communicate()
            if self.count.returncode != 0:
                raise _failed('rev-list', err)
            self._commits = int(out.strip() or 0)
        return self._commits

    def finish(self) -> int:
        """After the stream was read to its end: the commits walked; UsageError with git's own
        reason when git failed, or when the relay did (the stream may have been cut short)."""
        self.stdout.close()
        relayed = self._reap_relay()
        if relayed != 0:  # (first: git then fails too, on the broken pipe)
            self.stop()
            raise UsageError(f'git log: the process reading its output ended early (exit {relayed}); '
                             'what came after was not scanned')
        stderr = self.stderr.read()
        if self.proc.wait() != 0:
            self.stop()
            raise _failed('log', stderr, f'exit {self.proc.returncode}')
        return self.commits()

    def stop(self) -> None:
        """Ends git and the relay, read or not (a scan stopped early must leave no process)."""
        for proc in (self.proc, self.count):
            if proc is not None and proc.poll() is None:
                proc.kill()
        self.stdout.close()  # (the relay, if it still writes, ends on a broken pipe)
        self._reap_relay()
        for proc in (self.proc, self.count):
            if proc is not None:
                proc.wait()
                for pipe in (proc.stdout, proc.stderr):
                    if pipe is not None:
                        pipe.close()

    def _reap_relay(self) -> int:
        """The relay's exit code once it ended (0 where there is none)."""
        if not self.relay:
            return 0
        _, status = os.waitpid(self.relay, 0)
        self.relay = 0
        return os.waitstatus_to_exitcode(status)


def _read_ahead(source: IO[bytes]) -> tuple[IO[bytes], int]:
    """(a stream of what `source` holds, the pid of the child process that reads it ahead of
    this one until this one starts reading), or (`source`, 0) where no process can be forked."""
    if not hasattr(os, 'fork'):
        return source, 0
    read, write = os.pipe()
    stop_read, stop_write = os.pipe()
    for fd in (source.fileno(), write):
        _widen(fd)
    try:
        pid = os.fork()
    except OSError:  # (a limit on processes): read git directly
        for fd in (read, write, stop_read, stop_write):
            os.close(fd)
        return source, 0
    if pid == 0:  # the child: relay, then end without running anything of this process's
        code = 0
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # (Ctrl-C is the parent's to handle)
            os.close(read)
            os.close(stop_write)
            relay(source.fileno(), write, stop=stop_read)
        except BaseException:  # noqa: BLE001 (a broken pipe: the reader is gone)
            code = 1
        os._exit(code)
    os.close(write)
    os.close(stop_read)
    return io.BufferedReader(_Handover(read, stop_write, source.fileno()), 1 << 20), pid


class _Handover(io.RawIOBase):
    """What the relay read ahead, then git's own pipe.  The first read here tells the relay to
    stop reading git (this process is ready: from now on nothing stands between it and git);
    the relay passes on what it holds and ends, and git is read directly after that."""

    def __init__(self, relayed: int, stop: int, source: int) -> None:
        super().__init__()
        self.relayed, self.stop, self.source = relayed, stop, source  # (source: git's, not ours to close)

    def readable(self) -> bool:
        return True

    def fds(self) -> list[int]:
        return [fd for fd in (self.relayed, self.stop) if fd != -1]

    def readinto(self, buffer: Any) -> int:
        if self.stop != -1:
            os.close(self.stop)
            self.stop = -1
        if self.relayed != -1:
            got = os.readv(self.relayed, [buffer])
            if got:
                return got
            os.close(self.relayed)  # (the relay ended: all it read came before this)
            self.relayed = -1
        return os.readv(self.source, [buffer])

    def close(self) -> None:
        for fd in self.fds():
            os.close(fd)
        self.relayed = self.stop = -1
        super().close()


def _widen(pipe: int) -> None:
    """A pipe of 1 MB rather than 64 KB where the system allows it (Linux): the relay then moves
    git's output in a few large reads and writes rather than thousands of small ones."""
    try:
        import fcntl

        fcntl.fcntl(pipe, getattr(fcntl, 'F_SETPIPE_SZ', 1031), 1 << 20)
    except (ImportError, OSError):  # (not Linux, or past the system's limit: it stays as it is)
        pass


def relay(source: int, target: int, limit: int | None = None, stop: int = -1) -> None:
    """Copies `source` to `target` until `source` ends or `stop` (a pipe) is written to or
    closed, reading whenever it can while fewer than `limit` (READ_AHEAD) bytes wait for
    `target` to take them; then passes on what it holds and returns.

    They wait in a ring of `limit` bytes mapped untouched (a page is touched when first
    written, then reused): bytes objects of each read would fault in fresh pages all along,
    which costs more in a virtual machine than the copying itself."""
    limit = READ_AHEAD if limit is None else limit
    ring = mmap.mmap(-1, limit)
    view = memoryview(ring)
    head = held = 0   # the bytes waiting: ring[head:head + held], wrapping at the end
    ended = False
    os.set_blocking(target, False)
    try:
        while not ended or held:
            want_in = not ended and held < limit
            poller = select.poll()  # (only what it waits for now: an ended source stays "ready")
            if want_in:
                poller.register(source, select.POLLIN)
            if held:
                poller.register(target, select.POLLOUT)
            if not ended and stop != -1:
                poller.register(stop, select.POLLIN)
            ready = dict(poller.poll())
            if not ended and stop != -1 and ready.get(stop):
                ended, want_in = True, False  # (it passes on what it holds; git is read directly)
            if want_in and ready.get(source):
                tail = (head + held) % limit
                got = os.readv(source, [view[tail:limit if tail >= head else head]])
                held += got
                ended = not got
            if held and ready.get(target):
                try:
                    sent = os.write(target, view[head:min(head + held, limit)])
                except BlockingIOError:
                    continue
                head, held = (head + sent) % limit, held - sent
    finally:
        view.release()
        ring.close()
