#!/usr/bin/env python3
"""Check the built book in a real browser (headless Chromium, driven by Playwright).

    python book/check.py [--book target/book] [--screenshot PAGE PNG]

Serves the built book on 127.0.0.1 (a free port), opens every page reachable from index.html
and fails unless, on every page:
  - it loads with HTTP 200, with no script error, no failed request and no request that leaves
    this machine (the book must work offline);
  - every image has loaded (naturalWidth > 0) and every formula (MathML) takes up space;
  - every link inside the book leads to a page that exists and, for `page#anchor`, to an element
    of that page with that id;
and, on each chapter page, every text output of its notebook appears verbatim as one code block.
What each chapter must show comes from the converter (`cargo run -p nb2book -- --manifest`),
which reads it from the notebooks: nothing here is written by hand.

--screenshot PAGE PNG also saves a screenshot of PAGE (e.g. chapters/04_init.html) scrolled to
its first figure.
"""

import argparse
import functools
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Flags that keep a headless Chromium quiet and self-contained on a machine without a network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-quic",
    "--disable-component-update",
    "--disable-sync",
]

PAGE_FACTS = """() => ({
    images: Array.from(document.images).map(i => [i.getAttribute('src'), i.naturalWidth]),
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
    ids: Array.from(document.querySelectorAll('[id], a[name]')).map(e => e.id || e.name),
    code: Array.from(document.querySelectorAll('main pre code')).map(c => c.textContent),
    math: Array.from(document.querySelectorAll('main math'))
        .map(m => m.getBoundingClientRect().width),
    dollars: (document.querySelector('main')?.innerText ?? '').includes('$$'),
})"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The browser may drop a connection it no longer needs; anything else is reported.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(folder):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def manifest():
    out = subprocess.run(
        ["cargo", "run", "--quiet", "-p", "nb2book", "--", "--manifest"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return {entry["page"]: entry for entry in json.loads(out.stdout)}


def visit(page, url):
    """Loads one page and returns (problems, facts)."""
    problems = []
    page.on("pageerror", lambda err: problems.append(f"script error: {err}"))
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console error: {msg.text}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} ({req.failure})"))
    page.on("response", lambda resp: resp.status >= 400 and problems.append(f"HTTP {resp.status}: {resp.url}"))
    response = page.goto(url, wait_until="load")
    status = response.status if response else None
    if status != 200:
        problems.append(f"HTTP {status or 'no response'}")
    facts = page.evaluate(PAGE_FACTS)
    facts["status"] = status
    for src, width in facts["images"]:
        if width <= 0:
            problems.append(f"image not shown (naturalWidth 0): {src}")
    blank = sum(1 for width in facts["math"] if width <= 0)
    if blank:
        problems.append(f"{blank} of {len(facts['math'])} formulas take no space (MathML not rendered)")
    if facts["dollars"]:
        problems.append("the text shows `$$`: a formula was not converted")
    return problems, facts


def check(book, screenshot):
    expected = manifest()
    server = serve(book)
    base = f"http://127.0.0.1:{server.server_port}/"
    failures = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        leaks = []

        def local_only(route):
            if route.request.url.startswith(base):
                route.continue_()
            else:
                leaks.append(route.request.url)
                route.abort()

        context.route("**/*", local_only)
        queue = ["index.html"] + sorted(expected)
        seen, facts_of, problems_of = set(), {}, {}
        while queue:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            page = context.new_page()
            problems, facts = visit(page, base + path)
            page.close()
            facts_of[path], problems_of[path] = facts, problems
            for link in facts["links"]:
                target = urldefrag(link).url
                if target.startswith(base) and target.endswith(".html"):
                    queue.append(target[len(base):])

        # Links and anchors, now that every page's ids are known.
        link_counts = {}
        for path, facts in facts_of.items():
            internal = [l for l in facts["links"] if l.startswith(base)]
            link_counts[path] = len(internal)
            for link in internal:
                target, anchor = urldefrag(link)
                target_path = urlparse(target).path.lstrip("/") or "index.html"
                if target_path.endswith("/"):
                    target_path += "index.html"
                if target_path.endswith(".html"):
                    target_status = facts_of.get(target_path, {}).get("status")
                    if target_status != 200:
                        problems_of[path].append(f"broken link: {link} (HTTP {target_status})")
                    elif anchor and unquote(anchor) not in facts_of[target_path]["ids"]:
                        problems_of[path].append(f"broken anchor: {link}")
                elif not (book / unquote(target_path)).is_file():
                    problems_of[path].append(f"broken link: {link}")

        for path in sorted(facts_of):
            facts, problems = facts_of[path], problems_of[path]
            detail = ""
            if path in expected:
                entry = expected[path]
                blocks = {text.rstrip("\n") for text in facts["code"]}
                outputs = entry["text_outputs"]
                missing = [t for t in outputs if t not in blocks]
                for text in missing:
                    first = text.splitlines()[0] if text else ""
                    problems.append(f"output of {entry['notebook']} not on the page: {first!r}…")
                if not outputs:
                    problems.append(f"{entry['notebook']} has no text output to look for")
                # mdbook shows each image twice (the picture and its zoomed copy): count sources.
                shown = sorted({src for src, _ in facts["images"] if src.startswith("figures/")})
                if len(shown) != entry["figures"]:
                    problems.append(f"{len(shown)} figures on the page, {entry['figures']} in the notebook")
                detail = (f", outputs {len(outputs) - len(missing)}/{len(outputs)} verbatim, "
                          f"figures {len(shown)}/{entry['figures']}")
            status = "ok  " if not problems else "FAIL"
            print(f"{status} {path}: images {len(facts['images'])}, links {link_counts[path]}, "
                  f"formulas {len(facts['math'])}{detail}")
            for problem in problems:
                print(f"       {problem}")
            failures += bool(problems)

        for chapter in sorted(set(expected) - set(facts_of)):
            print(f"FAIL {chapter}: chapter page never visited")
            failures += 1
        if leaks:
            print(f"FAIL requests that left the machine: {sorted(set(leaks))}")
            failures += 1

        if screenshot:
            page_path, png = screenshot
            page = context.new_page()
            page.goto(base + page_path, wait_until="load")
            page.locator("main img").first.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -260)")
            page.screenshot(path=png)
            page.close()
            print(f"screenshot of {page_path} written to {png}")
        browser.close()
    server.shutdown()
    print(f"{len(facts_of) - failures} passed, {failures} failed")
    return failures == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--book", type=Path, default=ROOT / "target/book", help="the built book")
    parser.add_argument("--screenshot", nargs=2, metavar=("PAGE", "PNG"))
    args = parser.parse_args()
    if not (args.book / "index.html").is_file():
        sys.exit(f"{args.book}/index.html not found: build the book first (scripts/book.sh)")
    sys.exit(0 if check(args.book, args.screenshot) else 1)


if __name__ == "__main__":
    main()
