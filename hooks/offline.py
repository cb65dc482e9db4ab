"""Keep the scan offline, by construction.

detect-secrets imports `requests` only to verify secrets against live services, which this tool
never does (a pre-commit hook must not send your secrets anywhere).  Before detect-secrets is
imported, the CLI installs this stand-in: any network call fails with the `RequestException`
detect-secrets already handles (a secret then counts as unverified), and start-up skips the
~70 ms import of requests and urllib3.
"""
from __future__ import annotations

import sys
import types
from typing import Any
from typing import NoReturn


class RequestException(OSError):
    """What detect-secrets catches around every verification request."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise RequestException('secret-hooks runs offline: network verification is disabled')


class Response:  # only named in type annotations
    pass


def install() -> None:
    """Stand in for `requests` in this process, unless something already imported it."""
    if 'requests' in sys.modules:
        return
    exceptions = types.ModuleType('requests.exceptions')
    exceptions.RequestException = RequestException  # type: ignore[attr-defined]
    module = types.ModuleType('requests', __doc__)
    module.exceptions = exceptions  # type: ignore[attr-defined]
    module.RequestException = RequestException  # type: ignore[attr-defined]
    module.Response = Response  # type: ignore[attr-defined]
    for verb in ('get', 'post', 'put', 'patch', 'delete', 'head', 'request'):
        setattr(module, verb, _refuse)
    sys.modules['requests'] = module
    sys.modules['requests.exceptions'] = exceptions
