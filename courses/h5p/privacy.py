"""Personal data of H5P activities: a learner's saved player state and the xAPI statements their browser sent."""

from django.utils.translation import gettext_lazy as _

from .models import H5PState, XAPIStatement

SECTION_LABELS = {
    "h5p_states": _("Saved places in interactive activities"),
    "xapi_statements": _("Results of interactive activities"),
}
COVERS = ["h5p.H5PState", "h5p.XAPIStatement"]
EXEMPT = {
    "h5p.H5PPackage": "who uploaded a package (teachers and editors): part of the content's history",
    "h5p.H5PLibrary": "who installed a library (site admins): part of the content's history",
}


def export(user) -> dict:
    states = H5PState.objects.filter(user=user).select_related("package").order_by("updated_at", "pk")
    statements = XAPIStatement.objects.filter(user=user).select_related("package").order_by("timestamp", "pk")
    return {
        "h5p_states": [
            {"activity": s.package.title, "updated_at": s.updated_at.isoformat(), "state": s.data}
            for s in states
        ],
        "xapi_statements": [
            {
                "activity": s.package.title,
                "verb": s.verb,
                "object": s.object_id,
                "timestamp": s.timestamp.isoformat(),
                "score_raw": s.score_raw,
                "score_max": s.score_max,
                "success": s.success,
                "completion": s.completion,
            }
            for s in statements
        ],
    }


def erase(user) -> None:
    H5PState.objects.filter(user=user).delete()
    XAPIStatement.objects.filter(user=user).delete()
