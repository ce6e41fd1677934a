"""The course runs where classes run (README, *Set up and run*): in a bare Jupyter kernel of a fresh clone
with the package not installed, on Colab (simulated: a kernel outside the course that has google.colab),
on Binder (its configuration), and on a JupyterHub through nbgitpuller links to the student edition's git
repository. The setup cell is written by tools/setup_cell.py; what it calls is cs231n/notebook_setup.py."""
import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import time
import venv
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import tools.edition as edition
from cs231n import notebook_setup
from tools import setup_cell
from tools.assets import ROOT, SETUP_TAG, export_config

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
URL = "https://github.com/some-teacher/cs231n-two-layer-net"
FIRST = "01_toy_network.ipynb"


@pytest.fixture(autouse=True)
def plain_git(monkeypatch):
    """git without the machine's configuration: no user name (make student supplies one), no hooks."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def setup_cells(nb):
    return [cell for cell in nb.cells if SETUP_TAG in cell.metadata.get("tags", [])]


# --- the tool that writes the cell -----------------------------------------------------------------

def test_the_tool_inserts_one_setup_cell_first_and_updates_it_in_place(tmp_path):
    copies = [Path(shutil.copy2(path, tmp_path / path.name)) for path in NOTEBOOKS]
    assert sorted(setup_cell.update_notebooks(copies, URL)) == sorted(copies)
    for source, copy in zip(NOTEBOOKS, copies):
        before, after = nbformat.read(source, as_version=4), nbformat.read(copy, as_version=4)
        cell, = setup_cells(after)
        first_code = next(c for c in after.cells if c.cell_type == "code")
        assert first_code is cell, f"{copy.name}: the setup cell is not the first code cell"
        assert f'COURSE_URL = "{URL}"' in cell.source and '"/content/cs231n-two-layer-net"' in cell.source
        assert cell.metadata["slideshow"]["slide_type"] == "skip" and cell.outputs == []
        others = [c.source for c in after.cells if c is not cell]
        assert others == [c.source for c in before.cells if SETUP_TAG not in c.metadata.get("tags", [])]
        nbformat.validate(after)
    stored = [path.read_bytes() for path in copies]
    assert setup_cell.update_notebooks(copies, URL) == []                       # idempotent: nothing rewritten
    assert [path.read_bytes() for path in copies] == stored
    moved = "https://github.com/other-teacher/new-name.git"                     # the course's address changed
    assert setup_cell.update_notebooks(copies[:1], moved) == copies[:1]
    cell, = setup_cells(nbformat.read(copies[0], as_version=4))
    assert f'COURSE_URL = "{moved}"' in cell.source and '"/content/new-name"' in cell.source


def test_python_m_tools_setup_cell_writes_the_notebooks_and_the_links_once(tmp_path, monkeypatch, capsys):
    for name in ("README.md", "tools/student/README.md", f"notebooks/{FIRST}"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tmp_path / name)
    nb = nbformat.read(tmp_path / "notebooks" / FIRST, as_version=4)          # as before the tool ever ran
    nb.cells = [c for c in nb.cells if "setup" not in c.metadata.get("tags", [])]
    nbformat.write(nb, tmp_path / "notebooks" / FIRST)
    monkeypatch.setattr(setup_cell, "ROOT", tmp_path)
    setup_cell.main([])
    first = capsys.readouterr().out
    assert "setup cell written into 1 notebook(s)" in first
    setup_cell.main([])                                           # run again: nothing to rewrite
    again = capsys.readouterr().out
    assert "setup cell written into 0 notebook(s)" in again and "links updated in 0 README(s)" in again
    config = setup_cell.read_config()
    cell, = setup_cells(nbformat.read(tmp_path / "notebooks" / FIRST, as_version=4))
    assert f'COURSE_URL = "{config["teacher_repo"]}"' in cell.source
    with pytest.raises(SystemExit, match="usage"):
        setup_cell.main(["--help"])


def test_placeholder_addresses_are_named_until_the_teacher_sets_them():
    real = {"teacher_repo": "https://github.com/course/net", "student_repo": "https://github.com/course/net-student",
            "hub": "https://hub.university.edu"}
    assert setup_cell.placeholder_note(real) == ""
    note = setup_cell.placeholder_note(dict(real, student_repo="https://github.com/YOUR-ACCOUNT/x",
                                            hub="https://hub.example.edu"))
    assert "student_repo = https://github.com/YOUR-ACCOUNT/x; hub = https://hub.example.edu" in note
    assert "teacher_repo" not in note and "Colab cannot clone the course" in note


def test_the_sites_and_decks_leave_the_setup_cell_out(tmp_path):
    from nbconvert.preprocessors import TagRemovePreprocessor
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    setup_cell.set_setup_cell(nb, URL)
    expected = len(nb.cells) - 1 - sum("check" in c.metadata.get("tags", []) for c in nb.cells)
    kept, _ = TagRemovePreprocessor(config=export_config()).preprocess(nb, {})
    assert not [c for c in kept.cells if "COURSE_URL" in c.source] and len(kept.cells) == expected


def test_the_readme_link_blocks_come_from_course_cfg(tmp_path):
    config = setup_cell.read_config()
    names = [path.name for path in NOTEBOOKS]
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n{setup_cell.BEGIN_LINKS}\nOLD LINKS\n{setup_cell.END_LINKS}\n\nrest\n")
    assert setup_cell.write_links(readme, setup_cell.student_links(config, names))
    text = readme.read_text()
    repo = config["student_repo"].removeprefix("https://github.com/")
    assert f"https://colab.research.google.com/github/{repo}/blob/main/notebooks/{FIRST}" in text
    assert f"https://mybinder.org/v2/gh/{repo}/main" in text
    assert f"{config['hub']}/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2F" in text
    assert "OLD LINKS" not in text and text.endswith("\n\nrest\n")
    assert [line.split("`")[1] for line in text.splitlines() if line.startswith("| `")] == names
    assert not setup_cell.write_links(readme, setup_cell.student_links(config, names))   # unchanged: not rewritten
    for path in (ROOT / "README.md", ROOT / "tools" / "student" / "README.md"):    # the real ones hold the markers
        assert path.read_text().count(setup_cell.BEGIN_LINKS) == 1, path
    with pytest.raises(ValueError, match="not a GitHub repository address"):
        setup_cell.colab_link("https://gitlab.com/a/b", "main", FIRST)


def test_the_notebooks_needs_are_the_packages_dependencies():
    tomllib = pytest.importorskip("tomllib")
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert notebook_setup.NEEDS == dependencies + ["ipywidgets>=8,<9"]
    assert notebook_setup.missing_requirements() == []                          # this environment has them all
    assert notebook_setup.missing_requirements(["numpy>=999", "no-such-package-here>=1", "pytest>=8"]) == \
        ["numpy>=999", "no-such-package-here>=1"]


def wheel(folder, name):
    """A pure-Python wheel of a package ``name`` (version 1.0), built by hand: pip installs it offline."""
    import zipfile
    path = folder / f"{name}-1.0-py3-none-any.whl"
    info = f"{name}-1.0.dist-info"
    files = {f"{name}/__init__.py": "VERSION = '1.0'\n",
             f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    files[f"{info}/RECORD"] = "".join(f"{file},,\n" for file in [*files, f"{info}/RECORD"])
    with zipfile.ZipFile(path, "w") as archive:
        for file, text in files.items():
            archive.writestr(file, text)
    return f"{name} @ {path.as_uri()}"


def test_a_missing_requirement_is_installed_and_an_imported_one_asks_for_a_restart(bare_python, tmp_path):
    """What a kernel lacking requirements gets: pip (here from PYTHONPATH) installs them into the kernel's Python
    (offline, from wheels) and they import at once; one the kernel had already imported asks for a restart."""
    python, site_packages = bare_python
    script = (f"import runpy, sys, types\nsetup = runpy.run_path({str(ROOT / 'cs231n' / 'notebook_setup.py')!r})\n"
              "sys.modules['oldpkg'] = types.ModuleType('oldpkg')    # imported before, in an older version\n"
              f"try:\n    setup['install']([{wheel(tmp_path, 'newpkg')!r}, {wheel(tmp_path, 'oldpkg')!r}])\n"
              "except RuntimeError as error:\n    print(error)\n"
              "import newpkg\nprint('newpkg', newpkg.VERSION)\n")
    offline = dict(os.environ, PYTHONPATH=site_packages, PIP_NO_INDEX="1", PIP_CONFIG_FILE=os.devnull)
    done = subprocess.run([python, "-c", script], capture_output=True, text=True, timeout=300, env=offline)
    assert done.returncode == 0, done.stderr[-3000:]
    restart, imported = done.stdout.splitlines()
    assert restart.startswith("installed oldpkg @ file:") and "newpkg" not in restart and restart.endswith(
        "which this kernel had already imported in an older version: restart the kernel (on Colab: Runtime > "
        "Restart session) and run this notebook again")
    assert imported == "newpkg 1.0"                               # installed, and importable at once


# --- a bare kernel of a fresh clone, and Colab ------------------------------------------------------

@pytest.fixture(scope="module")
def course_repo(tmp_path_factory):
    """A git repository of the course as a clone holds it (notebook 1 only, with its setup cell)."""
    repo = tmp_path_factory.mktemp("origin") / "course"
    shutil.copytree(ROOT / "cs231n", repo / "cs231n", ignore=shutil.ignore_patterns("__pycache__"))
    (repo / "notebooks").mkdir()
    shutil.copy2(ROOT / "notebooks" / FIRST, repo / "notebooks" / FIRST)
    for name in ("requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, repo / name)
    setup_cell.update_notebooks([repo / "notebooks" / FIRST], URL)
    git_env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    for command in (["init", "--quiet", "--initial-branch=main"], ["add", "--all"],
                    ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "course"]):
        subprocess.run(["git", "-C", str(repo), *command], check=True, env=git_env)
    return repo


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    """A Python that has the requirements (this environment's site-packages on PYTHONPATH) but not the
    package: .pth files such as the editable install's are read only in a site folder, not on PYTHONPATH."""
    env = tmp_path_factory.mktemp("bare") / "env"
    venv.create(env, with_pip=False)
    return env / "bin" / "python", sysconfig.get_paths()["purelib"]


@pytest.fixture
def bare_kernel(bare_python, tmp_path, monkeypatch):
    """The name of a Jupyter kernel that runs in the bare Python."""
    python, site_packages = bare_python
    spec = tmp_path / "jupyter" / "kernels" / "bare"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "bare", "language": "python", "env": {"PYTHONPATH": site_packages}}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return "bare"


def run(nb, kernel, folder):
    """Execute ``nb`` with the kernel ``kernel`` started in ``folder``; return the text each code cell printed."""
    NotebookClient(nb, kernel_name=kernel, timeout=600, resources={"metadata": {"path": str(folder)}}).execute()
    return ["".join(o.get("text", "") for o in c.outputs) for c in nb.cells if c.cell_type == "code"]


def mini_notebook(setup_source, *sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in (setup_source, *sources)])


def test_a_bare_kernel_of_a_fresh_clone_runs_notebook_1_and_sees_edits_to_the_package(
        course_repo, bare_python, bare_kernel, tmp_path):
    python, site_packages = bare_python
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(course_repo), str(clone)], check=True)
    before = subprocess.run([python, "-c", "import numpy, ipykernel, cs231n"], capture_output=True, text=True,
                            cwd=tmp_path, env=dict(os.environ, PYTHONPATH=site_packages))
    assert "No module named 'cs231n'" in before.stderr             # the package is not installed there

    nb = nbformat.read(clone / "notebooks" / FIRST, as_version=4)
    printed = run(nb, bare_kernel, clone / "notebooks")           # raises on any error
    assert printed[0] == (f"Setup: cs231n is imported from {clone.resolve()}/cs231n (it is not installed here), "
                          "and re-imported when you edit it (autoreload).\n")

    toy = clone / "cs231n" / "toy.py"
    original = toy.read_text()
    toy.write_text(original + '\nEDITED = "first edit"\n')
    nb = mini_notebook(setup_cells(nb)[0].source, "import cs231n.toy\nprint(cs231n.toy.EDITED)")
    client = NotebookClient(nb, kernel_name=bare_kernel, timeout=600,
                            resources={"metadata": {"path": str(clone / "notebooks")}})
    with client.setup_kernel():                                   # a restarted kernel sees the edit
        client.execute_cell(nb.cells[0], 0)
        client.execute_cell(nb.cells[1], 1)
        assert nb.cells[1].outputs[0]["text"] == "first edit\n"
        toy.write_text(original + '\nEDITED = "second edit"\n')
        later = time.time() + 5
        os.utime(toy, (later, later))
        client.execute_cell(nb.cells[1], 1)                       # the same kernel too (autoreload)
        assert nb.cells[1].outputs[0]["text"] == "second edit\n"


def test_on_colab_the_setup_cell_clones_the_course_and_imports_the_clone(course_repo, bare_kernel, tmp_path):
    content = tmp_path / "content"                               # Colab opens the notebook alone, in /content
    content.mkdir()
    clone = content / "course"
    source = setup_cell.cell_source(course_repo.as_uri(), colab_folder=str(clone))
    nb = mini_notebook("import sys, types\nsys.modules['google.colab'] = types.ModuleType('google.colab')",
                       source, source,
                       "import os, subprocess, sys, cs231n\nprint(cs231n.__file__)\nprint(os.getcwd())\n"
                       "print(subprocess.run([sys.executable, '-c', 'import cs231n; print(cs231n.__file__)'],"
                       " capture_output=True, text=True, cwd='/').stdout, end='')")
    printed = run(nb, bare_kernel, content)
    clone = clone.resolve()
    assert printed[1] == (f"Setup: working in {clone}/notebooks, a clone of {course_repo.as_uri()}; cs231n is "
                          f"imported from {clone}/cs231n (it is not installed here), and re-imported when you "
                          "edit it (autoreload).\n")
    assert printed[2] == ""                                       # run again: nothing left to do, nothing said
    package = f"{clone}/cs231n/__init__.py"
    assert printed[3] == f"{package}\n{clone}/notebooks\n{package}\n"   # `!python -m cs231n...` sees it too


def test_in_make_lab_the_setup_cell_is_silent(tmp_path):
    source = setup_cell.cell_source(URL)
    nb = mini_notebook(source, "import cs231n, os\nprint(cs231n.__file__)\nprint(os.getcwd())")
    printed = run(nb, "python3", ROOT / "notebooks")             # this environment: cs231n installed editable
    assert printed == ["", f"{ROOT}/cs231n/__init__.py\n{ROOT}/notebooks\n"]


def test_outside_the_course_without_the_package_the_setup_cell_says_where_to_open_it(bare_kernel, tmp_path):
    nb = mini_notebook(setup_cell.cell_source(URL))
    with pytest.raises(Exception, match="open this notebook in the notebooks/ folder of the course"):
        run(nb, bare_kernel, tmp_path)


# --- Binder -----------------------------------------------------------------------------------------

def test_binder_installs_the_requirements_and_the_package_editable():
    tomllib = pytest.importorskip("tomllib")
    binder = ROOT / "binder"
    assert (binder / "requirements.txt").read_text().splitlines()[-1] == "-r ../requirements.txt"
    version = (binder / "runtime.txt").read_text().strip()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert version.startswith("python-3.") and requires == ">=3.10" and int(version.split(".")[1]) >= 10
    post_build = binder / "postBuild"
    assert post_build.stat().st_mode & stat.S_IXUSR, "repo2docker runs binder/postBuild: it must be executable"
    assert post_build.read_text().splitlines()[-1] == "python -m pip install --no-cache-dir --no-deps --editable ."
    assert "binder" in edition.COPIED                             # the student edition runs on Binder too


# --- the student edition's git repository, pulled by nbgitpuller -------------------------------------

def gitpuller(url, folder):
    """nbgitpuller's command line, as a hub runs it for a link: clone, or merge into the student's copy."""
    command = [str(os.path.join(os.path.dirname(sys.executable), "gitpuller")), url, "main", str(folder)]
    pulled = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert pulled.returncode == 0, pulled.stdout[-3000:] + pulled.stderr[-3000:]


def replace_once(path, old, new):
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new))


def test_the_student_edition_is_a_git_repository_that_nbgitpuller_merges_with_the_students_work(
        tmp_path, monkeypatch):
    teacher = tmp_path / "teacher"                                # the teacher's sources, which change
    for name in edition.COPIED:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, teacher / name)
    setup_cell.update_notebooks([teacher / "notebooks" / FIRST], URL)             # the teacher's address
    monkeypatch.setattr(edition, "ROOT", teacher)
    published, student = tmp_path / "student-edition", tmp_path / "home" / "cs231n-two-layer-net-student"
    edition.build(published)
    first = edition.commit(published)
    edition.build(published)                                      # rebuilt with nothing changed: no new commit
    assert first and edition.commit(published) is None
    gitpuller(published.as_uri(), student)                        # the first click on the link
    cell, = setup_cells(nbformat.read(student / "notebooks" / FIRST, as_version=4))
    assert f'COURSE_URL = "{setup_cell.read_config()["student_repo"]}"' in cell.source   # Colab clones this edition

    model = student / "cs231n" / "neural_net.py"                  # the student writes log_softmax ...
    stub = next(line for line in model.read_text().splitlines() if "raise NotImplementedError('return the" in line)
    replace_once(model, stub, "    return scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))  # mine")
    mine = nbformat.read(student / "notebooks" / FIRST, as_version=4)     # ... answers notebook 1's first question
    next(c for c in mine.cells if c.source == edition.EMPTY_ANSWER).source = "**Your answer:** my answer"
    nbformat.write(mine, student / "notebooks" / FIRST)           # (saved by Jupyter) ...
    (student / "notebooks" / "05_hidden_layer.ipynb").unlink()    # ... deletes a notebook by mistake ...
    (student / "notes.txt").write_text("my notes\n")              # ... and keeps notes of their own

    model = teacher / "cs231n" / "neural_net.py"                  # the teacher fixes the same file elsewhere,
    replace_once(model, "Shapes used throughout:", "Shapes used everywhere:")
    replace_once(model, "# Exercise: return the natural log of", "# Exercise: return the log of")  # and the stub
    nb = nbformat.read(teacher / "notebooks" / FIRST, as_version=4)             # and notebook 1's first heading
    heading = next(c for c in nb.cells if c.source.startswith("## The network\n"))
    heading.source = heading.source.replace("## The network", "## The network, drawn", 1)
    nbformat.write(nb, teacher / "notebooks" / FIRST)
    edition.build(published)
    second = edition.commit(published)
    log = edition.git(published, "log", "--format=%s").stdout.splitlines()
    assert second != first and len(log) == 2 and log[0].startswith("Student edition built from")
    gitpuller(published.as_uri(), student)                        # the next click: a merge

    model = (student / "cs231n" / "neural_net.py").read_text()
    assert "Shapes used everywhere:" in model and "# Exercise: return the log of" in model     # the teacher's fixes
    assert "keepdims=True))  # mine" in model                     # the student's code, kept where both changed
    assert "raise NotImplementedError('return the log of" not in model
    nb = nbformat.read(student / "notebooks" / FIRST, as_version=4)              # still a valid notebook
    assert "**Your answer:** my answer" in [c.source for c in nb.cells]
    assert any(c.source.startswith("## The network, drawn\n") for c in nb.cells)
    assert (student / "notebooks" / "05_hidden_layer.ipynb").exists()          # a deleted file comes back
    assert (student / "notes.txt").read_text() == "my notes\n"
