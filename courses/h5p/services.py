"""Every write for H5P: importing a package (and installing its libraries), recording xAPI statements, saving
resume state. Refused packages leave nothing behind: no rows and no files."""

import logging
import posixpath
import uuid
from typing import BinaryIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from core.errors import Conflict
from courses.models import Quiz

from .convert import quiz_from_h5p
from .integration import lesson_progress_after_completion
from .models import STORAGE_ROOT, H5PLibrary, H5PPackage, H5PPackageLibrary, H5PState, XAPIStatement
from .package import Dependency, Library, Package, PackageError, read_package
from .xapi import COMPLETION_VERBS, ParsedStatement

logger = logging.getLogger(__name__)


def user_can_install_libraries(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("h5p.install_library"))


def _installed(machine_name: str, major: int, minor: int) -> H5PLibrary | None:
    """The newest installed version of a library folder (highest patch, then newest install)."""
    return (
        H5PLibrary.objects.filter(machine_name=machine_name, major_version=major, minor_version=minor)
        .order_by("-patch_version", "-installed_at", "-pk")
        .first()
    )


def _resolve_libraries(
    package: Package, *, can_install: bool
) -> tuple[dict[str, H5PLibrary | Library], list]:
    """Map every library folder the package needs to an installed library or to one of its own to install.

    Raises PackageError when a library is neither brought nor installed, or when the package brings a new or
    changed library and the uploader may not install libraries."""
    resolved: dict[str, H5PLibrary | Library] = {}
    to_install: list[Library] = []
    for folder, library in package.libraries.items():
        existing = H5PLibrary.objects.filter(
            machine_name=library.machine_name,
            major_version=library.major,
            minor_version=library.minor,
            checksum=library.checksum,
        ).first()
        if existing is not None:
            resolved[folder] = existing
            continue
        if not can_install:
            known = _installed(library.machine_name, library.major, library.minor)
            message = (
                _(
                    "The package brings a changed version of the library “%(library)s”; only users allowed to "
                    "install libraries may upload it."
                )
                if known
                else _(
                    "The package brings the library “%(library)s”, which is not installed; only users allowed "
                    "to install libraries may upload it."
                )
            )
            raise PackageError("library_not_allowed", message, library=folder, file=f"{folder}/library.json")
        resolved[folder] = library
        to_install.append(library)

    queue = list(package.dependencies)
    seen: set[str] = set()
    while queue:
        dep = queue.pop()
        if dep.folder in seen:
            continue
        seen.add(dep.folder)
        target = resolved.get(dep.folder)
        if target is None:
            target = _installed(dep.machine_name, dep.major, dep.minor)
            if target is None:
                raise PackageError(
                    "missing_library",
                    _(
                        "The package needs the library “%(library)s”, which is neither in the package nor installed."
                    ),
                    library=dep.folder,
                )
            resolved[dep.folder] = target
        meta = target.metadata if isinstance(target, H5PLibrary) else target.meta
        for item in meta.get("preloadedDependencies") or []:
            queue.append(
                Dependency(item["machineName"], int(item["majorVersion"]), int(item["minorVersion"]))
            )
    main = resolved[package.main_dependency.folder]
    runnable = main.runnable if isinstance(main, H5PLibrary) else bool(main.meta.get("runnable"))
    if not runnable:
        raise PackageError(
            "main_not_runnable",
            _("The main library “%(library)s” cannot be run on its own (runnable is 0 in its library.json)."),
            library=package.main_dependency.folder,
        )
    # Only what the package loads is linked; unused library folders it brought are still checked above.
    needed = {folder: target for folder, target in resolved.items() if folder in seen}
    return needed, [lib for lib in to_install if lib.folder in seen]


def _safe_name(folder: str, relative: str) -> str:
    """A storage name inside the package's folder, or an error: nothing is ever written outside it."""
    name = posixpath.normpath(f"{folder}/{relative}")
    if not name.startswith(folder + "/") or ".." in name.split("/"):
        raise PackageError(
            "parent_path", _("The file “%(file)s” points outside the package (“..”)."), file=relative
        )
    return name


def package_import(
    *, source: BinaryIO | bytes, user=None, can_install_libraries: bool | None = None
) -> H5PPackage:
    """Validate a .h5p upload and store it: rows in one transaction, files under h5p/packages/<uuid>/.

    `can_install_libraries` defaults to the user's `h5p.install_library` permission; the import_h5p command,
    an operator's tool, passes True. On refusal (PackageError) nothing is stored."""
    if can_install_libraries is None:
        can_install_libraries = user_can_install_libraries(user)
    package = read_package(source)
    written: list[str] = []
    pending: dict[str, bytes] = {}
    try:
        with transaction.atomic():
            resolved, to_install = _resolve_libraries(package, can_install=can_install_libraries)
            package_uuid = uuid.uuid4()
            folder = f"{STORAGE_ROOT}/{package_uuid}"
            installed: dict[str, H5PLibrary] = {}
            for library in to_install:
                installed[library.folder] = _library_install(
                    library=library, folder=folder, user=user, pending=pending
                )
            links = {f: installed.get(f) or target for f, target in resolved.items()}
            main_folder = package.main_dependency.folder
            record = H5PPackage.objects.create(
                uuid=package_uuid,
                title=package.title[:255],
                language=package.language[:16],
                main_library=links[main_folder],
                h5p_json=package.h5p,
                content_json=package.content,
                file_count=1 + len(package.content_files),
                total_size=package.raw_size,
                uploaded_by=user if user is not None and user.is_authenticated else None,
            )
            H5PPackageLibrary.objects.bulk_create(
                [H5PPackageLibrary(package=record, library=lib, folder=f) for f, lib in sorted(links.items())]
            )
            files = {"h5p.json": _json_bytes(package.h5p), **package.content_files}
            for relative, data in files.items():
                pending[_safe_name(folder, relative)] = data
            _write_all(pending, written)
    except BaseException:
        for name in written:
            try:
                default_storage.delete(name)
            except Exception:  # a failed clean-up must not hide the real error
                logger.exception("Could not delete %s after a refused H5P import", name)
        raise
    return record


def _library_install(*, library: Library, folder: str, user, pending: dict[str, bytes]) -> H5PLibrary:
    library_folder = _safe_name(folder, library.folder)
    try:
        with transaction.atomic():
            record = H5PLibrary.objects.create(
                machine_name=library.machine_name,
                major_version=library.major,
                minor_version=library.minor,
                patch_version=library.patch,
                title=str(library.meta.get("title", ""))[:255],
                runnable=bool(library.meta.get("runnable")),
                checksum=library.checksum,
                metadata=library.meta,
                storage_path=library_folder,
                installed_by=user if user is not None and user.is_authenticated else None,
            )
    except IntegrityError:
        # Someone installed the very same code a moment ago: use theirs.
        return H5PLibrary.objects.get(
            machine_name=library.machine_name,
            major_version=library.major,
            minor_version=library.minor,
            checksum=library.checksum,
        )
    for relative, data in library.files.items():
        pending[_safe_name(library_folder, relative)] = data
    return record


# Files saved at once to an object store (S3), where each save is a few HTTP round trips.
REMOTE_WRITERS = 8


def _storage_is_local() -> bool:
    try:
        default_storage.path(STORAGE_ROOT)
    except NotImplementedError:
        return False
    return True


def _write_all(pending: dict[str, bytes], written: list[str]) -> None:
    """Save every file: in turn on a local disk (threads measured slower there), REMOTE_WRITERS at a time on an
    object store (bench/h5p_import.py --s3). Every save has ended before this returns or raises, so on a failure
    the caller deletes all that `written` lists."""
    if _storage_is_local():
        for name, data in pending.items():
            _write(name, data, written)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=REMOTE_WRITERS) as pool:
        saves = [pool.submit(_write, name, data, written) for name, data in pending.items()]
    for save in saves:
        save.result()  # the first failure, if any, is raised


def _write(name: str, data: bytes, written: list[str]) -> None:
    saved = default_storage.save(name, ContentFile(data))
    written.append(saved)
    if saved != name:  # the storage renamed it: the folder was not fresh
        raise PackageError("storage", _("The package could not be stored. Please try again."))


def _json_bytes(value) -> bytes:
    import json

    return json.dumps(value, ensure_ascii=False).encode()


@transaction.atomic
def xapi_statement_record(*, user, package: H5PPackage, statement: ParsedStatement) -> XAPIStatement:
    """Store one validated statement for the logged-in learner; the same id twice is stored once."""
    existing = XAPIStatement.objects.filter(user=user, statement_id=statement.id).first()
    if existing is not None:
        if existing.raw != statement.raw:
            raise Conflict(_("A different statement with this id was already stored."))
        return existing
    record = XAPIStatement.objects.create(
        statement_id=statement.id,
        user=user,
        package=package,
        verb=statement.verb,
        object_id=statement.object_id,
        is_package_level=statement.is_package_level,
        score_raw=statement.score_raw,
        score_min=statement.score_min,
        score_max=statement.score_max,
        score_scaled=statement.score_scaled,
        success=statement.success,
        completion=statement.completion,
        duration=statement.duration,
        timestamp=statement.timestamp,
        raw=statement.raw,
    )
    if statement.is_package_level and (statement.completion or statement.verb in COMPLETION_VERBS):
        lesson_progress_after_completion(user=user, package=package)
    return record


def h5p_state_save(*, user, package: H5PPackage, data) -> H5PState:
    """Save (or replace) a learner's resume state for a package."""
    state, _created = H5PState.objects.update_or_create(user=user, package=package, defaults={"data": data})
    return state


def quiz_create_from_h5p(*, library: str, content: dict, title: str, language: str):
    """Create a native quiz (courses.Quiz, in the content's language) from H5P question content: HTML is
    sanitised and reduced to text. Raises ConversionError (translated) for content it cannot hold."""
    data = quiz_from_h5p(library=library, content=content, title=title)
    if language in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
        locale, _created = Locale.objects.get_or_create(language_code=language)
    else:
        locale = Locale.get_default()
    with transaction.atomic():
        return Quiz.objects.create(
            title=(data["title"] or title or "H5P")[:200],
            intro=data["intro"],
            pass_mark=data["pass_mark"],
            questions=data["questions"],
            locale=locale,
        )


def quiz_create_from_package(*, package: H5PPackage):
    return quiz_create_from_h5p(
        library=package.main_library.machine_name,
        content=package.content_json,
        title=package.title,
        language=package.language,
    )
