"""The student's path: with no work done, `make check` says where to start; writing the exercises
in the order it gives turns its parts green one by one."""
import re
import subprocess
import sys

import pytest

from tools.edition import ROOT, build, stub_blocks

#: The solution blocks each part of tools/student/check.py asks for: {file: block indexes}.
BLOCKS_OF_PART = {
    "softmax": {"neural_net.py": [0, 1]},
    "forward": {"neural_net.py": [2, 3]},
    "gradient_check": {"gradient_check.py": [0, 1]},
    "backward": {"neural_net.py": [4]},
    "predict": {"neural_net.py": [5]},
    "train": {"optim.py": [0]},
    "layers": {"layers.py": [0, 1, 2, 3]},
    "optim": {"optim.py": [1, 2, 3]},
}


def write_package(edition, done):
    """The edition's package with the solution blocks of the parts in ``done`` written, the others stubbed."""
    written = {}
    for part in done:
        for filename, blocks in BLOCKS_OF_PART[part].items():
            written.setdefault(filename, set()).update(blocks)
    for filename in ("neural_net.py", "gradient_check.py", "optim.py", "layers.py"):
        source = ROOT / "cs231n" / filename
        text = source.read_text()
        count = text.count("### BEGIN SOLUTION")
        for index in reversed(range(count)):
            if index not in written.get(filename, ()):
                text = stub_blocks(text, source, only=index)
        (edition / "cs231n" / filename).write_text(text)


def check(edition):
    """Run the edition's check.py on the parts with code to write (the notebooks, the data pipeline and
    the fault suite, which need no new code and take minutes, are left out); return (exit code,
    parts passed, total, output)."""
    run = subprocess.run([sys.executable, "check.py", "--no-notebooks", "--skip", "data", "--skip", "faults"],
                         cwd=edition, capture_output=True,
                         text=True, timeout=900, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(edition)})
    passed = re.search(r"(\d+) of (\d+) parts pass", run.stdout)
    if passed:
        return run.returncode, int(passed[1]), int(passed[2]), run.stdout
    total = re.search(r"All (\d+) parts pass", run.stdout)
    return run.returncode, int(total[1]) if total else -1, int(total[1]) if total else -1, run.stdout


def test_every_unit_test_belongs_to_a_part_of_check():
    """A test without a part's marker would never run in `make check`."""
    sys.path.insert(0, str(ROOT / "tools" / "student"))
    from check import PARTS
    markers = [part for part, _, _ in PARTS if not part.endswith(".ipynb")]
    run = subprocess.run([sys.executable, "-m", "pytest", "--co", "-q", "-m", f"not ({' or '.join(markers)})",
                          str(ROOT / "tests")], capture_output=True, text=True, cwd=ROOT)
    assert "no tests collected" in run.stdout or " 0 selected" in run.stdout or "deselected" in run.stdout, run.stdout
    assert not [line for line in run.stdout.splitlines() if "::" in line], run.stdout


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition") / "student"
    build(out)
    return out


def test_with_no_work_done_check_says_where_to_start(edition):
    code, passed, total, out = check(edition)
    assert code == 1 and passed == 0 and total >= 9, out
    assert "[1/" in out and "softmax and its loss ... not yet" in out
    assert "Write log_softmax and softmax_loss in cs231n/neural_net.py" in out


def test_writing_the_parts_in_order_turns_them_green_one_by_one(tmp_path):
    edition = tmp_path / "student"              # its own copy: this test writes the solutions into it
    build(edition)
    parts = list(BLOCKS_OF_PART)
    previous = 0
    for k in range(1, len(parts) + 1):
        write_package(edition, parts[:k])
        code, passed, total, out = check(edition)
        assert passed > previous, f"after writing {parts[:k]}: {out}"
        previous = passed
    assert code == 0 and passed == total, out


def run_notebook(path, edition, monkeypatch):
    """Execute an edition notebook (errors allowed) with the edition's own package; return
    [(cell index, cell, error output)] for every cell that failed."""
    import nbformat
    from nbclient import NotebookClient
    monkeypatch.setenv("PYTHONPATH", str(edition))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return [(i, c, o) for i, c in enumerate(nb.cells) for o in c.get("outputs", []) if o.output_type == "error"]


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_with_no_work_done_each_notebook_first_fails_at_an_exercise(edition, name, monkeypatch):
    """The first error is a stub cell of the notebook or a check naming a package function to write,
    never an unrelated cell; and no cell ends in a bare NameError."""
    errors = run_notebook(edition / "notebooks" / name, edition, monkeypatch)
    assert errors, "a notebook with no work done ran without an error"
    index, cell, first = errors[0]
    at_stub = "raise NotImplementedError(" in cell.source and first.ename == "NotImplementedError"
    at_check = first.ename == "ExerciseNotDone" and "require(" in cell.source
    assert at_stub or at_check, f"first error in cell {index} ({first.ename}: {first.evalue}):\n{cell.source}"
    assert not [e for _, _, e in errors if e.ename == "NameError"], [e.evalue for _, _, e in errors]
