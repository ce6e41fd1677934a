"""Made-up students for ``make grade``: each hand-in made with the student edition's ``submission.py`` (what
``make submission NAME=…`` runs), graded, and its score checked against what it should be.

    python -m tools.grading_trial OUT [--class N]

OUT/submissions/ gets the zips, OUT/grading/ the course, grades.csv and the feedback pages, OUT/grading-again/
the second grading. The students:
all correct; nothing done; half done (notebook 1 and the first four parts of the package); and, each on top
of the correct work, one fault of the issue's list: an infinite loop in an exercise cell, a syntax error in a
package file, a notebook missing from the zip, a notebook that is not JSON, files outside the expected names,
and code that writes outside its folder. Then the same folder is graded a second time and the two grades.csv
must be the same file. With ``--class N``, N copies of those zips (the students above in turn) are graded once,
timed, into OUT/class-grading/.
tools/tests/test_grading.py grades a few of them, on fewer notebooks, in CI.
"""
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat

from tools.edition import ANSWER_TAG, ROOT, build
from tools.grading import grade
from tools.nbgrader_course import EXERCISE_POINTS, PART_POINTS, graded_parts

NOTEBOOK_1 = "01_toy_network.ipynb"


def write_package(edition, parts):
    """The edition's package with the solution blocks of ``parts`` (make check's markers) written from the
    teacher's, or every block for parts="all"; the others stay stubbed."""
    from tools.tests.test_student_path import BLOCKS_OF_PART, write_package as write_parts
    write_parts(edition, list(BLOCKS_OF_PART) if parts == "all" else parts)


def do_notebook(edition, name, answer="My answer, in my own words."):
    """Write the teacher's code into the notebook's exercise cells (matched by id) and an answer to each
    inline question."""
    teacher = {cell.id: cell.source for cell in nbformat.read(ROOT / "notebooks" / name, as_version=4).cells}
    path = edition / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "### BEGIN SOLUTION" in teacher.get(cell.id, ""):
            cell.source = teacher[cell.id]
        if ANSWER_TAG in cell.metadata.get("tags", []):
            cell.source = f"**Your answer:** {answer}"
    nbformat.write(nb, path)


def change_exercise(edition, name, number, change):
    """Apply ``change`` (source -> source) to exercise cell ``number`` (1-based) of a notebook."""
    path = edition / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    cells = [cell for cell in nb.cells if cell.cell_type == "code" and "# Exercise:" in cell.source]
    cells[number - 1].source = change(cells[number - 1].source)
    nbformat.write(nb, path)


def all_correct(edition, notebooks):
    write_package(edition, "all")
    for name in notebooks:
        do_notebook(edition, name)


def half_done(edition, notebooks):
    write_package(edition, ["softmax", "forward", "gradient_check", "backward"])
    if NOTEBOOK_1 in notebooks:
        do_notebook(edition, NOTEBOOK_1)


def infinite_loop(edition, notebooks):
    all_correct(edition, notebooks)
    change_exercise(edition, NOTEBOOK_1, 8, lambda source: "while True:\n    pass\n" + source)


def syntax_error(edition, notebooks):
    all_correct(edition, notebooks)
    path = edition / "cs231n" / "layers.py"
    path.write_text(path.read_text().replace("def relu_forward(x):", "def relu_forward(x)"))


def writes_outside(edition, notebooks):
    all_correct(edition, notebooks)
    change_exercise(edition, NOTEBOOK_1, 1, lambda source: source.replace(
        "### END SOLUTION", "### END SOLUTION\nopen('../../../written_by_a_student', 'w').write('x')   # the course folder"))


def zip_member(zip_path, change):
    """Rewrite a zip with ``change({name: bytes})`` applied to its files (a hand-in not made by make submission)."""
    with zipfile.ZipFile(zip_path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files = change(files)
    with zipfile.ZipFile(zip_path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)


def without(suffix):
    return lambda files: {name: data for name, data in files.items() if not name.endswith(suffix)}


def broken(suffix):
    return lambda files: {name: b'{"cells": [' if name.endswith(suffix) else data for name, data in files.items()}


def extra_files(files):
    top = next(iter(files)).split("/")[0]
    return {**files, f"{top}/notes.txt": b"hello", "../../outside.py": b"print('x')", f"{top}/cs231n/../../x.sh": b"rm"}


#: name -> (how the work is done, a change to the zip or None, the points it loses from the full score or None
#: for a score computed by expected_score)
STUDENTS = {
    "all_correct": (all_correct, None, 0),
    "nothing_done": (lambda edition, notebooks: None, None, None),
    "half_done": (half_done, None, None),
    "infinite_loop": (infinite_loop, None, EXERCISE_POINTS),
    "syntax_error": (syntax_error, None, None),
    "missing_notebook": (all_correct, without("02_backprop_derivation.ipynb"), None),
    "not_json": (all_correct, broken("02_backprop_derivation.ipynb"), None),
    "unexpected_files": (all_correct, extra_files, 0),
    "writes_outside": (writes_outside, None, 0),
}


def exercises_in(name):
    """The number of exercise cells of a teacher's notebook."""
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return sum("### BEGIN SOLUTION" in cell.source for cell in nb.cells if cell.cell_type == "code")


def expected_scores(notebooks, parts):
    """What each made-up student should score (autograded points), from the course's point tables."""
    part_points = {marker: 2 * PART_POINTS[marker] for marker, _, _ in graded_parts() if marker in parts}
    exercises = {name: EXERCISE_POINTS * exercises_in(name) for name in notebooks}
    full = sum(part_points.values()) + sum(exercises.values())
    nb2 = exercises.get("02_backprop_derivation.ipynb", 0)
    # layers.py that does not compile: pytest cannot collect the tests that import it, so every part's unit
    # tests fail (as in make check); of the hidden tests only the layers' fail
    syntax = sum(part_points.values()) // 2 + PART_POINTS["layers"] * ("layers" in parts)
    scores = {"nothing_done": 0,
              "half_done": sum(part_points.get(p, 0) for p in ("softmax", "forward", "gradient_check", "backward"))
              + exercises.get(NOTEBOOK_1, 0),
              "syntax_error": full - syntax, "missing_notebook": full - nb2, "not_json": full - nb2}
    for student, (_, _, loss) in STUDENTS.items():
        if loss is not None:
            scores[student] = full - loss
    return scores, full


def make_submissions(out, students, notebooks):
    """Write the zip of each (student, kind of student in STUDENTS) with the edition's submission.py into out/;
    return the folder."""
    out.mkdir(parents=True, exist_ok=True)
    for student, kind in students:
        work, zip_change, _ = STUDENTS[kind]
        edition = out.parent / "editions" / student
        build(edition)
        work(edition, notebooks)
        run = subprocess.run([sys.executable, "submission.py", student], cwd=edition, capture_output=True,
                             text=True, timeout=900, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(edition)})
        if run.returncode != 0:
            raise RuntimeError(f"make submission failed for {student}: {run.stderr}")
        target = out / f"submission_{student}.zip"
        shutil.move(edition / f"submission_{student}.zip", target)
        if zip_change:
            zip_member(target, zip_change)
        shutil.rmtree(edition)
    return out


def main(argv):
    out = Path(argv[0]).resolve()
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    submissions = out / "submissions"
    if "--class" in argv:           # N copies of the made-up students' zips (made first if missing), graded once
        count = int(argv[argv.index("--class") + 1])
        if not submissions.is_dir():
            make_submissions(submissions, [(name, name) for name in STUDENTS], notebooks)
        shutil.rmtree(out / "class", ignore_errors=True)
        (out / "class").mkdir()
        names = list(STUDENTS)
        for i in range(count):
            kind = names[i % len(names)]
            shutil.copy2(submissions / f"submission_{kind}.zip", out / "class" / f"submission_{kind}_{i:02d}.zip")
        start = time.monotonic()
        rows = grade(out / "class", out / "class-grading")
        print(f"graded {count} submissions in {time.monotonic() - start:.0f} s")
        print((out / "class-grading" / "grades.csv").read_text())
        expected, _ = expected_scores(notebooks, [marker for marker, _, _ in graded_parts()])
        wrong = {s: (row["total"], expected[s[:-3]]) for s, row in rows.items() if row["total"] != expected[s[:-3]]}
        print(f"NOT as expected (got, expected): {wrong}" if wrong else "every score as expected")
        return 1 if wrong else 0
    shutil.rmtree(out, ignore_errors=True)
    make_submissions(submissions, [(name, name) for name in STUDENTS], notebooks)
    expected, full = expected_scores(notebooks, [marker for marker, _, _ in graded_parts()])
    start = time.monotonic()
    rows = grade(submissions, out / "grading")
    print(f"graded {len(rows)} submissions in {time.monotonic() - start:.0f} s")
    first = (out / "grading" / "grades.csv").read_text()
    print(first)
    wrong = {s: (rows[s]["total"], expected[s]) for s in expected if rows[s]["total"] != expected[s]}
    print(f"full score {full}; " + (f"NOT as expected (got, expected): {wrong}" if wrong else "every score as expected"))
    grade(submissions, out / "grading-again")
    same = (out / "grading-again" / "grades.csv").read_text() == first
    print("a second grading gives the same grades.csv" if same else "a second grading gives ANOTHER grades.csv")
    return 0 if not wrong and same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
