"""Extract the text of a report's PDF so the parser can read it (SPEC section 9).

pypdf's layout mode keeps the page's vertical spacing, so paragraphs come out separated
by blank lines and table cells by runs of spaces, much as the published text is. Pages
are separated by form feeds, which the parser treats as page breaks.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PageObject

PDF_MAGIC = b"%PDF-"


class PdfTextError(ValueError):
    """The PDF cannot be read, or holds no text (a scanned image, say)."""


def is_pdf(data: bytes) -> bool:
    """Whether the bytes are a PDF (its header may follow a little leading junk)."""
    return PDF_MAGIC in data[:1024]


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF, pages separated by form feeds."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfTextError("the PDF is encrypted")
        pages = [_page_text(page) for page in reader.pages]
    except PdfTextError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise PdfTextError(f"the PDF cannot be read ({type(error).__name__}: {error})") from error
    if not any(page.strip() for page in pages):
        raise PdfTextError("the PDF holds no text (is it a scanned image?)")
    # Our own PDFs add a running banner and notes the published layout lacks: drop them.
    from inspectorate.core.report.pdf import pdf_text_for_parsing

    return pdf_text_for_parsing("\n\f".join(pages))


def _page_text(page: PageObject) -> str:
    try:
        text = page.extract_text(extraction_mode="layout")
    except (ValueError, KeyError, TypeError, ZeroDivisionError, IndexError):
        text = page.extract_text()
    return "\n".join(line.rstrip() for line in text.splitlines())


def report_text(data: bytes) -> str:
    """The text of a report file: extracted from a PDF, or decoded (UTF-8, else Windows-1252)."""
    if is_pdf(data):
        return pdf_text(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
