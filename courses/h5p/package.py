"""Reading, validating and writing .h5p packages (a zip with h5p.json, content/ and library folders).

Pure Python on zipfile, json, lxml and Pillow: no database, no storage. `read_package()` returns a
`Package` whose files are already sanitised, or raises `PackageError` with a translated message naming the
file or field at fault. `write_package()` builds a .h5p from parts (used for our own content type, the demo
package and quiz export).
"""

import hashlib
import io
import json
import re
import stat
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .sanitize import SVGError, sanitize_json_html, sanitize_svg

# H5P core's whitelist (h5p.classes.php, H5PCore::$defaultContentWhitelist / $defaultLibraryWhitelistExtras).
CONTENT_EXTENSIONS = frozenset(
    [
        "json",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "tif",
        "tiff",
        "svg",
        "eot",
        "ttf",
        "woff",
        "woff2",
        "otf",
        "webm",
        "mp4",
        "ogg",
        "mp3",
        "m4a",
        "wav",
        "txt",
        "pdf",
        "rtf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "odp",
        "xml",
        "csv",
        "diff",
        "patch",
        "md",
        "textile",
        "vtt",
        "webvtt",
    ]
)
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css"}
IMAGE_FORMATS = {
    "png": {"PNG"},
    "jpg": {"JPEG", "MPO"},
    "jpeg": {"JPEG", "MPO"},
    "gif": {"GIF"},
    "bmp": {"BMP"},
    "tif": {"TIFF"},
    "tiff": {"TIFF"},
}
EMBED_TYPES = {"div", "iframe"}

# Limits, overridable in settings (H5P_MAX_TOTAL_SIZE etc.).
MAX_TOTAL_SIZE = 200 * 1024 * 1024  # uncompressed bytes
MAX_FILE_COUNT = 5000
MAX_COMPRESSION_RATIO = 200  # uncompressed / compressed, per file and for the whole archive
MAX_JSON_SIZE = 10 * 1024 * 1024

LIBRARY_FOLDER_RE = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]{1,255}?)-(?P<major>\d{1,5})\.(?P<minor>\d{1,5})$")
MACHINE_NAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,255}$")


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


class PackageError(Exception):
    """A package is refused: `message` is translated and names the file or field at fault."""

    def __init__(self, code: str, message, **params):
        self.code = code
        self.params = params
        self.path = params.get("file", "")
        self.message = message % params if params else message
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class Dependency:
    machine_name: str
    major: int
    minor: int

    @property
    def folder(self) -> str:
        return f"{self.machine_name}-{self.major}.{self.minor}"


@dataclass
class Library:
    """One library folder of a package, with its library.json and files (paths relative to the folder)."""

    folder: str
    meta: dict
    files: dict[str, bytes]

    @property
    def machine_name(self) -> str:
        return self.meta["machineName"]

    @property
    def major(self) -> int:
        return int(self.meta["majorVersion"])

    @property
    def minor(self) -> int:
        return int(self.meta["minorVersion"])

    @property
    def patch(self) -> int:
        return int(self.meta["patchVersion"])

    @property
    def dependencies(self) -> list[Dependency]:
        return [_dependency(d, "library.json") for d in self.meta.get("preloadedDependencies") or []]

    @property
    def checksum(self) -> str:
        """Identifies the library's exact code: a changed file is a changed library."""
        digest = hashlib.sha256()
        for path in sorted(self.files):
            digest.update(path.encode() + b"\0" + hashlib.sha256(self.files[path]).digest())
        return digest.hexdigest()


@dataclass
class Package:
    """A validated, sanitised package."""

    h5p: dict
    content: dict
    content_files: dict[str, bytes]  # paths under content/, e.g. "content/images/a.png"
    libraries: dict[str, Library] = field(default_factory=dict)
    raw_size: int = 0

    @property
    def title(self) -> str:
        return self.h5p["title"]

    @property
    def main_library(self) -> str:
        return self.h5p["mainLibrary"]

    @property
    def language(self) -> str:
        return self.h5p.get("language") or "und"

    @property
    def dependencies(self) -> list[Dependency]:
        return [_dependency(d, "h5p.json") for d in self.h5p["preloadedDependencies"]]

    @property
    def main_dependency(self) -> Dependency:
        return next(d for d in self.dependencies if d.machine_name == self.main_library)

    def file_count(self) -> int:
        return 1 + len(self.content_files) + sum(len(lib.files) for lib in self.libraries.values())


def _dependency(value, source: str) -> Dependency:
    return Dependency(value["machineName"], int(value["majorVersion"]), int(value["minorVersion"]))


def _extension(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _check_name(info: zipfile.ZipInfo) -> str | None:
    """Return the entry's normalised path, None for entries we skip, or raise for a dangerous one."""
    name = info.filename
    if "\x00" in name or "\\" in name:
        raise PackageError("bad_path", _("The file name “%(file)s” is not allowed in a package."), file=name)
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise PackageError("absolute_path", _("The file “%(file)s” has an absolute path."), file=name)
    parts = name.rstrip("/").split("/")
    if any(part == ".." for part in parts):
        raise PackageError(
            "parent_path", _("The file “%(file)s” points outside the package (“..”)."), file=name
        )
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise PackageError("symlink", _("The file “%(file)s” is a symbolic link."), file=name)
    if info.is_dir():
        return None
    if any(part in ("", ".") for part in parts):
        raise PackageError("bad_path", _("The file name “%(file)s” is not allowed in a package."), file=name)
    # Operating-system litter (.DS_Store, __MACOSX/) is ignored the way H5P core ignores it.
    if any(part.startswith(".") or part == "__MACOSX" for part in parts):
        return None
    return "/".join(parts)


def _load_json(path: str, data: bytes):
    if len(data) > limit("H5P_MAX_JSON_SIZE", MAX_JSON_SIZE):
        raise PackageError("json_too_large", _("The file “%(file)s” is too large."), file=path)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PackageError("bad_json", _("The file “%(file)s” is not valid JSON."), file=path) from exc


def _check_image(path: str, data: bytes, ext: str) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            image.verify()
    except Exception as exc:  # Pillow raises many kinds (and DecompressionBombError) for bad images
        raise PackageError(
            "bad_image", _("The file “%(file)s” is not a valid %(ext)s image."), file=path, ext=ext.upper()
        ) from exc
    if fmt not in IMAGE_FORMATS[ext]:
        raise PackageError(
            "bad_image", _("The file “%(file)s” is not a valid %(ext)s image."), file=path, ext=ext.upper()
        )


def _check_content(path: str, data: bytes, ext: str) -> bytes:
    """Check that the bytes are what the extension says, where we can tell; sanitise SVG."""
    if ext in IMAGE_FORMATS:
        _check_image(path, data, ext)
    elif ext == "svg":
        try:
            return sanitize_svg(data)
        except SVGError as exc:
            raise PackageError(
                "bad_svg", _("The file “%(file)s” is not a valid SVG image."), file=path
            ) from exc
    elif ext == "json":
        _load_json(path, data)
    return data


def _read_entries(source: BinaryIO) -> tuple[dict[str, bytes], int]:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise PackageError("not_zip", _("The file is not an H5P package: it is not a zip archive.")) from exc
    max_total = limit("H5P_MAX_TOTAL_SIZE", MAX_TOTAL_SIZE)
    max_count = limit("H5P_MAX_FILE_COUNT", MAX_FILE_COUNT)
    max_ratio = limit("H5P_MAX_COMPRESSION_RATIO", MAX_COMPRESSION_RATIO)
    with archive:
        infos = archive.infolist()
        if len(infos) > max_count:
            raise PackageError(
                "too_many_files",
                _("The package has %(count)s files; at most %(limit)s are allowed."),
                count=len(infos),
                limit=max_count,
            )
        total = sum(info.file_size for info in infos)
        if total > max_total:
            raise PackageError(
                "too_large",
                _("The package unpacks to %(size)s MB; at most %(limit)s MB are allowed."),
                size=round(total / 1048576, 1),
                limit=round(max_total / 1048576, 1),
            )
        compressed = sum(info.compress_size for info in infos)
        if total > 1024 * 1024 and total > max_ratio * max(compressed, 1):
            raise PackageError(
                "compression_ratio",
                _("The package is compressed suspiciously well (a zip bomb?): it is refused."),
            )
        entries: dict[str, bytes] = {}
        seen: set[str] = set()
        for info in infos:
            path = _check_name(info)
            if path is None:
                continue
            if info.file_size > 64 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
                raise PackageError(
                    "compression_ratio",
                    _("The file “%(file)s” is compressed suspiciously well (a zip bomb?)."),
                    file=path,
                )
            if path.lower() in seen:
                raise PackageError(
                    "duplicate", _("The file “%(file)s” appears twice in the package."), file=path
                )
            seen.add(path.lower())
            try:
                # ZipExtFile never returns more than the declared size, so the limits above hold.
                entries[path] = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
                raise PackageError(
                    "corrupt", _("The file “%(file)s” in the package is damaged."), file=path
                ) from exc
    return entries, total


def _require(meta: dict, key: str, kind, path: str):
    value = meta.get(key)
    ok = isinstance(value, kind) and not isinstance(value, bool) if kind is int else isinstance(value, kind)
    if not ok or (kind is str and not value.strip()):
        raise PackageError(
            "missing_field",
            _("The field “%(field)s” in “%(file)s” is missing or not valid."),
            field=key,
            file=path,
        )
    return value


def _check_dependencies(value, path: str, key: str = "preloadedDependencies") -> None:
    if value is None:
        return
    if not isinstance(value, list):
        raise PackageError(
            "missing_field",
            _("The field “%(field)s” in “%(file)s” is missing or not valid."),
            field=key,
            file=path,
        )
    for item in value:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("machineName"), str)
            or not MACHINE_NAME_RE.match(item["machineName"])
            or not _is_int(item.get("majorVersion"))
            or not _is_int(item.get("minorVersion"))
        ):
            raise PackageError(
                "bad_dependency",
                _("A dependency listed in “%(field)s” of “%(file)s” is not valid."),
                field=key,
                file=path,
            )


def _is_int(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0
    return isinstance(value, str) and value.isdigit()


def _check_h5p_json(meta) -> None:
    path = "h5p.json"
    if not isinstance(meta, dict):
        raise PackageError("bad_json", _("The file “%(file)s” is not valid JSON."), file=path)
    _require(meta, "title", str, path)
    main = _require(meta, "mainLibrary", str, path)
    _require(meta, "language", str, path)
    deps = meta.get("preloadedDependencies")
    if not isinstance(deps, list) or not deps:
        raise PackageError(
            "missing_field",
            _("The field “%(field)s” in “%(file)s” is missing or not valid."),
            field="preloadedDependencies",
            file=path,
        )
    _check_dependencies(deps, path)
    if not any(d["machineName"] == main for d in deps):
        raise PackageError(
            "main_not_listed",
            _("The main library “%(library)s” is not among the preloadedDependencies in h5p.json."),
            library=main,
        )
    embed = meta.get("embedTypes")
    if not isinstance(embed, list) or not embed or not all(e in EMBED_TYPES for e in embed):
        raise PackageError(
            "missing_field",
            _("The field “%(field)s” in “%(file)s” is missing or not valid."),
            field="embedTypes",
            file=path,
        )


def _check_library(folder: str, files: dict[str, bytes]) -> Library:
    match = LIBRARY_FOLDER_RE.match(folder)
    if not match:
        raise PackageError(
            "bad_library_folder",
            _("The folder “%(file)s” is not a library folder (Machine.Name-major.minor)."),
            file=folder,
        )
    json_path = f"{folder}/library.json"
    if "library.json" not in files:
        raise PackageError("missing_file", _("The package has no “%(file)s”."), file=json_path)
    meta = _load_json(json_path, files["library.json"])
    if not isinstance(meta, dict):
        raise PackageError("bad_json", _("The file “%(file)s” is not valid JSON."), file=json_path)
    _require(meta, "title", str, json_path)
    name = _require(meta, "machineName", str, json_path)
    for key in ("majorVersion", "minorVersion", "patchVersion"):
        if not _is_int(meta.get(key)):
            raise PackageError(
                "missing_field",
                _("The field “%(field)s” in “%(file)s” is missing or not valid."),
                field=key,
                file=json_path,
            )
    if meta.get("runnable") not in (0, 1, True, False):
        raise PackageError(
            "missing_field",
            _("The field “%(field)s” in “%(file)s” is missing or not valid."),
            field="runnable",
            file=json_path,
        )
    if (
        name != match["name"]
        or int(meta["majorVersion"]) != int(match["major"])
        or int(meta["minorVersion"]) != int(match["minor"])
    ):
        raise PackageError(
            "library_mismatch",
            _("The folder “%(file)s” does not match its library.json (%(library)s)."),
            file=folder,
            library=f"{name}-{meta['majorVersion']}.{meta['minorVersion']}",
        )
    for key in ("preloadedDependencies", "dynamicDependencies", "editorDependencies"):
        _check_dependencies(meta.get(key), json_path, key)
    for key in ("preloadedJs", "preloadedCss"):
        listed = meta.get(key) or []
        if not isinstance(listed, list):
            raise PackageError(
                "missing_field",
                _("The field “%(field)s” in “%(file)s” is missing or not valid."),
                field=key,
                file=json_path,
            )
        for item in listed:
            rel = item.get("path") if isinstance(item, dict) else None
            if not isinstance(rel, str) or rel.strip("/") not in files:
                raise PackageError(
                    "missing_preloaded",
                    _("The file “%(file)s” listed in %(field)s of “%(library)s” is missing."),
                    file=f"{folder}/{rel}",
                    field=key,
                    library=json_path,
                )
    return Library(folder=folder, meta=meta, files=files)


def read_package(source: BinaryIO | bytes) -> Package:
    """Read, validate and sanitise a .h5p package, or raise PackageError."""
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    entries, total = _read_entries(source)

    content_files: dict[str, bytes] = {}
    library_files: dict[str, dict[str, bytes]] = {}
    for path, data in entries.items():
        ext = _extension(path)
        if path == "h5p.json":
            continue
        top, _sep, rest = path.partition("/")
        if not rest:
            # A readme or placeholder beside h5p.json: H5P core skips top-level files, and so do we (not stored).
            continue
        allowed = CONTENT_EXTENSIONS if top == "content" else LIBRARY_EXTENSIONS
        if ext not in allowed:
            raise PackageError(
                "bad_extension", _("The file type of “%(file)s” is not allowed in H5P packages."), file=path
            )
        data = _check_content(path, data, ext)
        if top == "content":
            content_files[path] = data
        else:
            library_files.setdefault(top, {})[rest] = data

    if "h5p.json" not in entries:
        raise PackageError("missing_file", _("The package has no “%(file)s”."), file="h5p.json")
    h5p = _load_json("h5p.json", entries["h5p.json"])
    _check_h5p_json(h5p)
    if "content/content.json" not in content_files:
        raise PackageError("missing_file", _("The package has no “%(file)s”."), file="content/content.json")
    content = _load_json("content/content.json", content_files["content/content.json"])
    if not isinstance(content, dict):
        raise PackageError(
            "bad_json", _("The file “%(file)s” is not valid JSON."), file="content/content.json"
        )
    content = sanitize_json_html(content)
    content_files["content/content.json"] = json.dumps(content, ensure_ascii=False).encode()

    libraries = {folder: _check_library(folder, files) for folder, files in sorted(library_files.items())}
    return Package(h5p=h5p, content=content, content_files=content_files, libraries=libraries, raw_size=total)


def missing_dependencies(package: Package, installed: set[str]) -> list[str]:
    """Library folders the package needs (directly or through its libraries) that it neither brings nor finds
    among `installed` folder names."""
    available = set(package.libraries) | set(installed)
    needed = {dep.folder for dep in package.dependencies}
    for library in package.libraries.values():
        needed |= {dep.folder for dep in library.dependencies}
    return sorted(needed - available)


def library_from_dir(path) -> Library:
    """Load a library folder from disk (our own content types live as source in the repository)."""
    from pathlib import Path

    root = Path(path)
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }
    return _check_library(root.name, files)


def write_package(
    *, h5p: dict, content: dict, libraries=(), content_files: dict[str, bytes] | None = None
) -> bytes:
    """Build a .h5p archive: h5p.json, content/content.json (+ files) and the given Library folders."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("h5p.json", json.dumps(h5p, ensure_ascii=False, indent=2))
        archive.writestr("content/content.json", json.dumps(content, ensure_ascii=False))
        for path, data in sorted((content_files or {}).items()):
            if path != "content/content.json":
                archive.writestr(path, data)
        for library in libraries:
            for rel, data in sorted(library.files.items()):
                archive.writestr(f"{library.folder}/{rel}", data)
    return buffer.getvalue()


def h5p_json(
    *, title: str, language: str, main: Dependency, dependencies=(), embed_types=("iframe",)
) -> dict:
    """A minimal, valid h5p.json."""
    deps = [main, *[d for d in dependencies if d != main]]
    return {
        "title": title,
        "language": language,
        "mainLibrary": main.machine_name,
        "embedTypes": list(embed_types),
        "license": "U",
        "preloadedDependencies": [
            {"machineName": d.machine_name, "majorVersion": str(d.major), "minorVersion": str(d.minor)}
            for d in deps
        ],
    }
