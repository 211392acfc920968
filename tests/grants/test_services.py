from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core import personal_data
from grants import services
from grants.exceptions import ApplicationInvalid, InvalidTransition, NotEditable
from grants.models import Application, ApplicationAttachment
from grants.workflow import TRANSITIONS, Actor, ApplicationStatus, available_transitions
from tests.factories.grants import make_application, make_round, make_scheme
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

ALL = list(ApplicationStatus)


def run(name, application, user, staff):
    now = timezone.now()
    if name == "submit":
        return services.application_submit(application=application, user=user, now=now)
    if name == "withdraw":
        return services.application_withdraw(
            application=application, user=user, now=now
        )
    if name == "start_review":
        return services.application_start_review(
            application=application, staff=staff, now=now
        )
    if name == "award":
        return services.application_award(
            application=application, staff=staff, amount=Decimal("1000"), now=now
        )
    if name == "decline":
        return services.application_decline(
            application=application, staff=staff, reason="Not this time.", now=now
        )
    raise AssertionError(name)


@pytest.fixture
def round_(home):
    return make_round(make_scheme(home), status="open")


CASES = [(name, status) for name in TRANSITIONS for status in ALL]


@pytest.mark.parametrize(("name", "status"), CASES)
def test_every_transition_is_allowed_exactly_from_its_sources(round_, name, status):
    user, staff = UserFactory(), UserFactory(is_staff=True)
    application = make_application(round_, applicant=user, status=status)
    transition = TRANSITIONS[name]
    if status in transition.sources:
        result = run(name, application, user, staff)
        assert result.status == transition.target
        event = result.events.get()
        assert (event.from_status, event.to_status) == (status, transition.target)
    else:
        with pytest.raises(InvalidTransition):
            run(name, application, user, staff)
        application.refresh_from_db()
        assert application.status == status
        assert not application.events.exists()


def test_staff_may_decline_without_starting_a_review():
    staff_actions = available_transitions(
        ApplicationStatus.SUBMITTED, actor=Actor.STAFF
    )
    assert [t.name for t in staff_actions] == ["start_review", "decline"]


def test_submit_checks_the_deadline_at_the_given_instant(round_):
    user = UserFactory()
    application = make_application(round_, applicant=user)
    with pytest.raises(ApplicationInvalid) as refused:
        services.application_submit(
            application=application, user=user, now=round_.closes_at
        )
    assert refused.value.code == "round_closed"
    done = services.application_submit(
        application=application,
        user=user,
        now=round_.closes_at - timedelta(microseconds=1),
    )
    assert done.status == "submitted"
    assert done.submitted_at == round_.closes_at - timedelta(microseconds=1)


def test_submit_reports_every_problem_at_once(round_):
    user = UserFactory()
    application = make_application(
        round_,
        applicant=user,
        project_title="",
        amount_requested=Decimal("1"),
        answers={},
    )
    with pytest.raises(ApplicationInvalid) as refused:
        services.application_submit(
            application=application, user=user, now=timezone.now()
        )
    assert set(refused.value.errors) == {
        "project_title",
        "amount_requested",
        "answers.q-aims",
        "answers.q-region",
    }
    assert refused.value.code == "validation_error"


def test_only_the_applicant_can_change_or_submit(round_):
    application = make_application(round_)
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        services.application_submit(
            application=application, user=stranger, now=timezone.now()
        )
    with pytest.raises(PermissionDenied):
        services.application_update(
            application=application,
            user=stranger,
            data={"summary": "x"},
            now=timezone.now(),
        )


def test_update_of_a_submitted_application_is_refused(round_):
    application = make_application(round_, status="submitted")
    with pytest.raises(NotEditable):
        services.application_update(
            application=application,
            user=application.applicant,
            data={"summary": "x"},
            now=timezone.now(),
        )


def test_award_amount_must_be_positive_and_within_the_maximum(round_):
    application = make_application(round_, status="under_review")
    staff = UserFactory(is_staff=True)
    for amount in (Decimal("0"), Decimal("5000.01")):
        with pytest.raises(ApplicationInvalid) as refused:
            services.application_award(
                application=application, staff=staff, amount=amount, now=timezone.now()
            )
        assert refused.value.code == "amount_out_of_range"
    application.refresh_from_db()
    assert application.status == "under_review"


def test_personal_data_export_and_erasure(round_):
    user = UserFactory()
    awarded = make_application(
        round_,
        applicant=user,
        status="awarded",
        amount_awarded=Decimal("900"),
        decided_at=timezone.now(),
    )
    make_application(round_, applicant=user, status="draft")
    other = make_application(round_)

    exported = personal_data.export_for(user)["grant_applications"]
    assert {a["id"] for a in exported} == {awarded.pk, awarded.pk + 1}

    personal_data.erase_for(user)

    assert set(Application.objects.values_list("pk", flat=True)) == {
        awarded.pk,
        other.pk,
    }
    awarded.refresh_from_db()
    assert awarded.applicant is None
    assert awarded.answers == {}
    assert awarded.project_title == "Reading without borders"
    assert awarded.amount_awarded == Decimal("900")
    assert not ApplicationAttachment.objects.filter(application=awarded).exists()
