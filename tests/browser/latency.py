"""Browser-side latency: ``python -m tests.browser.latency`` (``make bench-browser``).

A benchmark, not a test: it prints (and, with ``--json``, writes as JSON) the time from a
key press on the interest slider to the new chart image being shown in JupyterLab
(Debian's chromium, headless), as a median and 95th percentile over many presses; and
the seconds until each of five phone pages, opened together on the room's link, shows
the poll. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from guide.bench import percentile

from .lab import launch_browser, open_and_run_all, running_lab, running_room
from .test_in_browser import image_src, wait_new_src, widget


def phones_arriving(browser, phones: int = 5) -> tuple[list[float], list[float]]:
    """Seconds until each of ``phones`` pages, opened together, shows the poll.

    Returns the times from the first request and from each page's own request. The pages
    share one headless chromium and this machine's cores with the room.
    """
    with running_room(size=phones, timeout=300, per_address=0) as room:
        time.sleep(3)  # the room at rest, as before a class arrives
        pages = [browser.new_context(viewport={"width": 390, "height": 844}).new_page()
                 for _ in range(phones)]
        first, asked = time.monotonic(), []
        for page in pages:  # every page asks before any is waited for
            asked.append(time.monotonic())
            page.goto(room.link, wait_until="commit", timeout=60_000)
        shown = []
        for page in pages:
            page.get_by_role("button", name="Submit my answer").wait_for(timeout=60_000)
            shown.append(time.monotonic())
        for page in pages:
            page.context.close()
    return [t - first for t in shown], [t - a for t, a in zip(shown, asked, strict=True)]


def main(argv: list[str] | None = None) -> None:
    """Measure and print."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--presses", type=int, default=30)
    ap.add_argument("--phones", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        together, own = phones_arriving(browser, args.phones)
        browser.close()
    print(f"{args.phones} phone pages opening the room's link together, seconds until each "
          "shows the poll:")
    print("  from the first request: " + ", ".join(f"{t:.1f}" for t in together))
    print("  from its own request:   " + ", ".join(f"{t:.1f}" for t in own))

    with running_lab() as lab, sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        open_and_run_all(page, lab, "notebooks/02_the_decision.ipynb")
        panel = page.locator(".widget-vbox").filter(
            has=page.get_by_text("The interview you are thinking of cancelling")).first
        img = panel.locator("img").first
        img.wait_for()
        handle = widget(page, "slider", "Interest in the job").locator(".noUi-handle")
        handle.focus()
        times = []
        for i in range(args.presses + 2):
            old = image_src(img)
            start = time.perf_counter()
            handle.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
            wait_new_src(page, img, old)
            if i >= 2:  # the first two warm up the kernel and the browser
                times.append((time.perf_counter() - start) * 1000)
        browser.close()
    print(f"decision panel in the browser, key press -> new chart, {len(times)} presses:")
    print(f"  median {statistics.median(times):7.1f} ms")
    print(f"  95th percentile {percentile(times, 95):7.1f} ms")
    if args.json:
        args.json.write_text(json.dumps({
            "panel_median_ms": statistics.median(times),
            "panel_p95_ms": percentile(times, 95),
            "phones_together_s": together, "phones_own_s": own}, indent=1))


if __name__ == "__main__":
    main()
