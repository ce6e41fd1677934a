"""The student's path: with no work done, `make check` says where to start; writing the exercises
in the order it gives turns its parts green one by one."""
import ast
import re
import shutil
import subprocess
import sys

import pytest

from tools.edition import ROOT, build, find_blocks, stub_blocks
from tools.nbgrader_course import student_files
from tools.student.check import WRITTEN_IN, functions

PACKAGE_FILES = [name.split("/")[1] for name in student_files()]     # the package files with solution blocks


def blocks_of_part():
    """The solution blocks each part of tools/student/check.py asks for, {part: {file: block indexes}}: the
    blocks inside the functions its WRITTEN_IN names."""
    found = {}
    for part, names in WRITTEN_IN.items():
        for name in names:
            filename, function = name.split(":")
            lines = (ROOT / "cs231n" / filename).read_text().split("\n")
            first, last = functions(ast.parse("\n".join(lines)), len(lines))[function]
            indexes = [k for k, (begin, _) in enumerate(find_blocks(lines, filename)) if first <= begin + 1 <= last]
            found.setdefault(part, {}).setdefault(filename, []).extend(indexes)
    return found


BLOCKS_OF_PART = blocks_of_part()


def test_every_solution_block_is_in_exactly_one_part():
    """A block in no function of WRITTEN_IN would never be asked for by `make check`; one in two parts would
    make the later part depend on the earlier."""
    for filename in PACKAGE_FILES:
        count = len(find_blocks((ROOT / "cs231n" / filename).read_text().split("\n"), filename))
        owners = sorted(k for part in BLOCKS_OF_PART.values() for k in part.get(filename, []))
        assert owners == list(range(count)), f"{filename}: blocks {owners} of {count} are in the parts"


def write_package(edition, done):
    """The edition's package with the solution blocks of the parts in ``done`` written, the others stubbed."""
    written = {}
    for part in done:
        for filename, blocks in BLOCKS_OF_PART[part].items():
            written.setdefault(filename, set()).update(blocks)
    for filename in PACKAGE_FILES:
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
    run = subprocess.run([sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:nbval", "-m", f"not ({' or '.join(markers)})",
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
    assert "Write log_softmax and softmax_loss's loss in cs231n/neural_net.py" in out


def test_writing_the_parts_in_order_turns_them_green_one_by_one(tmp_path):
    edition = tmp_path / "student"              # its own copy: this test writes the solutions into it
    build(edition)
    parts = list(BLOCKS_OF_PART)
    previous = 0
    for k in range(1, len(parts) + 1):
        write_package(edition, parts[:k])
        code, passed, total, out = check(edition)
        assert passed > previous, f"after writing {parts[:k]}: {out}"
        assert k == 1 or out.count("ok (unchanged since it passed)") == previous, \
            f"writing {parts[k - 1]} re-ran a part that does not depend on it: {out}"
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


def test_notebook_2_derives_the_backward_pass_before_it_asks_for_it(tmp_path, monkeypatch):
    """Notebook 2 as a student works it: with notebook 1's functions and eval_numerical_gradient written (not the
    backward pass), it stops at its first exercise; with each exercise done in turn (the teacher's solution), it
    runs on to the next one through sections 2 to 4, and only then stops at the check of TwoLayerNet.backward;
    with that written, it runs to the end. It never stops anywhere else, nor with a bare NameError or KeyError."""
    import nbformat
    from nbclient import NotebookClient
    name = "02_backprop_derivation.ipynb"
    edition = tmp_path / "student"
    build(edition)
    write_package(edition, ["softmax", "forward", "gradient_check"])
    path = edition / "notebooks" / name
    teacher = {c.id: c.source for c in nbformat.read(ROOT / "notebooks" / name, as_version=4).cells}
    nb = nbformat.read(path, as_version=4)
    exercises = [c.id for c in nb.cells if c.cell_type == "code" and "raise NotImplementedError(" in c.source]
    monkeypatch.setenv("PYTHONPATH", str(edition))

    def client_for(notebook):
        return NotebookClient(notebook, timeout=600, kernel_name="python3", allow_errors=True,
                              resources={"metadata": {"path": str(path.parent)}})

    def errors(cell):
        return [o for o in cell.get("outputs", []) if o.output_type == "error"]

    stops, last = [], None
    client = client_for(nb)
    with client.setup_kernel():         # one kernel: doing an exercise and running on is what a student does
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            if not errors(cell):
                continue
            error = errors(cell)[0]
            where = f"cell {index} ({error.ename}: {error.evalue}):\n{cell.source}"
            if cell.id in exercises:
                assert error.ename == "NotImplementedError", where
                stops.append(cell.id)
                cell.source = teacher[cell.id]                # the student does the exercise and runs it again
                client.execute_cell(cell, index)
                assert not errors(cell), f"the solution fails in {where}"
                continue
            last = index, cell, error
            break
    assert last, "the notebook ran to the end with the backward pass not written"
    index, cell, error = last
    assert error.ename == "ExerciseNotDone" and "TwoLayerNet.backward" in error.evalue, \
        f"stopped in cell {index} ({error.ename}: {error.evalue}):\n{cell.source}"
    assert stops == exercises, "an exercise was skipped, or the notebook stopped after its last one"
    headings = [c.source for c in nb.cells[:index] if c.cell_type == "markdown"]
    assert headings[-1].startswith("### The package does exactly this"), "the backward pass is asked for too early"
    assert any(h.startswith("## 4 · ") for h in headings)

    write_package(edition, ["softmax", "forward", "gradient_check", "backward"])
    nb = nbformat.read(path, as_version=4)          # a fresh kernel sees the new package
    for cell in nb.cells:
        if cell.id in exercises:
            cell.source = teacher[cell.id]
    client_for(nb).execute()
    assert not [(i, errors(c)[0].evalue) for i, c in enumerate(nb.cells) if errors(c)]


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")
                                  if "### BEGIN SOLUTION" in p.read_text()))
def test_an_exercise_states_what_to_compute_not_the_code_that_computes_it(name):
    """Neither an exercise's "# Exercise:" comment nor the Markdown just above it (outside the collapsed
    <details> hints) holds the right-hand side of a line of its solution."""
    import nbformat
    cells = nbformat.read(ROOT / "notebooks" / name, as_version=4).cells
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or "### BEGIN SOLUTION" not in cell.source:
            continue
        lines = cell.source.split("\n")
        begin, end = lines.index("### BEGIN SOLUTION"), lines.index("### END SOLUTION")
        statement = [line for line in lines[:begin] if line.startswith("#")]
        above = index - 1
        while above >= 0 and (cells[above].cell_type == "markdown" or "require(" in cells[above].source):
            statement.append(re.sub(r"<details>.*?</details>", "", cells[above].source, flags=re.S))
            above -= 1
        text = re.sub(r"\s", "", "\n".join(statement))
        for line in lines[begin + 1:end]:
            if "=" in line and not line.lstrip().startswith("#"):
                rhs = re.sub(r"\s", "", line.split("=", 1)[1])
                assert rhs not in text, f"{name} cell {index}: the statement gives away {line.strip()!r}"


def test_check_refuses_a_part_it_does_not_have_and_a_python_without_pytest(tmp_path):
    """An unknown --skip name is named (not ignored), and a Python without the checks' modules (e.g. the
    system's, in a terminal outside the course's environment) is told so instead of "write log_softmax"."""
    shutil.copy(ROOT / "tools" / "student" / "check.py", tmp_path)
    run = subprocess.run([sys.executable, "check.py", "--skip", "bogus"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 2 and "No part called bogus; the parts are: softmax, forward," in run.stdout
    run = subprocess.run([sys.executable, "-S", "check.py"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 2 and "has no pytest and no numpy, which the checks need: run `make check`" in run.stdout
    assert "[1/" not in run.stdout
