"""`Idempotency-Key` for every POST that creates something.

Decorate the view method: the first 2xx response for a (user, key, endpoint)
is stored in the same transaction as the work it describes, so a retry
either finds it and replays it, or finds nothing and the work was never
committed. Reusing a key with a different body is a 422.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.response import Response

from core.errors import Invalid, Unprocessable

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
RETENTION = timedelta(hours=24)


def _fingerprint(request: Request) -> str:
    try:
        payload = json.dumps(request.data, sort_keys=True, default=str)
    except (TypeError, ValueError):
        payload = repr(request.data)
    return hashlib.sha256(payload.encode()).hexdigest()


def _replay(record: IdempotencyRecord, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint:
        raise Unprocessable(
            "This Idempotency-Key was already used with a different request body.",
            code="idempotency_key_reused",
            errors={
                HEADER: [("idempotency_key_reused", "Use a new key for a new request.")]
            },
        )
    headers = {"Idempotent-Replayed": "true"}
    if record.location:
        headers["Location"] = record.location
    return Response(record.response_body, status=record.status_code, headers=headers)


def idempotent(view_method: Callable[..., Response]) -> Callable[..., Response]:
    @wraps(view_method)
    def wrapper(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER, "").strip()
        if not key:
            return view_method(self, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH or not key.isprintable():
            raise Invalid(
                f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable characters.",
                code="invalid",
                errors={HEADER: [("invalid", "Invalid key.")]},
            )
        user = request.user if request.user.is_authenticated else None
        scope = f"{request.method} {request.path}"[:255]
        fingerprint = _fingerprint(request)
        lookup = {
            "key": key,
            "scope": scope,
            "user": user,
            "created_at__gte": timezone.now() - RETENTION,
        }

        existing = IdempotencyRecord.objects.filter(**lookup).first()
        if existing is not None:
            return _replay(existing, fingerprint)
        try:
            with transaction.atomic():
                response = view_method(self, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    IdempotencyRecord.objects.create(
                        key=key,
                        user=user,
                        scope=scope,
                        fingerprint=fingerprint,
                        status_code=response.status_code,
                        response_body=json.loads(
                            json.dumps(response.data, default=str)
                        ),
                        location=response.get("Location", ""),
                    )
        except IntegrityError:
            # A concurrent request with the same key committed first: its work
            # stands and ours was rolled back with the failed insert.
            record = IdempotencyRecord.objects.filter(**lookup).first()
            if record is None:
                raise
            return _replay(record, fingerprint)
        return response

    return wrapper


def prune_expired(*, now: Any = None) -> int:
    cutoff = (now or timezone.now()) - RETENTION
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def creates(
    **schema: Any,
) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """A POST that creates something: `idempotent`, with the `Idempotency-Key`
    header in its OpenAPI operation (`schema` is `extend_schema`'s)."""
    from drf_spectacular.utils import extend_schema

    from .schema import IDEMPOTENCY_KEY

    parameters = [IDEMPOTENCY_KEY, *schema.pop("parameters", [])]
    document = extend_schema(parameters=parameters, **schema)

    def decorate(view_method: Callable[..., Response]) -> Callable[..., Response]:
        return document(idempotent(view_method))

    return decorate
