"""Where a source PDF's page goes on its A4 bundle page, and how its boxes follow."""

from __future__ import annotations

from dataclasses import dataclass

from casefile.export.bundle.charboxes import Box
from casefile.export.bundle.pdf_source import PageGeometry
from casefile.export.bundle.typesetter import A4, BAND


@dataclass(frozen=True, slots=True)
class Placement:
    """How a document page's top-left coordinates map onto its bundle page (PDF, y up)."""

    scale: float = 1.0
    left: float = 0.0
    top: float = A4[1]  # y of the document page's top edge on the bundle page
    page_width: float = A4[0]
    page_height: float = A4[1]

    def box(self, box: Box) -> tuple[float, float, float, float]:
        """A top-left box of the document page as (x0, y0, x1, y1) on the bundle page, y up."""
        x0, y0, x1, y1 = box
        s = self.scale
        return (self.left + s * x0, self.top - s * y1, self.left + s * x1, self.top - s * y0)


def fit(geo: PageGeometry) -> Placement:
    """Scaled down (never up) to fit between the header and footer bands, centred;
    landscape A4 for a page wider than tall."""
    width, height = (A4[1], A4[0]) if geo.width > geo.height else A4
    area_w, area_h = width - 24, height - 2 * BAND
    scale = min(1.0, area_w / geo.width, area_h / geo.height)
    left = (width - geo.width * scale) / 2
    bottom = BAND + (area_h - geo.height * scale) / 2
    return Placement(scale, left, bottom + geo.height * scale, width, height)
