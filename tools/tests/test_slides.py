"""make slides: one reveal.js deck per notebook, loaded in a headless browser with no network."""
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

from tools import site, slides

CHROMIUM = site.find_chromium()
NOTEBOOKS = sorted((site.ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    return out, slides.build(out)


def test_one_deck_per_notebook_with_local_reveal(decks):
    out, names = decks
    assert names == [path.stem + ".slides.html" for path in NOTEBOOKS]
    index = (out / "index.html").read_text()
    assert re.findall(r'href="([^"]+\.slides\.html)"', index) == names
    for name in names:
        text = (out / name).read_text()
        assert '<script src="_static/reveal.js/dist/reveal.js"></script>' in text
        assert 'href="_static/reveal.js/dist/theme/white.css"' in text
        assert "unpkg.com" not in text and "cdnjs" not in text and "require(" not in text
        assert site.broken_links(out, name) == []


def test_slide_types_make_slides_subslides_fragments_notes_and_skips(tmp_path):
    cell = nbformat.v4.new_markdown_cell
    cells = [cell("# Title"), cell("## Section A"), cell("more of A"), cell("### A, part 2"),
             cell("**Answer:** revealed on click"), cell("speaker only"), cell("plumbing"), cell("## Section B")]
    for c, kind in zip(cells, ["slide", "slide", "-", "subslide", "fragment", "notes", "skip", "slide"]):
        c.metadata["slideshow"] = {"slide_type": kind}
    nb = nbformat.v4.new_notebook(cells=cells)
    text = slides.export_deck(nb)
    assert "plumbing" not in text
    assert re.search(r'<aside class="notes">.*speaker only', text, re.S)
    assert re.search(r'class="fragment"[^>]*>.*revealed on click', text, re.S)
    body = text[text.index('<div class="slides">'):]
    assert body.count("<section") == 3 + 4     # 3 slides (each a vertical stack), 4 subslides in them
    assert slides.unknown_slide_types(nb) == []
    cells[2].metadata["slideshow"] = {"slide_type": "subsilde"}
    assert slides.unknown_slide_types(nb) == [(2, "subsilde")]


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")
def test_every_deck_loads_offline_in_a_browser(decks):
    out, _ = decks
    assert site.check_site(out, CHROMIUM) == []


def test_rise_is_installed_for_jupyterlab():
    """jupyterlab-rise (requirements.txt) imports and its prebuilt extension is where JupyterLab looks
    (what `jupyter labextension list` reports as "jupyterlab-rise ... enabled OK")."""
    rise = pytest.importorskip("jupyterlab_rise", reason="jupyterlab-rise is in requirements.txt: make venv")
    assert rise.__version__.startswith("0.4")
    manifest = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "jupyterlab-rise" / "package.json"
    assert json.loads(manifest.read_text())["name"] == "jupyterlab-rise"
