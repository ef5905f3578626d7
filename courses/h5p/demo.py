"""Demo H5P content: the "Your rights: agree or disagree?" package (our own H5P.CivicStatements) in ky, ru, en.

Not called by seed_demo on its own (seed_demo imports only accounts, cms, courses, camps and alumni): courses'
demo (or the integrator) calls `seed()` and uses the packages it returns, e.g. in a demo lesson's H5P block.
Idempotent: a second run finds the packages and creates nothing.
"""

from .builder import DEMO_TEXTS
from .models import H5PPackage
from .services import package_import

LANGS = ("ky", "ru", "en")


def seed(stdout=None) -> dict[str, H5PPackage]:
    """Import the demo package in each language once; return {language: package}."""
    from .builder import demo_package

    packages: dict[str, H5PPackage] = {}
    created = 0
    for lang in LANGS:
        existing = H5PPackage.objects.filter(
            title=DEMO_TEXTS[lang]["title"], language=lang, main_library__machine_name="H5P.CivicStatements"
        ).first()
        if existing is None:
            existing = package_import(source=demo_package(lang), user=None, can_install_libraries=True)
            created += 1
        packages[lang] = existing
    if stdout is not None and created:
        stdout.write(f"H5P: {created} demo package(s) imported.")
    return packages
