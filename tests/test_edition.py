"""The student edition: markers, generation, and the mutation check that every stub is caught."""
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from cs231n.edition import BEGIN, END, ROOT, MarkerError, build, find_blocks, stub_blocks, student_notebook


def package_blocks():
    return [(path.name, i) for path in sorted((ROOT / "cs231n").glob("*.py"))
            for i in range(len(find_blocks(path.read_text().split("\n"), path)))]


def notebook_blocks():
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "code":
                found += [(path.name, index, i) for i in range(len(find_blocks(cell.source.split("\n"), path)))]
    return found


def test_there_are_solution_blocks_in_the_package_and_the_notebooks():
    assert len(package_blocks()) >= 8 and len(notebook_blocks()) >= 12


@pytest.mark.parametrize("lines, message", [
    ([BEGIN, "x = 1"], "line 1: ### BEGIN SOLUTION is never closed"),
    (["x = 1", END], "line 2: ### END SOLUTION without"),
    ([BEGIN, "  " + BEGIN, END, END], "line 2: ### BEGIN SOLUTION inside the block opened at line 1"),
])
def test_bad_markers_name_the_file_and_line(lines, message):
    with pytest.raises(MarkerError, match=f"some_file.py, {message}"):
        find_blocks(lines, "some_file.py")


def test_stubs_keep_indentation_and_the_code_around_them():
    source = "def f(x):\n    y = 2\n    ### BEGIN SOLUTION\n    y = x * y\n    ### END SOLUTION\n    return y\n"
    stubbed = stub_blocks(source, "f.py")
    assert stubbed == ("def f(x):\n    y = 2\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
                       "    return y\n")
    namespace = {}
    exec(source, namespace)                      # outside the edition the markers change nothing
    assert namespace["f"](3) == 6


def test_student_edition_is_generated_with_stubs_and_no_outputs(tmp_path):
    count = build(tmp_path / "student")
    assert count == len(package_blocks()) + len(notebook_blocks())
    for path in (tmp_path / "student" / "cs231n").glob("*.py"):
        text = path.read_text()
        compile(text, str(path), "exec")
        assert BEGIN not in text.split("\n") and "    " + BEGIN not in text
    for path in (tmp_path / "student" / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
        assert not any(line.strip() == BEGIN for c in nb.cells for line in c.source.split("\n"))
    assert "--nbval-lax" in (tmp_path / "student" / "Makefile").read_text()
    assert not (tmp_path / "student" / "tests" / "test_edition.py").exists()
    assert (tmp_path / "student" / "tests" / "test_neural_net.py").exists()
    assert (ROOT / "notebooks" / "01_toy_network.ipynb").read_text().count("outputs") > 0


def test_student_edition_refuses_to_overwrite_the_sources():
    with pytest.raises(ValueError, match="over the sources"):
        build(ROOT / "cs231n" / "student")


def test_make_student_names_bad_markers(tmp_path, monkeypatch):
    import cs231n.edition as edition
    fake = tmp_path / "repo"
    for name in edition.COPIED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, fake / name)
        else:
            shutil.copy2(ROOT / name, fake / name)
    (fake / "cs231n" / "broken.py").write_text(f"def f():\n    {BEGIN}\n    return 1\n")
    monkeypatch.setattr(edition, "ROOT", fake)
    with pytest.raises(MarkerError, match=r"broken.py, line 2: ### BEGIN SOLUTION is never closed"):
        build(tmp_path / "out")


@pytest.mark.parametrize("filename, block", package_blocks())
def test_every_package_stub_is_caught_by_a_test(tmp_path, filename, block):
    """Mutation check: the solution package with this one block stubbed fails the unit tests."""
    copy = tmp_path / "cs231n"
    copy.mkdir()
    for path in (ROOT / "cs231n").glob("*.py"):
        text = path.read_text()
        copy.joinpath(path.name).write_text(stub_blocks(text, path, only=block) if path.name == filename else text)
    tests = [str(ROOT / "tests" / name) for name in ("test_neural_net.py", "test_gradient_check.py", "test_data.py")]
    run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                         cwd=tmp_path, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stdout[-2000:]
    assert "NotImplementedError" in run.stdout
    caught_by = [line for line in run.stdout.splitlines() if line.startswith("FAILED")]
    print(filename, block, caught_by)


@pytest.mark.parametrize("filename, cell, block", notebook_blocks())
def test_every_notebook_stub_is_caught_by_its_notebook(tmp_path, filename, cell, block):
    """Mutation check: the notebook with this one block stubbed stops at that cell."""
    nb = student_notebook(ROOT / "notebooks" / filename, only_cell=cell, only=block)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    with pytest.raises(CellExecutionError, match="NotImplementedError"):
        client.execute()
    failed = [i for i, c in enumerate(nb.cells) if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert failed == [cell]
