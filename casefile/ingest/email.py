"""E-mail messages (.eml): headers as metadata and a header block, the body as text, and
the attachments imported as documents of their own (PDF, DOCX, nested e-mails, ...).

Attachments come back in ``ExtractedText.attachments``; the operation that stores the
e-mail stores them as sources linked to it. An attachment that cannot be read is
listed in the e-mail's text and named in a notice, never dropped silently.
"""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from casefile.domain.errors import ImportFailure
from casefile.domain.text import (
    Attachment,
    BlockKind,
    ExtractedText,
    SourceMetadata,
    normalise_newlines,
)
from casefile.ingest.options import MAX_NESTING, ImportOptions
from casefile.ingest.registry import Importer, register
from casefile.ingest.structured import TextBuilder

_MAIL_HEADER = re.compile(
    rb"^(From|To|Subject|Date|Received|Return-Path|Message-ID|MIME-Version):", re.I | re.M
)
_HEADERS = ("From", "To", "Cc", "Date", "Subject")
MAX_ATTACHMENTS = 200


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, ValueError):  # a wrong charset
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    if part.get_content_type() == "text/html":
        from casefile.ingest import html as html_importer

        try:
            return html_importer.extract(content.encode("utf-8"), "body", full_page=True).text
        except ImportFailure:
            return ""
    return str(content)


def _payload(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            return bytes(inner[0].as_bytes(policy=policy.default))
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def read_attachment(
    name: str, content_type: str, data: bytes, options: ImportOptions
) -> tuple[Attachment | None, str]:
    """An attached document through the registry, or None and why not."""
    from casefile.ingest import extract  # the registry: any format Casefile reads

    if not data:
        return None, "empty"
    if options.nesting + 1 > MAX_NESTING:
        return None, f"nested more than {MAX_NESTING} e-mails deep"
    inner = ImportOptions(
        password=None, max_bytes=options.max_bytes, html_full_page=options.html_full_page,
        pdf_time_limit=options.pdf_time_limit, nesting=options.nesting + 1,
    )  # fmt: skip
    try:
        extracted = extract(data, name, inner)
    except ImportFailure as failure:
        if not content_type.startswith("image/"):
            return None, failure.reason
        extracted = ExtractedText(
            text="", kind="image", media_type=content_type,
            notices=("An image: it has no text to highlight until it is run through OCR.",),
        )  # fmt: skip
    except RecursionError:
        return None, "nested too deeply to be read"
    return Attachment(name, data, extracted), ""


def _attachment(part: Message, index: int, options: ImportOptions) -> tuple[Attachment | None, str]:
    content_type = part.get_content_type()
    name = part.get_filename() or ""
    if not name:
        name = f"attachment-{index + 1}.eml" if content_type == "message/rfc822" else ""
        name = name or f"attachment-{index + 1}"
    return read_attachment(name, content_type, _payload(part), options)


def extract(data: bytes, filename: str, options: ImportOptions | None = None) -> ExtractedText:
    options = options or ImportOptions()
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not isinstance(message, EmailMessage) or not any(message.get(h) for h in _HEADERS):
        raise ImportFailure(filename, "not an e-mail message (no From, To, Date or Subject)")
    builder = TextBuilder()
    header_lines = [f"{name}: {message[name]}" for name in _HEADERS if message.get(name)]
    builder.add("\n".join(header_lines), BlockKind.HEADER, "headers")
    for paragraph in normalise_newlines(_body(message)).split("\n\n"):
        builder.add(paragraph.strip("\n"))
    listed: list[str] = []
    attachments: list[Attachment] = []
    notices: list[str] = []
    for index, part in enumerate(message.iter_attachments()):
        if index >= MAX_ATTACHMENTS:
            notices.append(f"Only the first {MAX_ATTACHMENTS} attachments were read.")
            break
        found, reason = _attachment(part, index, options)
        name = found.filename if found else (part.get_filename() or f"attachment-{index + 1}")
        size = len(found.data) if found else len(_payload(part))
        line = f"{name} ({part.get_content_type()}, {size} bytes)"
        if found:
            attachments.append(found)
        else:
            line += f": not imported ({reason})"
            notices.append(f"The attachment {name!r} was not imported: {reason}.")
        listed.append(line)
    if listed:
        builder.add("Attachments:\n" + "\n".join(listed), BlockKind.HEADER, "attachments")
    published = ""
    if message.get("Date"):
        try:
            published = parsedate_to_datetime(str(message["Date"])).date().isoformat()
        except (TypeError, ValueError, IndexError):
            published = str(message["Date"])
    metadata = SourceMetadata(
        title=str(message.get("Subject", "")), author=str(message.get("From", "")),
        published=published,
    )  # fmt: skip
    return ExtractedText(
        text=builder.text, kind="email", media_type="message/rfc822",
        blocks=tuple(builder.blocks), metadata=metadata, notices=tuple(notices),
        attachments=tuple(attachments),
    )  # fmt: skip


def _sniff(data: bytes, filename: str) -> bool:
    name = filename.lower()
    return name.endswith(".eml") or (
        not name.endswith((".txt", ".md", ".html", ".htm"))
        and len(_MAIL_HEADER.findall(data[:4096])) >= 2
    )


register(Importer("email", "E-mail messages", (".eml",), ("message/rfc822",), extract, _sniff, 30))
