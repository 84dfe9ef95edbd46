"""Outlook messages (.msg): headers, body and attachments, like an e-mail (.eml).

extract-msg is the maintained reader of Outlook's OLE message format (regular
releases, used widely in e-discovery and forensics tools); it reads the body
in plain text or HTML, the recipients and the attachments, including messages
embedded in messages. Attachments go through the registry like an e-mail's.
"""

from __future__ import annotations

import datetime
import logging
from email.utils import parsedate_to_datetime
from typing import Any

from casefile.domain.errors import ImportFailure
from casefile.domain.text import Attachment, BlockKind, ExtractedText, SourceMetadata
from casefile.ingest.email import MAX_ATTACHMENTS, read_attachment
from casefile.ingest.options import ImportOptions
from casefile.ingest.registry import Importer, register
from casefile.ingest.structured import TextBuilder

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MESSAGE_STREAM = "__substg1.0_".encode("utf-16-le")
for _name in ("extract_msg", "olefile", "RTFDE"):  # they log to stderr on odd files
    logging.getLogger(_name).setLevel(logging.CRITICAL + 1)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _header_date(message: Any) -> str:
    header = message.header
    return _text(header.get("Date")) if header is not None else ""


def _date(message: Any) -> str:
    """The sending date as YYYY-MM-DD: the message's own, else its transport header's."""
    date = message.date
    if isinstance(date, datetime.datetime):
        return date.date().isoformat()
    try:
        return parsedate_to_datetime(_header_date(message)).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


def _body(message: Any) -> str:
    body = message.body
    if body and str(body).strip():
        return str(body)
    html = message.htmlBody
    if html:
        from casefile.ingest import html as html_importer

        try:
            return html_importer.extract(bytes(html), "body", full_page=True).text
        except ImportFailure:
            return ""
    return ""


def _attachments(
    message: Any, options: ImportOptions
) -> tuple[list[Attachment], list[str], list[str]]:
    found: list[Attachment] = []
    listed: list[str] = []
    notices: list[str] = []
    for index, item in enumerate(message.attachments or []):
        if index >= MAX_ATTACHMENTS:
            notices.append(f"Only the first {MAX_ATTACHMENTS} attachments were read.")
            break
        name = _text(item.longFilename) or _text(item.shortFilename) or f"attachment-{index + 1}"
        data = item.data
        if data is not None and not isinstance(data, bytes | bytearray):  # an embedded message
            data = data.exportBytes()
            if not name.lower().endswith(".msg"):
                name += ".msg"
        content_type = _text(getattr(item, "mimetype", "")) or "application/octet-stream"
        attachment, reason = read_attachment(name, content_type, bytes(data or b""), options)
        line = f"{name} ({content_type}, {len(data or b'')} bytes)"
        if attachment:
            found.append(attachment)
        else:
            line += f": not imported ({reason})"
            notices.append(f"The attachment {name!r} was not imported: {reason}.")
        listed.append(line)
    return found, listed, notices


def extract(data: bytes, filename: str, options: ImportOptions | None = None) -> ExtractedText:
    import extract_msg

    options = options or ImportOptions()
    try:
        message: Any = extract_msg.openMsg(data, delayAttachments=False)
    except Exception as error:  # the reader raises many kinds on damaged files
        raise ImportFailure(
            filename, f"damaged or not an Outlook message ({type(error).__name__})"
        ) from None
    try:
        builder = TextBuilder()
        headers = [
            ("From", _text(message.sender)), ("To", _text(message.to)),
            ("Cc", _text(message.cc)), ("Date", _text(message.date) or _header_date(message)),
            ("Subject", _text(message.subject)),
        ]  # fmt: skip
        builder.add("\n".join(f"{k}: {v}" for k, v in headers if v), BlockKind.HEADER, "headers")
        for paragraph in _body(message).replace("\r\n", "\n").split("\n\n"):
            builder.add(paragraph.strip("\n"))
        attachments, listed, notices = _attachments(message, options)
        if listed:
            builder.add("Attachments:\n" + "\n".join(listed), BlockKind.HEADER, "attachments")
        published = _date(message)
        metadata = SourceMetadata(
            title=_text(message.subject), author=_text(message.sender), published=published
        )
    except ImportFailure:
        raise
    except Exception as error:  # a damaged stream inside the message
        raise ImportFailure(filename, f"damaged Outlook message ({type(error).__name__})") from None
    finally:
        message.close()
    if not builder.text.strip():
        raise ImportFailure(filename, "the message holds no text")
    return ExtractedText(
        text=builder.text, kind="email", media_type="application/vnd.ms-outlook",
        blocks=tuple(builder.blocks), metadata=metadata, notices=tuple(notices),
        attachments=tuple(attachments),
    )  # fmt: skip


def _sniff(data: bytes, filename: str) -> bool:
    return data.startswith(OLE) and (
        filename.lower().endswith(".msg") or _MESSAGE_STREAM in data[:1_000_000]
    )


register(
    Importer(
        "msg", "Outlook messages", (".msg",), ("application/vnd.ms-outlook",), extract, _sniff,
        priority=15,
    )
)  # fmt: skip
