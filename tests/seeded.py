"""Seeded random test data: `random.Random` with the helpers of the `secrets` module.

Tests never draw from an unseeded source: a value that happens to read as English words or a
sample fails a test once in a few hundred thousand draws, and a flaky test is worse than none.
The `rng` fixture (conftest.py) seeds one per test from its node id, so each test sees the same
values on every run; HOOKS_TEST_SEED varies them all at once.
"""
from __future__ import annotations

import base64
import os
import random
import uuid

SEED = os.environ.get('HOOKS_TEST_SEED', '0')


class SeededRandom(random.Random):
    def __init__(self, name: str) -> None:
        super().__init__(f'{SEED}:{name}')

    def token_bytes(self, n: int = 32) -> bytes:
        return self.randbytes(n)

    def token_hex(self, n: int = 32) -> str:
        return self.randbytes(n).hex()

    def token_urlsafe(self, n: int = 32) -> str:
        return base64.urlsafe_b64encode(self.randbytes(n)).rstrip(b'=').decode('ascii')

    def randbelow(self, n: int) -> int:
        return self.randrange(n)

    def uuid4(self) -> uuid.UUID:
        return uuid.UUID(int=self.getrandbits(128), version=4)

    def generate_key(self, prefix: str = 'b2b', env: str = 'live') -> str:
        from hooks.keys import generate_key

        return generate_key(prefix, env, rng=self)
