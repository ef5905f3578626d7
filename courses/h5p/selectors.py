"""Reads for H5P: packages, the file a player asks for, learners' state, completion and results per package."""

import statistics
import uuid

from django.db.models import Count, Max, Q

from core.files import storage_name_inside, suspicious_path

from .models import H5PLibrary, H5PPackage, H5PState, XAPIStatement
from .xapi import COMPLETION_VERBS


def package_get(*, pk: int) -> H5PPackage | None:
    return H5PPackage.objects.select_related("main_library").filter(pk=pk).first()


def package_by_uuid(*, package_uuid: uuid.UUID) -> H5PPackage | None:
    return H5PPackage.objects.filter(uuid=package_uuid).first()


def package_file_name(*, package_uuid: uuid.UUID, path: str) -> str | None:
    """The storage name of a file the player asks for (h5p.json, content/…, Library-1.0/…), or None.

    Library folders map to the library installed for this package, wherever its files live; a name outside
    the package's folder (or the library's) is never returned."""
    parts = path.split("/")
    # Checked before any query: PostgreSQL refuses a NUL in a text parameter with an error, not a no-match.
    if suspicious_path(path) or any(part in ("", ".", "..") for part in parts):
        return None
    package = H5PPackage.objects.filter(uuid=package_uuid).only("uuid").first()
    if package is None:
        return None
    if path == "h5p.json" or parts[0] == "content":
        return storage_name_inside(package.storage_folder, path)
    if len(parts) < 2:
        return None
    library = (
        H5PLibrary.objects.filter(package_links__package=package, package_links__folder=parts[0])
        .only("storage_path")
        .first()
    )
    if library is None:
        return None
    return storage_name_inside(library.storage_path, "/".join(parts[1:]))


def h5p_state_get(*, user, package: H5PPackage) -> H5PState | None:
    return H5PState.objects.filter(user=user, package=package).first()


def _completed_q() -> Q:
    return Q(is_package_level=True) & (Q(completion=True) | Q(verb__in=COMPLETION_VERBS))


def packages_completed(*, user, package_ids) -> set[int]:
    """Which of these packages the learner has completed (the player reported completion)."""
    if not user.is_authenticated:
        return set()
    return set(
        XAPIStatement.objects.filter(_completed_q(), user=user, package_id__in=list(package_ids))
        .values_list("package_id", flat=True)
        .distinct()
    )


def package_results(*, package: H5PPackage) -> dict:
    """For teachers and editors: how many learners tried and completed the package, and the spread of their
    best (client-reported) scores, in percent."""
    per_user = (
        XAPIStatement.objects.filter(package=package)
        .values("user")
        .annotate(
            completed=Count("pk", filter=_completed_q()),
            best=Max("score_scaled", filter=Q(is_package_level=True)),
        )
    )
    learners = completed = 0
    scores: list[float] = []
    for row in per_user:
        learners += 1
        if row["completed"]:
            completed += 1
        if row["best"] is not None:
            scores.append(round(max(0.0, row["best"]) * 100, 1))
    buckets = [0] * 5
    for value in scores:
        buckets[min(int(value // 20), 4)] += 1
    return {
        "learners": learners,
        "completed": completed,
        "scored": len(scores),
        "min": min(scores) if scores else None,
        "median": statistics.median(scores) if scores else None,
        "max": max(scores) if scores else None,
        "buckets": [
            {
                "label": f"{i * 20}–{i * 20 + 20}%",
                "count": count,
                "percent": round(100 * count / len(scores)) if scores else 0,
            }
            for i, count in enumerate(buckets)
        ],
    }
