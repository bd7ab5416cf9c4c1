"""The daily archive's PDF: a title, then a table on landscape A4 pages, the header
repeated on every page, in a Chinese font.

A small writer of our own (no PDF library is a dependency) sets the text in the PDF's
standard Chinese font (STSong-Light, Adobe-GB1, not embedded): every PDF reader shows it
with its own Song face, so no font file is needed on the server.
"""

import zlib

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 297, 210  # A4 landscape
MARGIN_MM = 10
FONT_SIZE = 7
TITLE_SIZE = 12
ROW_MM = 4.6
MM = 72 / 25.4


def render(*, title, subtitle, header, rows, widths):
    """PDF bytes of a table: `header` and `rows` are lists of texts, `widths` the share
    of the page's width of each column (any positive numbers)."""
    total = sum(widths)
    usable = PAGE_WIDTH_MM - 2 * MARGIN_MM
    columns = [usable * width / total for width in widths]
    return _MinimalPdf(title, subtitle, header, rows, columns).output()


def fitted(text, budget, measure):
    """The longest start of `text` whose characters' widths (`measure`) fit `budget`."""
    used = 0.0
    for index, char in enumerate(text):
        used += measure(char)
        if used > budget:
            return text[:index]
    return text


# ---------------------------------------------------------------- the small writer
def _char_width_mm(char, size=FONT_SIZE):
    """Approximate width: a Chinese character is one em, anything else half of one."""
    return (1 if ord(char) > 0x2E7F else 0.5) * size / MM


def _hex(text):
    return "".join(f"{ord(c):04X}" if ord(c) <= 0xFFFF else "003F" for c in text)


class _MinimalPdf:
    """Text and ruled rows, Type0 font STSong-Light with the UniGB-UCS2-H encoding."""

    def __init__(self, title, subtitle, header, rows, columns):
        self.title, self.subtitle, self.header = title, subtitle, header
        self.rows, self.columns = rows, columns
        self.pages = []

    def output(self):
        self._layout()
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            None,  # pages, below
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light "
            b"/Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
            b"/FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>",
            b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
            b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
            b"/CapHeight 880 /StemV 93 >>",
        ]
        kids = []
        for content in self.pages:
            stream = zlib.compress(content.encode("ascii"), 6)
            objects.append(
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
                % (len(stream), stream)
            )
            objects.append(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
                b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                % (PAGE_WIDTH_MM * MM, PAGE_HEIGHT_MM * MM, len(objects))
            )
            kids.append(b"%d 0 R" % len(objects))
        objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
        return _serialise(objects)

    def _layout(self):
        lines, y = None, 0.0
        for row in [None, *self.rows]:
            if lines is None or y + ROW_MM > PAGE_HEIGHT_MM - MARGIN_MM:
                if lines is not None:
                    self.pages.append("\n".join(lines))
                lines, y = self._page_top()
            if row is not None:
                y = self._row(lines, row, y, fill=False)
        self.pages.append("\n".join(lines))

    def _page_top(self):
        lines = ["0.5 w"]
        y = MARGIN_MM + 6
        lines.append(self._text(MARGIN_MM, y, self.title, TITLE_SIZE))
        y += 5
        lines.append(self._text(MARGIN_MM, y, self.subtitle, FONT_SIZE + 1))
        y += 2
        return lines, self._row(lines, self.header, y, fill=True)

    def _row(self, lines, texts, y, *, fill):
        x = MARGIN_MM
        top = (PAGE_HEIGHT_MM - y - ROW_MM) * MM
        for text, width in zip(texts, self.columns, strict=True):
            colour = "0.91 g " if fill else ""
            lines.append(
                f"{colour}{x * MM:.2f} {top:.2f} {width * MM:.2f} {ROW_MM * MM:.2f} re "
                f"{'B' if fill else 'S'} 0 g"
            )
            text = fitted(str(text), width - 1, _char_width_mm)
            lines.append(self._text(x + 0.6, y + ROW_MM - 1.3, text, FONT_SIZE))
            x += width
        return y + ROW_MM

    @staticmethod
    def _text(x_mm, baseline_mm, text, size):
        y = (PAGE_HEIGHT_MM - baseline_mm) * MM
        return f"BT /F1 {size} Tf {x_mm * MM:.2f} {y:.2f} Td <{_hex(text)}> Tj ET"


def _serialise(objects):
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
