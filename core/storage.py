"""Where uploaded files live: the local disk (the default), or an S3-compatible object store (AWS S3, MinIO...)
when AWS_STORAGE_BUCKET_NAME is set, so that several app servers share them (core/s3.py).

The bucket holds nothing public but Wagtail's images, as on disk. The site reaches files in two ways only:

- through our views, which check who asks and stream the file: H5P package files, consent scans, Wagtail
  documents (WAGTAILDOCS_SERVE_METHOD = "serve_view");
- by a plain, stable URL for Wagtail's images and renditions (the folders core.s3.PUBLIC_FOLDERS, which the
  bucket policy of `manage.py s3_bucket_setup` lets anyone read), at AWS_S3_PUBLIC_ENDPOINT_URL, the object
  store's address as browsers reach it (behind nginx in docker/compose.yaml). Browsers and the offline copy of
  a module cache them. Any other name the app were to hand out gets a signed URL that expires.

Files are written without an ACL; everything outside the image folders needs the app's key.

Consent scans and other private files are in their own storage, ``storages["private"]``: a folder outside the
media root on disk, another prefix (or bucket) on S3, never handed out by URL.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up when first used (a model field keeps its storage for the life of the
    process) and again after the STORAGES setting changes."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty
