"""``make html``: the executed notebooks as a small static site.

One HTML page per notebook (nbconvert's lab template, figures inline), an index page
linking them in reading order, links between notebooks rewritten from .ipynb to .html,
and a local copy of MathJax (from jupyter-server-mathjax) so math is typeset offline.

    python -m tools.site OUT_DIR
"""
import html
import re
import shutil
import sys
from pathlib import Path

import jupyter_server_mathjax
import nbformat
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
NOTEBOOK_LINK = re.compile(r"\]\((\d\d_[\w-]+)\.ipynb\)")


def title_of(nb):
    """The first Markdown heading of a notebook."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return "Untitled"


def build(out_dir, notebooks=None):
    """Write the site into ``out_dir``; return the list of page names in reading order."""
    out_dir = Path(out_dir)
    notebooks = sorted(notebooks or (ROOT / "notebooks").glob("*.ipynb"))
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    shutil.copytree(Path(jupyter_server_mathjax.__file__).parent / "static", out_dir / "mathjax")
    exporter = HTMLExporter(template_name="lab", mathjax_url=MATHJAX_URL)
    entries = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = NOTEBOOK_LINK.sub(r"](\1.html)", cell.source)
        title, page = title_of(nb), path.with_suffix(".html").name
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        (out_dir / page).write_text(body, encoding="utf-8")
        entries.append((page, title))
    items = "\n".join(f'    <li><a href="{page}">{html.escape(title)}</a></li>' for page, title in entries)
    (out_dir / "index.html").write_text(INDEX.format(items=items), encoding="utf-8")
    return [page for page, _ in entries]


INDEX = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>The two-layer network and its backpropagation</title>
<style>body {{ font-family: sans-serif; max-width: 42em; margin: 3em auto; line-height: 1.5; }}</style>
</head>
<body>
  <h1>The two-layer network and its backpropagation</h1>
  <p>Executed notebooks for CS231n Assignment 1's two-layer network, in reading order:</p>
  <ol>
{items}
  </ol>
</body>
</html>
"""


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tools.site OUT_DIR")
    pages = build(sys.argv[1])
    print(f"wrote {len(pages)} pages and index.html to {sys.argv[1]}")


if __name__ == "__main__":
    main()
