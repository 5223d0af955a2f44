"""Print tests/data/hoc-bong.txt to tests/data/hoc-bong.pdf with Chromium, as a school office would.

The page is set in Liberation Sans (Debian's fonts-liberation, metric-compatible with Arial, the usual
font of Vietnamese office documents); Chromium embeds a subset of it and positions each letter with a
diacritic separately, the case pypdf's default text extraction breaks into "h ọ c b ổ ng". The PDF is
committed so the tests need neither Chromium nor the font; run this again only to change the text:

    .venv/bin/python tests/data/make_vietnamese_pdf.py
"""

import html
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"


def page(text):
    paragraphs = "".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n\n"))
    return (
        '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Học bổng</title>'
        "<body style=\"font-family: 'Liberation Sans'; font-size: 13pt; text-align: justify\">"
        f"{paragraphs}</body></html>"
    )


def main():
    text = (HERE / "hoc-bong.txt").read_text(encoding="utf-8").strip()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "hoc-bong.html"
        source.write_text(page(text), encoding="utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={HERE / 'hoc-bong.pdf'}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(HERE / "hoc-bong.pdf", (HERE / "hoc-bong.pdf").stat().st_size, "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
