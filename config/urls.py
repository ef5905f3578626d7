"""URLs: health and API without a language prefix; every page under /ky/, /ru/ or /en/."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from core import (
    converters,  # noqa: F401  (registers the <id:...> path converter)
    observability,
)
from frontend import views as frontend_views

from . import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("metrics", observability.metrics_view, name="metrics"),
    path("readyz", health.readyz, name="readyz"),
    path("api/v1/", include("config.api.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    path("sw.js", frontend_views.service_worker, name="service_worker"),
]
urlpatterns += [
    path("", include(app_urls))
    for app_urls in ("courses.urls", "camps.urls", "alumni.urls", "courses.classrooms.urls")
]

urlpatterns += i18n_patterns(
    path("accounts/", include("accounts.urls")),
    path("", include("core.urls_i18n")),
    path("search/", cms_views.search, name="search"),
    path("styleguide/", frontend_views.styleguide, name="styleguide"),
    path("untranslated/<id:page_id>/", cms_views.page_untranslated, name="page_untranslated"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("courses.urls_i18n")),
    path("", include("camps.urls_i18n")),
    path("", include("alumni.urls_i18n")),
    path("", include("courses.classrooms.urls_i18n")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    # Uploaded media while developing; production serves them from nginx (docker/nginx.conf).
    from core.files import serve_media

    urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", serve_media)]

handler400 = "cms.views.bad_request"
handler403 = "cms.views.permission_denied"
handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
