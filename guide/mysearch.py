"""Your own search: an editable pipeline table that saves safely.

The editor never touches the file it was opened from until you save, and saving over an
existing file keeps a backup of it first (see :func:`guide.save_pipeline`).
"""

from __future__ import annotations

import html
import os
from datetime import date

import ipywidgets as widgets
import pandas as pd

from ._access import access
from ._pipeline import (
    COLUMNS,
    PIPELINE_STAGES,
    Pipeline,
    PipelineError,
    load_pipeline,
    save_pipeline,
)
from ._vocabulary import FORMAT_LABELS
from ._widgets import show
from ._words import STAGE_WORDS
from .panels import error_html

_WIDTHS = {"line": "40px", "company": "120px", "role": "115px", "stage": "150px", "format": "115px",
           "date": "130px", "interest": "62px", "industry": "80px", "notes": "90px",
           "thinking_of_cancelling": "58px"}
"""Column widths: with the line number, the remove button and the widgets' margins a row
is about 1,030 pixels; a narrower notebook scrolls the table sideways inside its box."""
_HEAD = {"company": "Company", "role": "Role", "stage": "Stage", "format": "Format",
         "date": "Date", "interest": "Interest", "industry": "Industry", "notes": "Notes",
         "thinking_of_cancelling": "Cancel?", "line": "Line"}
"""Short column headings; the checkbox column is the 'thinking of cancelling' flag."""
_CELL_NAMES = {**_HEAD, "thinking_of_cancelling": "Thinking of cancelling"}
"""Each column's name for a screen reader, which names a cell "Company, line 3"."""


_ROW = widgets.Layout(width="max-content", flex="0 0 auto", overflow="visible")
"""A row of the table keeps its full width; the table around it scrolls sideways."""


def _whole(value: object) -> int | str:
    """A whole number from a table cell; ``""`` for a blank one (None, NaN, NA)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return ""
    return int(value)


class PipelineEditor:
    """Add, change or remove rows of a pipeline without leaving JupyterLab.

    Args:
        pipeline: A :class:`guide.Pipeline` (or anything :func:`guide.load_pipeline` reads).
        save_to: File name offered for saving.
    """

    def __init__(self, pipeline: Pipeline | str | os.PathLike | pd.DataFrame,
                 save_to: str = "my_pipeline.csv") -> None:
        if not isinstance(pipeline, Pipeline):
            pipeline = load_pipeline(pipeline)
        self.rows: list[dict[str, widgets.Widget]] = []
        self.numbers: list[widgets.HTML] = []  # each row's line in the file
        self.marked = False  # rows are marked from the last failed check
        self.box = widgets.VBox(layout=_ROW)  # as wide as its rows: the table scrolls
        self.add_button = widgets.Button(description="Add a row", icon="plus")
        self.add_button.on_click(lambda _: self.add_row())
        self.path = widgets.Text(value=save_to, description="Save as",
                                 layout=widgets.Layout(width="420px"))
        self.replace = widgets.Checkbox(value=False, description="Replace the file if it "
                                        "exists (a backup is kept)", indent=False,
                                        layout=widgets.Layout(width="360px"))
        self.save_button = widgets.Button(description="Check and save", icon="save",
                                          button_style="primary")
        self.save_button.on_click(lambda _: self.save())
        self.message = widgets.HTML()
        header = widgets.HBox([widgets.HTML(
            f"<b title='{_CELL_NAMES[c]}' style='display:block; overflow:hidden; "
            f"text-overflow:ellipsis; white-space:nowrap; padding-right:4px'>{_HEAD[c]}</b>",
            layout=widgets.Layout(width=_WIDTHS[c], margin="2px", flex="0 0 auto"))
            for c in ("line", *COLUMNS)], layout=_ROW)  # fixed widths, aligned with the cells
        # a grid the page's helper reads: a cell's name is its column's and its line
        table = widgets.VBox([header.add_class("guide-grid-head"), self.box],
                             layout=widgets.Layout(overflow="auto", max_width="100%"))
        table.add_class("guide-grid")
        self.widget = widgets.VBox([table, self.add_button,
                                    widgets.HBox([self.path, self.replace, self.save_button],
                                                 layout=widgets.Layout(flex_flow="row wrap")),
                                    self.message, access()])
        lines = [self._row(rec) for rec in pipeline.frame.to_dict("records")]
        self.box.children = tuple(lines)  # one update for the whole table
        self._number()

    def add_row(self, values: dict | None = None) -> None:
        """Append a row (empty, or filled from ``values``)."""
        self.box.children = (*self.box.children, self._row(values))
        self._number(only=len(self.rows) - 1)

    def _row(self, values: dict | None) -> widgets.HBox:
        """The widgets of one row (kept in :attr:`rows`), as one line of the table."""
        v = values or {}
        w = {
            "company": widgets.Text(v.get("company", "")),
            "role": widgets.Text(v.get("role", "")),
            "stage": widgets.Dropdown(options=[(STAGE_WORDS[k], k) for k in PIPELINE_STAGES],
                                      value=v.get("stage") or "scheduled"),
            "format": widgets.Dropdown(options=[("", "")] + [(lab, k) for k, lab in
                                                              FORMAT_LABELS.items()],
                                       value=v.get("format") or ""),
            "date": widgets.DatePicker(value=v.get("date")),
            "interest": widgets.Dropdown(options=[("", ""), *((str(i), i) for i in range(1, 6))],
                                         value=_whole(v.get("interest"))),
            "industry": widgets.Text(v.get("industry", "")),
            "notes": widgets.Text(v.get("notes", "")),
            "thinking_of_cancelling": widgets.Checkbox(
                value=bool(v.get("thinking_of_cancelling", False)), indent=False),
        }
        for col, widget in w.items():  # a narrow notebook scrolls the table, never squeezes it
            widget.layout.width = _WIDTHS[col]
            widget.layout.flex = "0 0 auto"
        remove = widgets.Button(icon="trash", tooltip="Remove this row",
                                layout=widgets.Layout(width="36px", flex="0 0 auto"))
        number = widgets.HTML(layout=widgets.Layout(width=_WIDTHS["line"], margin="2px",
                                                    flex="0 0 auto"))
        self.rows.append(w)
        self.numbers.append(number)
        line = widgets.HBox([number, *w.values(), remove], layout=_ROW).add_class("guide-grid-row")
        remove.on_click(lambda _, w=w, line=line: self.remove_row(w, line))
        return line

    def remove_row(self, row: dict, line: widgets.Widget) -> None:
        """Remove one row from the table (the file is untouched until you save)."""
        del self.numbers[self.rows.index(row)]
        self.rows.remove(row)
        self.box.children = tuple(c for c in self.box.children if c is not line)
        if self.marked:  # the lines the message names have moved: it no longer fits
            self.message.value = ("<p>Rows were renumbered: press <i>Check and save</i> "
                                  "to check again.</p>")
        self._number()

    def _number(self, bad: dict[int, set[str]] | None = None, only: int | None = None) -> None:
        """Show each row's line as the check counts it; mark the rows a check names.

        Line 1 is the header, as in the saved file. ``bad`` maps a line to the columns
        found wrong there (empty: the whole row); ``only``: number that row alone (a row
        just added at the end, which no check has named).
        """
        bad = bad or {}
        if only is None:
            self.marked = bool(bad)
        for i, (number, row) in enumerate(zip(self.numbers, self.rows, strict=True)):
            if only is not None and i != only:
                continue
            n = i + 2
            wrong = n in bad
            number.value = (f"<span title='line {n} as the check counts it' style='"
                            f"{'color:#9b1c1c;font-weight:bold' if wrong else 'color:#555'}'>"
                            f"{'&#9888; ' if wrong else ''}{n}</span>")
            for col, widget in row.items():
                flagged = wrong and (col in bad[n] or not bad[n])
                widget.layout.border = "2px solid #D55E00" if flagged else ""

    def frame(self) -> pd.DataFrame:
        """The table as it stands, in the file's columns."""
        records = []
        for w in self.rows:
            rec = {c: w[c].value for c in COLUMNS}
            rec["date"] = rec["date"].isoformat() if isinstance(rec["date"], date) else ""
            rec["interest"] = str(rec["interest"])  # blank stays blank: the check says so
            rec["thinking_of_cancelling"] = "yes" if rec["thinking_of_cancelling"] else "no"
            records.append(rec)
        return pd.DataFrame(records, columns=list(COLUMNS)).astype(str)

    def pipeline(self) -> Pipeline:
        """Validate the table (raises :class:`guide.PipelineError`)."""
        return load_pipeline(self.frame())

    def save(self) -> str | None:
        """Validate, then write atomically; returns the path, or None if refused."""
        try:
            path, backup = save_pipeline(self.pipeline(), self.path.value.strip(),
                                         overwrite=self.replace.value)
        except (PipelineError, ValueError, OSError) as exc:
            self.message.value = error_html(exc)
            bad: dict[int, set[str]] = {}
            for n, col, _, _ in getattr(exc, "problems", []):
                if n:
                    bad.setdefault(n, set()).update([col] if col in COLUMNS else [])
            self._number(bad)  # the rows named in the message are marked in the table
            return None
        self._number()
        kept = f"; the old file was kept as {html.escape(str(backup))}" if backup else ""
        self.message.value = f"<p>Saved {len(self.rows)} rows to {html.escape(str(path))}" \
                             f"{kept}.</p>"
        return str(path)

    def _ipython_display_(self) -> None:
        show(self.widget, "A table of your applications and interviews to edit and save")
