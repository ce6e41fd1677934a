"""make slides: one reveal.js deck per notebook, loaded in a headless browser with no network."""
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools import assets, site, slides, webcheck

CHROMIUM = webcheck.find_chromium()
NOTEBOOKS = sorted((assets.ROOT / "notebooks").glob("*.ipynb"))


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
        assert webcheck.broken_links(out, name) == []


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
    assert webcheck.check_site(out, CHROMIUM) == []


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")
def test_every_slide_fits_1280x720_with_all_fragments_shown(decks):
    """Every slide of every deck, all fragments shown, fits the 1280x720 slide (one class session is at
    most about 30 slides)."""
    out, names = decks
    report = webcheck.measure_decks(out, CHROMIUM, names)
    for name in names:
        assert report[name]["count"] <= 32, f"{name}: {report[name]['count']} slides, more than one session"
    assert {name: r["overflows"] for name, r in report.items() if r["overflows"]} == {}


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")
def test_the_measurement_catches_a_slide_that_is_too_tall_or_too_wide(tmp_path):
    cell = nbformat.v4.new_markdown_cell
    cells = [cell("# Fits"), cell("## Too tall\n\n" + "\n\n".join(f"line {i}" for i in range(40))),
             cell("## Fits too"), cell("## Too wide\n\n```\n" + "x" * 400 + "\n```"), cell("## Hidden part"),
             cell("\n\n".join(f"fragment {i}" for i in range(40)))]
    for c, kind in zip(cells, ["slide", "slide", "slide", "subslide", "slide", "fragment"]):
        c.metadata["slideshow"] = {"slide_type": kind}
    slides.build(tmp_path, [nbformat.v4.new_notebook(cells=cells)], ["t.slides.html"])
    report = webcheck.measure_decks(tmp_path, CHROMIUM)["t.slides.html"]
    assert report["count"] == 5
    assert [(o["h"], o["v"], o["tall"] > 100, o["wide"] > 100) for o in report["overflows"]] == [
        (1, 0, True, False), (2, 1, False, True), (3, 0, True, False)]


def test_check_cells_are_left_out_and_hide_input_cells_show_only_their_output():
    check = nbformat.v4.new_code_cell("# check: the text holds\nassert PLUMBING", metadata={"tags": ["check"]})
    figure = nbformat.v4.new_code_cell("draw(FIGURE_CODE)", metadata={"tags": ["hide-input"]}, outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="the lesson\n")])
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"), check, figure])
    for text in (slides.export_deck(nb), site.HTMLExporter(config=assets.export_config()).from_notebook_node(nb)[0]):
        assert "PLUMBING" not in text and "FIGURE_CODE" not in text and "the lesson" in text


def test_rise_is_installed_for_jupyterlab():
    """jupyterlab-rise (requirements.txt) imports and its prebuilt extension is where JupyterLab looks
    (what `jupyter labextension list` reports as "jupyterlab-rise ... enabled OK")."""
    rise = pytest.importorskip("jupyterlab_rise", reason="jupyterlab-rise is in requirements.txt: make venv")
    assert rise.__version__.startswith("0.4")
    manifest = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "jupyterlab-rise" / "package.json"
    assert json.loads(manifest.read_text())["name"] == "jupyterlab-rise"


def test_an_option_is_not_taken_for_the_output_folder(tmp_path):
    """`python -m tools.slides --help` prints the usage; it once wrote six decks into a folder named --help."""
    run = subprocess.run([sys.executable, "-m", "tools.slides", "--help"], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert run.returncode != 0 and "usage: python -m tools.slides OUT_DIR" in run.stderr
    assert list(tmp_path.iterdir()) == []
