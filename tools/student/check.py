"""`make check`: the tests, part by part in the order of the lesson.

Runs each part's tests (pytest, selected by the part's marker) or notebook (executed from top to bottom;
its hidden checks are assertions), stops at the first part that fails, says what to write and where, and
prints progress. A part that passed is not run again until something it depends on changes (its notebook, the
tests, or the package apart from the functions that only later parts ask for), so a second `make check` takes
seconds, and writing the next function does not re-run the parts before it.

    python check.py                  every part
    python check.py --no-notebooks   the unit tests only (quicker)
    python check.py --skip PART      leave out a part (e.g. --skip faults, --skip notebooks/06_cifar10_assignment.ipynb);
                                     may be repeated
"""
import ast
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".check-passed.json"    # the parts that passed, with a fingerprint of what they depended on

#: (marker or notebook, what the part is about, what to write and where). The markers are the
#: tests' pytest marks (see pyproject.toml); a part with no code to write checks the code around yours.
PARTS = [
    ("softmax", "softmax and its loss", "log_softmax and softmax_loss's loss in cs231n/neural_net.py"),
    ("forward", "the forward pass and the loss", "TwoLayerNet.forward and TwoLayerNet.penalised_loss in cs231n/neural_net.py"),
    ("notebooks/01_toy_network.ipynb", "notebook 1", "the exercise cells of notebook 1"),
    ("gradient_check", "the numerical gradient", "_nudged and centered_difference in cs231n/gradient_check.py"),
    ("backward", "the backward pass", "softmax_loss's dscores and TwoLayerNet.backward in cs231n/neural_net.py"),
    ("notebooks/02_backprop_derivation.ipynb", "notebook 2", "the exercise cells of notebook 2"),
    ("predict", "predictions", "TwoLayerNet.predict in cs231n/neural_net.py"),
    ("train", "plain SGD and the official training", "sgd in cs231n/optim.py (TwoLayerNet.train uses it)"),
    ("notebooks/03_gradient_checking.ipynb", "notebook 3", "nothing new: it checks what you wrote"),
    ("layers", "the layers", "affine_forward, affine_backward, relu_forward and relu_backward in cs231n/layers.py"),
    ("notebooks/04_backprop_as_a_rule.ipynb", "notebook 4", "the exercise cells of notebook 4"),
    ("momentum", "SGD with momentum", "sgd_momentum in cs231n/optim.py (notebook 5, section 2, explains it)"),
    ("solver", "the training loop with your rules", "nothing new: the Solver uses what you wrote"),
    ("figures", "the notebooks' figures", "nothing new: the figures draw what you computed"),
    ("notebooks/05_hidden_layer.ipynb", "notebook 5", "the exercise cells of notebook 5"),
    ("data", "the CIFAR-10 pipeline", "nothing: this part checks the data code around yours"),
    ("faults", "bad input and faults", "nothing: this part checks that every mistake gets a clear error"),
    ("notebooks/06_cifar10_assignment.ipynb", "notebook 6", "nothing new: it trains with what you wrote"),
    ("adaptive", "RMSProp and Adam", "rmsprop and adam in cs231n/optim.py (notebook 7, 'Four update rules', explains them)"),
    ("notebooks/07_how_far_it_goes.ipynb", "notebook 7", "nothing new: it trains with what you wrote"),
]


#: The functions you write, each under the first part that checks it ("file:qualified name"). A part's
#: result cannot depend on a function that only a later part asks for, so editing that function leaves
#: the part's earlier pass standing.
WRITTEN_IN = {
    "softmax": ["neural_net.py:log_softmax", "neural_net.py:softmax_loss"],
    "forward": ["neural_net.py:TwoLayerNet.forward", "neural_net.py:TwoLayerNet.penalised_loss"],
    "gradient_check": ["gradient_check.py:_nudged", "gradient_check.py:centered_difference"],
    "backward": ["neural_net.py:TwoLayerNet.backward"],
    "predict": ["neural_net.py:TwoLayerNet.predict"],
    "train": ["optim.py:sgd"],
    "layers": ["layers.py:affine_forward", "layers.py:affine_backward", "layers.py:relu_forward",
               "layers.py:relu_backward"],
    "momentum": ["optim.py:sgd_momentum"],
    "adaptive": ["optim.py:rmsprop", "optim.py:adam"],
}


def command(part):
    """The pytest command line that checks one part of unit tests. A test marked with several parts
    (e.g. the Solver with each update rule) belongs to the last of them."""
    markers = [name for name, _, _ in PARTS if not name.endswith(".ipynb")]
    later = markers[markers.index(part) + 1:]
    selection = f"{part} and not ({' or '.join(later)})" if later else part
    # Without the notebook plugin, which these tests do not use: it loads nbformat, whose schema checks
    # import for 2-3 s, more than the tests take.
    return [sys.executable, "-m", "pytest", "-q", "-x", "--tb=short", "-p", "no:nbval", "-m", selection, "tests"]


def functions(node, stop, prefix=""):
    """{qualified name: (first line, last line)} of the functions and methods in an ast node's body; a
    function runs up to the line before the next statement (``stop`` after the last one), so its
    trailing comments count as its own."""
    found = {}
    body = node.body
    for child, after in zip(body, body[1:] + [None]):
        first = min([child.lineno] + [d.lineno for d in getattr(child, "decorator_list", [])])
        last = (min([after.lineno] + [d.lineno for d in getattr(after, "decorator_list", [])]) - 1
                if after is not None else stop)
        if isinstance(child, ast.FunctionDef):
            found[prefix + child.name] = (first, last)
        elif isinstance(child, ast.ClassDef):
            found.update(functions(child, last, prefix + child.name + "."))
    return found


def read_sources():
    """What every part's result depends on, read once per run: a digest of the tests, and each package file
    as (its path relative to this folder, its lines, the spans of its functions; none if it does not parse,
    so that it counts whole)."""
    tests = hashlib.sha256()
    for path in sorted(HERE.glob("tests/*.py")):
        tests.update(str(path.relative_to(HERE)).encode() + path.read_bytes())
    package = []
    for path in sorted(HERE.glob("cs231n/**/*.py")):
        lines = path.read_text().split("\n")
        try:
            spans = functions(ast.parse("\n".join(lines)), len(lines))
        except SyntaxError:
            spans = {}
        package.append((path.relative_to(HERE), lines, spans))
    return tests.hexdigest(), package


def without(path, lines, spans, leave_out):
    """The text of a package file without the functions named in leave_out ({"file:name"})."""
    lines = list(lines)
    for name, (first, last) in sorted(spans.items(), key=lambda item: -item[1][0]):
        if f"{path.name}:{name}" in leave_out:
            lines[first - 1:last] = [f"<{name} is checked later>"]
    return "\n".join(lines)


def fingerprint(part, order, sources):
    """A hash of everything the part's result depends on: its notebook (for a notebook part), the tests,
    and the package without the functions that only later parts ask for (``sources``: read_sources())."""
    tests, package = sources
    later = order[order.index(part) + 1:]
    leave_out = {name for other in later for name in WRITTEN_IN.get(other, [])}
    digest = hashlib.sha256(f"{part}:{tests}".encode())
    if part.endswith(".ipynb"):
        digest.update((HERE / part).read_bytes())
    for path, lines, spans in package:
        digest.update(str(path).encode() + without(path, lines, spans, leave_out).encode())
    return digest.hexdigest()


def unit_test_problem(part):
    """None if the part's tests pass, else what failed: the test's name, its message and the failing line."""
    # A wide "terminal", so that pytest does not cut the FAILED line's message at 80 columns.
    run = subprocess.run(command(part), cwd=HERE, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    if run.returncode == 0:
        return None
    lines = run.stdout.splitlines()
    failed = [line for line in lines if line.startswith(("FAILED", "ERROR"))][:3]
    where = [line for line in lines if re.match(r"^(tests|cs231n)/\S+:\d+: ", line)][-2:]
    message = [line for line in lines if line.startswith("E ")][:10]
    return "\n".join(failed + where + message) or run.stdout[-2000:] + run.stderr[-2000:]


def notebook_problem(part):
    """None if the notebook runs from top to bottom, else the failing cell's place (the heading above it,
    as you see it in JupyterLab) and its error."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    path = HERE / part
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=1800, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute(stderr=subprocess.DEVNULL)
        return None
    except CellExecutionError:
        pass
    heading = "the top of the notebook"
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "markdown":
            titles = [line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("#")]
            heading = f"'{titles[-1]}'" if titles else heading
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if errors:
            first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            return (f"{path.name}, cell {number} of {len(nb.cells)} (under {heading}), which starts with:\n"
                    f"    {first_line}\n{errors[0].ename}: {errors[0].evalue}")
    return f"{path.name} stopped with an error"


def missing_tools(notebooks):
    """The modules this Python lacks to run the checks (pytest; nbclient for the notebooks)."""
    needed = ["pytest", "numpy"] + (["nbclient"] if notebooks else [])
    return [name for name in needed if importlib.util.find_spec(name) is None]


def main(argv):
    parts = [p for p in PARTS if (HERE / p[0]).exists() or not p[0].endswith(".ipynb")]
    if "--no-notebooks" in argv:
        parts = [p for p in parts if not p[0].endswith(".ipynb")]
    skipped = {argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "--skip"}
    order = [name for name, _, _ in PARTS]
    unknown = skipped - set(order)
    if unknown:
        print(f"No part called {', '.join(sorted(unknown))}; the parts are: {', '.join(order)}")
        return 2
    missing = missing_tools(any(p[0].endswith(".ipynb") for p in parts))
    if missing:
        print(f"This Python ({sys.executable}) has no {' and no '.join(missing)}, which the checks need: run `make "
              "check` in this folder, or install the course's requirements into this Python first "
              f"(`{Path(sys.executable).name} -m pip install -r requirements.txt`).")
        return 2
    parts = [p for p in parts if p[0] not in skipped]
    passed = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    sources = read_sources()
    for done, (part, title, write) in enumerate(parts):
        print(f"[{done + 1}/{len(parts)}] {title} ... ", end="", flush=True)
        key = fingerprint(part, order, sources)
        if passed.get(part) == key:
            print("ok (unchanged since it passed)")
            continue
        problem = notebook_problem(part) if part.endswith(".ipynb") else unit_test_problem(part)
        if problem is None:
            print("ok")
            passed[part] = key
            CACHE.write_text(json.dumps(passed, indent=1))
            continue
        print("not yet")
        print(problem)
        if write.startswith("nothing"):     # the part checks code written for earlier parts, or around it
            todo = (f"This part asks for no new code ({write.split(': ', 1)[1]}): the error above says what is "
                    "wrong and where. Fix it")
        else:
            todo = f"Write {write}"
        print(f"\n{done} of {len(parts)} parts pass. Next: {title}. {todo}, then run `make check` again.")
        return 1
    left_out = len(PARTS) - len(parts)
    if left_out:
        print(f"\nAll {len(parts)} parts pass, with {left_out} left out (--skip, --no-notebooks): run `make check` "
              "(or `python check.py` without options) to check everything.")
        return 0
    print(f"\nAll {len(parts)} parts pass: you have written the whole two-layer network.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
