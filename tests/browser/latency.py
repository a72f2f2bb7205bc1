"""Browser-side latency of the decision panel: ``python -m tests.browser.latency``.

A benchmark, not a test: it prints the time from a key press on the interest slider to
the new chart image being shown in JupyterLab (Debian's chromium, headless), as a median
and 95th percentile over many presses. Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time

from guide.bench import percentile

from .lab import launch_browser, open_and_run_all, running_lab
from .test_in_browser import image_src, wait_new_src, widget


def main(argv: list[str] | None = None) -> None:
    """Measure and print."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--presses", type=int, default=30)
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

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


if __name__ == "__main__":
    main()
