"""What each app holds about a person, for `GET me/export/` and `DELETE me/`.

Apps register an exporter and an eraser in their `AppConfig.ready()`; the
membership app's export and erasure services call every registered pair, so
a new app that stores personal data joins the export by registering here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

Exporter = Callable[[AbstractBaseUser], Any]
Eraser = Callable[[AbstractBaseUser], None]


@dataclass(frozen=True)
class PersonalDataSource:
    name: str
    export: Exporter
    erase: Eraser


_sources: dict[str, PersonalDataSource] = {}


def register(name: str, *, export: Exporter, erase: Eraser) -> None:
    """Register (or replace) the exporter and eraser for the section `name`."""
    _sources[name] = PersonalDataSource(name=name, export=export, erase=erase)


def sources() -> list[PersonalDataSource]:
    return list(_sources.values())


def export_for(user: AbstractBaseUser) -> dict[str, Any]:
    """Every registered section's data about `user`, keyed by section name."""
    return {source.name: source.export(user) for source in _sources.values()}


def erase_for(user: AbstractBaseUser) -> None:
    """Anonymise or delete what each registered app holds about `user`.

    Call inside a transaction: erasure is all or nothing.
    """
    for source in _sources.values():
        source.erase(user)
