"""A small PDF writer of our own (no PDF library is a dependency): A4 pages, portrait or
landscape; lines of text; tables whose header row is repeated on every page, their
cells clipped or wrapped; filled rectangles (bar charts); page numbers.

Text is set in the PDF's standard Chinese font, STSong-Light (Adobe-GB1, encoding
UniGB-UCS2-H), not embedded: every PDF reader shows it with its own Song face, so no
font file is needed on the server. The font holds what GB 2312/GBK hold: Chinese, ASCII
and GB 2312's full-width signs (、。「」（）％ ← → ↑ ↓ △ ▲ □ ■ ○ ● ★); write
nothing else that matters (a character beyond U+FFFF is written as "?").

Every text goes into the page as a hex string (``<4F60597D>``), never as a literal
``(…)`` string, so parentheses and backslashes need no escaping and cannot end a string
early.

Positions are millimetres from the page's top-left corner, `y` growing downwards (the
PDF's own origin is the bottom-left, in points: the writer converts). Sizes of text are
in points. A document keeps a cursor, `y`, where the next flowing item (`text_line`,
`table`) goes; `need` starts a new page when the next item does not fit.

    document = pdf.Document(orientation=pdf.PORTRAIT, page_label="%(page)s / %(pages)s")
    document.text_line("快递跟单月报", size=14)
    document.table(["指标", "本月"], [["收到运单", "120"]], widths=[3, 1])
    data = document.output()
"""

import zlib
from dataclasses import dataclass

MM = 72 / 25.4  # points in a millimetre
PORTRAIT = (210, 297)  # A4, width and height in mm
LANDSCAPE = (297, 210)
HEADER_FILL = 0.91  # the grey of a table's header row
CELL_PAD_MM = 0.6  # text's distance from a cell's left and right sides
BASELINE_UP_MM = 1.3  # a cell's (first) baseline above its row's bottom
LEADING = 1.25  # the distance of wrapped lines, in ems
PAGE_LABEL_SIZE = 7


def char_width_mm(char, size):
    """STSong-Light's width of `char` at `size` points: the ASCII characters half an em
    (the font's proportional Latin, declared so in the font below), every other one em."""
    return (0.5 if " " <= char <= "~" else 1.0) * size / MM


def text_width_mm(text, size):
    return sum(char_width_mm(char, size) for char in text)


def fitted(text, width_mm, size):
    """The longest start of `text` (one line) no wider than `width_mm`."""
    used = 0.0
    for index, char in enumerate(text):
        used += char_width_mm(char, size)
        if used > width_mm:
            return text[:index]
    return text


def wrapped(text, width_mm, size):
    """`text` as lines no wider than `width_mm`: broken at its own line breaks, then
    wherever a line is full — after a space rather than inside a Latin word."""
    lines = []
    for paragraph in _printable(text, keep_breaks=True).split("\n"):
        line = ""
        for char in paragraph:
            line += char
            while len(line) > 1 and text_width_mm(line, size) > width_mm:
                head, line = _split(line)
                lines.append(head.rstrip())
        lines.append(line.rstrip())
    return lines


def _split(line):
    """A `line` whose last character overflowed → (the line to keep, the rest)."""
    head, last = line[:-1], line[-1]
    space = head.rfind(" ")
    if space > 0 and _is_word(last) and _is_word(head[-1]):
        return head[:space], head[space + 1 :] + last
    return head, last.lstrip()


def _is_word(char):
    return char.isascii() and char.isalnum()


def _printable(text, *, keep_breaks=False):
    """`text` with tabs and other control characters as spaces (line breaks kept when
    `keep_breaks`, else spaces too)."""
    text = str(text).replace("\r\n", "\n")
    kept = "\n" if keep_breaks else ""
    return "".join(c if c >= " " or c in kept else " " for c in text)


def _hex(text):
    """`text` in the font's encoding (UCS-2, big-endian) as a hex string's digits."""
    return "".join(f"{ord(c):04X}" if ord(c) <= 0xFFFF else "003F" for c in text)


def _number(value):
    return f"{value:.2f}"


def _colour(fill):
    """The PDF operator that sets the fill colour: a grey level (0 black, 1 white) or an
    (r, g, b) triple of levels."""
    if isinstance(fill, tuple):
        return "{} {} {} rg".format(*(f"{level:g}" for level in fill))
    return f"{fill:g} g"


@dataclass(frozen=True)
class Cell:
    """A table cell with its own background (a grey level or an (r, g, b) triple):
    `Cell("12", fill=0.8)`. A plain text or number is a cell without one."""

    text: object
    fill: float | tuple | None = None


class Document:
    """A PDF being written, page by page. `page_top(document)` runs at the start of each
    page (a running head: it may draw and move `document.y`); `page_label`, a text with
    %(page)s and %(pages)s, numbers the pages at their foot; `title` goes into the
    document's properties (what a reader shows in its title bar)."""

    def __init__(self, *, orientation=PORTRAIT, margin_mm=10, page_top=None,
                 page_label=None, title=""):  # fmt: skip
        self.width_mm, self.height_mm = orientation
        self.margin_mm = margin_mm
        self.page_top, self.page_label, self.title = page_top, page_label, title
        self.pages = []  # each a list of content-stream lines
        self.y = float(margin_mm)

    # ------------------------------------------------------------ pages and cursor
    @property
    def usable_width_mm(self):
        return self.width_mm - 2 * self.margin_mm

    @property
    def bottom_mm(self):
        return self.height_mm - self.margin_mm

    def new_page(self):
        self.pages.append(["0.5 w"])
        self.y = float(self.margin_mm)
        if self.page_top is not None:
            self.page_top(self)

    def need(self, height_mm):
        """Start a new page unless `height_mm` more fits below the cursor."""
        if not self.pages or self.y + height_mm > self.bottom_mm:
            self.new_page()

    def space(self, height_mm):
        self.y += height_mm

    # ------------------------------------------------------------ drawing
    def text_at(self, x_mm, baseline_mm, text, *, size):
        """One line of text, its baseline `baseline_mm` from the page's top."""
        if not self.pages:
            self.new_page()
        self.pages[-1].append(self._text(x_mm, baseline_mm, text, size))

    def _text(self, x_mm, baseline_mm, text, size):
        x, y = x_mm * MM, (self.height_mm - baseline_mm) * MM
        text = _hex(_printable(text))
        return f"BT /F1 {size:g} Tf {_number(x)} {_number(y)} Td <{text}> Tj ET"

    def rect(self, x_mm, y_mm, width_mm, height_mm, *, fill=None, stroke=True):
        """A rectangle, its top-left corner at (`x_mm`, `y_mm`): outlined when `stroke`,
        filled when `fill` is a grey level or an (r, g, b) triple."""
        if not self.pages:
            self.new_page()
        box = " ".join(
            _number(value)
            for value in (
                x_mm * MM,
                (self.height_mm - y_mm - height_mm) * MM,
                width_mm * MM,
                height_mm * MM,
            )
        )
        if fill is None and stroke:
            self.pages[-1].append(f"{box} re S")
        elif fill is not None:
            self.pages[-1].append(f"{_colour(fill)} {box} re {'B' if stroke else 'f'} 0 g")

    def text_line(self, text, *, size=10, x_mm=None, after_mm=None):
        """`text` at the cursor, wrapped to the page's width (less `x_mm`'s indent); the
        cursor moves below it, `after_mm` more (a third of a line by default)."""
        x_mm = self.margin_mm if x_mm is None else x_mm
        height = size / MM
        for line in wrapped(text, self.width_mm - self.margin_mm - x_mm, size):
            self.need(height * LEADING)
            self.text_at(x_mm, self.y + height * 0.88, line, size=size)
            self.y += height * LEADING
        self.y += height / 3 if after_mm is None else after_mm

    # ------------------------------------------------------------ tables
    def table(self, header, rows, widths, *, size=7, row_mm=4.6, wrap=False, align=None,
              width_mm=None):  # fmt: skip
        """A table at the cursor, continued on new pages, its header on each.

        `header` and each of `rows` hold one text (or number, or `Cell`) per column;
        `widths` are the columns' shares of `width_mm` (the page's usable width by
        default). A cell's text is clipped to its column, or wrapped onto more lines
        (the row grows) when `wrap`. `align` gives each column "left" or "right"."""
        total = sum(widths)
        width_mm = self.usable_width_mm if width_mm is None else width_mm
        layout = _Layout([width_mm * w / total for w in widths], size, row_mm, wrap,
                         align or ["left"] * len(widths))  # fmt: skip
        header_lines = layout.lines(header)
        header_height = layout.height(header_lines)
        for index, row in enumerate(rows):
            lines = layout.lines(row)
            height = layout.height(lines)
            if index == 0:
                self.need(header_height + height)
                self._row(layout, header, header_lines, header=True)
            elif self.y + height > self.bottom_mm:
                self.new_page()
                self._row(layout, header, header_lines, header=True)
            self._row(layout, row, self._fitting(layout, lines), header=False)
        if not rows:
            self.need(header_height)
            self._row(layout, header, header_lines, header=True)

    def _fitting(self, layout, lines):
        """The row's lines, cut to what is left of the page (only a row taller than a
        whole page is cut)."""
        room = int((self.bottom_mm - self.y - layout.row_mm) / layout.leading_mm) + 1
        return [cell[: max(room, 1)] for cell in lines]

    def _row(self, layout, cells, lines, *, header):
        x, height = self.margin_mm, layout.height(lines)
        for cell, cell_lines, width, align in zip(
            cells, lines, layout.columns, layout.align, strict=True
        ):
            fill = cell.fill if isinstance(cell, Cell) else None
            self.rect(x, self.y, width, height, fill=HEADER_FILL if header else fill)
            baseline = self.y + layout.row_mm - BASELINE_UP_MM
            for line in cell_lines:
                left = x + CELL_PAD_MM
                if align == "right":
                    left = x + width - CELL_PAD_MM - text_width_mm(line, layout.size)
                self.text_at(left, baseline, line, size=layout.size)
                baseline += layout.leading_mm
            x += width
        self.y += height

    # ------------------------------------------------------------ the file
    def output(self):
        """The PDF's bytes."""
        if not self.pages:
            self.new_page()
        if self.page_label:
            self._number_pages()
        objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None, *_FONT]
        kids = []
        for lines in self.pages:
            stream = zlib.compress("\n".join(lines).encode("ascii"), 6)
            objects.append(
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
                % (len(stream), stream)
            )
            objects.append(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
                b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                % (self.width_mm * MM, self.height_mm * MM, len(objects))
            )
            kids.append(b"%d 0 R" % len(objects))
        objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
        info = None
        if self.title:
            title = "".join(f"{byte:02X}" for byte in self.title.encode("utf-16-be"))
            objects.append(b"<< /Title <FEFF%s> /Producer (Gendan) >>" % title.encode())
            info = len(objects)
        return _serialise(objects, info)

    def _number_pages(self):
        count = len(self.pages)
        for number, lines in enumerate(self.pages, start=1):
            label = self.page_label % {"page": number, "pages": count}
            x = (self.width_mm - text_width_mm(label, PAGE_LABEL_SIZE)) / 2
            baseline = self.height_mm - self.margin_mm / 2 + 1
            lines.append(self._text(x, baseline, label, PAGE_LABEL_SIZE))


class _Layout:
    """A table's measures: its columns' widths, and each row's lines."""

    def __init__(self, columns, size, row_mm, wrap, align):
        self.columns, self.size, self.row_mm = columns, size, row_mm
        self.wrap, self.align = wrap, align
        self.leading_mm = size / MM * LEADING

    def lines(self, cells):
        found = []
        for cell, width in zip(cells, self.columns, strict=True):
            text = cell.text if isinstance(cell, Cell) else cell
            text = "" if text is None else str(text)
            budget = width - 1  # the padding, less a little the right one may take
            if self.wrap:
                found.append(wrapped(text, budget, self.size))
            else:
                found.append([fitted(_printable(text), budget, self.size)])
        return found

    def height(self, lines):
        return self.row_mm + (max(len(cell) for cell in lines) - 1) * self.leading_mm


# The font: STSong-Light, CIDs 1–95 (ASCII) half an em wide, every other one em.
_FONT = [
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light "
    b"/Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
    b"/FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>",
    b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
    b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
    b"/CapHeight 880 /StemV 93 >>",
]


def _serialise(objects, info=None):
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    extra = b" /Info %d 0 R" % info if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        extra,
        xref,
    )
    return bytes(out)
