"""H5P data: installed libraries, uploaded packages, learners' xAPI statements and resume state."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

STORAGE_ROOT = "h5p/packages"


class H5PLibrary(models.Model):
    """A content-type library installed on the site: its JavaScript runs in learners' browsers, so installing
    a new or changed one needs the `h5p.install_library` permission."""

    machine_name = models.CharField(_("machine name"), max_length=255)
    major_version = models.PositiveIntegerField(_("major version"))
    minor_version = models.PositiveIntegerField(_("minor version"))
    patch_version = models.PositiveIntegerField(_("patch version"))
    title = models.CharField(_("title"), max_length=255)
    runnable = models.BooleanField(_("runnable"), default=False)
    checksum = models.CharField(
        _("checksum"), max_length=64, help_text=_("SHA-256 over the library's files.")
    )
    metadata = models.JSONField(_("library.json"), default=dict)
    storage_path = models.CharField(_("storage folder"), max_length=500)
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("installed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    installed_at = models.DateTimeField(_("installed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")
        ordering = ["machine_name", "-major_version", "-minor_version", "-patch_version", "-installed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version", "checksum"],
                name="h5p_library_unique_code",
            ),
        ]
        indexes = [models.Index(fields=["machine_name", "major_version", "minor_version"])]
        permissions = [("install_library", _("Can install new or changed H5P libraries"))]

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major_version}.{self.minor_version}.{self.patch_version}"

    @property
    def folder(self) -> str:
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"


class H5PPackage(models.Model):
    """An uploaded H5P activity: h5p.json and content/ stored in its own folder, its libraries by reference."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    language = models.CharField(_("language"), max_length=16)
    main_library = models.ForeignKey(
        H5PLibrary, verbose_name=_("main library"), related_name="+", on_delete=models.PROTECT
    )
    libraries = models.ManyToManyField(
        H5PLibrary, verbose_name=_("libraries"), related_name="packages", through="H5PPackageLibrary"
    )
    h5p_json = models.JSONField(_("h5p.json"), default=dict)
    content_json = models.JSONField(_("content.json (sanitised)"), default=dict)
    file_count = models.PositiveIntegerField(_("files"), default=0)
    total_size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("H5P package")
        verbose_name_plural = _("H5P packages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def storage_folder(self) -> str:
        return f"{STORAGE_ROOT}/{self.uuid}"


class H5PPackageLibrary(models.Model):
    """Which installed library a package loads for each of its library folders."""

    package = models.ForeignKey(H5PPackage, on_delete=models.CASCADE, related_name="library_links")
    library = models.ForeignKey(H5PLibrary, on_delete=models.PROTECT, related_name="package_links")
    folder = models.CharField(max_length=300)

    class Meta:
        verbose_name = _("library of a package")
        verbose_name_plural = _("libraries of packages")
        constraints = [
            models.UniqueConstraint(fields=["package", "folder"], name="h5p_package_library_folder")
        ]

    def __str__(self) -> str:
        return self.folder


class XAPIStatement(models.Model):
    """An xAPI statement from a learner's browser. H5P checks answers in the browser, so every score here is
    reported by the client (`client_reported`), unlike native quizzes, which are scored on the server."""

    statement_id = models.UUIDField(_("statement id"), default=uuid.uuid4)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xapi_statements"
    )
    package = models.ForeignKey(H5PPackage, on_delete=models.CASCADE, related_name="statements")
    verb = models.CharField(_("verb"), max_length=255, db_index=True)
    object_id = models.CharField(_("object"), max_length=500, db_index=True)
    is_package_level = models.BooleanField(
        _("about the whole package"), default=False, help_text=_("False for statements about a part of it.")
    )
    score_raw = models.FloatField(_("raw score"), null=True, blank=True)
    score_min = models.FloatField(_("minimum score"), null=True, blank=True)
    score_max = models.FloatField(_("maximum score"), null=True, blank=True)
    score_scaled = models.FloatField(_("scaled score"), null=True, blank=True)
    success = models.BooleanField(_("success"), null=True, blank=True)
    completion = models.BooleanField(_("completion"), null=True, blank=True)
    duration = models.CharField(_("duration"), max_length=64, blank=True)
    timestamp = models.DateTimeField(_("time"), db_index=True)
    stored_at = models.DateTimeField(_("stored at"), auto_now_add=True)
    client_reported = models.BooleanField(_("reported by the client"), default=True, editable=False)
    raw = models.JSONField(_("statement as received"))

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        ordering = ["-timestamp"]
        constraints = [
            models.UniqueConstraint(fields=["user", "statement_id"], name="xapi_statement_unique_per_user"),
            models.CheckConstraint(
                condition=models.Q(score_scaled__isnull=True)
                | models.Q(score_scaled__gte=-1, score_scaled__lte=1),
                name="xapi_scaled_score_range",
            ),
            models.CheckConstraint(
                condition=models.Q(client_reported=True), name="xapi_always_client_reported"
            ),
        ]
        indexes = [models.Index(fields=["package", "user", "verb"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.verb.rsplit('/', 1)[-1]} {self.object_id}"


class H5PState(models.Model):
    """A learner's saved player state (H5P contentUserData), so they can resume where they left off."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="h5p_states")
    package = models.ForeignKey(H5PPackage, on_delete=models.CASCADE, related_name="states")
    data = models.JSONField(_("state"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("H5P resume state")
        verbose_name_plural = _("H5P resume states")
        constraints = [models.UniqueConstraint(fields=["user", "package"], name="h5p_state_one_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} / {self.package_id}"
