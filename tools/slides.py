"""``make slides``: one reveal.js deck per notebook, working offline.

    python -m tools.slides OUT_DIR        (make slides writes build/slides)

Each notebook of ``notebooks/`` (the sorted glob, with its stored outputs: the teacher's deck) becomes
``OUT_DIR/NN_name.slides.html``. nbconvert's slides exporter cuts the notebook into slides by each cell's
``metadata.slideshow.slide_type`` ("slide", "subslide", "fragment", "-", "skip", "notes"); our template
(tools/site_assets/templates/cs231n_deck) loads reveal.js 4 and MathJax 4 from ``OUT_DIR/_static/``,
never from a CDN, so a deck runs in a lecture hall without a network. Open a deck and press S for the
speaker view (the "notes" cells), F for full screen, Esc for the overview.

``python -m tools.slides --measure OUT_DIR`` loads every deck in headless Chromium at 1280x720 and lists
the slides whose content, with all fragments shown, does not fit (exit status 1 if any;
``tools.webcheck.measure_decks``).

To present live from JupyterLab instead, ``make lab`` and the RISE button (jupyterlab-rise).
"""
import html
import sys
import time
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter

from tools.assets import (NOTEBOOK_LINK, STATIC, TEMPLATES, TRUSTED_FILTERS, copy_static, export_config,
                          notebook_paths, title_of)

SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}


def deck_name(path):
    """The deck's file name for the notebook at ``path``: 01_toy_network.slides.html."""
    return Path(path).stem + ".slides.html"


def exporter(static_prefix=STATIC):
    return SlidesExporter(template_name="cs231n_deck", extra_template_basedirs=[str(TEMPLATES)],
                          extra_template_paths=[str(TEMPLATES)], filters=TRUSTED_FILTERS,
                          reveal_url_prefix=f"{static_prefix}/reveal.js", reveal_theme="white",
                          reveal_transition="none", reveal_width="1280", reveal_height="720",
                          config=export_config())


def export_deck(nb, static_prefix=STATIC, slides_exporter=None):
    """The reveal.js deck of the notebook ``nb`` as HTML, its assets expected at ``static_prefix``."""
    slides_exporter = slides_exporter or exporter(static_prefix)
    resources = {"metadata": {"name": title_of(nb)}, "static_prefix": static_prefix}
    body, _ = slides_exporter.from_notebook_node(nb, resources=resources)
    return body


def unknown_slide_types(nb):
    """(cell index, slide type) of cells whose slide_type reveal.js does not know."""
    return [(index, cell.metadata.get("slideshow", {}).get("slide_type"))
            for index, cell in enumerate(nb.cells)
            if cell.metadata.get("slideshow", {}).get("slide_type", "-") not in SLIDE_TYPES]


def build(out_dir, notebooks=None, names=None, static_prefix=STATIC, copy=True):
    """Write one deck per notebook into ``out_dir``; return the deck file names in reading order.

    ``notebooks`` are paths (default: the sorted glob of notebooks/*.ipynb, read as they are stored) or
    notebook nodes with their ``names``; with ``copy`` the assets are copied to ``out_dir/_static``
    (the site builder shares its own and passes ``copy=False``)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if notebooks is None or names is None:
        paths = notebook_paths(notebooks)
        names = [deck_name(path) for path in paths]
        notebooks = []
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    cell.source = NOTEBOOK_LINK.sub(r"](\1.slides.html)", cell.source)
            notebooks.append(nb)
    if copy:
        copy_static(out_dir, reveal=True)
    slides_exporter = exporter(static_prefix)
    for nb, name in zip(notebooks, names):
        (out_dir / name).write_text(export_deck(nb, static_prefix, slides_exporter), encoding="utf-8")
    if copy:
        items = "\n".join(f'  <li><a href="{name}">{html.escape(title_of(nb))}</a></li>'
                          for nb, name in zip(notebooks, names))
        (out_dir / "index.html").write_text(INDEX.format(items=items, static=static_prefix), encoding="utf-8")
    return list(names)


INDEX = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Slides: the two-layer network and its backpropagation</title>
<link rel="stylesheet" href="{static}/site.css"></head>
<body class="site-index"><main>
<h1>Slides</h1>
<p>One reveal.js deck per notebook. Keys: arrows to move, <kbd>S</kbd> speaker view with notes,
<kbd>F</kbd> full screen, <kbd>Esc</kbd> overview.</p>
<ol>
{items}
</ol>
</main></body>
</html>
"""


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        from tools.webcheck import measure_decks
        report = measure_decks(sys.argv[2])
        for deck, result in report.items():
            print(f"{deck}: {result['count']} slides, {len(result['overflows'])} overflow")
            for o in result["overflows"]:
                print(f"    #/{o['h']}/{o['v']} {o['heading']!r}: {o['tall']} px too tall, {o['wide']} px too wide")
        sys.exit(1 if any(result["overflows"] for result in report.values()) else 0)
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):      # --help, or a mistyped option: not a folder
        sys.exit("usage: python -m tools.slides OUT_DIR | python -m tools.slides --measure OUT_DIR")
    start = time.monotonic()
    paths = notebook_paths()
    for path in paths:
        bad = unknown_slide_types(nbformat.read(path, as_version=4))
        if bad:
            print(f"warning: {path.name}: unknown slide types {bad}", file=sys.stderr)
    names = build(sys.argv[1])
    print(f"wrote {len(names)} decks and index.html to {sys.argv[1]} in {time.monotonic() - start:.1f} s")


if __name__ == "__main__":
    main()
