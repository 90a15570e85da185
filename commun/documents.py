"""PDF building: a template and its context in, bytes out (WeasyPrint). Storing is the caller's job."""
from django.conf import settings
from django.template.loader import render_to_string


def rendre_pdf(gabarit: str, contexte: dict) -> bytes:
    """Render ``gabarit`` (an HTML template for print) to PDF bytes."""
    from weasyprint import HTML  # imported lazily: start-up stays fast

    html = render_to_string(gabarit, contexte)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
