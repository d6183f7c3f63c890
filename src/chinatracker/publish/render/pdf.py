"""The issue as PDF: the HTML page printed by headless Chromium (A4, page numbers).

Chromium is Debian's `chromium` (or any Chromium or Chrome on the PATH, or `--chromium`),
driven through Playwright; nothing is downloaded. Without one, the PDF is skipped with the
reason, and HTML and Markdown are still written.
"""

from __future__ import annotations

from pathlib import Path

from chinatracker.publish.browser import BrowserMissing, open_page
from chinatracker.publish.issue import Issue
from chinatracker.publish.render import Outcome
from chinatracker.publish.render.html import render_html

FOOTER = (
    "<div style=\"font: 7.5pt Arial, 'Liberation Sans', sans-serif; color: #8a8f94; "
    'width: 100%; padding: 0 17mm; display: flex; justify-content: space-between;">'
    '<span>{title} · {period}</span><span><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></span></div>'
)


class PdfRenderer:
    name = "pdf"
    suffix = ".pdf"

    def write(self, issue: Issue, path: Path, *, chromium: str | None = None) -> Outcome:
        html = render_html(issue)
        footer = FOOTER.format(title=_escape(issue.title), period=_escape(issue.period))
        try:
            with open_page(chromium) as page:
                page.set_content(html, wait_until="load")
                page.emulate_media(media="print")
                page.pdf(
                    path=str(path),
                    format="A4",
                    print_background=True,
                    prefer_css_page_size=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=footer,
                    outline=True,
                    tagged=True,
                )
        except BrowserMissing as exc:
            return Outcome(self.name, None, str(exc))
        return Outcome(self.name, path, None)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
