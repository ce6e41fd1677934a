"""Text copies of the notebooks (jupytext's py:percent format) in ``notebooks/text/``, so that a change to
one cell shows as a few lines in a diff. The .ipynb files stay the source nbval runs; the copies hold every
cell's source, type, tags and slide metadata, and no outputs.

    python -m tools.text_copies            (make text) write notebooks/text/NN_name.py for every notebook
    python -m tools.text_copies --check    list the copies that are missing or out of sync (exit status 1)

To edit a notebook through its copy: change notebooks/text/NN_name.py, then
``jupytext --to ipynb --update notebooks/text/NN_name.py -o notebooks/NN_name.ipynb`` (keeps the outputs)
and re-execute the notebook as notebooks/AUTHORING.md says.
"""
import sys

import jupytext
import nbformat

from tools.assets import ROOT

FOLDER = ROOT / "notebooks" / "text"
FORMAT = "py:percent"
IGNORED = ("execution",)        # the kernel's timings: they change at every run and are not the lesson


def copy_of(path):
    return FOLDER / f"{path.stem}.py"


def cells(nb):
    """What a copy must hold of each cell: type, source and metadata (less IGNORED)."""
    return [(c.cell_type, c.source, {k: v for k, v in c.metadata.items() if k not in IGNORED}) for c in nb.cells]


def write():
    FOLDER.mkdir(exist_ok=True)
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        jupytext.write(nbformat.read(path, as_version=4), copy_of(path), fmt=FORMAT)


def out_of_sync():
    """The notebooks whose text copy is missing or differs from them, with what differs."""
    problems = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if not copy_of(path).is_file():
            problems.append(f"{path.name}: no text copy ({copy_of(path).relative_to(ROOT)}); run `make text`")
            continue
        ours, theirs = cells(nbformat.read(path, as_version=4)), cells(jupytext.read(copy_of(path), fmt=FORMAT))
        if ours != theirs:
            first = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
            problems.append(f"{path.name}: its text copy differs from cell {first} on; run `make text` "
                            "(or, if you edited the copy, update the notebook from it)")
    stale = {p.stem for p in FOLDER.glob("*.py")} - {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    problems += [f"notebooks/text/{name}.py: a copy of no notebook; delete it" for name in sorted(stale)]
    return problems


def main(argv):
    if argv == ["--check"]:
        problems = out_of_sync()
        print("\n".join(problems) or "every notebook's text copy is in sync")
        return 1 if problems else 0
    if argv:
        sys.exit("usage: python -m tools.text_copies [--check]")
    write()
    print(f"wrote the text copies in {FOLDER.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
