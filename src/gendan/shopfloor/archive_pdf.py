"""The daily archive's PDF: a title, then a table on landscape A4 pages, the title and
the table's header repeated on every page, in a Chinese font.

The writing is gendan.core.pdf's (our own small writer, STSong-Light, not embedded);
this module only lays out the archive's page.
"""

from gendan.core import pdf

MARGIN_MM = 10
FONT_SIZE = 7
TITLE_SIZE = 12
ROW_MM = 4.6


def render(*, title, subtitle, header, rows, widths):
    """PDF bytes of a table: `header` and `rows` are lists of texts, `widths` the share
    of the page's width of each column (any positive numbers)."""

    def page_top(document):
        document.text_at(MARGIN_MM, MARGIN_MM + 6, title, size=TITLE_SIZE)
        document.text_at(MARGIN_MM, MARGIN_MM + 11, subtitle, size=FONT_SIZE + 1)
        document.y = MARGIN_MM + 13

    document = pdf.Document(orientation=pdf.LANDSCAPE, margin_mm=MARGIN_MM, page_top=page_top)
    document.table(header, rows, widths, size=FONT_SIZE, row_mm=ROW_MM)
    return document.output()
