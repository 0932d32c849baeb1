"""Vietnamese first, English through Django's i18n (issue #4): the language switch's cookie alone picks
English; the committed catalogue (.po and its compiled .mo) translates every label; no template
carries Vietnamese text outside a translation tag."""

import ast
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from planwatch.web.catalogue.models import Target

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]
Entry = dict[str, str]

WEB = Path(settings.LOCALE_PATHS[0]).parent
PO_FILE = WEB / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _parse_po(text: str) -> list[Entry]:
    """The entries of a .po file as {keyword: string}, with ``fuzzy`` set when flagged; enough for the
    files makemessages writes (no obsolete ``#~`` entries are kept there)."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry: Entry = {}
        keyword = ""
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = "yes"
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
            if match:
                keyword = match.group(1)
                entry[keyword] = ast.literal_eval(match.group(2))
            else:
                entry[keyword] += ast.literal_eval(line)
        entries.append(entry)
    return [e for e in entries if e.get("msgid")]  # the header has an empty msgid


def _entries() -> list[Entry]:
    return _parse_po(PO_FILE.read_text(encoding="utf-8"))


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _first_target() -> Target:
    return Target.objects.filter(document__doc_id="KG-219-KH-UBND").order_by("position")[0]


@pytest.mark.parametrize(
    ("path", "english", "vietnamese"),
    [
        ("/", ["<h1>Dashboard</h1>", "Needs attention first", "By document"], ["Tổng quan", "Cần chú ý"]),
        ("/van-ban/", ["<h1>Documents</h1>", "Click a document to open"], ["Bấm vào một văn bản"]),
        ("target", ["Monitoring agency", "Figure history", ">Evaluation</h2>"], ["Lịch sử số liệu"]),
    ],
)
def test_the_language_cookie_turns_the_pages_into_english(
    client_as: ClientAs, path: str, english: list[str], vietnamese: list[str]
) -> None:
    url = f"/muc-tieu/{_first_target().pk}/" if path == "target" else path

    response = _english(client_as("lanhdao")).get(url)
    page = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert response["Content-Language"] == "en"
    assert ">Dashboard</a>" in page
    assert ">Documents</a>" in page
    assert "Sign out" in page
    for label in english:
        assert label in page
    for label in vietnamese:
        assert label not in page


def test_the_login_page_is_english_with_the_cookie() -> None:
    page = _english(Client()).get("/dang-nhap/").content.decode()

    assert '<html lang="en">' in page
    assert "<h1>Sign in</h1>" in page
    assert "Username" in page
    assert "Password" in page
    assert "Đăng nhập" not in page


def test_the_throttling_message_follows_the_language(users: object) -> None:
    client = _english(Client())
    for _ in range(5):
        client.post("/dang-nhap/", {"username": "lanhdao", "password": "sai-mật-khẩu"})

    refused = client.post("/dang-nhap/", {"username": "lanhdao", "password": "sai-mật-khẩu"})

    assert refused.status_code == 429
    assert "Too many failed sign-in attempts" in refused.content.decode()


def test_the_switch_in_the_header_sets_the_cookie_that_picks_english(client_as: ClientAs) -> None:
    client = client_as("lanhdao")

    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/van-ban/"})
    page = client.get("/van-ban/").content.decode()

    assert switched.status_code == 302
    assert switched["Location"] == "/van-ban/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "<h1>Documents</h1>" in page


def test_the_browser_language_alone_leaves_the_pages_vietnamese(client_as: ClientAs) -> None:
    client = client_as("lanhdao")

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()

    assert '<html lang="vi">' in page
    assert "<h1>Tổng quan</h1>" in page
    assert "Dashboard" not in page


def test_an_unknown_language_in_the_cookie_falls_back_to_vietnamese() -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    page = client.get("/dang-nhap/").content.decode()

    assert '<html lang="vi">' in page
    assert "<h1>Đăng nhập</h1>" in page


def test_every_entry_of_the_catalogue_is_translated_and_not_fuzzy() -> None:
    entries = _entries()

    untranslated = [e["msgid"] for e in entries if not all(e[k].strip() for k in e if k.startswith("msgstr"))]

    assert len(entries) > 100
    assert untranslated == []
    assert [e["msgid"] for e in entries if "fuzzy" in e] == []


def test_every_msgid_is_nfc_vietnamese_text() -> None:
    assert [e["msgid"] for e in _entries() if not unicodedata.is_normalized("NFC", e["msgid"])] == []


def test_the_committed_mo_file_gives_what_the_po_file_says() -> None:
    mismatched = []
    with translation.override("en"):
        for e in _entries():
            context = e.get("msgctxt")
            if "msgid_plural" in e:
                for n, form in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                    got = (
                        translation.npgettext(context, e["msgid"], e["msgid_plural"], n)
                        if context
                        else translation.ngettext(e["msgid"], e["msgid_plural"], n)
                    )
                    if got != e[form]:
                        mismatched.append((e["msgid"], n, got))
            else:
                got = (
                    translation.pgettext(context, e["msgid"]) if context else translation.gettext(e["msgid"])
                )
                if got != e["msgstr"]:
                    mismatched.append((e["msgid"], 0, got))

    assert mismatched == []


# Whatever a translation tag holds: {% translate "…" %}, {% blocktranslate %}…{% endblocktranslate %},
# _("…") as a filter argument; and comments.
TRANSLATED = re.compile(
    r"\{%\s*(?:translate|trans)\s+(?:\"[^\"]*\"|'[^']*').*?%\}"
    r"|\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}"
    r"|\b_\((?:\"[^\"]*\"|'[^']*')\)"
    r"|\{#.*?#\}"
    r"|\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}",
    re.S,
)


def _untranslated_lines(template: str) -> list[str]:
    """Lines with a letter outside ASCII (ư, ả, đ …) once every translation tag is taken out. Words
    written without diacritics ("nay", "qua") escape this check."""
    rest = TRANSLATED.sub("", template)
    return [
        line.strip()
        for line in rest.splitlines()
        if any(ord(c) > 127 and unicodedata.category(c).startswith("L") for c in line)
    ]


def test_the_template_check_flags_vietnamese_outside_translation_tags() -> None:
    template = (
        '{% load i18n %}<h1>{% translate "Tổng quan" %}</h1><p>{{ x|default:_("không nêu") }}</p>\n'
        "{% blocktranslate with n=count %}Có {{ n }} mục tiêu{% endblocktranslate %} → —\n"
        "<th>Năm</th>\n"
    )

    assert _untranslated_lines(template) == ["<th>Năm</th>"]


def test_no_template_shows_vietnamese_text_outside_a_translation_tag() -> None:
    templates = sorted(WEB.rglob("*.html"))

    flagged = {str(t.relative_to(WEB)): _untranslated_lines(t.read_text(encoding="utf-8")) for t in templates}

    assert len(templates) >= 15
    assert {name: lines for name, lines in flagged.items() if lines} == {}


def test_every_translate_tag_of_the_templates_is_in_the_catalogue() -> None:
    """makemessages was run after the last template change (blocktranslate bodies are left to the
    .mo test: their msgids are built by Django's own parser)."""
    catalogue = {(e.get("msgctxt"), e["msgid"]) for e in _entries()}
    tag = re.compile(
        r"\{%\s*translate\s+\"([^\"]*)\"(?:\s+context\s+\"([^\"]*)\")?\s*%\}|\b_\(\"([^\"]*)\"\)"
    )
    used = set()
    for template in WEB.rglob("*.html"):
        for match in tag.finditer(template.read_text(encoding="utf-8")):
            text, context, argument = match.groups()
            used.add((context, text if argument is None else argument))

    assert len(used) > 100
    assert sorted(used - catalogue, key=str) == []
