"""The nbgrader course, built from the teacher's edition: ``make course`` (``python -m tools.nbgrader_course DIR``).

DIR gets what nbgrader expects of a course: ``nbgrader_config.py``, ``source/two_layer_net/`` (the assignment),
the gradebook and ``release/two_layer_net/`` (made by ``nbgrader generate_assignment``, the folder to hand out),
and ``grader/`` (the hidden tests and grading hooks of tools/grader/, which never go into the release).

The assignment is the student edition (tools/edition.py) with its notebooks at the top, where nbgrader looks
for them, and the nbgrader cell metadata written here, keyed on the markers the notebooks already carry:

- a code cell with a ``### BEGIN SOLUTION`` block is an autograded answer, the teacher's code inside the
  markers (nbgrader stubs it in the release); after it comes a read-only test cell worth EXERCISE_POINTS whose
  hidden test compares the names the solution assigns with the student's (cs231n_hidden.same_as_solution);
- a Markdown cell tagged ``answer`` is a manually graded answer worth ANSWER_POINTS (empty in the release);
- ``package.ipynb``, written here, grades the package: for each part of ``make check`` that asks for code, a
  read-only test cell running that part's unit tests (visible: what ``make check`` runs) and one running its
  hidden tests (cs231n_hidden.check_part), each worth PART_POINTS[part].

The package is released stubbed (the edition's copy, never the solutions) and the student's files with
solution blocks are kept at grading (``Autograde.exclude_overwriting``). Notebooks without exercise cells are
not run at grading (their inline questions are graded by hand): see tools/grader/grading_hooks.py.
"""
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import nbformat

from tools.edition import ANSWER_TAG, BEGIN, ROOT, build, find_blocks

ASSIGNMENT = "two_layer_net"
COURSE_ID = "cs231n-two-layer-net"
GRADER = Path(__file__).resolve().parent / "grader"       # copied into the course: hidden tests and hooks
EMPTY_ANSWER = "**Your answer:** *(write it here)*"
PACKAGE_NOTEBOOK = "package"
#: points of each part of `make check` that asks for code: its unit tests, and as many for its hidden tests
PART_POINTS = {"softmax": 2, "forward": 2, "gradient_check": 2, "backward": 4, "predict": 1, "train": 1,
               "layers": 3, "momentum": 1, "adaptive": 2}
EXERCISE_POINTS = 1       # each exercise cell of a notebook
ANSWER_POINTS = 2         # each inline question, graded by hand
CELL_TIMEOUT = 60         # seconds a cell may run at grading
NOTEBOOK_TIMEOUT = 300    # seconds a notebook may run at grading


def student_files():
    """The package files a student writes (those with solution blocks), relative to the assignment."""
    return [f"cs231n/{path.name}" for path in sorted((ROOT / "cs231n").glob("*.py"))
            if find_blocks(path.read_text().split("\n"), path)]


def graded_parts():
    """The parts of `make check` (tools/student/check.py) that ask for code: [(marker, title, what to write)]."""
    parts = runpy.run_path(str(ROOT / "tools" / "student" / "check.py"))["PARTS"]
    graded = [(marker, title, write) for marker, title, write in parts
              if not marker.endswith(".ipynb") and not write.startswith("nothing")]
    unknown = [marker for marker, _, _ in graded if marker not in PART_POINTS]
    if unknown:
        raise ValueError(f"make check's parts {unknown} have no points: add them to PART_POINTS in {__file__}")
    return graded


def nbgrader(grade_id, solution=False, grade=False, points=0):
    """nbgrader's metadata for one cell: graded cells are read-only unless they hold a solution."""
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def solution_code(source):
    """The code inside a cell's solution block(s), dedented."""
    lines = source.split("\n")
    return "\n".join(textwrap.dedent("\n".join(lines[first + 1:last])) for first, last in find_blocks(lines, "cell"))


def exercise_test_cell(cell, number):
    """The read-only cell after exercise ``number`` that grades it by a hidden comparison with the solution."""
    source = (f"# Graded ({EXERCISE_POINTS} point): the exercise above, compared by a hidden test with the\n"
              f"# solution on the same inputs when your work is graded\n"
              f"### BEGIN HIDDEN TESTS\nimport cs231n_hidden\n"
              f"cs231n_hidden.same_as_solution(globals(), {solution_code(cell.source)!r})\n### END HIDDEN TESTS")
    test = nbformat.v4.new_code_cell(source, metadata=nbgrader(f"exercise-{number}-test", grade=True,
                                                               points=EXERCISE_POINTS))
    test.id = f"{cell.id}-graded"[-64:]
    return test


def course_notebook(student, teacher):
    """The course's source notebook: the student edition's notebook ``student`` with the teacher's solutions
    and answers put back (cells matched by id with ``teacher``), nbgrader's metadata, and a graded cell after
    each exercise."""
    solutions = {cell.id: cell.source for cell in teacher.cells}
    cells, exercises, questions = [], 0, 0
    for cell in student.cells:
        teacher_source = solutions.get(cell.id, "")
        if ANSWER_TAG in cell.metadata.get("tags", []):
            questions += 1
            cell.source = teacher_source
            cell.metadata.update(nbgrader(f"question-{questions}", solution=True, grade=True, points=ANSWER_POINTS))
        cells.append(cell)
        if cell.cell_type == "code" and BEGIN in teacher_source:
            exercises += 1
            cell.source = teacher_source
            cell.metadata.update(nbgrader(f"exercise-{exercises}", solution=True))
            cells.append(exercise_test_cell(cell, exercises))
    student.cells = cells
    return student


def package_notebook(parts):
    """package.ipynb: for each part, a cell running make check's unit tests of it and a cell of hidden tests."""
    total = 2 * sum(PART_POINTS[marker] for marker, _, _ in parts)
    cells = [nbformat.v4.new_markdown_cell(
        "# Your package, graded part by part\n\n"
        f"Each part of `make check` that asks for code is graded twice, for {total} points in all: by its unit "
        "tests, which you can run here (or with `make check`), and by hidden tests of the same functions on other "
        "problems, run when your work is graded. Write your code in `cs231n/`, not here; restart the kernel "
        "after editing a file of the package.")]
    for marker, title, write in parts:
        points = PART_POINTS[marker]
        visible = (f"# make check's part '{title}' ({points} points): {write}\nimport check\nimport pytest\n\n"
                   f"arguments = check.command({marker!r})\n"
                   f"assert pytest.main(arguments[arguments.index('pytest') + 1:]) == 0, "
                   f"\"the part '{title}' fails: its first failing test is above\"")
        hidden = (f"# Hidden tests of the part '{title}' ({points} points), run when your work is graded\n"
                  f"### BEGIN HIDDEN TESTS\nimport cs231n_hidden\ncs231n_hidden.check_part({marker!r})\n"
                  "### END HIDDEN TESTS")
        cells += [nbformat.v4.new_code_cell(visible, metadata=nbgrader(f"part-{marker}", grade=True, points=points)),
                  nbformat.v4.new_code_cell(hidden, metadata=nbgrader(f"hidden-{marker}", grade=True, points=points))]
    for index, cell in enumerate(cells):
        cell.id = f"package-{index}"
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


def not_run(notebooks):
    """The notebooks (names without .ipynb) that hold no exercise cell: not executed at grading."""
    return sorted(path.stem for path in notebooks
                  if not any(BEGIN in cell.source for cell in nbformat.read(path, as_version=4).cells
                             if cell.cell_type == "code"))


CONFIG = '''"""nbgrader's settings for this course, written by tools/nbgrader_course.py (`make course`)."""
import os
import sys

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearHiddenTests, GetGrades,
                                    IgnorePattern, LimitOutput, SaveAutoGrades)

HERE = os.path.dirname(os.path.abspath(__file__))
GRADER = os.path.join(HERE, "grader")       # the hidden tests and hooks: never in the release
sys.path.insert(0, GRADER)
# The grading kernels inherit this environment: they import the hidden tests and the guard from GRADER.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [GRADER, os.environ.get("PYTHONPATH")]))
from grading_hooks import GradingExecute    # noqa: E402

c = get_config()                            # noqa: F821 (nbgrader defines it)
c.CourseDirectory.root = HERE
c.CourseDirectory.course_id = {course_id!r}
c.ClearSolutions.text_stub = {empty_answer!r}
# The student's own package files are graded; every other file is the release's copy.
c.Autograde.exclude_overwriting = {{{assignment!r}: {student_files!r}}}
c.Autograde.autograde_preprocessors = [GradingExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                       SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
c.GradingExecute.timeout = {cell_timeout}
c.GradingExecute.notebook_timeout = {notebook_timeout}
c.GradingExecute.not_run = {not_run!r}
c.GradingExecute.extra_arguments = ["--HistoryManager.hist_file=:memory:",
                                    "--IPKernelApp.exec_lines=import grading_guard; grading_guard.install()"]
# Feedback pages show what the hidden tests said, not their code.
c.GenerateFeedback.preprocessors = [ClearHiddenTests, GetGrades, CSSHTMLHeaderPreprocessor]
'''


def nbgrader_environment():
    """The environment to run nbgrader in: it calls ``alembic``, installed beside this Python."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return dict(os.environ, PATH=path)


def build_course(course_dir, notebooks=None, parts=None):
    """Write the course into ``course_dir`` (replacing it) and run ``nbgrader generate_assignment``; with
    ``notebooks`` (names without .ipynb) or ``parts`` (markers), only those (for quick tests)."""
    course = Path(course_dir).resolve()
    if course == ROOT or ROOT.is_relative_to(course) or any(course.is_relative_to(ROOT / d) for d in
                                                             ("cs231n", "notebooks", "tests", "tools")):
        raise ValueError(f"refusing to write the course over the sources: {course}")
    parts = [p for p in graded_parts() if parts is None or p[0] in parts]
    shutil.rmtree(course, ignore_errors=True)
    source = course / "source" / ASSIGNMENT
    with tempfile.TemporaryDirectory() as tmp:
        edition = Path(tmp) / "student"
        build(edition)
        shutil.copytree(edition, source, ignore=shutil.ignore_patterns("notebooks"))
        paths = [p for p in sorted((edition / "notebooks").glob("*.ipynb")) if notebooks is None or p.stem in notebooks]
        for path in paths:
            teacher = nbformat.read(ROOT / "notebooks" / path.name, as_version=4)
            nbformat.write(course_notebook(nbformat.read(path, as_version=4), teacher), source / path.name)
    nbformat.write(package_notebook(parts), source / f"{PACKAGE_NOTEBOOK}.ipynb")
    shutil.copytree(GRADER, course / "grader", ignore=shutil.ignore_patterns("__pycache__"))
    (course / "nbgrader_config.py").write_text(CONFIG.format(
        course_id=COURSE_ID, empty_answer=EMPTY_ANSWER, assignment=ASSIGNMENT, student_files=student_files(),
        cell_timeout=CELL_TIMEOUT, notebook_timeout=NOTEBOOK_TIMEOUT,
        not_run=not_run([ROOT / "notebooks" / f"{p.stem}.ipynb" for p in paths])))
    run = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT], cwd=course,
                         capture_output=True, text=True, env=nbgrader_environment())
    if run.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment failed in {course}:\n{run.stdout[-3000:]}{run.stderr[-3000:]}")
    return course


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tools.nbgrader_course COURSE_DIR")
    try:
        course = build_course(sys.argv[1])
    except (ValueError, RuntimeError) as error:
        sys.exit(f"error: {error}")
    print(f"nbgrader course written to {course}; the assignment to hand out is {course}/release/{ASSIGNMENT}")


if __name__ == "__main__":
    main()
