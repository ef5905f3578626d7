"""Building hostile and valid .h5p archives for the tests."""

import io
import json
import stat
import zipfile

from courses.h5p import builder


def demo_bytes(language: str = "en") -> bytes:
    return builder.demo_package(language)


def rebuild(
    source: bytes, *, drop=(), replace=None, add=None, symlinks=(), compression=zipfile.ZIP_DEFLATED
) -> bytes:
    """Copy an archive, dropping, replacing or adding entries (name -> bytes or JSON-able value)."""
    replace = replace or {}
    add = add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            data = replace.get(info.filename, src.read(info))
            dst.writestr(info.filename, _bytes(data))
        for name, data in add.items():
            dst.writestr(name, _bytes(data))
        for name, target in symlinks:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            dst.writestr(info, target)
    return out.getvalue()


def _bytes(data) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        return data.encode()
    return json.dumps(data).encode()


def h5p_meta(source: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        return json.loads(archive.read("h5p.json"))


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()
