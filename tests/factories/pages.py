"""Published pages a test builds for itself, under explicit parents.

Each factory takes the parent (or the hub, whose section index it finds or
makes) and the fields that matter to the test; the rest get plain defaults.
Sections are made on first use, so a test names only what it reads.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any, TypeVar

from wagtail.models import Locale, Page

from content import models as m

PageT = TypeVar("PageT", bound=Page)
T = TypeVar("T")

_numbers = itertools.count(1)


def publish(parent: Page, page: PageT, *, tags: tuple[str, ...] = ()) -> PageT:
    """Add `page` below `parent`, tag it and publish it."""
    if not page.slug:
        page.slug = f"page-{next(_numbers)}"
    parent.add_child(instance=page)
    if tags:
        page.tags.add(*tags)
    page.save_revision().publish()
    return page


def hub(home: Page, **fields: Any) -> m.InternationalHubPage:
    """The hub of the international work, below the home page (made once)."""
    existing = m.InternationalHubPage.objects.child_of(home).first()
    if existing is not None:
        return existing.specific
    return publish(
        home,
        m.InternationalHubPage(
            title=fields.pop("title", "International"),
            slug=fields.pop("slug", "international"),
            **fields,
        ),
    )


def section(
    parent: Page, model: type[PageT], slug: str, title: str, **fields: Any
) -> PageT:
    """The section index of `model` below `parent` (made once)."""
    existing = model._default_manager.child_of(parent).first()
    if existing is not None:
        return existing
    return publish(parent, model(title=title, slug=slug, **fields))


def translate(source: T, language_code: str, **fields: Any) -> T:
    """A page or snippet in another language, as an editor makes it: copied,
    edited, saved (and a page published).

    A page's parent must be translated first (the home page's is the root).
    """
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    copy = source.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    if isinstance(copy, Page):
        copy.save_revision().publish()
    return copy


def strategy_update(
    parent: Page, title: str, *, tags: tuple[str, ...] = (), **fields: Any
) -> m.StrategyUpdatePage:
    index = section(parent, m.StrategyIndexPage, "strategy", "Strategy")
    fields.setdefault("summary", f"An update: {title}.")
    return publish(index, m.StrategyUpdatePage(title=title, **fields), tags=tags)


def representation(
    parent: Page,
    title: str,
    *,
    organisation: Any,
    interests: tuple[str, ...] = (),
    representatives: tuple[tuple[Any, str], ...] = (),
    **fields: Any,
) -> m.RepresentationPage:
    """A body the association sits on; `representatives` are (person, role)."""
    index = section(
        parent, m.RepresentationIndexPage, "representation", "Representation"
    )
    page = m.RepresentationPage(title=title, organisation=organisation, **fields)
    page.interests = [m.RepresentationInterest(name=name) for name in interests]
    page.representatives = [
        m.Representative(person=person, role=role) for person, role in representatives
    ]
    return publish(index, page)


def solidarity_statement(
    parent: Page,
    title: str,
    *,
    signatories: tuple[Any, ...] = (),
    partners: tuple[Any, ...] = (),
    tags: tuple[str, ...] = (),
    **fields: Any,
) -> m.SolidarityStatementPage:
    """A statement; `signatories` are organisations, `partners` too."""
    index = section(parent, m.SolidarityIndexPage, "solidarity", "Solidarity")
    page = m.SolidarityStatementPage(title=title, **fields)
    page.signatories = [m.Signatory(organisation=org) for org in signatories]
    page.partner_organisations = list(partners)
    return publish(index, page, tags=tags)


def award(parent: Page, title: str, **fields: Any) -> m.AwardPage:
    return publish(parent, m.AwardPage(title=title, **fields))


def event(
    parent: Page, title: str, *, starts_at: datetime, ends_at: datetime, **fields: Any
) -> m.EventPage:
    return publish(
        parent, m.EventPage(title=title, starts_at=starts_at, ends_at=ends_at, **fields)
    )


def programme(
    parent: Page,
    title: str,
    *,
    funder: Any,
    **fields: Any,
) -> m.ProgrammePage:
    return publish(parent, m.ProgrammePage(title=title, funder=funder, **fields))
