"""The PDF reader's child process: PDFium in a process of its own.

A hostile or broken PDF can make any parser loop or crash. The parent starts
this module as a new interpreter (fork-and-exec through ``subprocess``, never a
bare ``fork``, which copies a process whose Qt threads may hold locks), sends
the PDF on stdin and reads one JSON result from stdout. A crash is reported
as soon as the child ends, with its signal; a loop is killed at the time limit.

This module imports nothing heavy, so the child starts quickly.
"""

from __future__ import annotations

import base64
import ctypes
import json
import signal
import subprocess
import sys
from array import array
from typing import Any

_DROP = {"\x00", "\ufffe", "\uffff"}


def _transform(raw: Any, page: Any, width: float, height: float) -> tuple[float, ...]:
    """The affine map from PDF page space to top-left display space (with /Rotate)."""
    scale = 1000.0
    dx, dy = ctypes.c_int(), ctypes.c_int()

    def device(x: float, y: float) -> tuple[float, float]:
        raw.FPDF_PageToDevice(
            page, 0, 0, round(width * scale), round(height * scale), 0, x, y, dx, dy
        )
        return dx.value / scale, dy.value / scale

    ox, oy = device(0.0, 0.0)
    ax, ay = device(1000.0, 0.0)
    bx, by = device(0.0, 1000.0)
    return ox, oy, (ax - ox) / 1000, (ay - oy) / 1000, (bx - ox) / 1000, (by - oy) / 1000


def _page_chars(raw: Any, textpage: Any) -> tuple[str, bytes, bytes]:
    """The page's characters, a box (left, bottom, right, top) per character in PDF
    space, and a flag per character: 1 where PDFium generated it (a space or line
    break it inferred)."""
    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return "", b"", b""
    buffer = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(textpage, 0, count, buffer)
    units = bytes(buffer)[: 2 * count].decode("utf-16-le", "surrogatepass")
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    chars: list[str] = []
    boxes = array("f")
    flags = bytearray()
    pending: tuple[str, list[float]] | None = None  # a high surrogate waiting for its pair
    for index, unit in enumerate(units):
        if not raw.FPDFText_GetCharBox(textpage, index, left, right, bottom, top):
            left.value = right.value = bottom.value = top.value = 0.0
        box = [left.value, bottom.value, right.value, top.value]
        if pending is not None:
            high, high_box = pending
            pending = None
            if "\udc00" <= unit <= "\udfff":
                unit = (high + unit).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
                box = [min(box[0], high_box[0]), min(box[1], high_box[1]),
                       max(box[2], high_box[2]), max(box[3], high_box[3])]  # fmt: skip
            else:
                chars.append("\ufffd")
                boxes.extend(high_box)
                flags.append(0)
        if "\ud800" <= unit <= "\udbff":
            pending = (unit, box)
            continue
        if "\udc00" <= unit <= "\udfff":
            unit = "\ufffd"
        if unit in _DROP:
            continue
        chars.append("-" if unit == "\x02" else unit)  # PDFium marks some line-end hyphens so
        boxes.extend(box)
        flags.append(1 if raw.FPDFText_IsGenerated(textpage, index) == 1 else 0)
    return "".join(chars), boxes.tobytes(), bytes(flags)


def read(data: bytes, password: str | None) -> dict[str, Any]:
    """Runs in the child: everything PDFium gives, as plain data."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            return {"error": "password", "wrong": password is not None}
        return {"error": f"damaged or not a PDF ({message})"}
    try:
        pages: list[dict[str, Any]] = []
        objects = 0
        count = len(pdf)
        if count == 0:
            return {"error": "damaged: the PDF has no pages"}
        for index in range(count):
            try:
                page = pdf[index]
            except pdfium.PdfiumError:
                return {"error": f"damaged: page {index + 1} cannot be loaded"}
            width, height = page.get_size()
            objects += max(raw.FPDFPage_CountObjects(page.raw), 0)
            textpage = page.get_textpage()
            matrix = _transform(raw, page.raw, width, height)
            text, boxes, flags = _page_chars(raw, textpage.raw)
            label = pdf.get_page_label(index) or str(index + 1)
            pages.append(
                {"width": width, "height": height, "label": label, "matrix": matrix,
                 "text": text, "boxes": boxes, "generated": flags}
            )  # fmt: skip
            textpage.close()
            page.close()
        metadata = {key: str(value) for key, value in pdf.get_metadata_dict().items() if value}
        return {"pages": pages, "metadata": metadata, "objects": objects}
    finally:
        pdf.close()


def main() -> None:
    """The child: the PDF's bytes on stdin (a length line first, then the password line),
    one JSON result on stdout."""
    stdin = sys.stdin.buffer
    size = int(stdin.readline())
    password_line = stdin.readline().rstrip(b"\n")
    password = bytes.fromhex(password_line.decode("ascii")).decode() if password_line else None
    data = stdin.read(size)
    try:
        result = read(data, password)
    except Exception as error:  # report anything to the parent, never hang it
        result = {"error": f"cannot be read ({type(error).__name__})"}
    for page in result.get("pages", []):
        for key in ("boxes", "generated"):
            page[key] = base64.b64encode(page[key]).decode("ascii")
    sys.stdout.buffer.write(json.dumps(result).encode("utf-8"))
    sys.stdout.buffer.flush()


def _signal_name(code: int) -> str:
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def reader_command() -> list[str]:
    """How to start the child: this module, run by the same interpreter."""
    return [sys.executable, "-m", "casefile.ingest.pdf_reader"]


def run_limited(data: bytes, password: str | None, limit: float) -> dict[str, Any]:
    """Read a PDF in a child process; a crash or a time-out comes back as an ``error``.

    The child is a new interpreter (``subprocess``: fork-and-exec at once, which
    is safe beside Qt threads, unlike a bare ``fork``); nothing but JSON comes
    back from it, so even a subverted parser cannot hand the parent code to run.
    """
    command = reader_command()
    secret = password.encode().hex() if password else ""
    message = f"{len(data)}\n{secret}\n".encode("ascii") + data
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except OSError as error:
        return {"error": f"the PDF reader could not be started ({error.strerror})"}
    try:
        output, _ = process.communicate(message, timeout=limit)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return {"error": f"reading it took longer than {limit:.0f} seconds; the PDF may be damaged"}
    if process.returncode != 0:
        return {
            "error": "the PDF reader crashed on this file "
            f"({_signal_name(process.returncode)}); the PDF is probably damaged"
        }
    try:
        outcome: dict[str, Any] = json.loads(output)
        for page in outcome.get("pages", []):
            for key in ("boxes", "generated"):
                page[key] = base64.b64decode(page[key])
    except (ValueError, TypeError, KeyError, AttributeError):
        return {"error": "the PDF reader gave no usable answer; the PDF is probably damaged"}
    return outcome


if __name__ == "__main__":
    main()
