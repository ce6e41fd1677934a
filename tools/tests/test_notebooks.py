"""The notebooks follow notebooks/AUTHORING.md: one class session each, the lesson on screen and the test
plumbing in hidden check cells."""
import re

import nbformat
import pytest

from tools.assets import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
READING_ORDER = ["01_toy_network", "02_backprop_derivation", "03_gradient_checking", "04_backprop_as_a_rule",
                 "05_hidden_layer", "06_cifar10_assignment", "07_how_far_it_goes"]
VISIBLE_ASSERTS = 8      # one-line checks where checking is the lesson (rel_error < 1e-7, the official checks)


def cells(path):
    return nbformat.read(path, as_version=4).cells


def tags(cell):
    return cell.metadata.get("tags", [])


def test_the_notebooks_in_reading_order_each_linking_to_its_neighbours():
    assert [path.stem for path in NOTEBOOKS] == READING_ORDER
    for number, path in enumerate(NOTEBOOKS):
        text = "\n".join(c.source for c in cells(path) if c.cell_type == "markdown")
        assert re.search(rf"^# {number + 1} · ", text, re.M), f"{path.name}: title is not '# {number + 1} · ...'"
        links = set(re.findall(r"\]\((\d\d_\w+)\.ipynb\)", text))
        neighbours = {READING_ORDER[i] for i in (number - 1, number + 1) if 0 <= i < len(READING_ORDER)}
        assert neighbours <= links, f"{path.name} does not link to {neighbours - links}"
        assert links <= set(READING_ORDER), f"{path.name} links to notebooks that do not exist: {links}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_one_class_session(path):
    slide_cells = [c for c in cells(path) if c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")]
    assert len(slide_cells) <= 30, f"{path.name}: {len(slide_cells)} slides"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_check_cells_are_hidden_silent_and_say_what_they_guard(path):
    for index, cell in enumerate(cells(path)):
        if "check" not in tags(cell):
            continue
        where = f"{path.name} cell {index}"
        assert cell.cell_type == "code", where
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"{where}: not collapsed"
        assert cell.metadata.get("slideshow", {}).get("slide_type") == "skip", f"{where}: on a slide"
        assert cell.source.startswith("# check"), f"{where}: does not start with '# check: ...'"
        assert cell.outputs == [], f"{where}: a check cell prints nothing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_reader_sees_the_lesson_not_the_plumbing(path):
    visible = [c for c in cells(path) if c.cell_type == "code" and "check" not in tags(c)]
    asserts = [line for c in visible for line in c.source.splitlines() if line.lstrip().startswith("assert ")]
    assert len(asserts) <= VISIBLE_ASSERTS, f"{path.name}: {len(asserts)} visible asserts: {asserts}"
    for cell in visible:
        assert "on_cifar" not in cell.source and "+ 0.0" not in cell.source, cell.source[:200]
        assert not re.search(r"data\.name\s*==", cell.source), f"{path.name}: a data-dependent branch on screen"
    prose = "\n".join(c.source for c in cells(path) if c.cell_type == "markdown")
    assert "previous version" not in prose.lower(), f"{path.name}: a changelog line in the text"


def test_every_notebook_has_a_text_copy_in_sync():
    """notebooks/text/ holds each notebook's cells as text (make text), so a change shows as a few lines."""
    from tools.text_copies import out_of_sync
    assert out_of_sync() == []


def test_the_full_run_switch_is_a_papermill_parameter():
    """`papermill -p FULL_RUN True` overrides the notebook's own FULL_RUN only in a cell tagged parameters."""
    for path in NOTEBOOKS:
        for cell in cells(path):
            if cell.cell_type == "code" and re.match(r"FULL_RUN\s*=", cell.source):
                assert "parameters" in tags(cell), f"{path.name}: the FULL_RUN cell has no parameters tag"
