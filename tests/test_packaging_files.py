"""The Linux integration files and the PyInstaller spec say what an installed app needs."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from casefile.storage.fileformat import APPLICATION_ID

LINUX = Path(__file__).resolve().parent.parent / "packaging" / "linux"
APP_ID = "io.github.casefile.Casefile"


def test_desktop_entry() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Name"] == "Casefile"
    assert section["Exec"] == "casefile %f"
    assert section["Icon"] == APP_ID
    assert "application/x-casefile" in section["MimeType"].split(";")
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_appstream_metainfo() -> None:
    root = etree.parse(str(LINUX / f"{APP_ID}.metainfo.xml")).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == "Casefile" and root.findtext("summary")
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.findtext("provides/mediatype") == "application/x-casefile"
    assert "network" in "".join(root.find("description").itertext())
    if shutil.which("appstreamcli"):
        result = subprocess.run(
            ["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_mime_type_for_case_files() -> None:
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    root = etree.parse(str(LINUX / "casefile-mime.xml")).getroot()
    mime = root.find(f"{ns}mime-type")
    assert mime.get("type") == "application/x-casefile"
    assert mime.find(f"{ns}glob").get("pattern") == "*.casefile"
    assert mime.find(f"{ns}magic/{ns}match").get("value") == "SQLite format 3"
    inner = mime.find(f"{ns}magic/{ns}match/{ns}match")
    assert (inner.get("type"), inner.get("offset")) == ("big32", "68")
    assert int(inner.get("value"), 16) == APPLICATION_ID  # the case file's PRAGMA application_id


def test_the_spec_bundles_migrations_resources_and_the_gui() -> None:
    spec = (LINUX.parent / "casefile.spec").read_text(encoding="utf-8")
    assert '"migrations"' in spec and '"resources"' in spec
    assert 'collect_submodules("casefile")' in spec  # the lazily imported GUI
    assert 'collect_data_files("docx")' in spec


@pytest.mark.parametrize("size", [16, 32, 48, 64, 128, 256])
def test_icons_exist_in_every_size(size: int) -> None:
    icon = LINUX.parent.parent / "resources" / "icons" / f"casefile-{size}.png"
    assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
