"""HTML to PDF, for documents that must be filed on paper (the 审查表 of Art. 8).

WeasyPrint is imported when a PDF is asked for, not when the app loads: it
loads Pango through ffi at import time, and a server without those system
libraries should still run every other screen.
"""


class PDFUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are not installed; the message says what to install."""


def html_to_pdf(html, base_url=None, allowed_protocols=("data",)):
    """The PDF bytes of the HTML document ``html``, laid out for print (``@media print``, ``@page``).

    The documents are self-contained, so by default nothing but ``data:`` URLs
    is fetched: whatever text users put into a form, rendering it can never
    make the server read a local file or call another host.
    """
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except ImportError as error:
        raise PDFUnavailable("WeasyPrint is not installed: pip install weasyprint.") from error
    except OSError as error:
        # WeasyPrint raises OSError when it cannot load libpango / libpangoft2.
        raise PDFUnavailable(
            "WeasyPrint cannot load its system libraries: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            f"({error})."
        ) from error
    fetcher = URLFetcher(allowed_protocols=allowed_protocols)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
