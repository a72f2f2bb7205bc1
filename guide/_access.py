"""What a screen reader and a keyboard need from the live widgets, added on the page.

ipywidgets draws a slider's handle (the part a keyboard moves) without a name, an image
without a text alternative, and an updating text without telling a screen reader; Voilà
puts the page in no landmark. :class:`Access` is an invisible widget that every panel, the
poll, the projected view and the pipeline editor carry: on the page it names every slider
handle after its visible label and every field with no label after its column and line
(a table's cell) or its tooltip, gives every chart image the words the kernel put in its
tooltip (the chart in numbers, see :func:`guide.charts.words.describe`) as its ``alt``
text, marks the poll's running count as a polite live region, rings whatever the keyboard
is on, and puts a page with no main landmark in one. It watches the page for widgets
drawn later (one watcher a page, however many panels), and changes nothing else.
"""

from __future__ import annotations

import functools
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

LIVE_CLASS = "guide-live"
"""Widgets with this class are announced politely when their text changes."""

ACCESS_JS = r"""
function nameOf(handle) {
  const box = handle.closest('.widget-slider, .widget-hslider, .widget-vslider');
  if (!box) return '';
  const label = box.querySelector(':scope > .widget-label');
  const text = label ? label.textContent.trim() : '';
  return text || box.getAttribute('title') || '';
}
function gridName(field) {  // a cell of a table of widgets: its column, then its line
  const row = field.closest('.guide-grid-row');
  const head = row && row.closest('.guide-grid')?.querySelector('.guide-grid-head');
  if (!head) return '';
  const cells = [...row.children];
  const col = cells.findIndex(c => c.contains(field));
  const top = head.children[col];
  if (!top) return '';
  const named = top.querySelector('.widget-html-content [title]');
  const name = named ? named.getAttribute('title') : top.textContent.trim();
  const line = (cells[0].textContent.match(/\d+/) || [''])[0];
  return line ? `${name}, line ${line}` : name;
}
function fix() {
  for (const handle of document.querySelectorAll('.noUi-handle[role="slider"]')) {
    const name = nameOf(handle);
    if (name && handle.getAttribute('aria-label') !== name) {
      handle.setAttribute('aria-label', name);
    }
  }
  for (const field of document.querySelectorAll(
      '.jupyter-widgets input, .jupyter-widgets select, .jupyter-widgets textarea')) {
    // a field with no label of its own: a table's cell, or a control named by its tooltip
    const labelled = [...(field.labels || [])].some(l => l.textContent.trim());
    const box = field.closest('.jupyter-widgets');
    const words = gridName(field) || field.getAttribute('title')
      || (box ? box.getAttribute('title') : '');
    if (!labelled && words && field.getAttribute('aria-label') !== words) {
      field.setAttribute('aria-label', words);
    }
  }
  for (const img of document.querySelectorAll('img.guide-chart-image[title]')) {
    const words = img.getAttribute('title');
    if (words) { img.setAttribute('alt', words); img.removeAttribute('title'); }
  }
  for (const el of document.querySelectorAll('.LIVE_CLASS:not([aria-live])')) {
    el.setAttribute('aria-live', 'polite');
  }
  if (!document.querySelector('main, [role="main"]')) {  // Voila's page: its one shell
    const page = document.querySelector('body[data-voila] > #main');
    if (page) page.setAttribute('role', 'main');
  }
}
const FOCUS = `
.jupyter-widgets .noUi-handle:focus, .jupyter-widgets button:focus-visible,
.jupyter-widgets select:focus-visible, .jupyter-widgets .widget-readout:focus,
.jupyter-widgets input:focus-visible, .jupyter-widgets textarea:focus-visible {
  outline: 3px solid #0072B2 !important; outline-offset: 2px; }`;
function render({ el }) {
  el.style.display = 'none';
  if (!window.__guideAccess) {
    const style = document.createElement('style');  // where the keyboard is, visibly
    style.textContent = FOCUS;
    document.head.appendChild(style);
    let queued = false;
    const later = () => {
      if (queued) return;
      queued = true;
      setTimeout(() => { queued = false; fix(); }, 200);  // at most five looks a second
    };
    window.__guideAccess = new MutationObserver(later);
    window.__guideAccess.observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['title']});
  }
  fix();
}
export default { render };
""".replace("LIVE_CLASS", LIVE_CLASS)


class Access(anywidget.AnyWidget):
    """Invisible: names sliders, gives chart images their words, marks live text."""

    _esm = ACCESS_JS


class ChartImage(widgets.Image):
    """An image widget for a chart: its ``tooltip`` holds the chart's words.

    ipywidgets shows a tooltip only on widgets with a ``description``, which an image
    lacks (setting one breaks the image's view), so this image has an empty one; on the
    page :class:`Access` turns the tooltip into the image's ``alt`` text.
    """

    description = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("guide-chart-image")  # the only images whose tooltip becomes alt


@functools.cache
def access() -> Access:
    """This kernel's one :class:`Access` widget (shown in many places, drawn once each)."""
    return Access()


def set_chart(image: Any, png: bytes, fig: Any) -> None:
    """Show ``png`` (drawn from ``fig``) in an image widget, its words as the text alternative."""
    from .charts import chart_title
    from .charts.words import describe

    words = None
    if fig is not None:
        try:
            words = describe(fig)
        except Exception:  # the chart still shows, named by its title
            words = f"Chart: {chart_title(fig)}"
    with image.hold_sync():
        image.value = png
        image.tooltip = words
