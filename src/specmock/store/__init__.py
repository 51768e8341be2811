"""The SQL store: patterns, responses, cache entries, settings, analytics, audit log.

``tables`` holds the models, ``database`` the URLs, engines and migrations, and
``patterns`` the plain async functions over an ``AsyncSession`` for the pattern tables
and the audit log. Importing this package imports SQLAlchemy, so nothing in
``import specmock`` imports it (drivers load only when an engine uses them).
"""

from __future__ import annotations
