"""The H5P player's context: what a page needs to start h5p-standalone for a package (its files' and the
player's URLs, where resume state and xAPI statements go). One place, used by the play page, the lesson
body's H5P block and the API's package serializer."""

from django.urls import NoReverseMatch, reverse

PLAYER_VERSION = "3.8.2"  # frontend/package.json pins h5p-standalone to this version
PLAYER_STATIC = "vendor/h5p-standalone"


def h5p_reverse(name: str, *args) -> str:
    """Reverse an H5P page URL whether or not courses' urls_i18n is namespaced."""
    for prefix in ("h5p:", "courses:h5p:"):
        try:
            return reverse(prefix + name, args=args)
        except NoReverseMatch:
            continue
    raise NoReverseMatch(name)


def files_reverse(name: str, *args) -> str:
    """Reverse a URL of the package files or the player's files (not language-prefixed)."""
    for prefix in ("h5p_files:", "courses:h5p_files:"):
        try:
            return reverse(prefix + name, args=args)
        except NoReverseMatch:
            continue
    raise NoReverseMatch(name)


def player_config(package, request=None) -> dict:
    """What the lazy loader needs to start h5p-standalone for a package."""
    h5p_json_path = files_reverse("file", package.uuid, "h5p.json").rsplit("/", 1)[0]
    object_path = f"/h5p/{package.uuid}/"
    object_iri = request.build_absolute_uri(object_path) if request is not None else object_path
    return {
        "h5p_json_path": h5p_json_path,
        "object_iri": object_iri,
        "state_url": reverse("api:h5p-state", args=[package.pk]),
        "xapi_url": reverse("api:xapi-statements"),
    }


def player_context(package, request) -> dict:
    """The template context of the player (h5p/includes or the block's template)."""
    return {
        "package": package,
        "config": player_config(package, request),
        "player_base": files_reverse("player", PLAYER_VERSION, "x").rsplit("/", 1)[0] + "/",
    }
