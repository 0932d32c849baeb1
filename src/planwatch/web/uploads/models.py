"""An uploaded plan file and the reviewer's working copy of its extraction (persistence only).

The original file is kept for good: once confirmed it is the source of the catalogue documents it
produced, and the document page links to it.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.web.catalogue.models import PolicyDocument
from planwatch.web.models_base import TimestampedModel


class UploadState(models.TextChoices):
    DRAFT = "draft", _("Đang soát")
    CONFIRMED = "confirmed", _("Đã nạp vào danh mục")
    DISCARDED = "discarded", _("Đã hủy")


def original_path(_upload: DocumentUpload, filename: str) -> str:
    """Stored under a random name: the user's file name is kept in ``original_name`` only, so it can
    never steer where the file lands."""
    return f"uploads/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class DocumentUpload(TimestampedModel):
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="document_uploads"
    )
    original = models.FileField(upload_to=original_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    state = models.CharField(max_length=12, choices=UploadState.choices, default=UploadState.DRAFT)
    # The extraction in the shape `planwatch extract --json` prints, as the reviewer has edited it.
    extraction = models.JSONField()
    # The reviewer's choices beside it, per document: parents (doc ids) and the agency of each target.
    review = models.JSONField(default=dict)
    documents = models.ManyToManyField(PolicyDocument, blank=True, related_name="uploads")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.state})"
