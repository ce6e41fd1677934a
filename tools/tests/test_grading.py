"""The nbgrader course and `make grade` (tools/nbgrader_course.py, tools/grading.py, tools/grader/): the hidden
tests against the wrong answers the project's tests know, the release against the teacher's solutions, the
guard and the time limit, and a small class graded end to end (notebook 1 and three parts of the package; the
full trial with every fault is tools/grading_trial.py, run by hand)."""
import csv
import json
import runpy
import shutil
import subprocess
import sys
import zipfile

import nbformat
import pytest

from tools.edition import ROOT, build, find_blocks, stub_blocks
from tools.grading import as_submitted, grade, strip_remote, typeset_maths
from tools.grading_trial import change_exercise, do_notebook, write_package
from tools.nbgrader_course import (
    ANSWER_POINTS,
    ASSIGNMENT,
    EXERCISE_POINTS,
    GRADER,
    PART_POINTS,
    build_course,
    graded_parts,
    student_files,
)
from tools.tests.test_edition import MUTANTS, NOTEBOOK_MUTANTS, mutate
from tools.tests.test_student_path import PACKAGE_FILES

#: Wrong answers that pass the part's unit tests (what make check runs), which its hidden tests must catch:
#: name -> (part, file, the right code, the wrong code).
HIDDEN_ONLY = {
    "the L2 penalty on the biases too": ("forward", "neural_net.py", "reg * (np.vdot(W1, W1) + np.vdot(W2, W2))",
                                         "reg * sum(np.vdot(p, p) for p in self.params.values())"),
    "the checker's step fixed at 1e-5": ("gradient_check", "gradient_check.py",
                                         "return (f_plus - f_minus) / (2 * h)", "return (f_plus - f_minus) / 2e-5"),
}

HIDDEN_PARTS = '''
import json, sys
cases = json.loads(sys.argv[1])
sys.path.insert(0, sys.argv[2])
import cs231n_hidden
found = {}
for case, folder in cases.items():
    for name in [m for m in sys.modules if m == "cs231n" or m.startswith("cs231n.")]:
        del sys.modules[name]
    sys.path.insert(0, folder)
    found[case] = [part for part in cs231n_hidden.PARTS if cs231n_hidden.part_problems(part)]
    sys.path.remove(folder)
print(json.dumps(found))
'''


def package_copy(folder, changes):
    """A copy of the teacher's package in folder/cs231n with {file name: new text}; returns folder."""
    shutil.copytree(ROOT / "cs231n", folder / "cs231n", ignore=shutil.ignore_patterns("__pycache__"))
    for name, text in changes.items():
        (folder / "cs231n" / name).write_text(text)
    return folder


def failing_hidden_parts(tmp_path, cases):
    """{case: the parts whose hidden tests fail} for {case: {file: text}} (one Python process for all)."""
    folders = {case: str(package_copy(tmp_path / f"case{i}", changes)) for i, (case, changes) in enumerate(cases.items())}
    run = subprocess.run([sys.executable, "-c", HIDDEN_PARTS, json.dumps(folders), str(GRADER)],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


def test_hidden_tests_pass_on_the_solution_and_catch_every_stub_and_every_known_wrong_answer(tmp_path):
    stubbed = {name: stub_blocks((ROOT / "cs231n" / name).read_text(), name) for name in PACKAGE_FILES}
    cases = {"solution": {}, "stubbed": stubbed}
    cases.update({name: {filename: mutate(filename, old, new)} for name, (filename, old, new) in MUTANTS.items()})
    cases.update({name: {filename: mutate(filename, old, new)} for name, (_, filename, old, new) in HIDDEN_ONLY.items()})
    found = failing_hidden_parts(tmp_path, cases)
    assert found.pop("solution") == []
    assert found.pop("stubbed") == [marker for marker, _, _ in graded_parts()]
    assert not [name for name, parts in found.items() if not parts], found
    for name, (part, _, _, _) in HIDDEN_ONLY.items():
        assert part in found[name], (name, found[name])


@pytest.mark.parametrize("name", HIDDEN_ONLY)
def test_a_wrong_answer_that_passes_make_checks_part_fails_its_hidden_tests(tmp_path, name):
    """The other half of the previous test for HIDDEN_ONLY: make check's part passes with this wrong answer."""
    part, filename, old, new = HIDDEN_ONLY[name]
    package_copy(tmp_path, {filename: mutate(filename, old, new)})
    command = runpy.run_path(str(ROOT / "tools" / "student" / "check.py"))["command"](part)
    selection = command[command.index("-m", 3) + 1]
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:nbval", "-c", str(tmp_path / "pytest.ini"),
                          "-m", selection, str(ROOT / "tests")], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": f"{tmp_path}:{ROOT / 'tests'}", "PATH": "/usr/bin:/bin"}, timeout=600)
    assert run.returncode == 0 and " passed" in run.stdout, run.stdout[-2000:]


def test_the_exercise_check_compares_values_and_functions_with_the_solution():
    sys.path.insert(0, str(GRADER))
    import cs231n_hidden
    import numpy as np
    namespace = {"np": np, "x": np.array([[1.0, -2.0]]), "W1": np.eye(2)}
    cs231n_hidden.same_as_solution(dict(namespace, h_in=np.array([[1.0, -2.0]])), "h_in = x @ W1")
    with pytest.raises(AssertionError, match="wrong values: h_in"):
        cs231n_hidden.same_as_solution(dict(namespace, h_in=np.array([[1.0, 2.0]])), "h_in = x @ W1")
    with pytest.raises(AssertionError, match="not computed: h_in"):
        cs231n_hidden.same_as_solution(namespace, "h_in = x @ W1")
    solution = "def mul_gate(a, b, upstream):\n    return b * upstream, a * upstream"
    cs231n_hidden.same_as_solution(dict(namespace, mul_gate=lambda a, b, u: (u * b, u * a)), solution)
    with pytest.raises(AssertionError, match="mul_gate gives other values"):
        cs231n_hidden.same_as_solution(dict(namespace, mul_gate=lambda a, b, u: (u * a, u * b)), solution)


GUARDED = '''
import os, shutil, subprocess, sys, urllib.request
sys.path.insert(0, sys.argv[1])
import grading_guard
grading_guard.install()
open("inside.txt", "w").write("x")
refused = []
for attempt in (lambda: open(sys.argv[2], "w"), lambda: subprocess.run(["true"]), lambda: os.system("true"),
                lambda: urllib.request.urlopen("http://example.com", timeout=5), lambda: os.remove(sys.argv[3]),
                lambda: shutil.copyfile("inside.txt", sys.argv[2])):
    try:
        attempt()
    except Exception as error:
        refused.append("refused by the grader" in str(error))
print(refused, os.path.exists("inside.txt"))
'''


def test_the_guard_refuses_network_programs_and_writes_outside_the_folder(tmp_path):
    folder, temporary, outside = tmp_path / "student", tmp_path / "tmp", tmp_path / "outside.txt"
    folder.mkdir()
    temporary.mkdir()                       # the temporary folder is allowed: make it one that holds no other file
    outside.write_text("keep me")
    run = subprocess.run([sys.executable, "-c", GUARDED, str(GRADER), str(ROOT / "written.txt"), str(outside)],
                         cwd=folder, capture_output=True, text=True, timeout=60, env={"TMPDIR": str(temporary)})
    assert run.stdout.strip() == "[True, True, True, True, True, True] True", run.stdout + run.stderr
    assert outside.read_text() == "keep me" and not (ROOT / "written.txt").exists()


def test_a_notebook_that_runs_out_of_time_scores_its_remaining_cells_zero(tmp_path):
    sys.path.insert(0, str(GRADER))
    from grading_hooks import GradingExecute
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in ("x = 1", "while True:\n    pass", "y = 2")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    executor = GradingExecute(timeout=60, notebook_timeout=4)
    executor.preprocess(nb, {"nbgrader": {"notebook": "slow"}, "metadata": {"path": str(tmp_path)}})
    errors = [[o.ename for o in cell.outputs if o.output_type == "error"] for cell in nb.cells]
    assert errors[0] == [] and errors[1] and errors[2] == ["NotebookTimeout"], errors
    skipped = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    GradingExecute(not_run=["manual"]).preprocess(skipped, {"nbgrader": {"notebook": "manual"}, "metadata": {"path": "."}})
    assert skipped.cells[0].outputs == []


def test_a_students_notebook_gets_the_release_metadata_and_its_graded_cells_back():
    release = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a", id="ex"),
                                              nbformat.v4.new_code_cell("test", id="ex-graded"),
                                              nbformat.v4.new_markdown_cell("answer", id="q")])
    release.metadata["kernelspec"] = {"name": "python3"}
    release.cells[0].metadata["nbgrader"] = {"grade_id": "exercise-1", "solution": True}
    release.cells[1].metadata["nbgrader"] = {"grade_id": "exercise-1-test", "grade": True}
    release.cells[2].metadata["nbgrader"] = {"grade_id": "question-1", "solution": True}
    student = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("my code", id="ex"),
                                              nbformat.v4.new_code_cell("my own cell", id="mine"),
                                              nbformat.v4.new_markdown_cell("my answer", id="q")])
    cells = as_submitted(release, student).cells
    assert [c.id for c in cells] == ["ex", "ex-graded", "mine", "q"]
    assert [c.source for c in cells] == ["my code", "test", "my own cell", "my answer"]
    assert cells[0].metadata["nbgrader"]["grade_id"] == "exercise-1" and "nbgrader" not in cells[2].metadata


def test_feedback_pages_keep_no_remote_script():
    page = ('<script src="https://cdnjs.cloudflare.com/mathjax.js"> </script><link rel="stylesheet" '
            'href="https://cdn.example/x.css"><a href="https://example.com">a link</a><script>x = 1</script>')
    assert strip_remote(page) == '<a href="https://example.com">a link</a><script>x = 1</script>'


def test_feedback_pages_show_the_maths_of_markdown_cells_as_mathml():
    page = ('<div class="text_cell_render"><p>The loss $L = -\\ln p_y$ and</p><p>$$\\frac{\\partial L}{\\partial s} = p - y$$</p>'
            '<p><code>cost = $5</code>, a broken $\\frac{a}{$ and $a &lt; b$</p></div>'
            '<div class="output_text"><pre>$x$ printed by code</pre></div>')
    typeset = typeset_maths(page)
    assert typeset.count("<math") == 3 and typeset.count('display="block"') == 1
    assert "$L" not in typeset and "\\partial" not in typeset and "<mo>&lt;</mo>" in typeset
    assert "<code>cost = $5</code>" in typeset and "$\\frac{a}{$" in typeset      # code, and TeX it cannot read
    assert "<pre>$x$ printed by code</pre>" in typeset                              # not a Markdown cell


# --- a course and a small class ------------------------------------------------------------------------

NOTEBOOK = "01_toy_network"
PARTS = ["softmax", "backward"]


def grade_a_small_class(tmp):
    """Two made-up students graded at once on notebook 1 and two parts, each handed in as a folder: ada did
    everything, eve everything with faults. (Zips: test_a_hand_in_that_is_not_a_zip…, test_submission.py and
    tools/grading_trial.py, which grades the zips of make submission.) That eve's wrong answers cost
    her points shows that her package and notebook are what is graded, not the teacher's (a student who did
    nothing scores 0 in tools/grading_trial.py). Returns the output folder, grades.csv's rows and the pristine
    student edition."""
    submissions, edition = tmp / "submissions", tmp / "edition"
    submissions.mkdir()
    build(edition)
    for student in ("ada", "eve"):
        work = shutil.copytree(edition, tmp / student)
        write_package(work, "all")
        do_notebook(work, f"{NOTEBOOK}.ipynb")
        if student == "eve":
            filename, old, new = MUTANTS["halved L2 gradient (the 1/2 convention)"]
            (work / "cs231n" / filename).write_text(mutate(filename, old, new))
            _, old, new = NOTEBOOK_MUTANTS["abs for ReLU"]
            change_exercise(work, f"{NOTEBOOK}.ipynb", 2, lambda source: source.replace(old, new))
            change_exercise(work, f"{NOTEBOOK}.ipynb", 1, lambda source: source.replace(
                "### END SOLUTION", "### END SOLUTION\nopen('../../../written_by_eve', 'w').write('x')"))
            (submissions / student).mkdir()
            (submissions / student / "notes.txt").write_text("not asked for")
        shutil.copytree(work / "cs231n", submissions / student / "cs231n")
        (submissions / student / "notebooks").mkdir()
        shutil.copy2(work / "notebooks" / f"{NOTEBOOK}.ipynb", submissions / student / "notebooks")
    out = tmp / "out"
    grade(submissions, out, notebooks=[NOTEBOOK], parts=PARTS, log=lambda line: None)
    with open(out / "grades.csv") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    return out, rows, edition


def test_a_small_class_is_graded_end_to_end(tmp_path):
    """One test, so that the class is graded once whatever the workers: the scores and notes of grades.csv, the
    feedback pages, and the release against the teacher's solutions."""
    out, rows, edition = grade_a_small_class(tmp_path)
    full = 2 * sum(PART_POINTS[p] for p in PARTS) + EXERCISE_POINTS * 8
    assert {s: float(r["total"]) for s, r in rows.items()} == {
        "ada": full, "eve": full - 2 * PART_POINTS["backward"] - EXERCISE_POINTS}
    questions = sum("answer" in c.metadata.get("tags", []) for c in nbformat.read(
        ROOT / "notebooks" / f"{NOTEBOOK}.ipynb", as_version=4).cells)
    assert float(rows["ada"]["max"]) == full and float(rows["ada"]["to_grade_by_hand"]) == ANSWER_POINTS * questions
    assert rows["ada"]["notes"] == ""
    assert "ignored 1 unexpected file(s): notes.txt" in rows["eve"]["notes"]
    assert "refused by the grader: writing" in rows["eve"]["notes"]
    assert not (out / "course" / "written_by_eve").exists()
    check_feedback_pages(out, rows)
    check_release(out / "course" / "release" / ASSIGNMENT, edition)


def check_feedback_pages(out, rows):
    """Each student's pages exist, load no remote script and show no hidden test's code, only its message."""
    for student in rows:
        pages = sorted((out / "feedback" / student).glob("*.html"))
        assert [p.name for p in pages] == [f"{NOTEBOOK}.html", "package.html"]
        for page in pages:
            text = page.read_text()
            assert 'src="http' not in text and "BEGIN HIDDEN TESTS" not in text and "same_as_solution" not in text
        assert "<math" in (out / "feedback" / student / f"{NOTEBOOK}.html").read_text()
    assert "hidden tests of the part 'backward' failed" in (out / "feedback" / "eve" / "package.html").read_text()


def solution_lines():
    """Every line of code (longer than 12 characters) inside a solution block of the teacher's package and of
    the graded notebook."""
    texts = [(ROOT / "cs231n" / name).read_text() for name in PACKAGE_FILES]
    texts += [c.source for c in nbformat.read(ROOT / "notebooks" / f"{NOTEBOOK}.ipynb", as_version=4).cells
              if c.cell_type == "code"]
    lines = []
    for text in texts:
        rows = text.split("\n")
        for first, last in find_blocks(rows, "text"):
            lines += [row.strip() for row in rows[first + 1:last] if row.strip() and not row.strip().startswith("#")]
    return sorted({line for line in lines if len(line) > 12})


def shown(path):
    """The text a reader sees in a file: a notebook's cell sources, any other file as it is."""
    if path.suffix == ".ipynb":
        return "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    return path.read_text(errors="replace")


def check_release(release, edition):
    """nbgrader's release shows no solution line more often than the student edition does (which shows a few in
    its tests and its hints, by design), none in the package, and no hidden test or teacher's answer."""
    lines = solution_lines()
    assert len(lines) > 20
    leaks = []
    for path in sorted(p for p in release.rglob("*") if p.is_file() and p.suffix in (".py", ".ipynb", ".md", ".txt")):
        name = path.relative_to(release).as_posix()
        twin = edition / ("notebooks/" + name if path.suffix == ".ipynb" else name)
        text, allowed = shown(path), shown(twin) if twin.exists() else ""
        leaks += [(name, line) for line in lines if text.count(line) > allowed.count(line)]
        if name in student_files() or name == "package.ipynb":
            leaks += [(name, line) for line in lines if line in text]
    assert not leaks, leaks[:10]
    assert not list(release.rglob("cs231n_hidden.py")) and not list(release.rglob("grading_guard.py"))
    release_text = (release / f"{NOTEBOOK}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" not in release_text and "Small random weights give scores" not in release_text


def test_a_hand_in_that_is_not_a_zip_is_noted_and_the_course_refuses_to_overwrite_the_sources(tmp_path):
    from tools.grading import read_submissions
    (tmp_path / "submission_zed.zip").write_text("not a zip")
    with zipfile.ZipFile(tmp_path / "submission_amy.zip", "w") as archive:
        archive.writestr("amy/notebooks/01_toy_network.ipynb", "{}")
        archive.writestr("../../outside.py", "print('a stray file outside the zip's folder')")
    found = {s.student: s for s in read_submissions(tmp_path)}
    assert found["zed"].files == {} and "cannot be read as a zip file" in found["zed"].notes[0]
    assert sorted(found["amy"].files) == ["../../outside.py", "notebooks/01_toy_network.ipynb"]
    with pytest.raises(ValueError, match="over the sources"):
        build_course(ROOT / "notebooks" / "course")
