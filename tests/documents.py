"""Documents the tests make themselves: DOCX with python-docx, PDF with Qt, HTML, e-mail."""

from __future__ import annotations

import os
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK

EN = "The ambassador said that no refugee had ever been returned against his will."
RU = "Посол заявил, что ни один беженец не был выслан против своей воли."
KO = "그는 돌아가면 죽는다는 것을 알고 있었습니다."


def make_docx(path: Path, paragraphs: int = 0, pages: int = 0) -> Path:
    document = Document()
    document.core_properties.title = "Decision KMS/2015/4471"
    document.core_properties.author = "Kestrian Migration Service"
    document.add_heading("Reasons for refusal", level=1)
    for text in (EN, RU, KO):
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Merged heading cell"
    table.cell(0, 2).text = "Дата"
    table.cell(1, 0).text = "Applicant"
    table.cell(1, 1).text = "박철수"
    table.cell(1, 2).text = "2015-12-14"
    document.add_paragraph("Last paragraph after the table.")
    for page in range(pages):
        for number in range(12):
            document.add_paragraph(f"Page {page + 1}, paragraph {number + 1}: {EN} {RU} {KO}")
        document.paragraphs[-1].runs[-1].add_break(WD_BREAK.PAGE)
    for number in range(paragraphs):
        document.add_paragraph(f"Filler paragraph {number + 1}. {EN}")
    document.save(str(path))
    return path


def make_pdf(path: Path, pages: list[str], labels_offset: int = 0) -> Path:
    """A PDF with one text page per string, drawn with Qt (fonts-nanum gives Hangul)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QSizeF(210, 297), QPageSize.Unit.Millimeter))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setTitle("Returned and Punished")
    writer.setCreator("Casefile tests")
    painter = QPainter(writer)
    font = QFont("NanumGothic")
    font.setPointSize(11)
    painter.setFont(font)
    for index, text in enumerate(pages):
        if index:
            writer.newPage()
        y = 400
        for line in text.split("\n"):
            painter.drawText(200, y, line)
            y += 300
    painter.end()
    return path


HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Deportee tortured, report says | Meridian Press</title>
<meta property="og:title" content="Deportee tortured after return, report says">
<meta property="og:site_name" content="Meridian Press">
<meta property="og:url" content="https://meridian-press.example/2017/06/12/deportee">
<meta name="author" content="Lena Ortiz">
<meta property="article:published_time" content="2017-06-12T09:30:00Z">
<link rel="canonical" href="https://meridian-press.example/2017/06/12/deportee">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Deportee tortured after return, report says","datePublished":"2017-06-12",
"author":{"@type":"Person","name":"Lena Ortiz"},
"publisher":{"@type":"Organization","name":"Meridian Press"}}</script>
<style>body { font-family: serif } .nav { color: red }</style>
<script>var tracker = "SCRIPT TEXT MUST NOT APPEAR"; document.write(tracker);</script>
</head>
<body>
<nav class="nav"><a href="/">Home</a> | <a href="/world">World</a> |
<a href="/login">Log in</a></nav>
<div class="share">Share on Facebook Share on Twitter</div>
<article>
<h1>Deportee tortured after return, report says</h1>
<p class="byline">By Lena Ortiz, 12 June 2017</p>
<p>A man deported from Kestria to Haedong in January 2016 was held for four months and beaten,
according to a report published on Monday by the Northern Refugee Council.</p>
<p>“He was shouting that they would kill him in Haedong,” a witness told the Council. “Two
officers carried him to the van.”</p>
<h2>Government denies</h2>
<p>Haedong’s ambassador said that no refugee had ever been returned against his will. In Russian,
the statement read: «Никто не был выслан принудительно».</p>
<p>A relative, interviewed in Seoul, said: “철수는 절대 스스로 돌아가지 않았습니다.”</p>
<img src="https://tracker.example/pixel.gif" alt="">
</article>
<aside><h3>Most read</h3><ul><li>Celebrity news</li><li>Weather</li></ul></aside>
<form class="comments"><textarea>Leave a comment</textarea><button>Post</button></form>
<footer>© Meridian Press. All rights reserved. Cookie settings.</footer>
</body>
</html>
"""

EMAIL = """From: Mira Castell <mira@nrc.example>
To: Counsel <counsel@chambers.example>
Subject: Witness statement =?utf-8?b?4oCU?= Vostrov reception centre
Date: Tue, 02 Feb 2016 10:15:00 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XYZ"

--XYZ
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Dear Counsel,

The witness confirms: two officers carried him to the van. He had no shoes on.

Свидетель подтверждает это. 증인이 확인했습니다.

Mira
--XYZ
Content-Type: application/pdf; name="statement.pdf"
Content-Disposition: attachment; filename="statement.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEgMCBSPj4KJSVFT0YK
--XYZ--
"""
