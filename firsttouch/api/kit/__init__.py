"""The one kit every API router is built with.

Paging (:mod:`.paging`), the error shape and its handlers (:mod:`.errors`), who is calling
(:mod:`.auth`), rows to JSON (:mod:`.wire`), safe retries (:mod:`.idempotency`), which rows a
caller may reach (:mod:`.scoping`) and the CRUD router factory (:mod:`.resource`). Apps' api
modules import from here and never from the assembly (``firsttouch.api.api``), so a router
can be read, and tested, on its own.

The kit imports no firsttouch app: only Django, ninja, pydantic, ``firsttouch.core`` and, for
the caller's user, membership and family, ``firsttouch.accounts.models`` (``FamilyRequest``
and the token lookup need them). ``tests/test_kit.py`` keeps it that way.
"""
