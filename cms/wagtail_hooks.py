"""Wagtail hooks of the site: a page that only mirrors another language's page is served as untranslated."""

from wagtail import hooks

from .selectors import page_is_untranslated_alias, page_versions


@hooks.register("before_serve_page")
def untranslated_alias_notice(page, request, serve_args, serve_kwargs):
    """An alias in another language's tree is that language's reader's "not yet translated" notice, never the
    other language's text passed off as theirs."""
    if not page_is_untranslated_alias(page):
        return None
    from .views import untranslated_response

    versions = page_versions(page=page)
    if not versions:
        return None
    return untranslated_response(request, page=next(iter(versions.values())), versions=versions)
