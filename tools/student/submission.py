"""`make submission`: one zip of your work to hand in, like CS231n's collectSubmission.sh.

It holds your notebooks (with or without their outputs, as you saved them), your package (cs231n/), your
answers to the inline questions gathered in answers.md, and check_summary.txt: what `make check` says
about the unit-test parts (the notebooks, the data pipeline and the fault suite are not run here; your
teacher runs the notebooks). It is refused, with a message, when a notebook is not a valid notebook file or a
file is missing. Standard library only: it runs `check.py` for the summary with the Python that runs it.

    python submission.py [NAME]      (make submission NAME=yourname) -> submission_NAME.zip
"""
import getpass
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from check import PARTS  # noqa: E402  (check.py, beside this file, lists the edition's notebooks)

NOTEBOOKS = [part for part, _, _ in PARTS if part.endswith(".ipynb")]
#: the files a submission must hold: every notebook of the edition and the package files with exercises
EXPECTED = NOTEBOOKS + ["cs231n/neural_net.py", "cs231n/gradient_check.py", "cs231n/optim.py", "cs231n/layers.py"]
SUMMARY_TIMEOUT = 900       # seconds for check.py's summary: an endless loop in the package must not hang here


class SubmissionError(Exception):
    """The work cannot be handed in as it is; the message says why and what to do."""


def read_notebook(path):
    """The notebook at path as a dict; SubmissionError if it is not a notebook file."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SubmissionError(f"{path.relative_to(HERE)} is not a valid notebook file ({error}); restore it from "
                              f"your last good copy (`git checkout {path.relative_to(HERE)}` brings back the "
                              "edition's)") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise SubmissionError(f"{path.relative_to(HERE)} is JSON but not a notebook (it has no list of cells)")
    return nb


def tagged(cell, tag):
    return tag in cell.get("metadata", {}).get("tags", [])


def source(cell):
    return "".join(cell.get("source", "")).strip()


def answers(notebooks):
    """answers.md: every inline question and the answer written for it (the next cell tagged "answer";
    cells with numbers to answer it with may stand between), notebook by notebook."""
    text = ["# Answers to the inline questions\n"]
    for name, nb in notebooks.items():
        cells = nb["cells"]
        for index, question in enumerate(cells):
            if tagged(question, "inline-question"):
                answer = next((cell for cell in cells[index + 1:] if tagged(cell, "answer")), {})
                text += [f"## {name}\n", source(question) + "\n", (source(answer) or "(no answer cell)") + "\n"]
    return "\n".join(text)


def check_summary():
    """What `make check` says about the unit-test parts, as text (the data pipeline and the fault suite,
    which ask for no code and take minutes, are left out)."""
    command = [sys.executable, "check.py", "--no-notebooks", "--skip", "data", "--skip", "faults"]
    try:
        run = subprocess.run(command, cwd=HERE, capture_output=True, text=True, timeout=SUMMARY_TIMEOUT)
    except subprocess.TimeoutExpired as stopped:
        output = stopped.stdout.decode() if isinstance(stopped.stdout, bytes) else (stopped.stdout or "")
        return output + f"\n(stopped after {SUMMARY_TIMEOUT} s: a part did not finish)\n"
    return run.stdout + run.stderr


def build(name):
    """Write submission_<name>.zip next to this file; return its path."""
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise SubmissionError(f"the name {name!r} may only hold letters, digits, '.', '_' and '-': "
                              "run `make submission NAME=yourname`")
    missing = [path for path in EXPECTED if not (HERE / path).is_file()]
    if missing:
        raise SubmissionError(f"missing: {', '.join(missing)}; restore them (they belong to the edition you were "
                              "given) and run `make submission` again")
    notebooks = {Path(path).name: read_notebook(HERE / path) for path in NOTEBOOKS}
    package = sorted(path for path in (HERE / "cs231n").rglob("*.py") if "__pycache__" not in path.parts)
    target = HERE / f"submission_{name}.zip"
    part = target.with_suffix(".zip.part")
    try:
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in [HERE / "notebooks" / n for n in notebooks] + package:
                archive.write(path, f"{name}/{path.relative_to(HERE)}")
            archive.writestr(f"{name}/answers.md", answers(notebooks))
            archive.writestr(f"{name}/check_summary.txt", check_summary())
        part.replace(target)               # complete or absent: never half-written
    finally:
        part.unlink(missing_ok=True)
    return target


def main(argv):
    if len(argv) > 1:
        print(f"No submission made: give one name, without spaces (e.g. {'_'.join(argv)}), not {len(argv)}",
              file=sys.stderr)
        return 1
    try:
        target = build(argv[0] if argv else getpass.getuser())
    except SubmissionError as error:
        print(f"No submission made: {error}", file=sys.stderr)
        return 1
    with zipfile.ZipFile(target) as archive:
        count = len(archive.namelist())
    print(f"Wrote {target.name} ({count} files). Hand in this file.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
