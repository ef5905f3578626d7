"""Uploaded files on an S3-compatible object store (AWS S3, MinIO...): the storage classes that
config/settings/base.py selects when AWS_STORAGE_BUCKET_NAME is set (core/storage.py says what goes where)."""

from functools import cached_property

from storages.backends.s3 import S3Storage
from storages.utils import clean_name, setting


class MediaS3Storage(S3Storage):
    """S3Storage that never overwrites (a name already taken gets another, as on disk: the H5P importer relies on
    it) and signs URLs for the endpoint browsers reach."""

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "public_endpoint_url": setting("AWS_S3_PUBLIC_ENDPOINT_URL"),
        }

    @property
    def _public_client(self):
        if not self.public_endpoint_url or self.public_endpoint_url == self.endpoint_url:
            return self.connection.meta.client
        return self._public_endpoint_client

    @cached_property
    def _public_endpoint_client(self):
        session = self._create_session()
        return session.client(
            "s3",
            region_name=self.region_name,
            endpoint_url=self.public_endpoint_url,
            config=self.client_config,
            verify=self.verify,
        )

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.custom_domain:
            return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
        params = {
            **(parameters or {}),
            "Bucket": self.bucket_name,
            "Key": self._normalize_name(clean_name(name)),
        }
        return self._public_client.generate_presigned_url(
            "get_object",
            Params=params,
            ExpiresIn=self.querystring_expire if expire is None else expire,
            HttpMethod=http_method,
        )


class PrivateS3Storage(MediaS3Storage):
    """Private files (scans of signed consents): streamed by the views that check who asks, never by URL."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise NotImplementedError("private files are served by views that check who asks, never by URL")
