"""Workbooks read back as a person sees them: formulas recalculated and pages printed by LibreOffice."""

import atexit
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

PROFILE = Path(tempfile.mkdtemp(prefix="tum-libreoffice-"))  # one per test process: runs do not share a lock
atexit.register(shutil.rmtree, PROFILE, ignore_errors=True)


def _soffice(target, files, folder):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is needed to recalculate and print workbooks: `make libreoffice`")
    paths = []
    for index, content in enumerate(files):
        path = Path(folder) / f"book{index}.xlsx"
        path.write_bytes(content)
        paths.append(str(path))
    out = Path(folder) / "out"
    subprocess.run(
        [soffice, f"-env:UserInstallation={PROFILE.as_uri()}", "--headless", "--convert-to", target]
        + ["--outdir", str(out), *paths],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return [out / f"book{index}.{target}" for index in range(len(files))]


def recalculated(*files):
    """The workbooks (xlsx bytes) after LibreOffice opened them, computed every formula and saved them:
    read with the values it computed."""
    with tempfile.TemporaryDirectory() as folder:
        return [load_workbook(path, data_only=True) for path in _soffice("xlsx", files, folder)]


def printed(*files):
    """The workbooks (xlsx bytes) printed to PDF by LibreOffice: per file, its pages as (width, height,
    words), each word (x0, y0, x1, y1, text) in points from the page's top left corner."""
    with tempfile.TemporaryDirectory() as folder:
        return [_pages(path) for path in _soffice("pdf", files, folder)]


def _pages(pdf):
    text = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in text.split("<page ")[1:]:
        width, height = map(float, re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        words = [
            (float(x0), float(y0), float(x1), float(y1), word)
            for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
            )
        ]
        pages.append((width, height, words))
    return pages


def overlapping(words):
    """Pairs of words printed over each other (text of one row running into the next)."""
    words = sorted(words, key=lambda w: w[1])
    found = []
    for index, a in enumerate(words):
        for b in words[index + 1 :]:
            if b[1] >= a[3]:
                break
            across = min(a[2], b[2]) - max(a[0], b[0])
            down = min(a[3], b[3]) - max(a[1], b[1])
            if across > 0.5 and down > 0.3 * min(a[3] - a[1], b[3] - b[1]):
                found.append((a[4], b[4]))
    return found
