"""Export a notebook as a static HTML handout: ``python -m guide.workshop.handout``.

The notebook is run top to bottom in a fresh kernel under a chosen preset (by default
the scenario chosen last), its live panels (which need a kernel) and the prose about
them are left out (see :func:`on_paper`), code is hidden, the scenario is named at the
top of the page, and every chart is embedded in the page as an image. The page loads
nothing from the network (no scripts at all), so the file can be mailed, opened offline
or printed, and ``--pdf`` also prints it to a PDF with headless chromium (offline too).
An existing file is never overwritten unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import nh3
from nbconvert import HTMLExporter
from nbconvert.preprocessors import ExecutePreprocessor

from .. import _session
from .._checks import check_target
from .._files import user_path, write_file
from .._presets import ENV_VAR, Preset, active_preset, load_presets

LIVE_MARK = "# NBVAL_IGNORE_OUTPUT"


def export_handout(notebook: str | os.PathLike, output: str | os.PathLike, *,
                   preset: str = "defaults", force: bool = False,
                   timeout: int = 600) -> Path:
    """Run ``notebook`` under ``preset`` and write it to ``output`` as HTML.

    Returns:
        The path written.

    Raises:
        ValueError: The notebook is missing, the preset unknown, or ``output`` exists
            and ``force`` is False.
    """
    src, out = user_path(notebook), user_path(output)
    if not src.is_file():
        raise ValueError(f"notebook {src} does not exist")
    check_target(out, make_folder=out.parent.name == "handouts")  # before the long run
    presets = load_presets()
    if preset not in presets:
        raise ValueError(f"preset {preset!r} is not known; choose one of "
                         f"{', '.join(repr(k) for k in presets)}")
    if out.exists() and not force:
        raise ValueError(f"{out} already exists; choose another name or pass --force to "
                         "replace it")
    book = for_paper(nbformat.read(src, as_version=4), presets[preset])
    previous = {k: os.environ.get(k) for k in (ENV_VAR, _session.ENV_VAR)}
    os.environ[ENV_VAR] = preset  # the kernel inherits it; the notebooks read it
    os.environ[_session.ENV_VAR] = ""  # paper: normal chart sizes, whatever is presented
    try:
        ExecutePreprocessor(timeout=timeout, kernel_name="python3").preprocess(
            book, {"metadata": {"path": str(src.parent)}})
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    label = presets[preset].label
    book.metadata.setdefault("title", f"{_title(book)} ({label})")
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(book)
    write_file(out, offline(body).encode("utf-8"), overwrite=force, backup=False)
    return out


def for_paper(book: nbformat.NotebookNode, preset: Preset) -> nbformat.NotebookNode:
    """The notebook as a handout: no live panels, no "Try this", the scenario named."""
    cells = []
    for cell in book.cells:
        if cell.cell_type == "code" and cell.source.lstrip().startswith(LIVE_MARK):
            continue
        if cell.cell_type == "markdown":
            kept = [on_paper(p) for p in cell.source.split("\n\n")]
            kept = [p for p in kept if p]
            if not kept:
                continue
            cell.source = "\n\n".join(kept)
        cells.append(cell)
    note = nbformat.v4.new_markdown_cell(
        f"> **Scenario: {preset.label}.** {preset.story} The numbers on this page come from "
        "this scenario, an illustration for teaching, not a measurement.")
    book.cells = cells[:1] + [note] + cells[1:]
    book.metadata.pop("widgets", None)  # no live widgets on paper
    return book


PAPER = re.compile(r"^<!-- paper: (.*) -->$", re.S)


def on_paper(paragraph: str) -> str:
    """A notebook paragraph as a handout prints it ("" to leave it out).

    Prose about live controls ("move the slider") means nothing on paper. A paragraph
    that starts with ``<!-- live -->`` is left out, and a paragraph that is wholly an
    HTML comment ``<!-- paper: ... -->`` (invisible in the notebook) is printed in its
    place; "Try this" suggestions, which always refer to a live panel, are left out too.
    """
    text = paragraph.strip()
    if text.startswith("<!-- live -->") or text.startswith("**Try this:**"):
        return ""
    found = PAPER.match(text)
    return found.group(1).strip() if found else paragraph


PAPER_CSS = """<style>
/* printed text (the verdict, a summary) reads as prose: the page's own font, wrapped at
   spaces only, never inside a word */
pre, .jp-OutputArea-output pre { white-space: pre-wrap !important; word-break: normal
    !important; overflow-wrap: normal !important; line-height: 1.45 !important;
    font-family: var(--jp-content-font-family, system-ui, sans-serif) !important;
    font-size: var(--jp-content-font-size1, 14px) !important; }
@media print { img { max-width: 100%; page-break-inside: avoid; } }
</style>"""


def offline(page: str) -> str:
    """Drop every script, sanitise the notebook's content, wrap printed text at spaces.

    The head's scripts are require.js, MathJax, mermaid and the widget managers, all from
    CDNs; a handout needs none of them, and offline they would fail quietly. The body
    (everything the notebook put there, its HTML included) goes through :func:`sanitise`.
    """
    page = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S | re.I)
    page = re.sub(r"<script\b[^>]*/>", "", page, flags=re.I)
    opened = re.search(r"<body\b[^>]*>", page, flags=re.I)
    closed = page.lower().rfind("</body>")
    if opened and closed > opened.end():
        page = page[:opened.end()] + sanitise(page[opened.end():closed]) + page[closed:]
    return page.replace("</head>", PAPER_CSS + "\n</head>", 1)


SAFE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "kbd", "li", "main", "ol", "p", "pre", "q", "s",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
SAFE_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden",
          "style"},
    "a": {"href"}, "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align"},
    "table": {"border"}, "ol": {"start"},
}
SAFE_STYLES = {
    "color", "background-color", "font-size", "font-weight", "font-style", "font-family",
    "text-align", "vertical-align", "white-space", "margin", "margin-top", "margin-bottom",
    "margin-left", "margin-right", "padding", "padding-top", "padding-bottom",
    "padding-left", "padding-right", "border", "border-left", "border-top",
    "border-bottom", "border-right", "border-radius", "border-collapse", "width",
    "max-width", "min-width", "height", "display", "gap", "line-height",
}


def _keep(tag: str, attribute: str, value: str) -> str | None:
    """Images only from the page itself (data URIs); links to the web or within the page."""
    if attribute == "src":
        return value if value.startswith("data:image/") else None
    if attribute == "href":
        return value if value.startswith(("#", "https://", "http://", "mailto:")) else None
    return value


def sanitise(fragment: str) -> str:
    """The notebook's HTML with nothing that runs or loads: ``nh3`` (Rust's ammonia).

    Kept: text, headings, lists, tables, images embedded as data, links (to the web, or
    within the page), classes and a list of harmless inline styles. Gone: scripts, event
    handlers, ``javascript:`` links, frames, forms, remote images and style sheets.
    """
    return nh3.clean(fragment, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES,
                     attribute_filter=_keep, generic_attribute_prefixes={"data-"},
                     url_schemes={"http", "https", "mailto", "data"},
                     filter_style_properties=SAFE_STYLES)


CHROMIUM = Path(os.environ.get("GUIDE_CHROMIUM", "/usr/bin/chromium"))


def check_pdf(pdf: Path, *, force: bool = False) -> None:
    """Refuse early what :func:`to_pdf` would refuse (no browser, a file in the way)."""
    if not CHROMIUM.exists():
        raise ValueError(f"a PDF is printed by Debian's chromium, not found at {CHROMIUM}: "
                         "install it (sudo apt-get install chromium) or print the HTML "
                         "handout from any browser")
    check_target(pdf, make_folder=pdf.parent.name == "handouts")
    if pdf.exists() and not force:
        raise ValueError(f"{pdf} already exists; choose another name or pass --force to "
                         "replace it")


PAPERS = {"a4": "A4", "letter": "letter"}
"""Paper sizes a PDF handout can be printed on (CSS ``@page`` names)."""


def to_pdf(page: Path, pdf: Path, *, force: bool = False, timeout: int = 120,
           paper: str = "a4") -> Path:
    """Print a handout page to PDF with headless chromium (offline: the page loads nothing).

    Args:
        page: The handout's HTML (its images are embedded, so it is printed from a copy).
        pdf: Where to write the PDF.
        force: Replace an existing file.
        timeout: Seconds chromium may take.
        paper: ``"a4"`` or ``"letter"``, with 15 mm margins.

    Raises:
        ValueError: No chromium, an unknown paper, ``pdf`` exists and ``force`` is False,
            or printing failed.
    """
    if paper not in PAPERS:
        raise ValueError(f"paper={str(paper)[:20]!r} is not known; choose a4 or letter")
    check_pdf(pdf, force=force)
    with tempfile.TemporaryDirectory(prefix="guide-pdf-") as work:
        out = Path(work) / "page.pdf"
        sized = Path(work) / "page.html"  # the page, with its paper size for the printer
        size = f"<style>@page {{ size: {PAPERS[paper]}; margin: 15mm; }}</style>"
        text = Path(page).read_text(encoding="utf-8")
        sized.write_text(text.replace("</head>", size + "\n</head>", 1) if "</head>" in text
                         else size + text, encoding="utf-8")
        command = [str(CHROMIUM), "--headless", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", f"--user-data-dir={work}/profile",
                   "--no-pdf-header-footer", f"--print-to-pdf={out}",
                   *(["--no-sandbox"] if os.geteuid() == 0 else []),
                   sized.resolve().as_uri()]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
        if not out.exists() or not out.read_bytes().startswith(b"%PDF"):
            raise ValueError(f"chromium could not print {page}: {done.stderr[-500:]}")
        write_file(pdf, out.read_bytes(), overwrite=force, backup=False)
    return pdf


def _title(book: nbformat.NotebookNode) -> str:
    for cell in book.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.splitlines()[0][2:].strip()
    return "Attend or Cancel"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(prog="python -m guide.workshop.handout", description=__doc__)
    ap.add_argument("notebook", help="the notebook to export, e.g. "
                                     "notebooks/02_the_decision.ipynb")
    ap.add_argument("-o", "--output", help="HTML file to write (default: handouts/"
                                           "<notebook>-<preset>.html)")
    ap.add_argument("--preset", default=None,
                    help="scenario to run the notebook under (see data/presets.csv; "
                         "default: the one chosen last in a Scenario menu)")
    ap.add_argument("--force", action="store_true", help="replace an existing file")
    ap.add_argument("--pdf", action="store_true",
                    help="also print it to a PDF beside it (needs Debian's chromium)")
    ap.add_argument("--paper", choices=sorted(PAPERS), default="a4",
                    help="the PDF's paper: a4 (default) or letter")
    args = ap.parse_args(argv)
    args.preset = args.preset or active_preset()
    output = args.output or f"handouts/{Path(args.notebook).stem}-{args.preset}.html"
    try:
        pdf = user_path(output).with_suffix(".pdf")
        if args.pdf:
            check_pdf(pdf, force=args.force)  # before the long run
        path = export_handout(args.notebook, output, preset=args.preset, force=args.force)
        print(f"wrote {path}")
        if args.pdf:
            print(f"wrote {to_pdf(path, pdf, force=args.force, paper=args.paper)}")
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
