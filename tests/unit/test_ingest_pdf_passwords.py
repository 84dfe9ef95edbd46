"""An encrypted PDF made by the test itself (Qt cannot encrypt; pypdf is used only here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.documents import make_pdf


def encrypted_pdf(tmp_path: Path, password: str) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    plain = make_pdf(tmp_path / "plain.pdf", ["Locked testimony of the witness."])
    reader = pypdf.PdfReader(str(plain))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-256")
    out = tmp_path / "locked.pdf"
    with out.open("wb") as handle:
        writer.write(handle)
    return out.read_bytes()
