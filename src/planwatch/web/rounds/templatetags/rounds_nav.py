"""The "Việc cần làm" link of the navigation, with the number of rounds the user still has to send
(and, for a coordinator, of submissions waiting for review)."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from planwatch.web.rounds.selectors import rounds_due_count

register = template.Library()


@register.simple_tag(takes_context=True)
def rounds_due_link(context: dict[str, Any]) -> str:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    count = rounds_due_count(request.user)
    badge = format_html(' <span class="badge" id="due-count">{}</span>', count) if count else ""
    label = _("Việc cần làm")
    if context.get("nav") == "due":
        return format_html('<a href="{}" class="active">{}{}</a>', reverse("rounds:due"), label, badge)
    return format_html('<a href="{}">{}{}</a>', reverse("rounds:due"), label, badge)


@register.simple_tag
def document_rounds(document: Any) -> list[Any]:
    """The reporting rounds of a document, the latest first (the document page's block)."""
    from planwatch.web.rounds.models import ReportingRound

    return list(ReportingRound.objects.filter(document=document).order_by("-year"))


@register.simple_tag
def next_round_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year
