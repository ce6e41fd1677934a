"""`make submission` in the student edition: one zip of the student's work, refused with a message when a
notebook is broken or a file is missing, never half-written."""
import re
import subprocess
import sys
import zipfile

import pytest

from tools.edition import build


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("submission") / "student"
    build(out)
    return out


def submit(edition, *args):
    return subprocess.run([sys.executable, "submission.py", *args], cwd=edition, capture_output=True, text=True,
                          timeout=600, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(edition)})


def test_the_zip_holds_the_students_work_and_nothing_of_the_teachers(edition):
    notebook = edition / "notebooks" / "01_toy_network.ipynb"
    text = notebook.read_text()
    for number in range(1, text.count("**Your answer:** *(write it here)*") + 1):
        text = text.replace("**Your answer:** *(write it here)*", f"**Your answer:** my own words, answer {number}", 1)
    notebook.write_text(text)
    run = submit(edition, "ada")
    assert run.returncode == 0 and "Wrote submission_ada.zip" in run.stdout, run.stderr
    with zipfile.ZipFile(edition / "submission_ada.zip") as archive:
        names = set(archive.namelist())
        assert {"ada/answers.md", "ada/check_summary.txt", "ada/cs231n/neural_net.py", "ada/cs231n/layers.py",
                "ada/notebooks/01_toy_network.ipynb"} <= names
        assert not any(name.startswith(("ada/tools", "ada/tests")) for name in names)
        answers = archive.read("ada/answers.md").decode().split("## 01_toy_network.ipynb")[1:]
        assert len(answers) >= 4      # each question with its own answer, also where cells stand between them
        for number, answer in enumerate(answers, start=1):
            assert f"**Inline question {number}:**" in answer and f"answer {number}\n" in answer, answer
        assert "parts pass" in archive.read("ada/check_summary.txt").decode()
        package = archive.read("ada/cs231n/neural_net.py").decode()
        assert "# YOUR CODE HERE" in package and "### BEGIN SOLUTION" not in package    # the student's stubs
    assert not list(edition.glob("*.part"))


@pytest.mark.parametrize("fault, message", [
    ("not json", r"notebooks/02_backprop_derivation.ipynb is not a valid notebook file"),
    ("missing", r"missing: cs231n/optim.py"),
    ("missing notebook", r"missing: notebooks/05_hidden_layer.ipynb"),
    ("bad name", r"the name 'a b' may only hold"),
])
def test_a_broken_hand_in_is_refused_with_a_message_and_no_zip(tmp_path, fault, message):
    edition = tmp_path / "student"
    build(edition)
    name = "a b" if fault == "bad name" else "bob"
    if fault == "not json":
        (edition / "notebooks" / "02_backprop_derivation.ipynb").write_text('{"cells": [')
    if fault == "missing":
        (edition / "cs231n" / "optim.py").unlink()
    if fault == "missing notebook":
        (edition / "notebooks" / "05_hidden_layer.ipynb").unlink()
    run = submit(edition, name)
    assert run.returncode == 1 and "No submission made" in run.stderr
    assert re.search(message, run.stderr), run.stderr
    assert not list(edition.glob("submission_*")) and not list(edition.glob("*.part"))


def test_a_name_with_a_space_is_refused_whether_make_quotes_it_or_not(edition):
    run = submit(edition, "Ada", "Lovelace")          # python submission.py Ada Lovelace
    assert run.returncode == 1 and "give one name, without spaces (e.g. Ada_Lovelace), not 2" in run.stderr
    assert not list(edition.glob("submission_Ada*"))      # (the module's edition also holds another test's zip)
    dry = subprocess.run(["make", "-n", "submission", "NAME=Ada Lovelace", "VENV=venv", "-o", "venv/.installed"],
                         cwd=edition, capture_output=True, text=True)
    assert 'submission.py "Ada Lovelace"' in dry.stdout, dry.stdout + dry.stderr   # one argument: refused by name
    dry = subprocess.run(["make", "-n", "submission", "VENV=venv", "-o", "venv/.installed"],
                         cwd=edition, capture_output=True, text=True)
    command = [line for line in dry.stdout.splitlines() if "submission.py" in line]  # (not make's directory lines)
    assert command and command[0].strip().endswith("submission.py"), dry.stdout      # no name: the login name
