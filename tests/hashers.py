"""A cheap Argon2 for the test suite.

Production hashes with Django's Argon2 parameters (about 0.4 s of CPU and 100 MiB a hash, on
purpose). The suite signs up thousands of people, so it keeps the same algorithm and code path
with the smallest cost parameters: stored passwords still read ``argon2$argon2id$...`` and are
still verified by the real library, only faster.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8  # KiB, argon2's minimum for parallelism 1
    parallelism = 1
