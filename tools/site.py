"""``make html``: the course website, a teacher site and a student site, both working offline.

    python -m tools.site OUT_DIR          (make html writes build/html)

writes

- ``OUT_DIR/teacher/``: every notebook as it is in ``notebooks/`` (stored outputs, solutions), its
  slides, an index page (learning goals, prerequisites, reading order) linking to the student site;
- ``OUT_DIR/student/``: the student edition of every notebook (``tools.edition.student_notebook``:
  solution blocks stubbed, answer cells emptied, outputs cleared), its slides and the same index,
  plus the student notebooks themselves to download. Nothing on it comes from a solution.

Each site is self-contained (copy one folder to any web server, or open its index.html): the math is
typeset by MathJax 4 with its New Computer Modern fonts, the slides run on reveal.js 4, and both are
copied into the site's ``_static/`` from ``build/vendor/``, where ``npm ci`` installs the versions pinned
in ``tools/site_assets/package-lock.json`` the first time they are needed (Node.js's npm must be on
PATH). No page asks anything from another host.

``python -m tools.site --check OUT_DIR`` loads every page and deck of a built site in headless
Chromium, served over HTTP on 127.0.0.1, and lists what is wrong (``tools.webcheck.check_site``).
"""
import html
import json
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from tools import slides
from tools.assets import (NOTEBOOK_LINK, STATIC, TEMPLATES, TRUSTED_FILTERS, copy_static, export_config,
                          notebook_paths, title_of)
from tools.webcheck import check_site

EDITIONS = ("teacher", "student")

# One line per notebook for the index, by file name; a notebook not listed here gets the first sentence
# of its first Markdown cell after the title.
SUMMARIES = {
    "01_toy_network.ipynb": "The forward pass by hand on the 4-10-3 toy network: scores, softmax, "
                            "the loss, every shape printed and checked.",
    "02_backprop_derivation.ipynb": "Backpropagation from one weight to matrix form, every formula checked "
                                    "against the numerical gradient where it is derived, and the write-up's "
                                    "mistakes caught.",
    "03_gradient_checking.ipynb": "Checking gradients and checking the checker: the relative error, the step "
                                  "size, ReLU kinks, sparse checks, float32 against float64.",
    "04_backprop_as_a_rule.ipynb": "Backpropagation as a rule: local gradient times upstream gradient on the "
                                   "toy net's own gates, Assignment 2's layers, and a tiny autograd that "
                                   "reproduces every hand-derived gradient.",
    "05_hidden_layer.ipynb": "What the hidden layer and the biases buy: a linear classifier, the two-layer net, "
                             "the net without its ReLU and without its biases on spiral data.",
    "06_cifar10_assignment.ipynb": "Training on CIFAR-10 the assignment's way: sanity checks, the official run, "
                                   "reading curves and weights, tuning on validation, the test set once.",
    "07_how_far_it_goes.ipynb": "How far a two-layer net goes: the Solver, update rules, the initial scale, "
                                "whitening, augmentation, and what each change buys.",
}

LEARNING_GOALS = [
    "compute the forward pass of a two-layer network (affine, ReLU, affine, softmax) by hand and "
    "say the shape of every intermediate array;",
    "derive the gradient of the softmax loss with L2 regularisation for every weight with the chain rule, "
    "first one weight at a time, then in matrix form;",
    "check any gradient numerically and read a relative error;",
    "explain what the ReLU hidden layer adds to a linear classifier;",
    "train the network on CIFAR-10, read its loss and accuracy curves, and tune it on a validation set.",
]
PREREQUISITES = [
    "Python and numpy (arrays, broadcasting, matrix products);",
    "derivatives and the chain rule; vectors and matrices;",
    "a first look at linear classifiers and the softmax (CS231n lectures 2 and 3) helps but is not required.",
]


# --- third-party JavaScript, installed by npm from the lock file -------------------------------------


def summary_of(name, nb):
    """The index's line for a notebook: SUMMARIES[name], or the first sentence of the first paragraph
    of its first Markdown cell that is not a heading."""
    if name in SUMMARIES:
        return SUMMARIES[name]
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for paragraph in cell.source.split("\n\n"):
            text = " ".join(paragraph.split())
            if text and not text.startswith(("#", "|", "Previous", "Next")):
                text = re.sub(r"[*_`]", "", text)
                return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return ""


def load(path, edition):
    """The notebook at ``path`` as the ``edition`` shows it, links between notebooks pointing at pages."""
    if edition == "student":
        from tools.edition import student_notebook
        nb = student_notebook(path)
    else:
        nb = nbformat.read(path, as_version=4)
    return nb


def link_pages(nb, suffix):
    """A copy of ``nb`` whose Markdown links to notebooks NN_name.ipynb point at NN_name{suffix}."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_LINK.sub(rf"](\1{suffix})", cell.source)
    return nb


def nav_bar(entries, index, slides_dir="slides"):
    """The navigation bar of page number ``index``: the index page, previous, next, the slides."""
    links = ['<a href="index.html">Contents</a>']
    if index > 0:
        links.append(f'<a href="{entries[index - 1]["page"]}" rel="prev">&larr; '
                     f'{html.escape(entries[index - 1]["title"])}</a>')
    if index + 1 < len(entries):
        links.append(f'<a href="{entries[index + 1]["page"]}" rel="next">'
                     f'{html.escape(entries[index + 1]["title"])} &rarr;</a>')
    links.append(f'<a href="{slides_dir}/{entries[index]["deck"]}">Slides</a>')
    return '<nav class="site-nav">' + " · ".join(links) + "</nav>"


def build_edition(out_dir, edition, notebooks=None):
    """Write one site (``edition`` is "teacher" or "student") into ``out_dir``; return its entries
    (dicts with name, page, deck, title, summary) in reading order."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
    out_dir = Path(out_dir)
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    copy_static(out_dir, reveal=True)
    paths = notebook_paths(notebooks)
    notebooks_ = [load(path, edition) for path in paths]
    entries = [{"name": path.name, "page": path.with_suffix(".html").name,
                "deck": slides.deck_name(path), "title": title_of(nb), "summary": summary_of(path.name, nb)}
               for path, nb in zip(paths, notebooks_)]
    exporter = HTMLExporter(template_name="cs231n_page", extra_template_basedirs=[str(TEMPLATES)],
                            extra_template_paths=[str(TEMPLATES)], filters=TRUSTED_FILTERS,
                            config=export_config())
    for index, (path, nb, entry) in enumerate(zip(paths, notebooks_, entries)):
        resources = {"metadata": {"name": entry["title"]}, "static_prefix": STATIC,
                     "site_nav": nav_bar(entries, index)}
        body, _ = exporter.from_notebook_node(link_pages(nb, ".html"), resources=resources)
        (out_dir / entry["page"]).write_text(body, encoding="utf-8")
    slides.build(out_dir / "slides", [link_pages(nb, ".slides.html") for nb in notebooks_],
                 [entry["deck"] for entry in entries], static_prefix=f"../{STATIC}", copy=False)
    if edition == "student":
        downloads = out_dir / "notebooks"
        downloads.mkdir()
        for path, nb in zip(paths, notebooks_):
            nbformat.write(nb, downloads / path.name)
    (out_dir / "index.html").write_text(index_page(entries, edition), encoding="utf-8")
    return entries


def build(out_root, notebooks=None):
    """Write the teacher site to ``out_root/teacher`` and the student site to ``out_root/student``;
    return {edition: entries}."""
    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    return {edition: build_edition(out_root / edition, edition, notebooks) for edition in EDITIONS}


def index_page(entries, edition):
    """The index page of a site: goals, prerequisites, the notebooks in reading order."""
    rows = []
    for entry in entries:
        download = (f' · <a href="notebooks/{entry["name"]}" download>notebook</a>'
                    if edition == "student" else "")
        rows.append(f'    <li><a class="title" href="{entry["page"]}">{html.escape(entry["title"])}</a>'
                    f'<br><span class="summary">{html.escape(entry["summary"])}</span><br>'
                    f'<span class="links"><a href="{entry["page"]}">page</a> · '
                    f'<a href="slides/{entry["deck"]}">slides</a>{download}</span></li>')
    if edition == "teacher":
        edition_note = ("<p class=\"edition\">Teacher edition: the notebooks with their stored outputs and "
                        "the solutions to every exercise. Publish the "
                        "<a href=\"../student/index.html\">student site</a> for your class, not this one.</p>")
    else:
        edition_note = ("<p class=\"edition\">Student edition: the exercises are left for you. Each says "
                        "<code># YOUR CODE HERE</code> and, just above, what to compute; the inline questions wait "
                        "for your answers. Work in the student edition of the course repository: <code>make lab</code> "
                        "opens the notebooks and <code>make check</code> tells you what to write next.</p>")
    goals = "\n".join(f"    <li>{html.escape(goal)}</li>" for goal in LEARNING_GOALS)
    prerequisites = "\n".join(f"    <li>{html.escape(item)}</li>" for item in PREREQUISITES)
    return INDEX.format(edition=edition, edition_note=edition_note, goals=goals,
                        prerequisites=prerequisites, items="\n".join(rows), static=STATIC)


INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="icon" href="data:,">
<title>The two-layer network and its backpropagation ({edition} edition)</title>
<link rel="stylesheet" href="{static}/site.css">
</head>
<body class="site-index">
<main>
  <h1>The two-layer network and its backpropagation</h1>
  <p>Stanford CS231n, Assignment 1: a two-layer neural network (affine &ndash; ReLU &ndash; affine &ndash;
  softmax, with L2 regularisation), its forward pass, its backpropagation derived by hand and checked
  numerically, and its training on CIFAR-10.</p>
  {edition_note}
  <h2>Learning goals</h2>
  <p>After these notebooks you can</p>
  <ul>
{goals}
  </ul>
  <h2>Prerequisites</h2>
  <ul>
{prerequisites}
  </ul>
  <h2>Reading order</h2>
  <ol class="notebooks">
{items}
  </ol>
</main>
</body>
</html>
"""


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 2 and argv[0] == "--check":
        problems = []
        for folder in sorted(p for p in Path(argv[1]).iterdir() if (p / "index.html").is_file()) or [Path(argv[1])]:
            problems += [f"{folder.name}/{p}" for p in check_site(folder)]
        print("\n".join(problems) or "no problem found")
        sys.exit(1 if problems else 0)
    if len(argv) != 1:
        sys.exit("usage: python -m tools.site OUT_DIR | python -m tools.site --check OUT_DIR")
    start = time.monotonic()
    built = build(argv[0])
    for edition, entries in built.items():
        print(f"{edition} site: index.html, {len(entries)} pages and decks in {Path(argv[0]) / edition}")
    print(f"built in {time.monotonic() - start:.1f} s")


if __name__ == "__main__":
    main()
