"""A translation as the bundle prints it: the typed text, then the translator's certificate."""

from __future__ import annotations

from casefile.domain import model as m
from casefile.domain.text import paragraph_blocks
from casefile.export.bundle.charboxes import CharBoxes
from casefile.export.bundle.typeset_source import TAB, TITLE, Heading, typeset_text
from casefile.export.bundle.typesetter import BODY, SMALL, Typesetter

CERTIFICATE = "Certificate of translation"

_LANGUAGES = {
    "en": "English", "ru": "Russian", "ko": "Korean", "fr": "French", "de": "German",
    "es": "Spanish", "ar": "Arabic", "fa": "Persian", "uk": "Ukrainian", "zh": "Chinese",
    "tr": "Turkish", "ti": "Tigrinya", "am": "Amharic", "ps": "Pashto", "ku": "Kurdish",
}  # fmt: skip


def language_name(code: str) -> str:
    return _LANGUAGES.get(code.strip().lower(), code) if code else "the original language"


def certificate_text(tab: str, source: m.SourceInfo, translation: m.Translation) -> list[str]:
    """The certificate's paragraphs (also what verification looks for)."""
    qualifications = f", {translation.qualifications}," if translation.qualifications else ","
    return [
        f"I, {translation.translator}{qualifications} certify that I am competent to "
        f"translate from {language_name(source.language)} into "
        f"{language_name(translation.language)}, and that the translation at tab {tab}T of "
        f"the document at tab {tab} (“{source.title}”) is a true, accurate and complete "
        "translation of the original.",
        f"Translator: {translation.translator}",
        f"Qualifications: {translation.qualifications or '—'}",
    ]


def typeset_translation(
    ts: Typesetter, tab: str, source: m.SourceInfo, translation: m.Translation
) -> CharBoxes:
    """The translation, then its certificate page, from a new page of ``ts`` on."""
    heading = Heading(
        f"Tab {tab}T — translation of tab {tab}",
        source.title,
        (
            f"Translated from {language_name(source.language)} into "
            f"{language_name(translation.language)} by {translation.translator}"
            + (f" ({translation.qualifications})" if translation.qualifications else ""),
        ),
    )
    text = translation.text
    boxes = typeset_text(ts, heading, text, paragraph_blocks(text), headings=False)
    ts.new_page()
    ts.line(f"Tab {tab}T", TAB)
    ts.paragraph(CERTIFICATE, TITLE)
    ts.space(12)
    for paragraph in certificate_text(tab, source, translation):
        ts.paragraph(paragraph, BODY)
        ts.space(8)
    ts.space(40)
    ts.paragraph("Signed: ____________________________________", BODY)
    ts.space(24)
    ts.paragraph("Date: ______________________", BODY)
    ts.space(24)
    ts.paragraph(
        "This certificate is to be signed by the translator before the bundle is filed.", SMALL
    )
    return boxes
