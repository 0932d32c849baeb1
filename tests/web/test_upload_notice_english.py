"""The upload review's notices about a document without targets are translated on English pages."""

import pytest
from django.utils import translation

from planwatch.web.uploads.models import DocumentUpload
from planwatch.web.uploads.selectors import _no_target_notice

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("review", "english"),
    [
        ({"no_target_reason": "văn bản không có số liệu"}, "No target was found: văn bản không có số liệu."),
        ({}, "There is no target yet."),
    ],
)
def test_a_document_without_targets_is_explained_in_english(
    monkeypatch: pytest.MonkeyPatch, review: dict[str, str], english: str
) -> None:
    upload = DocumentUpload(review=review)
    monkeypatch.setattr("planwatch.web.uploads.selectors.upload_has_targets", lambda _: False)
    with translation.override("en"):
        notice = _no_target_notice(upload)
    assert notice.startswith(english.rstrip("."))
    assert "Hãy" not in notice
