"""Rendering pages off the GUI thread, and a cache of what was rendered.

One render thread owns the open document (PDFium is not thread-safe, so one
thread, not a pool): the page view asks for (page, scale) and gets a QImage
back through a queued signal. A PDF is rendered with pypdfium2; a scan or
photo source (PNG, JPEG, TIFF) is drawn from its image frames with Pillow.
Requests that the view no longer needs (scrolled past, zoom changed) are
dropped before they are rendered.
"""

from __future__ import annotations

import atexit
import io
import threading
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

PageSize = tuple[float, float]  # points, after /Rotate


class _Document:
    """An open PDF or image: page sizes and rendering at a scale (pixels per point)."""

    def __init__(self, data: bytes, kind: str) -> None:
        self.kind = kind
        self._pdf: Any = None
        self._frames: list[Any] = []
        self.sizes: list[PageSize] = []
        self.labels: list[str] = []
        if kind == "pdf":
            import pypdfium2 as pdfium

            self._pdf = pdfium.PdfDocument(data)
            for index in range(len(self._pdf)):  # sizes without loading the pages (fast)
                width, height = self._pdf.get_page_size(index)
                self.sizes.append((float(width), float(height)))
                self.labels.append(self._pdf.get_page_label(index) or str(index + 1))
        else:
            from PIL import Image, ImageOps, ImageSequence

            from casefile.ingest.image import image_dpi

            image = Image.open(io.BytesIO(data))
            for frame in ImageSequence.Iterator(image):
                upright = ImageOps.exif_transpose(frame.copy()).convert("RGB")
                dpi = image_dpi(frame)
                self._frames.append(upright)
                self.sizes.append((upright.width * 72.0 / dpi, upright.height * 72.0 / dpi))
                self.labels.append(str(len(self.labels) + 1))

    def render(self, index: int, scale: float) -> QImage:
        width, height = self.sizes[index]
        if self._pdf is not None:
            page = self._pdf[index]
            bitmap = page.render(scale=scale, may_draw_forms=True)
            w, h, stride = bitmap.width, bitmap.height, bitmap.stride
            buffer = bytes(bitmap.buffer)
            mode = bitmap.mode
            page.close()
            fmt = {
                "BGRA": QImage.Format.Format_ARGB32,
                "BGRX": QImage.Format.Format_RGB32,
                "BGR": QImage.Format.Format_BGR888,
                "L": QImage.Format.Format_Grayscale8,
            }.get(mode, QImage.Format.Format_RGB32)
            return QImage(buffer, w, h, stride, fmt).copy()
        from PIL import Image

        frame = self._frames[index]
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        scaled = frame.resize(size, Image.Resampling.BILINEAR)
        raw = scaled.tobytes()
        return QImage(raw, size[0], size[1], size[0] * 3, QImage.Format.Format_RGB888).copy()

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
        self._frames = []


class RenderWorker(QObject):
    """Lives in the render thread; every slot runs there."""

    opened = Signal(int, list, list)  # generation, page sizes, page labels
    failed = Signal(int, str)
    rendered = Signal(int, int, float, QImage)  # generation, page, scale, image

    def __init__(self) -> None:
        super().__init__()
        self._document: _Document | None = None
        self._generation = 0
        self._wanted: set[tuple[int, int, float]] = set()
        self._lock = threading.Lock()

    def want(self, generation: int, pages: set[tuple[int, float]]) -> None:
        """Called from the GUI thread: only these pages are still worth rendering."""
        with self._lock:
            self._wanted = {(generation, page, scale) for page, scale in pages}

    @Slot(int, bytes, str)
    def open(self, generation: int, data: bytes, kind: str) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None
        self._generation = generation
        try:
            self._document = _Document(data, kind)
        except Exception as error:  # a damaged file: say so in the view, never crash
            self.failed.emit(generation, f"{type(error).__name__}: {error}")
            return
        self.opened.emit(generation, list(self._document.sizes), list(self._document.labels))

    @Slot(int, int, float)
    def render(self, generation: int, page: int, scale: float) -> None:
        with self._lock:
            if (generation, page, scale) not in self._wanted:
                return
        if generation != self._generation or self._document is None:
            return
        if not 0 <= page < len(self._document.sizes):
            return
        try:
            image = self._document.render(page, scale)
        except Exception:
            return
        self.rendered.emit(generation, page, scale, image)

    @Slot()
    def close(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None


_THREAD: QThread | None = None
_WORKERS: list[RenderWorker] = []  # kept alive for the render thread (one per page view)


def render_thread() -> QThread:
    """The one render thread of the process, stopped when the app quits (or Python exits)."""
    global _THREAD
    if _THREAD is None:
        _THREAD = QThread()
        _THREAD.setObjectName("casefile-page-render")
        _THREAD.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(stop_render_thread)
        atexit.register(stop_render_thread)
    return _THREAD


def stop_render_thread() -> None:
    global _THREAD
    thread, _THREAD = _THREAD, None
    if thread is not None:
        thread.quit()
        thread.wait(5000)
    _WORKERS.clear()


class PageRenderer(QObject):
    """The GUI thread's handle on the render thread."""

    _open = Signal(int, bytes, str)
    _render = Signal(int, int, float)
    _close = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = RenderWorker()
        self.worker.moveToThread(render_thread())
        _WORKERS.append(self.worker)
        self._open.connect(self.worker.open)
        self._render.connect(self.worker.render)
        self._close.connect(self.worker.close)
        self.destroyed.connect(self.worker.close)  # the view went: free its document
        self.generation = 0

    def open(self, data: bytes, kind: str) -> int:
        self.generation += 1
        self.worker.want(self.generation, set())
        self._open.emit(self.generation, data, kind)
        return self.generation

    def request(self, pages: list[tuple[int, float]]) -> None:
        """Render these pages (most wanted first); anything asked before is dropped."""
        self.worker.want(self.generation, set(pages))
        for page, scale in pages:
            self._render.emit(self.generation, page, scale)

    def close(self) -> None:
        """Forget the open document (the render thread stays for the next one)."""
        self.generation += 1
        self.worker.want(self.generation, set())
        self._close.emit()


class ImageCache:
    """Rendered pages, least recently used dropped first, bounded in bytes."""

    def __init__(self, max_bytes: int = 256 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._images: OrderedDict[tuple[int, float], QImage] = OrderedDict()
        self._bytes = 0

    def get(self, page: int, scale: float) -> QImage | None:
        image = self._images.get((page, scale))
        if image is not None:
            self._images.move_to_end((page, scale))
        return image

    def nearest(self, page: int) -> QImage | None:
        """Any rendering of the page (shown stretched while the right one renders)."""
        for (index, _scale), image in reversed(self._images.items()):
            if index == page:
                return image
        return None

    def put(self, page: int, scale: float, image: QImage) -> None:
        key = (page, scale)
        if key in self._images:
            self._bytes -= self._images.pop(key).sizeInBytes()
        self._images[key] = image
        self._bytes += image.sizeInBytes()
        while self._bytes > self.max_bytes and len(self._images) > 1:
            _key, dropped = self._images.popitem(last=False)
            self._bytes -= dropped.sizeInBytes()

    def clear(self) -> None:
        self._images.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._images)
