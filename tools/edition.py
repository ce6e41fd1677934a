"""The student edition: the project with every solution block replaced by a stub.

A solution block is the code a student writes, between a comment line "### BEGIN SOLUTION"
and a comment line "### END SOLUTION" (nbgrader's markers), in the package (cs231n/*.py) and
in the notebooks' code cells. Outside a student edition the markers are ordinary comments and
change nothing. In the edition each block becomes "# YOUR CODE HERE" and
"raise NotImplementedError()" at the block's indentation, notebook outputs are cleared, and
the tests and notebook checks are kept, so they tell a student, check by check, whether their
code is right.

    python -m tools.edition OUT_DIR     (make student writes build/student)

OUT_DIR is also a git repository (branch main), ready to push: each build replaces everything but its .git
and commits the new edition on top of the previous ones, so a student's copy (an nbgitpuller link, a
clone) can pull the teacher's fixes and keep their own work.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from tools import setup_cell

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HINT = "# Exercise:"     # the comment above a block that says what to write; the stub raises with it
ROOT = Path(__file__).resolve().parent.parent
COPIED = ["cs231n", "notebooks", "tests", "results", "binder", "requirements.txt", "pyproject.toml"]   # not tools/
# Left out of the copied folders: caches, the notebooks' text copies and the teacher's authoring rules and nbval
# settings for stored outputs (the edition's outputs are cleared; its `make test` checks assertions only).
LEFT_OUT = ("__pycache__", "*.egg-info", "text", "AUTHORING.md", "sanitize.cfg")
STUDENT_FILES = Path(__file__).resolve().parent / "student"     # the student's Makefile and README


class MarkerError(ValueError):
    """Unbalanced or nested solution markers."""


def find_blocks(lines, where):
    """(first, last) line indexes (0-based, markers included) of each solution block in
    ``lines``; raises MarkerError naming ``where`` and the line number when markers do not pair."""
    blocks, start = [], None
    for number, line in enumerate(lines):
        marker = line.strip()
        if marker == BEGIN:
            if start is not None:
                raise MarkerError(f"{where}, line {number + 1}: {BEGIN} inside the block opened at "
                                  f"line {start + 1}; blocks cannot nest")
            start = number
        elif marker == END:
            if start is None:
                raise MarkerError(f"{where}, line {number + 1}: {END} without a {BEGIN} before it")
            blocks.append((start, number))
            start = None
    if start is not None:
        raise MarkerError(f"{where}, line {start + 1}: {BEGIN} is never closed")
    return blocks


def exercise_hint(lines, first):
    """The text of the "# Exercise: ..." comment (and its "#   ..." continuation lines) just above
    the block that starts at line ``first``, or "" if there is none."""
    start = first
    while start > 0 and lines[start - 1].strip().startswith("#   "):
        start -= 1
    if start == 0 or not lines[start - 1].strip().startswith(HINT):
        return ""
    comment = [line.strip().lstrip("#").strip() for line in lines[start - 1:first]]
    return " ".join(comment)[len(HINT) - 1:].strip()


def stub_blocks(text, where, only=None):
    """``text`` with its solution blocks (or just block number ``only``) replaced by stubs that raise
    NotImplementedError with the block's exercise hint."""
    lines = text.split("\n")
    blocks = find_blocks(lines, where)
    for index, (first, last) in reversed(list(enumerate(blocks))):
        if only is None or index == only:
            indent = lines[first][:len(lines[first]) - len(lines[first].lstrip())]
            hint = exercise_hint(lines, first)
            lines[first:last + 1] = [f"{indent}# YOUR CODE HERE",
                                     f"{indent}raise NotImplementedError({hint!r})" if hint else f"{indent}raise NotImplementedError()"]
    return "\n".join(lines)


def count_blocks(text, where):
    return len(find_blocks(text.split("\n"), where))


SETUP_TAG = "student-setup"   # a cell the edition adds: NameErrors name the exercise to finish
ANSWER_TAG = "answer"     # a Markdown cell holding the teacher's answer to the inline question above it
EXERCISE_ANSWERS_TAG = "exercise-answers"   # a hidden check of the end-of-notebook exercises: it holds their answers
EMPTY_ANSWER = "**Your answer:** *(write it here)*"


def student_notebook(path, only_cell=None, only=None):
    """The notebook at ``path`` with its solution blocks stubbed, its answer cells emptied, the checks that
    hold the exercises' answers left out and every output cleared. With only_cell/only, stub just block ``only`` of code cell ``only_cell`` (for
    mutation checks)."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if ANSWER_TAG in cell.metadata.get("tags", []):
            cell.source = EMPTY_ANSWER
        if cell.cell_type != "code":
            continue
        if only_cell is None or index == only_cell:
            cell.source = stub_blocks(cell.source, f"{path} cell {index}", only)
        cell.outputs, cell.execution_count = [], None
    nb.cells = [cell for cell in nb.cells if EXERCISE_ANSWERS_TAG not in cell.metadata.get("tags", [])]
    student_repo = setup_cell.read_config()["student_repo"]          # what the setup cell clones on Colab
    setup_cell.set_setup_cell(nb, student_repo, where=str(path), insert=False)
    if any(cell.cell_type == "code" for cell in nb.cells):
        first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        setup = nbformat.v4.new_code_cell(
            "from cs231n.exercises import explain_missing_names\n\nexplain_missing_names()   # a NameError names the exercise to finish",
            metadata={"tags": [SETUP_TAG], "slideshow": {"slide_type": "skip"}})
        setup.id = SETUP_TAG        # not a random id: an unchanged edition rebuilds to the same files (no new commit)
        nb.cells.insert(first_code + 1, setup)
    return nb


def build(out_dir):
    """Write the student edition into ``out_dir`` (outside the sources), replacing all of it but its .git
    (the edition's history); return the number of stubbed blocks."""
    out_dir = Path(out_dir).resolve()
    if out_dir == ROOT or any(out_dir.is_relative_to(ROOT / name) for name in COPIED):
        raise ValueError(f"refusing to write the student edition over the sources: {out_dir}")
    for old in out_dir.iterdir() if out_dir.is_dir() else []:
        if old.name == ".git":
            continue
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        else:
            old.unlink()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, out_dir / name, ignore=shutil.ignore_patterns(*LEFT_OUT))
        else:
            shutil.copy2(source, out_dir / name)
    for path in STUDENT_FILES.iterdir():
        shutil.copy2(path, out_dir / path.name)
    stubbed = 0
    for path in sorted((out_dir / "cs231n").glob("*.py")):
        text = path.read_text()
        stubbed += count_blocks(text, path)
        path.write_text(stub_blocks(text, path))
    for path in sorted((out_dir / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        stubbed += sum(count_blocks(c.source, f"{path} cell {i}") for i, c in enumerate(nb.cells)
                       if c.cell_type == "code")
        nbformat.write(student_notebook(path), path)
    pyproject = out_dir / "pyproject.toml"      # the student's tests are in tests/ only
    pyproject.write_text(pyproject.read_text().replace('testpaths = ["tests", "tools/tests"]', 'testpaths = ["tests"]'))
    return stubbed


def git(folder, *args, check=True):
    """Run ``git -C folder ARGS``; a failure raises RuntimeError with git's message."""
    run = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)
    if check and run.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {folder}: {(run.stderr or run.stdout).strip()}")
    return run


def commit(out_dir):
    """Commit the edition in ``out_dir`` to its git repository (created on the first build, branch main).
    Returns the new commit's short hash, or None when nothing changed since the last build."""
    out_dir = Path(out_dir)
    if not (out_dir / ".git").exists():
        git(out_dir, "init", "--quiet", "--initial-branch=main")
    git(out_dir, "add", "--all")
    if git(out_dir, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode == 0 and \
            git(out_dir, "diff", "--cached", "--quiet", check=False).returncode == 0:
        return None
    source = git(ROOT, "describe", "--always", "--dirty", check=False).stdout.strip() or "a folder outside git"
    who = [] if git(out_dir, "config", "user.name", check=False).stdout.strip() else \
        ["-c", "user.name=make student", "-c", "user.email=make-student@localhost"]
    git(out_dir, *who, "commit", "--quiet", "-m", f"Student edition built from the teacher's edition at {source}")
    return git(out_dir, "rev-parse", "--short", "HEAD").stdout.strip()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tools.edition OUT_DIR")
    try:
        count = build(sys.argv[1])
        commit_id = commit(sys.argv[1])
    except (MarkerError, ValueError, RuntimeError) as error:
        sys.exit(f"error: {error}")
    config = setup_cell.read_config()
    print(f"student edition with {count} stubbed blocks written to {sys.argv[1]}")
    if commit_id is None:
        print(f"its git repository ({sys.argv[1]}, branch main) already holds this edition: nothing to commit")
    else:
        print(f"committed as {commit_id} in its git repository ({sys.argv[1]}, branch main); to publish it: "
              f"git -C {sys.argv[1]} push {config['student_repo']} main")
    note = setup_cell.placeholder_note(config)
    if note:
        print(note)


if __name__ == "__main__":
    main()
