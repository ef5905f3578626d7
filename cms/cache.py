"""What almost every page asks the database for although it changes only when an editor changes it: the site a
request is for (Wagtail looks it up with one annotated query per request), the site settings (one more) and
the versions of a page in each language (the language switcher and the hreflang links), and the menus, footers
and privacy page URL (navigation.py, templatetags/civic_footer.py). Each is worked out once per generation in
each process; the generation moves on whenever a page is published, unpublished, moved, saved or deleted, or a
site, its settings, a footer, a view restriction or a locale changes (signals.py)."""

import copy

from django.db import transaction
from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from core.generations import Generation

from .models import SiteSettings
from .selectors import page_versions

PAGES = Generation("cms:generation")


def changed() -> None:
    """Now, and again once the change is committed: a request in another process that read the old rows
    between the two keeps what it found under the first bump only."""
    PAGES.bump()
    transaction.on_commit(PAGES.bump)


def _site(hostname: str, port: int) -> Site | None:
    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


def site_for(request) -> Site | None:
    """Site.find_for_request's answer (the host as sent, before ALLOWED_HOSTS, as Wagtail does)."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    return PAGES.kept(f"site:{hostname}:{port}", lambda: _site(hostname, port))


def site_root_paths() -> list:
    """Site.get_site_root_paths(), which Wagtail reads from the shared cache for every page URL it builds; the
    generation moves on with every change Wagtail clears it for (a site saved, a page moved or renamed)."""
    return PAGES.kept("site-root-paths", Site.get_site_root_paths)


def site_settings_for(*, site: Site, request) -> SiteSettings:
    """SiteSettings.for_request's answer: this request's own copy of the site's settings."""
    kept = PAGES.kept(f"settings:{site.pk}", lambda: SiteSettings.for_site(site))
    mine = copy.copy(kept)
    mine._request = request  # what Wagtail's for_request sets (its page URLs then use the request's site)
    return mine


def versions_of(page: Page) -> dict[str, Page]:
    """page_versions(page=page), kept per generation."""
    return PAGES.kept(f"versions:{page.translation_key}", lambda: page_versions(page=page))
