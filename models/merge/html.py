"""A merged letter as an e-mail body (SPEC 5.3): the document's body as HTML —
paragraphs with bold/italic/underline, line breaks, headings and tables, every text
escaped — and as plain text. Page headers and footers are print furniture: left out."""

from __future__ import annotations

import html

from models.merge.letters import run_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_INLINE = {_W + t for t in ("hyperlink", "ins", "smartTag", "customXml", "fldSimple", "sdt", "sdtContent", "moveTo",
                            "dir", "bdo")}
_HEADINGS = {"title": "h1", **{f"heading{i}": f"h{i}" for i in range(1, 7)}}


def _on(rpr, name: str) -> bool:
    el = rpr.find(_W + name) if rpr is not None else None
    if el is None:
        return False
    return (el.get(_W + "val") or "true").lower() not in ("0", "false", "off", "none")


class _HtmlWalk:
    """Body blocks to (HTML, text): paragraphs, tables, content controls; the instruction of
    a complex field is skipped and its shown result kept (``merge.run_text``)."""

    def __init__(self):
        self.fields: list[bool] = []  # open complex fields: True while in their instruction

    def blocks(self, container) -> tuple[list[str], list[str]]:
        out_html, out_text = [], []
        for child in container:
            if child.tag == _W + "p":
                h, t = self.paragraph(child)
            elif child.tag == _W + "tbl":
                h, t = self.table(child)
            elif child.tag in (_W + "sdt", _W + "customXml"):
                inner = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
                hs, ts = self.blocks(inner) if inner is not None else ([], [])
                out_html += hs
                out_text += ts
                continue
            else:
                continue
            out_html.append(h)
            out_text.append(t)
        return out_html, out_text

    def paragraph(self, p) -> tuple[str, str]:
        style = p.find(f"{_W}pPr/{_W}pStyle")
        tag = _HEADINGS.get((style.get(_W + "val") or "").lower(), "p") if style is not None else "p"
        pieces_html: list[str] = []
        pieces_text: list[str] = []
        self.inline(p, pieces_html, pieces_text)
        return f"<{tag}>{''.join(pieces_html) or '&nbsp;'}</{tag}>", "".join(pieces_text)

    def inline(self, el, out_html: list[str], out_text: list[str]) -> None:
        for child in el:
            if child.tag == _W + "r":
                self.run(child, out_html, out_text)
            elif child.tag in _INLINE:
                self.inline(child, out_html, out_text)

    def run(self, r, out_html: list[str], out_text: list[str]) -> None:
        parts = [run_text(child, self.fields) for child in r]
        text = "".join(parts)
        if not text:
            return
        out_text.append(text)
        escaped = html.escape(text).replace("\n", "<br>").replace("\t", "&emsp;")
        rpr = r.find(_W + "rPr")
        for name, tag in (("u", "u"), ("i", "em"), ("b", "strong")):
            if _on(rpr, name):
                escaped = f"<{tag}>{escaped}</{tag}>"
        out_html.append(escaped)

    def table(self, tbl) -> tuple[str, str]:
        rows_html, rows_text = [], []
        for tr in tbl.findall(_W + "tr"):
            cells_html, cells_text = [], []
            for tc in tr.findall(_W + "tc"):
                hs, ts = self.blocks(tc)
                cells_html.append(f"<td>{''.join(hs)}</td>")
                cells_text.append(" ".join(" ".join(ts).split()))
            rows_html.append(f"<tr>{''.join(cells_html)}</tr>")
            rows_text.append(" | ".join(cells_text))
        return (f'<table cellpadding="4" style="border-collapse:collapse">{"".join(rows_html)}</table>',
                "\n".join(rows_text))


def docx_to_html(docx: bytes, title: str = "", name: str = "The letter") -> tuple[str, str]:
    """(HTML document, plain text) of a letter's body for an e-mail: paragraphs (headings
    by style, bold/italic/underline runs, line breaks, tabs) and tables; every text is
    escaped, nothing else of the document (scripts, links, images) gets in. UserError
    for a file that is not a Word document."""
    from models.base.documents import parse_xml, read_part, read_zip

    archive, _infos = read_zip(docx, name)
    with archive:
        root = parse_xml(read_part(archive, "word/document.xml", name), name)
    body = root.find(_W + "body")
    blocks, lines = _HtmlWalk().blocks(body) if body is not None else ([], [])
    page = ('<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head>\n"
            '<body style="font-family: Calibri, Arial, sans-serif">\n' + "\n".join(blocks) + "\n</body></html>\n")
    return page, "\n".join(lines) + "\n"
