"""An application's statuses and the one table of transitions between them."""

from dataclasses import dataclass

from django.db import models


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    AWARDED = "awarded", "Awarded"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Actor(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    STAFF = "staff", "Grants staff"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    actor: str


S = ApplicationStatus

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit", "Submit", frozenset({S.DRAFT}), S.SUBMITTED, Actor.APPLICANT
        ),
        Transition(
            "withdraw",
            "Withdraw",
            frozenset({S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW}),
            S.WITHDRAWN,
            Actor.APPLICANT,
        ),
        Transition(
            "start_review",
            "Start review",
            frozenset({S.SUBMITTED}),
            S.UNDER_REVIEW,
            Actor.STAFF,
        ),
        Transition(
            "award", "Award", frozenset({S.UNDER_REVIEW}), S.AWARDED, Actor.STAFF
        ),
        # Straight from submitted too: an application plainly outside the
        # scheme's aims needs no review before it is declined.
        Transition(
            "decline",
            "Decline",
            frozenset({S.SUBMITTED, S.UNDER_REVIEW}),
            S.DECLINED,
            Actor.STAFF,
        ),
    )
}

# Only a draft can be edited by its applicant.
EDITABLE_STATUSES = frozenset({S.DRAFT})


def can_transition(status: str, name: str) -> bool:
    return status in TRANSITIONS[name].sources


def available_transitions(status: str, *, actor: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if t.actor == actor and status in t.sources]
