"""PDF building: a template and its context in, bytes out (WeasyPrint). Storing is the caller's job."""

from django.conf import settings
from django.template.loader import render_to_string

# Every document of the portal is a tagged PDF/UA-1: headings, paragraphs and table cells tied to
# their headers are in the structure tree, with the document's language and title, so that a
# screen reader reads the laureate list or an acknowledgement of receipt as it reads the page.
OPTIONS_PDF = {"pdf_variant": "pdf/ua-1"}


def rendre_pdf(gabarit: str, contexte: dict) -> bytes:
    """Render ``gabarit`` (an HTML template for print, with ``lang`` and ``<title>``) to PDF bytes."""
    from weasyprint import HTML  # imported lazily: start-up stays fast

    html = render_to_string(gabarit, contexte)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(**OPTIONS_PDF)
