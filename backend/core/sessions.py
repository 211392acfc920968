"""Django's database sessions, with keys checked before they reach the database.

A session cookie (or allauth's X-Session-Token) is whatever the client
sends. Django only checks its length, so a key of NUL bytes went into the
query: PostgreSQL refuses NUL in text (a 503 on a public page, a 500 on the
session endpoint). Keys Django makes are 32 characters of [a-z0-9]; anything
else is no session at all.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore

_VALID = frozenset(VALID_KEY_CHARS)
MAX_KEY_LENGTH = 40  # the column's length


class SessionStore(DbSessionStore):
    def _validate_session_key(self, key: str | None) -> bool:
        return bool(key) and 8 <= len(key) <= MAX_KEY_LENGTH and _VALID.issuperset(key)

    def exists(self, session_key: str) -> bool:
        if not self._validate_session_key(session_key):
            return False
        return super().exists(session_key)
