"""``make grade SUBMISSIONS=FOLDER``: grade a class's hand-ins with nbgrader; ``grades.csv`` and feedback pages.

    python -m tools.grading SUBMISSIONS [OUT]       (OUT defaults to build/grading)

SUBMISSIONS is a folder of ``submission_NAME.zip`` files (``make submission`` in the student edition), of
folders holding the same layout unzipped, or nbgrader's ``submitted/`` folder (``nbgrader collect``: one folder
per student holding ``two_layer_net/``). Each run starts afresh: a new course in ``OUT/course``
(tools/nbgrader_course.py) gets each student's notebooks and package files, nbgrader's autograde runs once per
student (in its own process group, one student per core at a time, with a time limit per cell, per notebook and
per student, the kernel guarded by tools/grader/grading_guard.py), then nbgrader's feedback. It writes

- ``OUT/grades.csv``: one row per student, sorted: each notebook's autograded points, the total and its maximum,
  the points of inline questions still to grade by hand, and one line saying what was wrong, if anything;
- ``OUT/feedback/STUDENT/*.html``: each notebook as graded, the hidden tests' messages without their code, no
  script or style sheet loaded from another site (the Markdown's maths turned into MathML, which browsers draw
  by themselves).

A submission is untrusted: a broken zip, a notebook that is not JSON, a missing or unexpected file, an
infinite loop, a syntax error or code that writes outside its folder costs that student the points concerned
and a note in ``grades.csv``; the other students are graded as usual. The inline questions are graded by hand
afterwards in nbgrader's formgrader, on ``OUT/course`` (a new run of make grade starts a new gradebook).
"""
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from tools.nbgrader_course import (
    ASSIGNMENT,
    PACKAGE_NOTEBOOK,
    build_course,
    nbgrader_environment,
    student_files,
)

STUDENT_TIMEOUT = 1800                # seconds for one student's autograde, all notebooks together
WORKERS = max(1, len(os.sched_getaffinity(0)))   # students graded at once: one per core, one BLAS thread each
MAX_FILE_BYTES = 20_000_000           # a larger file in a submission is not read
ERRORS_NOTED = ("refused by the grader", "CellTimeoutError", "NotebookTimeout")


class Submission:
    """One student's hand-in, read as {path in the student edition's layout: bytes}, and what was wrong."""

    def __init__(self, student, files, notes):
        self.student, self.files, self.notes = student, files, notes


def student_id(name):
    """The student's id from a zip or folder name: submission_ada.zip -> ada."""
    stem = re.sub(r"\.zip$", "", name)
    stem = re.sub(r"^submission_", "", stem)
    return re.sub(r"[^A-Za-z0-9_.-]", "_", stem) or "unnamed"


def strip_top_folder(files):
    """{path: bytes} with the folder that holds the hand-in's notebooks/ and cs231n/ (the zip's ``NAME/``) taken
    off the paths under it; a path elsewhere is kept as it is, and so noted as unexpected."""
    prefixes = Counter(path[:path.index(part)] for path in files for part in ("notebooks/", "cs231n/")
                       if part in path)
    if not prefixes:
        return files
    top = prefixes.most_common(1)[0][0]
    return {path[len(top):] if path.startswith(top) else path: data for path, data in files.items()}


def read_zip(path):
    """The files of a zip as {path: bytes}; big files and folders are left out, with a note."""
    files, notes = {}, []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            if info.file_size > MAX_FILE_BYTES:
                notes.append(f"{info.filename} is larger than {MAX_FILE_BYTES // 1_000_000} MB: not read")
                continue
            files[info.filename] = archive.read(info)
    return strip_top_folder(files), notes


def read_folder(path):
    """The files of an unzipped hand-in or of nbgrader's submitted/STUDENT/ folder, in the edition's layout
    (nbgrader's notebooks sit at the top of two_layer_net/; the edition's in notebooks/)."""
    nbgrader_layout = (path / ASSIGNMENT).is_dir()
    root = path / ASSIGNMENT if nbgrader_layout else path
    files = {}
    for file in sorted(root.rglob("*")):
        if file.is_file() and not file.is_symlink() and file.stat().st_size <= MAX_FILE_BYTES:
            name = file.relative_to(root).as_posix()
            if nbgrader_layout and "/" not in name and name.endswith(".ipynb"):
                name = f"notebooks/{name}"
            files[name] = file.read_bytes()
    return files, []


def read_submissions(folder):
    """Every hand-in in ``folder``, sorted by student; an unreadable one gives a Submission with no files."""
    submissions = {}
    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith("."):
            continue
        student = student_id(entry.name)
        try:
            files, notes = read_folder(entry) if entry.is_dir() else read_zip(entry)
        except (zipfile.BadZipFile, OSError) as error:
            files, notes = {}, [f"{entry.name} cannot be read as a zip file ({error})"]
        if student in submissions:
            notes.append(f"{entry.name} has the same student id as another hand-in: graded apart as {student}_2")
            student += "_2"
        submissions[student] = Submission(student, files, notes)
    return list(submissions.values())


def as_submitted(release, student):
    """The student's notebook in the form nbgrader grades: each of its cells that the release knows (same id)
    gets the release's nbgrader metadata; the release's graded cells the student's notebook lacks (the graded
    cells after the exercises, which the edition has not, or cells deleted) go back in after the release cell
    they follow. The student's own added cells stay where they are."""
    release_cells = {cell.id: cell for cell in release.cells}
    cells = []
    for cell in student.cells:
        known = release_cells.get(cell.get("id"))
        if known is not None and "nbgrader" in known.metadata:
            cell.metadata["nbgrader"] = known.metadata["nbgrader"]
        cells.append(cell)
    ids = [cell.get("id") for cell in cells]
    for index, cell in enumerate(release.cells):
        if "nbgrader" in cell.metadata and cell.id not in ids:
            before = release.cells[index - 1].id if index else None
            position = ids.index(before) + 1 if before in ids else len(cells)
            cells.insert(position, cell)
            ids.insert(position, cell.id)
    student.cells = cells
    student.metadata["kernelspec"] = release.metadata["kernelspec"]
    return student


def place(submission, release_dir, target):
    """Write a hand-in into nbgrader's submitted/STUDENT/two_layer_net/ (``target``): each notebook of the
    release (the student's, or none if missing or broken), the student's package files (the release's stub if
    missing); notes on what was missing, broken or unexpected."""
    files, notes = submission.files, submission.notes
    target.mkdir(parents=True)
    # make submission's extras, and the release's own files (an nbgrader hand-in holds them all): not graded
    expected = {"answers.md", "check_summary.txt"} | {
        path.relative_to(release_dir).as_posix() for path in release_dir.rglob("*") if path.is_file()}
    for path in sorted(release_dir.glob("*.ipynb")):
        name = f"notebooks/{path.name}"
        expected.add(name)
        if path.stem == PACKAGE_NOTEBOOK:
            shutil.copy2(path, target / path.name)          # written by the course: the student has none
        elif name not in files:
            notes.append(f"missing {name}")
        else:
            try:
                student = nbformat.reads(files[name].decode("utf-8"), as_version=4)
            except (UnicodeDecodeError, json.JSONDecodeError, nbformat.reader.NotJSONError, ValueError,
                    KeyError, AttributeError, TypeError) as error:
                notes.append(f"{name} is not a valid notebook ({type(error).__name__}): graded as missing")
                continue
            nbformat.write(as_submitted(nbformat.read(path, as_version=4), student), target / path.name)
    for name in student_files():
        expected.add(name)
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if name in files:
            (target / name).write_bytes(files[name])
            try:
                compile(files[name], name, "exec")
            except (SyntaxError, ValueError) as error:
                notes.append(f"{name} does not compile ({type(error).__name__}: {error})")
        else:
            shutil.copy2(release_dir / name, target / name)
            notes.append(f"missing {name}: graded with the stub")
    unexpected = sorted(name for name in files if name not in expected and not re.fullmatch(r"cs231n/[\w/]+\.py", name))
    if unexpected:
        notes.append(f"ignored {len(unexpected)} unexpected file(s): {', '.join(unexpected[:5])}")


def autograde(course, student, retry=True):
    """Run nbgrader's autograde for one student in its own process group; a note if it failed or ran out of time.
    Students are graded WORKERS at a time, sharing the gradebook (SQLite): a run that found it locked is retried."""
    temporary = course / "tmp" / student          # the kernel's temporary folder: the guard lets it write there
    temporary.mkdir(parents=True, exist_ok=True)
    env = dict(nbgrader_environment(), TMPDIR=str(temporary), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    process = subprocess.Popen([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--student", student,
                                "--force"], cwd=course, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        log, _ = process.communicate(timeout=STUDENT_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)            # the kernels too: they are in the same group
        process.communicate()
        return [f"grading stopped after {STUDENT_TIMEOUT} s"]
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)        # a kernel the student's code left behind
        except ProcessLookupError:
            pass
    if process.returncode != 0 and retry and "database is locked" in log:
        return autograde(course, student, retry=False)
    if process.returncode != 0:
        errors = [line for line in log.splitlines() if "ERROR" in line]
        return [f"nbgrader autograde failed: {(errors or log.splitlines() or ['no output'])[-1].strip()}"]
    return []


def run_notes(course, student):
    """One line per autograded notebook whose cells ran out of time or were refused something by the guard."""
    notes = []
    for path in sorted((course / "autograded" / student / ASSIGNMENT).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            errors = [f"{o.ename}: {o.evalue or 'a cell ran longer than the time limit and was stopped'}"
                      for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            noted = [e for e in errors if any(mark in e for mark in ERRORS_NOTED)]
            if noted:
                notes.append(f"{path.stem}: {noted[0].splitlines()[0][:160]}")
                break
    return notes


def grade_rows(course, students):
    """{student: {notebook: autograded points, ..., total, max, to_grade_by_hand}} from the gradebook;
    to_grade_by_hand: the points of the inline questions the student answered (unanswered ones score 0)."""
    from nbgrader.api import Gradebook, MissingEntry
    rows = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assignment = gradebook.find_assignment(ASSIGNMENT)
        notebooks = sorted(nb.name for nb in assignment.notebooks)
        for student in students:
            row = dict.fromkeys(notebooks, 0.0)
            by_hand = 0.0
            for name in notebooks:
                try:
                    submitted = gradebook.find_submission_notebook(name, ASSIGNMENT, student)
                except MissingEntry:
                    continue
                row[name] = submitted.code_score
                by_hand += sum(grade.max_score for grade in submitted.grades if grade.needs_manual_grade)
            row.update(total=sum(row[name] for name in notebooks), max=assignment.max_code_score,
                       to_grade_by_hand=by_hand)
            rows[student] = row
    return rows


def strip_remote(html):
    """A feedback page without the scripts and style sheets it would load from other sites (MathJax's CDN)."""
    html = re.sub(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>', "", html)
    return re.sub(r'<link[^>]*\shref="https?://[^"]*"[^>]*>', "", html)


# TeX in the text of a Markdown cell: $$display$$ or $inline$, as MathJax would find it on the page.
TEX = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def typeset_maths(html):
    """A feedback page with the TeX of its Markdown cells (``$…$``, ``$$…$$``) turned into MathML, which
    browsers draw without a script: the page's MathJax is loaded from another site, so strip_remote drops it.
    TeX in code, and TeX that latex2mathml cannot read, stays as it is."""
    from bs4 import BeautifulSoup
    from latex2mathml.converter import convert
    page = BeautifulSoup(html, "html.parser")
    for text in [t for cell in page.select("div.text_cell_render") for t in cell.find_all(string=TEX)]:
        if text.find_parent(["code", "pre"]):
            continue
        pieces, end = [], 0
        for match in TEX.finditer(text):
            display, inline = match.groups()
            try:
                mathml = convert(display or inline, display="block" if display else "inline")
            except Exception:           # latex2mathml raises many kinds of error on TeX it does not know
                continue
            pieces += [text[end:match.start()], BeautifulSoup(mathml, "html.parser")]
            end = match.end()
        if pieces:
            text.replace_with(*pieces, text[end:])
    return str(page)


def feedback(course, out, students):
    """nbgrader's feedback pages, copied to out/feedback/STUDENT/ without remote scripts, maths as MathML."""
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_feedback", ASSIGNMENT], cwd=course,
                   env=nbgrader_environment(), capture_output=True, text=True)
    for student in students:
        for page in sorted((course / "feedback" / student / ASSIGNMENT).glob("*.html")):
            target = out / "feedback" / student / page.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(typeset_maths(strip_remote(page.read_text(encoding="utf-8"))), encoding="utf-8")


def write_csv(path, rows, notes):
    """grades.csv: student, the notebooks' autograded points, total, max, to_grade_by_hand, notes."""
    columns = list(next(iter(rows.values()))) if rows else []
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["student", *columns, "notes"])
    for student, row in sorted(rows.items()):
        writer.writerow([student, *(f"{row[c]:g}" for c in columns), "; ".join(notes[student])])
    path.write_text(text.getvalue())


def grade(submissions_dir, out, notebooks=None, parts=None, log=print):
    """Grade every hand-in of ``submissions_dir`` into ``out``; return {student: row} (see the module's doc)."""
    out = Path(out).resolve()
    submissions = read_submissions(submissions_dir)
    if not submissions:
        raise ValueError(f"no submissions in {submissions_dir}: expected submission_NAME.zip files or folders")
    shutil.rmtree(out / "feedback", ignore_errors=True)
    course = build_course(out / "course", notebooks=notebooks, parts=parts)
    release = course / "release" / ASSIGNMENT
    for submission in submissions:
        place(submission, release, course / "submitted" / submission.student / ASSIGNMENT)
    students = [s.student for s in submissions]

    def grade_one(submission):
        log(f"grading {submission.student} ...")
        return submission.notes + autograde(course, submission.student) + run_notes(course, submission.student)
    with ThreadPoolExecutor(WORKERS) as pool:
        notes = dict(zip(students, pool.map(grade_one, submissions)))
    rows = grade_rows(course, students)
    feedback(course, out, students)
    write_csv(out / "grades.csv", rows, notes)
    return rows


def main(argv):
    if len(argv) not in (1, 2):
        sys.exit("usage: python -m tools.grading SUBMISSIONS_FOLDER [OUT_FOLDER]   (make grade SUBMISSIONS=...)")
    if not Path(argv[0]).is_dir():
        sys.exit(f"error: SUBMISSIONS={argv[0]} is not a folder: give the folder that holds the submission_NAME.zip files")
    out = Path(argv[1] if len(argv) == 2 else "build/grading")
    try:
        rows = grade(argv[0], out)
    except (ValueError, RuntimeError) as error:
        sys.exit(f"error: {error}")
    print(f"graded {len(rows)} submissions: {out / 'grades.csv'}, feedback pages in {out / 'feedback'}")


if __name__ == "__main__":
    main(sys.argv[1:])
