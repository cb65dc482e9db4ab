"""hooks.scan.passcache: a cached pass of `check-baseline` is keyed by every module of the
package (a changed filter or detector must invalidate it), not only those next to it."""
from __future__ import annotations

import pytest

from hooks.scan import passcache


@pytest.mark.parametrize('module', [
    'filters.py', 'ds_adapter.py', 'detectors/keyword.py', 'scan/engine.py', 'baseline/command.py',
])
def test_code_stamp_covers_the_whole_package(module):
    names = {part.decode().rsplit(':', 2)[0] for part in passcache.code_stamp() if b'.py:' in part}
    assert module in names
