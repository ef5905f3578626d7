"""Organisers run their cohorts: a cohort created by an organiser is theirs, and a cohort's capacity never drops
below the places already held (checked under the cohort's lock, as every decision is).

The rules on a cohort's own values (it ends after it starts, applications close after they open, the age range
is in order, the capacity covers the places held) are the model's `clean()`: the admin form and these services
both run it, so the organisers' page and the API refuse the same things with the same words.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import User

from ..models import Cohort, ProgrammePage, Question
from ..permissions import can_manage_cohort, is_camps_admin, is_organiser
from .applications import places_taken

# What an organiser sets on a cohort (its organisers are set in the admin; who creates one organises it).
COHORT_FIELDS = (
    "programme",
    "name",
    "name_ru",
    "name_en",
    "region",
    "venue",
    "venue_ru",
    "venue_en",
    "starts_on",
    "ends_on",
    "applications_open_at",
    "applications_close_at",
    "capacity",
    "min_age",
    "max_age",
    "language",
    "offer_days",
    "retention_days",
)


def cohort_capacity_check(*, cohort_id: int, capacity: int) -> None:
    """Refuse a capacity below the places held. The caller holds the transaction: the cohort row stays locked
    until it ends, so no decision can take a place between the check and the save."""
    from .selection import cohort_lock  # selection imports applications, as this module does

    cohort = cohort_lock(cohort_id=cohort_id)
    held = places_taken(cohort=cohort)
    if capacity < held:
        raise ValidationError({"capacity": [capacity_message(held)]})


def capacity_message(held: int) -> str:
    return _("%(held)s places are already held; the capacity cannot be lower.") % {"held": held}


def cohort_creator_add(*, cohort: Cohort, by: User) -> None:
    """The organiser who creates a cohort organises it (site admins see every cohort anyway)."""
    if not is_camps_admin(by):
        cohort.organisers.add(by)


def _programme_original(programme: ProgrammePage | int) -> ProgrammePage:
    """The programme in the default language (cohorts point at it), from the page in any language."""
    key = ProgrammePage.objects.filter(pk=getattr(programme, "pk", programme)).values("translation_key")
    original = ProgrammePage.objects.filter(
        translation_key__in=key, locale__language_code=settings.LANGUAGE_CODE
    ).first()
    if original is None:
        raise ValidationError({"programme": [_("There is no such programme.")]})
    return original


def _cohort_set(cohort: Cohort, data: dict) -> None:
    for field in COHORT_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "programme":
            value = _programme_original(value)
        setattr(cohort, field, value)
    cohort.full_clean(exclude=["organisers"])


QUESTION_FIELDS = ("text", "text_ru", "text_en", "kind", "choices", "choices_ru", "choices_en", "required")


def _questions_build(questions) -> list[Question]:
    """The questions, in order, each checked by the model's rules; errors named `questions.<n>.<field>`."""
    built, errors = [], {}
    for number, values in enumerate(questions):
        question = Question(sort_order=number, **{k: v for k, v in values.items() if k in QUESTION_FIELDS})
        try:
            question.full_clean(exclude=["cohort"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"questions.{number}.{field}"] = messages
        built.append(question)
    if errors:
        raise ValidationError(errors)
    return built


@transaction.atomic
def cohort_create(*, by: User, data: dict, questions=()) -> Cohort:
    """An organiser creates a cohort of a programme, with its questions; it is theirs to run. Every rule of the
    model is checked before anything is saved."""
    if not is_organiser(by):
        raise PermissionDenied
    cohort = Cohort()
    _cohort_set(cohort, data)
    built = _questions_build(questions)
    cohort.save()
    for question in built:
        question.cohort = cohort
        question.save()
    cohort_creator_add(cohort=cohort, by=by)
    log(instance=cohort, action="wagtail.create", user=by)  # in the admin's history, as a cohort made there
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, by: User, data: dict) -> Cohort:
    """The cohort's organisers change it (logged in the admin's history). The cohort row is locked first, so the capacity is checked against the
    places held at the moment of saving; a change that breaks a rule saves nothing."""
    from .selection import cohort_lock

    if not can_manage_cohort(by, cohort):
        raise PermissionDenied
    cohort = cohort_lock(cohort_id=cohort.pk)
    _cohort_set(cohort, data)
    cohort.save()
    log(instance=cohort, action="wagtail.edit", user=by)
    return cohort
