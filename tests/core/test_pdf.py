"""The small PDF writer (gendan.core.pdf) that the shopfloor's daily archive and the
desk's report PDFs use: the file is well formed, tables continue over pages with their
header, text that a literal PDF string would have to escape reads back exactly.

The reading helpers below parse the file independently of the writer (cross-reference
table, page tree, content streams); tests/logistics/test_report_pdf.py uses them too."""

import re
import zlib

from gendan.core import pdf


# ---------------------------------------------------------------- reading a PDF back
def objects_of(data):
    """{number: body} of every object, found through the cross-reference table — each
    offset must point at its object, or the file is broken."""
    assert data.startswith(b"%PDF-1.")
    assert data.rstrip().endswith(b"%%EOF")
    xref = int(re.search(rb"startxref\n(\d+)\n%%EOF", data).group(1))
    assert data[xref:].startswith(b"xref\n")
    count = int(re.match(rb"xref\n0 (\d+)\n", data[xref:]).group(1))
    entries = re.findall(rb"(\d{10}) 00000 n \n", data[xref:])
    assert len(entries) == count - 1
    found = {}
    for number, offset in enumerate(entries, start=1):
        start = int(offset)
        assert data[start:].startswith(b"%d 0 obj\n" % number), f"object {number} misplaced"
        found[number] = data[start : data.index(b"\nendobj\n", start)]
    return found


def page_streams(data):
    """Each page's content stream, decompressed, in the pages' order."""
    objects = objects_of(data)
    kids = re.search(rb"/Kids \[([^\]]*)\]", objects[2]).group(1)
    streams = []
    for page in re.findall(rb"(\d+) 0 R", kids):
        contents = int(re.search(rb"/Contents (\d+) 0 R", objects[int(page)]).group(1))
        raw = re.search(rb"stream\n(.*)\nendstream", objects[contents], re.S).group(1)
        streams.append(zlib.decompress(raw).decode("ascii"))
    return streams


def page_texts(data):
    """The texts shown on each page, in drawing order."""
    return [
        [bytes.fromhex(found).decode("utf-16-be") for found in re.findall(r"<([0-9A-F]*)> Tj", s)]
        for s in page_streams(data)
    ]


def rectangles(stream):
    """(fill colour or None, x, y, width, height) in points of each rectangle drawn."""
    found = []
    pattern = r"(?:([\d. ]+) (rg|g) )?([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re ([BSf])"
    for match in re.finditer(pattern, stream):
        colour = match.group(1) if match.group(7) != "S" else None
        found.append((colour, *(float(match.group(i)) for i in range(3, 7))))
    return found


# ---------------------------------------------------------------- the writer
def test_a_table_longer_than_a_page_continues_on_the_next_with_its_header():
    """Sixty wrapped rows do not fit one portrait page: the table goes on over the next
    pages, its header again at the top of each, every row once and in order, nothing
    drawn below the bottom margin."""
    document = pdf.Document(orientation=pdf.PORTRAIT, margin_mm=10)
    document.text_line("工单一览", size=14)
    rows = [[f"第{number}行", f"{number} (备注)\\x"] for number in range(60)]
    document.table(["行", "备注"], rows, widths=(1, 3), size=9, row_mm=6)
    data = document.output()
    texts = page_texts(data)
    assert len(texts) >= 2
    for page in texts:
        assert page.count("行") == 1 and page.count("备注") == 1
    body = [text for page in texts for text in page if text.startswith("第")]
    assert body == [f"第{number}行" for number in range(60)]
    bottom_margin_pt = 10 * pdf.MM
    for stream in page_streams(data):
        for _colour, _x, y, _width, _height in rectangles(stream):
            assert y >= bottom_margin_pt - 0.01


def test_an_empty_table_still_shows_its_header():
    document = pdf.Document(orientation=pdf.LANDSCAPE)
    document.table(["编号", "数量"], [], widths=(1, 1))
    assert page_texts(document.output()) == [["编号", "数量"]]


def test_parentheses_and_backslashes_cannot_end_a_string_early():
    """Texts go in as hex strings: a text with ( ) and \\ (a literal string would need
    them escaped) reads back exactly and no literal string is left in the page."""
    tricky = r"客户(张) \ 备注) ( \) 结束\\"
    document = pdf.Document(title="报表 (草稿) \\")
    document.text_line(tricky)
    document.table(["(", ")"], [[tricky, "\\"]], widths=(3, 1), size=8, wrap=True)
    data = document.output()
    [stream] = page_streams(data)
    texts = page_texts(data)[0]
    assert texts[0] == tricky
    assert "".join(texts[3:-1]) == tricky and texts[-1] == "\\"
    assert "(" not in stream and "\\" not in stream
    info = objects_of(data)[max(objects_of(data))]
    title = re.search(rb"/Title <FEFF([0-9A-F]*)>", info).group(1)
    assert bytes.fromhex(title.decode()).decode("utf-16-be") == "报表 (草稿) \\"


def test_a_long_cell_is_clipped_to_its_column_or_wrapped_whole():
    text = "上海市浦东新区张江高科技园区碧波路 690 号 3 幢 Building C, Room 1205"
    clipped = pdf.Document()
    clipped.table(["地址"], [[text]], widths=(1,), width_mm=40, size=8)
    shown = page_texts(clipped.output())[0][1]
    assert text.startswith(shown) and len(shown) < len(text)
    assert pdf.text_width_mm(shown, 8) <= 39

    wrapping = pdf.Document()
    wrapping.table(["地址"], [[text]], widths=(1,), width_mm=40, size=8, wrap=True)
    lines = page_texts(wrapping.output())[0][1:]
    assert len(lines) > 2 and all(pdf.text_width_mm(line, 8) <= 39 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert "Building" in lines[-1] or "Building" in lines[-2]  # a Latin word kept whole


def test_wrapping_breaks_latin_words_at_spaces_and_honours_line_breaks():
    width = pdf.text_width_mm("hello wo", 10)
    assert pdf.wrapped("hello world again", width, 10) == ["hello", "world", "again"]
    assert pdf.wrapped("第一行\n第二行", 100, 10) == ["第一行", "第二行"]


def test_filled_rectangles_and_page_numbers():
    """A bar is a filled rectangle (no outline) in its colour; every page is numbered
    with the document's page count."""
    document = pdf.Document(page_label="第 %(page)s 页，共 %(pages)s 页")
    document.rect(20, 30, 50, 4, fill=(0.2, 0.4, 0.8), stroke=False)
    document.new_page()
    document.rect(20, 30, 25, 4, fill=0.5)
    data = document.output()
    first, second = page_streams(data)
    expected = [round(mm * pdf.MM, 2) for mm in (20, 297 - 34, 50, 4)]
    assert rectangles(first) == [("0.2 0.4 0.8", *expected)]
    assert "re f" in first and "0.5 g" in second and "re B" in second
    assert [texts[-1] for texts in page_texts(data)] == ["第 1 页，共 2 页", "第 2 页，共 2 页"]


def test_a_character_beyond_the_fonts_plane_is_written_as_a_question_mark():
    document = pdf.Document()
    document.text_line("好\U0001f600")
    assert page_texts(document.output()) == [["好?"]]
