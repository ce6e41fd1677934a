"""The student edition: markers, generation, and the mutation check that every stub is caught."""
import ast
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tools.edition import BEGIN, END, ROOT, MarkerError, build, find_blocks, stub_blocks, student_notebook


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
    assert not (tmp_path / "student" / "tools").exists()
    assert sorted(p.name for p in (tmp_path / "student" / "notebooks").iterdir()) == sorted(   # no teacher's files
        p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert "tools/tests" not in (tmp_path / "student" / "pyproject.toml").read_text()
    assert (tmp_path / "student" / "tests" / "test_neural_net.py").exists()
    source = nbformat.read(ROOT / "notebooks" / "01_toy_network.ipynb", as_version=4)
    assert any(c.get("outputs") for c in source.cells if c.cell_type == "code")   # sources untouched


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_the_checks_after_the_exercises_heading_are_left_out_of_the_edition(name):
    """A hidden check of the end-of-notebook exercises computes their answers: every such cell is tagged
    exercise-answers, and the student's notebook has none of them."""
    cells = nbformat.read(ROOT / "notebooks" / name, as_version=4).cells
    start = next((i for i, c in enumerate(cells) if "exercises" in c.metadata.get("tags", [])), len(cells))
    after = [c for c in cells[start:] if c.cell_type == "code" and "check" in c.metadata.get("tags", [])]
    assert all("exercise-answers" in c.metadata["tags"] for c in after)
    student = student_notebook(ROOT / "notebooks" / name).cells
    assert not [c for c in student if "exercise-answers" in c.metadata.get("tags", [])]
    assert len(student) == len(cells) - len(after) + 1        # + the cell that explains NameErrors


def test_answer_cells_are_emptied_and_questions_kept(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("**Inline question 1:** why?", metadata={"tags": ["inline-question"]}),
        nbformat.v4.new_markdown_cell("**Answer:** because.", metadata={"tags": ["answer"]}),
        nbformat.v4.new_code_cell("x = 1")])
    nbformat.write(nb, tmp_path / "q.ipynb")
    cells = student_notebook(tmp_path / "q.ipynb").cells
    assert cells[0].source == "**Inline question 1:** why?"
    assert "because" not in cells[1].source and cells[1].source.startswith("**Your answer:**")
    assert cells[2].source == "x = 1"


def test_student_edition_refuses_to_overwrite_the_sources():
    with pytest.raises(ValueError, match="over the sources"):
        build(ROOT / "cs231n" / "student")


def test_make_student_names_bad_markers(tmp_path, monkeypatch):
    import tools.edition as edition
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


# The unit tests, the fast ones on the core first, so that -x stops early; then all the others.
FIRST = [str(ROOT / "tests" / f"test_{name}.py") for name in ("neural_net", "gradient_check", "optim", "layers", "solver")]
LESSON_ORDER = FIRST + sorted(set(map(str, (ROOT / "tests").glob("test_*.py"))) - set(FIRST))


def failing_tests(tmp_path, filename, new_text):
    """The unit tests (tests/) run against a copy of the package in which ``filename`` has
    ``new_text``; returns (pytest's exit code, its output, the FAILED lines)."""
    copy = tmp_path / "cs231n"
    copy.mkdir()
    for path in (ROOT / "cs231n").glob("*.py"):
        copy.joinpath(path.name).write_text(new_text if path.name == filename else path.read_text())
    (tmp_path / "pytest.ini").write_text("[pytest]\n")    # not the project's: its pythonpath is the sources
    run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:nbval",
                          "-c", str(tmp_path / "pytest.ini"), *LESSON_ORDER],
                         cwd=tmp_path, env={"PYTHONPATH": f"{tmp_path}:{ROOT / 'tests'}", "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=600)
    return run.returncode, run.stdout, [line for line in run.stdout.splitlines() if line.startswith("FAILED")]


@pytest.mark.parametrize("filename, block", package_blocks())
def test_every_package_stub_is_caught_by_a_test(tmp_path, filename, block):
    """Mutation check: the solution package with this one block stubbed fails a unit test."""
    path = ROOT / "cs231n" / filename
    code, output, caught_by = failing_tests(tmp_path, filename, stub_blocks(path.read_text(), path, only=block))
    assert code == 1 and caught_by, output[-2000:]
    assert "NotImplementedError" in output


def mutate(filename, old, new):
    """The text of cs231n/filename with ``old`` (which must occur once) replaced by ``new``."""
    text = (ROOT / "cs231n" / filename).read_text()
    assert text.count(old) == 1, f"{old!r} is not in {filename} exactly once"
    return text.replace(old, new)


# Wrong answers a student might write, each of which some unit test must catch:
# name -> (file in cs231n/, the right line(s), the wrong line(s)).
MUTANTS = {
    "log_softmax without the max shift": (
        "neural_net.py", "shifted = scores - scores.max(axis=1, keepdims=True)", "shifted = scores"),
    "cross-entropy with labels off by one": (
        "neural_net.py", "loss = -log_probs[rows, y].mean()", "loss = -log_probs[rows, y - 1].mean()"),
    "dscores not divided by N": ("neural_net.py", "    dscores /= len(scores)\n", ""),
    "forward without the ReLU": ("neural_net.py", "h_out = np.maximum(h_in, 0)", "h_out = h_in"),
    "loss without the L2 penalty": (
        "neural_net.py", "loss = data_loss + reg * (np.vdot(W1, W1) + np.vdot(W2, W2))", "loss = data_loss"),
    "halved L2 gradient (the 1/2 convention)": (
        "neural_net.py", "dW1 = X.T @ dh_in + 2 * reg * W1", "dW1 = X.T @ dh_in + reg * W1"),
    "missing L2 gradient on W2": ("neural_net.py", "dW2 = h_out.T @ dscores + 2 * reg * W2", "dW2 = h_out.T @ dscores"),
    "missing ReLU gate": ("neural_net.py", "dh_in = dh_out * (h_in > 0)", "dh_in = dh_out"),
    "dropped transpose in dh_out": ("neural_net.py", "dh_out = dscores @ W2.T", "dh_out = (W2 @ dscores.T).T.T"),
    "db1 summed over the wrong axis": ("neural_net.py", "db1 = dh_in.sum(axis=0)", "db1 = dh_in.sum(axis=1)"),
    "predict takes the lowest score": ("neural_net.py", "return np.argmax(self.forward(X)[-1], axis=1)",
                                       "return np.argmin(self.forward(X)[-1], axis=1)"),
    "the checker's difference divided by h, not 2h": (
        "gradient_check.py", "return (f_plus - f_minus) / (2 * h)", "return (f_plus - f_minus) / h"),
    "checker leaves x nudged": ("gradient_check.py", "    finally:\n        x[ix] = old\n",
                                "    finally:\n        x[ix] = old - h\n"),
    "affine_backward leaves dx flat": ("layers.py", "dx = (dout @ w.T).reshape(x.shape)", "dx = dout @ w.T"),
    "affine layer's db summed over the outputs": ("layers.py", "db = dout.sum(axis=0)", "db = dout.sum(axis=1)"),
    "ReLU that passes every gradient": ("layers.py", "dx = dout * (cache > 0)", "dx = dout * 1.0"),
    "SGD that returns a new array instead of updating w": (
        "optim.py", 'w -= config["learning_rate"] * dw\n', 'w = w - config["learning_rate"] * dw\n'),
    "SGD climbs the gradient": ("optim.py", 'w -= config["learning_rate"] * dw\n', 'w += config["learning_rate"] * dw\n'),
    "plain SGD for momentum": ("optim.py", '    v *= config["momentum"]\n', ""),
    "momentum with the sign flipped": ("optim.py", 'v -= config["learning_rate"] * dw', 'v += config["learning_rate"] * dw'),
    "RMSProp without the square root": ("optim.py", '/ (np.sqrt(cache) + config["epsilon"])', '/ (cache + config["epsilon"])'),
    "Adam without bias correction": ("optim.py", '    m_hat = m / (1 - beta1 ** config["t"])\n'
                                     '    v_hat = v / (1 - beta2 ** config["t"])\n', "    m_hat, v_hat = m, v\n"),
    "Adam that does not count its steps": ("optim.py", '    config["t"] += 1\n', ""),
}


@pytest.mark.parametrize("name", MUTANTS)
def test_every_wrong_answer_is_caught_by_a_test(tmp_path, name):
    filename, old, new = MUTANTS[name]
    code, output, caught_by = failing_tests(tmp_path, filename, mutate(filename, old, new))
    assert code == 1 and caught_by, output[-2000:]


@pytest.mark.parametrize("filename, cell, block", notebook_blocks())
def test_every_notebook_stub_stops_its_cell_with_the_exercise(filename, cell, block):
    """The cell with this one block stubbed is valid Python whose stub is a statement of the cell itself (not
    inside a function, a loop, an if or a try), so running the cell stops there with the exercise's text.
    (test_student_path runs the notebooks: with no work done each stops at its first exercise, and notebook 2,
    done exercise by exercise, stops at each in turn.)"""
    nb = student_notebook(ROOT / "notebooks" / filename, only_cell=cell, only=block)
    teacher = nbformat.read(ROOT / "notebooks" / filename, as_version=4).cells[cell]
    stubbed = next(c for c in nb.cells if c.id == teacher.id)
    raises = [node for node in ast.parse(stubbed.source).body
              if isinstance(node, ast.Raise) and ast.unparse(node.exc).startswith("NotImplementedError(")]
    assert len(raises) == 1, f"{filename} cell {cell}: the stub is not a statement of the cell:\n{stubbed.source}"
    message = ast.literal_eval(raises[0].exc.args[0]) if raises[0].exc.args else ""
    assert len(message) > 20, f"{filename} cell {cell}: the stub raises without saying what to write"


# Wrong answers in the notebooks' exercise cells, each of which the notebook's own checks must catch:
# (notebook, the right line, the wrong line).
NOTEBOOK_MUTANTS = {
    "x with its signs lost": ("01_toy_network.ipynb", "h_in = x @ W1\n", "h_in = np.abs(x) @ W1\n"),
    "abs for ReLU": ("01_toy_network.ipynb", "h_out = np.maximum(0, h_in)", "h_out = np.abs(h_in)"),
    "scores from h_in (ReLU skipped)": ("01_toy_network.ipynb", "o_in = h_out @ W2", "o_in = h_in @ W2"),
    "softmax without exp": ("01_toy_network.ipynb", "o_out = np.exp(o_in) / np.exp(o_in).sum()", "o_out = o_in / o_in.sum()"),
    "softmax over the wrong axis": ("01_toy_network.ipynb", "\nO_out = softmax(O_in)\n", "\nO_out = softmax(O_in.T).T\n"),
    "a ReLU on the scores too": ("01_toy_network.ipynb", "scores = np.maximum(0, X @ W1 + b1) @ W2 + b2",
                                 "scores = np.maximum(0, np.maximum(0, X @ W1 + b1) @ W2 + b2)"),
    "summed instead of averaged loss": ("01_toy_network.ipynb", "data_loss = -np.log(p_correct).mean()",
                                        "data_loss = -np.log(p_correct).sum()"),
    "softmax's derivative without (1 - p)": ("02_backprop_derivation.ipynb", "dp1_do1 = p[0, 0] * (1 - p[0, 0])",
                                              "dp1_do1 = p[0, 0]"),
    "a column of W2 for a row": ("02_backprop_derivation.ipynb", "dL_dh1 = np.sum(dL_do * W2[0])",
                                 "dL_dh1 = np.sum(dL_do * W2[:3, 0])"),
    "the Jacobian cut to its diagonal": ("02_backprop_derivation.ipynb", "J = np.diag(p[0]) - np.outer(p[0], p[0])",
                                         "J = np.diag(p[0] * (1 - p[0]))"),
    "dO not divided by N": ("02_backprop_derivation.ipynb", "\ndO = (P - Y) / N\n", "\ndO = P - Y\n"),
    "dW2 without the penalty": ("02_backprop_derivation.ipynb", "dW2 = H_out.T @ dO + 2 * reg * W2", "dW2 = H_out.T @ dO"),
    "dH_out divided by N twice": ("02_backprop_derivation.ipynb", "dH_out = dO @ W2.T", "dH_out = dO @ W2.T / N"),
    "no ReLU mask": ("02_backprop_derivation.ipynb", "dH_in = dH_out * mask", "dH_in = dH_out"),
    "half the penalty's gradient on W1": ("02_backprop_derivation.ipynb", "dW1 = X.T @ dH_in + 2 * reg * W1",
                                          "dW1 = X.T @ dH_in + reg * W1"),
    "the collapsed bias without b1": ("05_hidden_layer.ipynb", "b = b1 @ W2 + b2", "b = b2"),
}


@pytest.mark.parametrize("name", NOTEBOOK_MUTANTS)
def test_every_notebook_wrong_answer_is_caught_by_its_notebook(tmp_path, name):
    filename, old, new = NOTEBOOK_MUTANTS[name]
    nb = nbformat.read(ROOT / "notebooks" / filename, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and old in c.source]
    assert len(cells) == 1 and cells[0].source.count(old) == 1, f"{old!r} is not in one cell of {filename}"
    cells[0].source = cells[0].source.replace(old, new)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    with pytest.raises(CellExecutionError):
        client.execute()


def right_hand_sides(block_lines):
    """The right-hand sides of the assignments in a solution block, without spaces (x -= a * b gives
    "a*b"), the ones long enough to be a formula rather than a name."""
    found = []
    for line in block_lines:
        code = line.split("#")[0]
        for op in (" -= ", " += ", " *= ", " /= ", " = "):
            if op in code:
                found.append(code.split(op, 1)[1].replace(" ", ""))
                break
    return [rhs for rhs in found if len(rhs) > 6 and not re.fullmatch(r"[\w.]+\([\w,]*\)", rhs)]   # not a plain call


# the formulas a student derives or learns in the notebooks, in the ways a comment could write them
DERIVED = ["onehot", "h_out^T", "h_out.T", "2reg", "2*reg", "X^T", "X.T", "dscoresW2", "dscores@W2", "h_in>0",
           "momentum*v", "momentumv", "sqrt(cache)", "(1-decay_rate)", "1-beta"]
# The numerical gradient is a method the notebooks give (the official assignment ships it written), not a
# result to derive: its formula stays in gradient_check.py's docstring and its other functions.
GIVEN = ["gradient_check.py"]


@pytest.mark.parametrize("path", [p for p in sorted((ROOT / "cs231n").glob("*.py")) if p.name not in GIVEN],
                         ids=lambda p: p.name)
def test_the_student_package_states_what_to_compute_not_the_formula(path):
    """Issue 20: no stub, exercise comment or docstring of the student edition gives away the answer:
    neither a right-hand side of its own solution nor a formula the notebooks let the student derive."""
    text = path.read_text()
    student = stub_blocks(text, path.name).replace(" ", "")
    lines = text.split("\n")
    for first, last in find_blocks(lines, path):
        for rhs in right_hand_sides(lines[first + 1:last]):
            assert rhs not in student, f"{path.name}: the student edition shows the solution's {rhs!r}"
    if find_blocks(lines, path):
        shown = [fragment for fragment in DERIVED if fragment in student]
        assert not shown, f"{path.name}: the student edition shows the formula fragments {shown}"
