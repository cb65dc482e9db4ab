"""Cost of hooks.logs.RedactingFilter per log record: ours against no filter, in one run.

    python benchmarks/logs.py [--records 20000] [--repeat 5]

A logger with one handler (a StreamHandler writing to an in-memory stream, the default
formatter) emits the same records with and without the filter, alternately, `--repeat` times.
Record kinds: a typical access-log line with %-arguments and no secret; a longer message with
labels that trigger the label check but hold no secret (`token_id=`, `key=`); records holding a
JWT in an Authorization header, a DB URL with a password, a B2B key; and an exception with a
secret in its message.  Secret values are made at run time.  Printed: the median per-record time
with and without the filter, and the difference (the filter's cost), in microseconds of CPU time.
"""
from __future__ import annotations

import argparse
import io
import logging
import os
import secrets
import statistics
import sys
import time
from typing import Any
from typing import Callable

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from hooks import keys  # noqa: E402
from hooks.logs import RedactingFilter  # noqa: E402


def _jwt() -> str:
    import base64
    import json

    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b'=').decode()
    return f'{part({"alg": "HS256", "typ": "JWT"})}.{part({"sub": secrets.token_hex(8)})}.{secrets.token_urlsafe(32)}'


def _cases() -> dict[str, Callable[[logging.Logger], None]]:
    token, password, key = _jwt(), secrets.token_urlsafe(16), keys.generate_key()
    url = f'postgresql://app:{password}@db:5432/app'
    try:
        raise ValueError(f'cannot connect to {url}')  # pragma: allowlist secret (a benchmarked leak)
    except ValueError:
        exc_info = sys.exc_info()
    return {
        'no secret (access log)': lambda log: log.info(
            '%s - "%s %s HTTP/%s" %d', '10.0.0.7:51234', 'GET', '/api/v1/items?page=2', '1.1', 200),
        'no secret, label words': lambda log: log.info(
            'refreshed token_id=%s for key=%s (session cache hit)', 'a1b2c3', 'users:42'),
        # These two leak on purpose: the filter's cost on records that hold a secret.
        'JWT in Authorization': lambda log: log.info(
            'headers: %s', {'authorization': f'Bearer {token}'}),  # pragma: allowlist secret
        'DB URL with password': lambda log: log.warning(
            'connecting to %s', url),  # pragma: allowlist secret
        'B2B key': lambda log: log.info('partner request with key %s', key),
        'exception with secret': lambda log: log.error('connect failed', exc_info=exc_info),
    }


def _logger(with_filter: bool) -> logging.Logger:
    logger = logging.getLogger(f'bench.{"filtered" if with_filter else "plain"}')
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = logging.StreamHandler(io.StringIO())
    if with_filter:
        handler.addFilter(RedactingFilter(env=['BENCH_FILTERED_VALUE']))
    logger.handlers[:] = [handler]
    return logger


def _time(emit: Callable[[logging.Logger], None], logger: logging.Logger, n: int) -> float:
    stream = logger.handlers[0].stream  # type: ignore[attr-defined]
    start = time.process_time()  # CPU time of this process: other jobs on the machine do not count
    for _ in range(n):
        emit(logger)
    elapsed = time.process_time() - start
    stream.seek(0)
    stream.truncate()
    return elapsed / n * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--records', type=int, default=20000)
    parser.add_argument('--repeat', type=int, default=5)
    args = parser.parse_args(argv)
    os.environ['BENCH_FILTERED_VALUE'] = secrets.token_urlsafe(16)
    plain, filtered = _logger(False), _logger(True)
    print(f'{"record":28} {"no filter":>10} {"filter":>10} {"cost":>10}   (us per record, median of {args.repeat})')
    for name, emit in _cases().items():
        without, with_ = [], []
        for _ in range(args.repeat):  # alternate, so machine noise hits both alike
            without.append(_time(emit, plain, args.records))
            with_.append(_time(emit, filtered, args.records))
        a, b = statistics.median(without), statistics.median(with_)
        print(f'{name:28} {a:10.2f} {b:10.2f} {b - a:10.2f}')
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
