"""The first cell of every notebook, and the course's Colab, Binder and JupyterHub links.

The setup cell makes a notebook run wherever it is opened: in ``make lab`` it does nothing; in a bare
Jupyter kernel, on Binder or on a JupyterHub it makes ``import cs231n`` import the course's own
``cs231n/`` (the notebook's parent folder); on Colab it first clones the course. The cell itself only
finds (or clones) the course folder; ``cs231n/notebook_setup.py`` does the rest. Its one setting is the
course's git address, which differs between the teacher's and the student's edition; all addresses
live in ``tools/course.cfg``.

    python -m tools.setup_cell              the setup cell of every notebooks/*.ipynb (teacher_repo), and
                                            the link blocks of README.md and tools/student/README.md
    python -m tools.setup_cell NB.ipynb...  only these notebooks (still the link blocks)

Run it again whenever course.cfg changes; it rewrites only what differs. ``make student`` puts
student_repo into the student edition's setup cells (``tools/edition.py``).
"""
import configparser
import sys
from pathlib import Path
from urllib.parse import quote, urlparse

import nbformat

from tools.assets import ROOT, SETUP_TAG

CONFIG = Path(__file__).resolve().parent / "course.cfg"
PLACEHOLDERS = ("YOUR-ACCOUNT", "example.edu")     # in course.cfg's addresses until the teacher sets real ones
CELL_ID = "course-setup"
CELL = '''\
#@title Setup: run this cell first (it makes the notebook import the course's own cs231n/ package)
import importlib.util, os, runpy, subprocess, sys
COURSE_URL = "{url}"
COLAB_FOLDER = "{colab_folder}"   # where Colab clones COURSE_URL (a Drive folder keeps your edits)
course = next((d for d in (os.path.abspath(".."), COLAB_FOLDER) if os.path.isdir(os.path.join(d, "cs231n"))), None)
if course is None and "google.colab" in sys.modules:
    course = COLAB_FOLDER; subprocess.run(["git", "clone", "--quiet", "--depth=1", COURSE_URL, course], check=True)
if course is not None:
    runpy.run_path(os.path.join(course, "cs231n", "notebook_setup.py"))["setup"](course, COURSE_URL)
elif importlib.util.find_spec("cs231n") is None:
    raise ModuleNotFoundError(f"no cs231n/ package beside {{os.getcwd()}}: open this notebook in the "
                              f"notebooks/ folder of the course ({{COURSE_URL}})")'''
CELL_METADATA = {"tags": [SETUP_TAG], "slideshow": {"slide_type": "skip"},
                 "jupyter": {"source_hidden": True},    # collapsed in JupyterLab
                 "cellView": "form"}                     # on Colab: the #@title line, the code folded
BEGIN_LINKS = "<!-- course links: written by `python -m tools.setup_cell` from tools/course.cfg -->"
END_LINKS = "<!-- end of course links -->"


def read_config(path=CONFIG):
    """The [course] settings of course.cfg: teacher_repo, student_repo, branch, hub (all checked)."""
    parser = configparser.ConfigParser(interpolation=None)
    if not parser.read(path):
        raise FileNotFoundError(f"{path} is missing: it names the course's git repositories")
    if "course" not in parser:
        raise ValueError(f"{path} has no [course] section")
    settings = dict(parser["course"])
    for key in ("teacher_repo", "student_repo", "branch", "hub"):
        if not settings.get(key):
            raise ValueError(f"{path}: set {key} in the [course] section")
    for key in ("teacher_repo", "student_repo", "hub"):
        if urlparse(settings[key]).scheme not in ("https", "http"):
            raise ValueError(f"{path}: {key} = {settings[key]} is not an https:// address")
    return settings


def placeholder_note(config):
    """A line telling the teacher which of course.cfg's addresses still hold a placeholder, or ""."""
    unset = [f"{key} = {config[key]}" for key in ("teacher_repo", "student_repo", "hub")
             if any(p in config[key] for p in PLACEHOLDERS)]
    if not unset:
        return ""
    return (f"note: {CONFIG} still holds placeholder addresses ({'; '.join(unset)}): until they are the course's "
            "own, Colab cannot clone the course and the README's links lead nowhere. Set them, run "
            "`python -m tools.setup_cell`, then `make student` again")


def repo_name(url):
    """The folder a clone of ``url`` gets: its last path part without .git."""
    name = urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]
    return name[:-4] if name.endswith(".git") else name


def cell_source(url, colab_folder=None):
    """The setup cell's code for the course at ``url``; Colab clones it into ``colab_folder``
    (default /content/NAME)."""
    if '"' in url or "\\" in url:
        raise ValueError(f"the course's address {url!r} contains a quote or a backslash")
    return CELL.format(url=url, colab_folder=colab_folder or f"/content/{repo_name(url)}")


def set_setup_cell(nb, url, colab_folder=None, where="notebook", insert=True):
    """Put the setup cell for ``url`` into ``nb``: update the cell tagged SETUP_TAG, or (with ``insert``)
    insert one before the first code cell. Returns True when ``nb`` changed."""
    source = cell_source(url, colab_folder)
    found = [cell for cell in nb.cells if SETUP_TAG in cell.metadata.get("tags", [])]
    if len(found) > 1:
        raise ValueError(f"{where} has {len(found)} cells tagged {SETUP_TAG!r}; keep one")
    if found:
        cell = found[0]
        if cell.source == source and all(cell.metadata.get(k) == v for k, v in CELL_METADATA.items()):
            return False
        cell.source, cell.outputs, cell.execution_count = source, [], None
        cell.metadata.update(CELL_METADATA)
        return True
    if not insert:
        return False
    cell = nbformat.v4.new_code_cell(source, metadata=dict(CELL_METADATA))
    cell.id = CELL_ID
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(first_code, cell)
    return True


def update_notebooks(paths, url, colab_folder=None):
    """Write the setup cell for ``url`` into each notebook of ``paths``; returns those that changed."""
    changed = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if set_setup_cell(nb, url, colab_folder, where=str(path)):
            nbformat.write(nb, path)
            changed.append(path)
    return changed


def github_repo(url):
    """OWNER/REPO of a github.com address; Colab opens notebooks only from GitHub."""
    parts = urlparse(url)
    path = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.netloc != "github.com" or len(path) != 2:
        raise ValueError(f"{url} is not a GitHub repository address (https://github.com/OWNER/REPO): "
                         "Colab opens notebooks only from GitHub")
    return "/".join(path)


def colab_link(url, branch, notebook):
    return f"https://colab.research.google.com/github/{github_repo(url)}/blob/{branch}/notebooks/{notebook}"


def binder_link(url, branch, notebook=None):
    target = f"?urlpath={quote('lab/tree/notebooks/' + notebook, safe='')}" if notebook else ""
    return f"https://mybinder.org/v2/gh/{github_repo(url)}/{branch}{target}"


def nbgitpuller_link(url, branch, hub, notebook):
    """A link that makes the hub pull ``url`` into the user's home folder (or merge it into their copy)
    and open ``notebook`` there."""
    urlpath = f"lab/tree/{repo_name(url)}/notebooks/{notebook}"
    return (f"{hub.rstrip('/')}/hub/user-redirect/git-pull?repo={quote(url, safe='')}&branch={quote(branch)}"
            f"&urlpath={quote(urlpath, safe='')}")


def links_table(url, branch, hub, notebooks):
    """A Markdown table: each notebook's Colab, Binder and JupyterHub (nbgitpuller) link."""
    rows = ["| notebook | Colab | Binder | your JupyterHub |", "|---|---|---|---|"]
    for name in notebooks:
        rows.append(f"| `{name}` | [open]({colab_link(url, branch, name)}) | [open]({binder_link(url, branch, name)}) "
                    f"| [open]({nbgitpuller_link(url, branch, hub, name)}) |")
    return "\n".join(rows)


def badges(url, branch, first_notebook):
    return (f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"({colab_link(url, branch, first_notebook)}) "
            f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder_link(url, branch)})")


def teacher_links(config, notebooks):
    """The block of the teacher's README: this edition's badges, and the student edition's links."""
    return "\n".join([
        f"This repository ({config['teacher_repo']}): {badges(config['teacher_repo'], config['branch'], notebooks[0])}",
        "",
        f"The student edition, what to hand out ({config['student_repo']}, built by `make student`):",
        "",
        links_table(config["student_repo"], config["branch"], config["hub"], notebooks)])


def student_links(config, notebooks):
    """The block of the student edition's README."""
    return "\n".join([badges(config["student_repo"], config["branch"], notebooks[0]), "",
                      links_table(config["student_repo"], config["branch"], config["hub"], notebooks)])


def write_links(path, block):
    """Replace what lies between BEGIN_LINKS and END_LINKS in the file ``path`` with ``block``;
    returns True when the file changed."""
    text = Path(path).read_text()
    if text.count(BEGIN_LINKS) != 1 or text.count(END_LINKS) != 1:
        raise ValueError(f"{path} must hold the lines {BEGIN_LINKS!r} and {END_LINKS!r} once each, "
                         "where the course's links go")
    head, rest = text.split(BEGIN_LINKS)
    _, tail = rest.split(END_LINKS)
    new = f"{head}{BEGIN_LINKS}\n{block}\n{END_LINKS}{tail}"
    if new != text:
        Path(path).write_text(new)
    return new != text


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if any(arg.startswith("-") for arg in args):
        sys.exit("usage: python -m tools.setup_cell [NOTEBOOK.ipynb ...]   (the addresses: tools/course.cfg)")
    try:
        config = read_config()
        notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
        names = [path.name for path in notebooks]
        changed = update_notebooks([Path(a) for a in args] or notebooks, config["teacher_repo"])
        readmes = [path for path, block in [(ROOT / "README.md", teacher_links(config, names)),
                                            (ROOT / "tools" / "student" / "README.md", student_links(config, names))]
                   if write_links(path, block)]
    except (OSError, ValueError) as error:
        sys.exit(f"error: {error}")
    print(f"setup cell written into {len(changed)} notebook(s)"
          + "".join(f"\n  {path}" for path in changed)
          + f"\nlinks updated in {len(readmes)} README(s)" + "".join(f"\n  {path}" for path in readmes))
    note = placeholder_note(config)
    if note:
        print(note)


if __name__ == "__main__":
    main()
