"""The site's content: what site admins may edit besides pages (footer, settings, locales, redirects,
translations)."""

from accounts import roles

ROLE_PERMISSIONS = {
    roles.SITE_ADMIN: [
        "simple_translation.submit_translation",
        "cms.add_footertext",
        "cms.change_footertext",
        "cms.delete_footertext",
        "cms.change_sitesettings",
        "wagtailcore.add_locale",
        "wagtailcore.change_locale",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    ],
}
