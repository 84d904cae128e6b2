"""Run the same action in several threads released at one moment: the race tests' one tool.

Each thread has its own database connection (Django gives each thread its own) and closes it
when done, so a test on PostgreSQL leaves no connection behind to block the next test's flush.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.db import connections

T = TypeVar("T")
A = TypeVar("A")


def at_once(action: Callable[[A], T], arguments: Sequence[A], timeout: float = 30) -> list[T]:
    """``action(argument)`` for each argument, every thread released together by a barrier.

    Returns the results in the order the threads finished; re-raises the first error a thread
    raised, so a failure inside a thread fails the test instead of vanishing with the thread.
    """
    barrier = threading.Barrier(len(arguments))
    results: list[T] = []
    errors: list[BaseException] = []

    def run(argument: A) -> None:
        try:
            barrier.wait(timeout=timeout)
            results.append(action(argument))
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout * 2)
    if errors:
        raise errors[0]
    return results


def migrate_if_needed() -> None:
    """``migrate`` only when a migration is unapplied: on a copied, migrated database even a
    ``migrate`` with nothing to do renders every migration's state (seconds of CPU)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0)
