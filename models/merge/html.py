"""A merged letter as an e-mail body (SPEC 5.3): the document's body as HTML —
paragraphs with bold/italic/underline, line breaks, headings, tables, numbered and
bulleted lists (``<ol>``/``<ul>`` from the document's numbering definitions) and links
(``w:hyperlink`` to its relationship's web or mail address), every text escaped — and as
plain text. Page headers and footers are print furniture: left out.

Our own walk over the XML rather than mammoth: a merged letter's complex fields must show
their result (``run_text``, shared with the merge), the parts are read through the one
guarded reader (models/base/documents.py: size limits, no entities), and the HTML keeps
the shape e-mails already have; lists and links are two small additions here."""

from __future__ import annotations

import html
import posixpath

from models.merge.letters import run_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_LINK_SCHEMES = ("http://", "https://", "mailto:")  # never javascript:, data:, file:
_OL_TYPES = {"lowerLetter": "a", "upperLetter": "A", "lowerRoman": "i", "upperRoman": "I"}
_INLINE = {_W + t for t in ("ins", "smartTag", "customXml", "fldSimple", "sdt", "sdtContent", "moveTo",
                            "dir", "bdo")}
_HEADINGS = {"title": "h1", **{f"heading{i}": f"h{i}" for i in range(1, 7)}}


def _on(rpr, name: str) -> bool:
    el = rpr.find(_W + name) if rpr is not None else None
    if el is None:
        return False
    return (el.get(_W + "val") or "true").lower() not in ("0", "false", "off", "none")


def _val(el, path: str) -> str | None:
    found = el.find(path) if el is not None else None
    return found.get(_W + "val") if found is not None else None


def _number(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class _Numbering:
    """The document's numbering definitions (numbering.xml; a style's own numbering from
    styles.xml): which list, level, kind and number a paragraph is."""

    def __init__(self, numbering=None, styles=None):
        self.levels: dict[str, dict[int, tuple[str, int]]] = {}  # numId -> level -> (format, start)
        abstract = {}
        for el in numbering.findall(_W + "abstractNum") if numbering is not None else ():
            abstract[el.get(_W + "abstractNumId")] = {
                _number(lvl.get(_W + "ilvl"), 0): (_val(lvl, _W + "numFmt") or "decimal",
                                                   _number(_val(lvl, _W + "start"), 1))
                for lvl in el.findall(_W + "lvl")}
        for el in numbering.findall(_W + "num") if numbering is not None else ():
            levels = dict(abstract.get(_val(el, _W + "abstractNumId"), {}))
            for over in el.findall(_W + "lvlOverride"):
                level = _number(over.get(_W + "ilvl"), 0)
                start = _val(over, _W + "startOverride")
                if start is not None:
                    levels[level] = (levels.get(level, ("decimal", 1))[0], _number(start, 1))
            self.levels[el.get(_W + "numId")] = levels
        self.styles: dict[str, tuple] = {}  # styleId -> (numId, ilvl, basedOn)
        for el in styles.findall(_W + "style") if styles is not None else ():
            num = el.find(f"{_W}pPr/{_W}numPr")
            self.styles[el.get(_W + "styleId")] = (_val(num, _W + "numId"), _val(num, _W + "ilvl"),
                                                   _val(el, _W + "basedOn"))
        self.counts: dict[str, list[int]] = {}  # numId -> the last number at each level

    def _style(self, style_id: str | None) -> tuple[str | None, str | None]:
        for _ in range(10):  # a basedOn chain, never a loop
            num_id, ilvl, based_on = self.styles.get(style_id or "", (None, None, None))
            if num_id is not None or based_on is None:
                return num_id, ilvl
            style_id = based_on
        return None, None

    def item(self, p) -> tuple[str, int, str, int] | None:
        """(numId, level, numFmt, number) of a list paragraph, counting it; None for any other."""
        ppr = p.find(_W + "pPr")
        num_id, ilvl = _val(ppr, f"{_W}numPr/{_W}numId"), _val(ppr, f"{_W}numPr/{_W}ilvl")
        if num_id is None:
            style_num, style_ilvl = self._style(_val(ppr, _W + "pStyle"))
            num_id, ilvl = style_num, ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id not in self.levels:  # numId 0: numbering taken off
            return None
        level = min(max(_number(ilvl, 0), 0), 8)
        fmt, start = self.levels[num_id].get(level, ("decimal", 1))
        counts = self.counts.setdefault(num_id, [])
        del counts[level + 1:]  # a higher level starts the deeper ones again
        counts.extend([None] * (level + 1 - len(counts)))
        counts[level] = start if counts[level] is None else counts[level] + 1
        return num_id, level, fmt, counts[level]


class _HtmlWalk:
    """Body blocks to (HTML, text): paragraphs, lists, tables, content controls; the
    instruction of a complex field is skipped and its shown result kept (``merge.run_text``)."""

    def __init__(self, numbering: _Numbering | None = None, links: dict[str, str] | None = None):
        self.fields: list[bool] = []  # open complex fields: True while in their instruction
        self.numbering = numbering or _Numbering()
        self.links = links or {}  # relationship id -> external target

    def blocks(self, container) -> tuple[list[str], list[str]]:
        out_html, out_text = [], []
        lists: list[tuple[str, str]] = []  # the open lists, outermost first: (tag, numId)

        def close(depth: int) -> None:
            while len(lists) > depth:
                out_html.append(f"</li></{lists.pop()[0]}>")

        for child in container:
            item = self.numbering.item(child) if child.tag == _W + "p" else None
            if item is not None:
                self.list_item(child, item, lists, close, out_html, out_text)
                continue
            if child.tag in (_W + "p", _W + "tbl", _W + "sdt", _W + "customXml"):
                close(0)
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
        close(0)
        return out_html, out_text

    def list_item(self, p, item, lists, close, out_html: list[str], out_text: list[str]) -> None:
        """One list paragraph as an ``<li>``: lists opened and closed around it by level."""
        num_id, level, fmt, number = item
        tag = "ul" if fmt in ("bullet", "none") else "ol"
        close(level + 1)
        if len(lists) == level + 1:
            if lists[-1] == (tag, num_id):
                out_html.append("</li>")
            else:
                close(level)
        while len(lists) < level + 1:
            attrs = ""
            if tag == "ol":
                attrs += f' type="{_OL_TYPES[fmt]}"' if fmt in _OL_TYPES else ""
                attrs += f' start="{number}"' if number != 1 else ""
            out_html.append(f"<{tag}{attrs}>")
            lists.append((tag, num_id))
        pieces_html, pieces_text = self.content(p)
        out_html.append(f"<li>{''.join(pieces_html)}")
        out_text.append("  " * level + ("• " if tag == "ul" else f"{number}. ") + "".join(pieces_text))

    def content(self, p) -> tuple[list[str], list[str]]:
        pieces_html: list[str] = []
        pieces_text: list[str] = []
        self.inline(p, pieces_html, pieces_text)
        return pieces_html, pieces_text

    def paragraph(self, p) -> tuple[str, str]:
        style = p.find(f"{_W}pPr/{_W}pStyle")
        tag = _HEADINGS.get((style.get(_W + "val") or "").lower(), "p") if style is not None else "p"
        pieces_html, pieces_text = self.content(p)
        return f"<{tag}>{''.join(pieces_html) or '&nbsp;'}</{tag}>", "".join(pieces_text)

    def inline(self, el, out_html: list[str], out_text: list[str]) -> None:
        for child in el:
            if child.tag == _W + "r":
                self.run(child, out_html, out_text)
            elif child.tag == _W + "hyperlink":
                self.hyperlink(child, out_html, out_text)
            elif child.tag in _INLINE:
                self.inline(child, out_html, out_text)

    def hyperlink(self, el, out_html: list[str], out_text: list[str]) -> None:
        """A link to a web or mail address keeps its target (also in the text, after it);
        a link inside the document or to anything else is its text only."""
        inner_html: list[str] = []
        inner_text: list[str] = []
        self.inline(el, inner_html, inner_text)
        target = self.links.get(el.get(_R + "id") or "", "").strip()
        if not target.lower().startswith(_LINK_SCHEMES):
            out_html += inner_html
            out_text += inner_text
            return
        shown = "".join(inner_text)
        out_html.append(f'<a href="{html.escape(target, quote=True)}">{"".join(inner_html) or html.escape(target)}</a>')
        out_text.append(shown if shown.strip() in (target, target.removeprefix("mailto:"))
                        else f"{shown} <{target}>" if shown else target)

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


def _relationships(rels) -> tuple[dict[str, str], dict[str, str]]:
    """(external targets by id, the document's parts by relationship type) of document.xml.rels."""
    links, parts = {}, {}
    for rel in rels.findall(_REL + "Relationship") if rels is not None else ():
        target = rel.get("Target") or ""
        if (rel.get("TargetMode") or "").lower() == "external":
            links[rel.get("Id") or ""] = target
        elif (rel.get("Type") or "").startswith(_REL_TYPE):
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"word/{target}")
            parts[rel.get("Type")[len(_REL_TYPE):]] = part
    return links, parts


def docx_to_html(docx: bytes, title: str = "", name: str = "The letter") -> tuple[str, str]:
    """(HTML document, plain text) of a letter's body for an e-mail: paragraphs (headings
    by style, bold/italic/underline runs, line breaks, tabs), numbered and bulleted lists,
    tables and links to web and mail addresses; every text is escaped, nothing else of
    the document (scripts, other links, images) gets in. UserError for a file that is not
    a Word document."""
    from models.base.documents import parse_xml, read_part, read_zip

    def part(path: str):
        return parse_xml(read_part(archive, path, name), name, path) if path in names else None

    archive, infos = read_zip(docx, name)
    names = {info.filename for info in infos}
    with archive:
        root = parse_xml(read_part(archive, "word/document.xml", name), name)
        links, parts = _relationships(part("word/_rels/document.xml.rels"))
        numbering = _Numbering(part(parts.get("numbering", "")), part(parts.get("styles", "")))
    body = root.find(_W + "body")
    blocks, lines = _HtmlWalk(numbering, links).blocks(body) if body is not None else ([], [])
    page = ('<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head>\n"
            '<body style="font-family: Calibri, Arial, sans-serif">\n' + "\n".join(blocks) + "\n</body></html>\n")
    return page, "\n".join(lines) + "\n"
