"""E-mail messages (.eml): headers as metadata and a header block, the body as text,
attachments listed (their content is not imported; save and import them separately)."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from casefile.domain.errors import ImportFailure
from casefile.domain.text import BlockKind, ExtractedText, SourceMetadata, normalise_newlines
from casefile.ingest import html as html_importer
from casefile.ingest.options import ImportOptions
from casefile.ingest.registry import Importer, register
from casefile.ingest.structured import TextBuilder

_MAIL_HEADER = re.compile(
    rb"^(From|To|Subject|Date|Received|Return-Path|Message-ID|MIME-Version):", re.I | re.M
)
_HEADERS = ("From", "To", "Cc", "Date", "Subject")


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # an unknown or wrong charset: decode it ourselves
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    if part.get_content_type() == "text/html":
        return html_importer.extract(content.encode("utf-8"), "body", full_page=True).text
    return str(content)


def extract(data: bytes, filename: str) -> ExtractedText:
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not isinstance(message, EmailMessage) or not any(message.get(h) for h in _HEADERS):
        raise ImportFailure(filename, "not an e-mail message (no From, To, Date or Subject)")
    builder = TextBuilder()
    header_lines = [f"{name}: {message[name]}" for name in _HEADERS if message.get(name)]
    builder.add("\n".join(header_lines), BlockKind.HEADER, "headers")
    for paragraph in normalise_newlines(_body(message)).split("\n\n"):
        builder.add(paragraph.strip("\n"))
    attachments = [
        f"{part.get_filename() or 'unnamed'} ({part.get_content_type()}, "
        f"{len(part.get_payload(decode=True) or b'')} bytes)"
        for part in message.iter_attachments()
    ]
    if attachments:
        builder.add("Attachments:\n" + "\n".join(attachments), BlockKind.HEADER, "attachments")
    published = ""
    if message.get("Date"):
        try:
            published = parsedate_to_datetime(str(message["Date"])).date().isoformat()
        except (TypeError, ValueError):
            published = str(message["Date"])
    metadata = SourceMetadata(
        title=str(message.get("Subject", "")), author=str(message.get("From", "")),
        published=published,
    )  # fmt: skip
    return ExtractedText(
        text=builder.text, kind="email", media_type="message/rfc822",
        blocks=tuple(builder.blocks), metadata=metadata,
    )  # fmt: skip


def _extract(data: bytes, filename: str, _options: ImportOptions) -> ExtractedText:
    return extract(data, filename)


def _sniff(data: bytes, filename: str) -> bool:
    name = filename.lower()
    return name.endswith(".eml") or (
        not name.endswith((".txt", ".md", ".html", ".htm"))
        and len(_MAIL_HEADER.findall(data[:4096])) >= 2
    )


register(Importer("email", "E-mail messages", (".eml",), ("message/rfc822",), _extract, _sniff, 30))
