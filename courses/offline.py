"""What a phone downloads to read a module without a network: its pages, their images, their H5P activities
and the static files the pages use, each with its size, so the learner sees the total before saving."""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage

from .h5p.models import H5PPackage
from .h5p.player import PLAYER_STATIC, PLAYER_VERSION, files_reverse, player_config
from .models import LessonPage, ModulePage

# The static files a module and its lessons use (base.html, courses.css, the H5P loader, offline.js).
STATIC_FILES = [
    "css/civic.css",
    "css/courses.css",
    "h5p/h5p.css",
    "h5p/civic-h5p.js",
    "js/offline.js",
    "img/logo.svg",
    "img/favicon.svg",
    "img/idea.svg",
    "img/illustrations/learn.svg",
]
PLAYER_FILES = ["main.bundle.js", "frame.bundle.js", "styles/h5p.css"]
# Image sizes the lesson template's srcset offers (cms/templates/cms/blocks/image.html).
IMAGE_RENDITIONS = ["width-360|format-webp", "width-720|format-webp", "width-1080|format-webp"]
# A lesson page's HTML around its text (header, footer, forms), in bytes.
PAGE_OVERHEAD = 6000


def _file_size(name: str) -> int:
    path = finders.find(name)
    if not path:
        return 0
    with open(path, "rb") as handle:
        return len(handle.read())


def _static(name: str) -> dict:
    return {"url": staticfiles_storage.url(name), "bytes": _file_size(name)}


def _storage_size(name: str) -> int:
    try:
        return default_storage.size(name)
    except (OSError, NotImplementedError, ValueError):
        return 0


def _package_files(package: H5PPackage) -> list[dict]:
    base = player_config(package)["h5p_json_path"]
    files = [
        {"url": f"{base}/h5p.json", "bytes": _storage_size(f"{package.storage_folder}/h5p.json")},
        {
            "url": f"{base}/content/content.json",
            "bytes": _storage_size(f"{package.storage_folder}/content/content.json"),
        },
    ]
    for link in package.library_links.select_related("library"):
        library = link.library
        names = ["library.json"] + [
            item["path"]
            for key in ("preloadedJs", "preloadedCss")
            for item in library.metadata.get(key, [])
            if isinstance(item, dict) and isinstance(item.get("path"), str)
        ]
        for name in names:
            files.append(
                {
                    "url": f"{base}/{link.folder}/{name}",
                    "bytes": _storage_size(f"{library.storage_path}/{name}"),
                }
            )
    return files


def module_offline_files(*, module: ModulePage) -> list[dict]:
    """Every URL to cache for `module` (no duplicates, pages first), each with its size in bytes."""
    lessons = list(LessonPage.objects.live().child_of(module).order_by("path").specific())
    files = [{"url": module.get_url(), "bytes": PAGE_OVERHEAD + len(module.summary or "")}]
    packages = set()
    for lesson in lessons:
        files.append({"url": lesson.get_url(), "bytes": PAGE_OVERHEAD + len(str(lesson.body.raw_data))})
        for child in lesson.body:
            if child.block_type == "image" and child.value.get("image"):
                for spec in IMAGE_RENDITIONS:
                    rendition = child.value["image"].get_rendition(spec)
                    files.append({"url": rendition.url, "bytes": _storage_size(rendition.file.name)})
            elif child.block_type == "h5p" and child.value.get("package"):
                packages.add(child.value["package"].pk)
    files += [_static(name) for name in STATIC_FILES]
    if packages:
        player = files_reverse("player", PLAYER_VERSION, "x").rsplit("/", 1)[0]
        files += [
            {"url": f"{player}/{name}", "bytes": _file_size(f"{PLAYER_STATIC}/{name}")}
            for name in PLAYER_FILES
        ]
        for package in H5PPackage.objects.filter(pk__in=packages):
            files += _package_files(package)
    seen, unique = set(), []
    for item in files:
        if item["url"] not in seen:
            seen.add(item["url"])
            unique.append(item)
    return unique
