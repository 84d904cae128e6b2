"""A bare Django + django-ninja app: the ceiling firsttouch's API is measured against.

It does the least an API create or list can do on the same stack: one token lookup, then one
INSERT (or one SELECT), no middleware, no sessions, no validation beyond the schema. Nothing
of firsttouch is imported. ``bench/ceiling.py`` serves it with gunicorn beside firsttouch and
drives both with the same wrk scripts in the same run (issue 10: creates at 80 % of this
ceiling's throughput or better). A benchmark fixture, never shipped in the package.
"""
