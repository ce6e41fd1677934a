"""What the first cell of every notebook calls: make the notebook import this course's own ``cs231n/``.

The first cell (written by the teacher's ``python -m tools.setup_cell``) finds the course folder, the
notebook's parent folder or, on Colab, a clone it makes, and runs this file with ``runpy`` (the package
cannot be imported before this runs, and importing it would import numpy before a missing or too old numpy
is installed). ``setup(course, url)`` then

1. installs, with pip, the packages of ``NEEDS`` that are missing or outside their range, and only those;
2. makes ``import cs231n`` import ``course/cs231n``: when it would import nothing (the package is not
   installed) or another copy (a non-editable install), it puts the course folder first on ``sys.path``
   and on ``PYTHONPATH`` (for ``!python -m cs231n.download``);
3. works in ``course/notebooks`` (the notebooks read ``../results/``), when the kernel started elsewhere;
4. turns on IPython's autoreload (``%autoreload 2``, as CS231n's notebooks do), so that an edit to a file
   of the package is seen by the next cell run; restarting the kernel always sees it;

and prints one line saying what it did, nothing when nothing was needed (``make lab``, Binder, a hub whose
image installed the package editable). Only the standard library is imported at the top: IPython and
packaging, which every Jupyter kernel has, are imported where they are used.
"""
import importlib
import importlib.util
import os
import site
import subprocess
import sys
from pathlib import Path

# What the notebooks import: the package's dependencies (pyproject.toml, a test keeps the two equal) and
# ipywidgets for notebook 2's slider (version 8: plotting.tangent_slider uses its _repr_mimebundle_, which the
# ipywidgets 7 of some Colab images lacks). The module a requirement provides has the requirement's name.
NEEDS = ["numpy>=2.1,<3", "matplotlib>=3.8,<4", "pooch>=1.8,<2", "requests>=2.28,<3", "tqdm>=4.66,<5",
         "filelock>=3.12,<5", "ipywidgets>=8,<9"]
RESTART = "restart the kernel (on Colab: Runtime > Restart session) and run this notebook again"


def missing_requirements(needs=NEEDS):
    """The requirements of ``needs`` that are not installed, or installed at a version outside their range."""
    from importlib.metadata import PackageNotFoundError, version
    from packaging.requirements import Requirement
    missing = []
    for line in needs:
        requirement = Requirement(line)
        try:
            installed = version(requirement.name)
        except PackageNotFoundError:
            missing.append(line)
            continue
        if not requirement.specifier.contains(installed, prereleases=True):
            missing.append(line)
    return missing


def install(requirements):
    """pip-install ``requirements`` into the kernel's Python, quietly. A failure raises RuntimeError with
    pip's last lines; a package that this kernel had already imported raises RuntimeError asking for a restart
    (the old version stays in memory until then)."""
    command = [sys.executable, "-m", "pip", "install", "--quiet", *requirements]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"could not install {', '.join(requirements)} (`{' '.join(command)}` failed):\n"
                           + (run.stderr or run.stdout)[-2000:])
    importlib.invalidate_caches()
    user_site = site.getusersitepackages()       # where pip installs when the Python's own folder is read-only
    if os.path.isdir(user_site) and user_site not in sys.path:
        site.addsitedir(user_site)
    stale = [line for line in requirements if name_of(line) in sys.modules]
    if stale:
        raise RuntimeError(f"installed {', '.join(stale)}, which this kernel had already imported in an older "
                           f"version: {RESTART}")


def name_of(requirement):
    """The distribution (and module) name of a requirement line such as "numpy>=2.1,<3"."""
    for separator in "<>=!~[; ":
        requirement = requirement.split(separator)[0]
    return requirement


def use_package_from(course):
    """Make ``import cs231n`` import ``course/cs231n``; return what was done, "" when nothing was needed."""
    wanted = course / "cs231n" / "__init__.py"
    spec = importlib.util.find_spec("cs231n")
    found = Path(spec.origin).resolve() if spec is not None and spec.origin else None
    if found == wanted:
        return ""
    if "cs231n" in sys.modules:
        raise RuntimeError(f"this kernel already imported cs231n from {found.parent}, not from {wanted.parent}: "
                           f"{RESTART}")
    sys.path.insert(0, str(course))
    os.environ["PYTHONPATH"] = os.pathsep.join([str(course)] + [p for p in [os.environ.get("PYTHONPATH")] if p])
    importlib.invalidate_caches()
    if found is None:
        return f"cs231n is imported from {wanted.parent} (it is not installed here)"
    return f"cs231n is imported from {wanted.parent}, not from the installed copy in {found.parent}"


def ipython_shell():
    """The running IPython shell, or None outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def turn_on_autoreload():
    """``%load_ext autoreload`` and ``%autoreload 2`` in the running IPython kernel, silently; outside
    IPython nothing."""
    shell = ipython_shell()
    if shell is None:
        return
    shell.extension_manager.load_extension("autoreload")    # unlike %load_ext, silent when already loaded
    shell.run_line_magic("autoreload", "2")


def setup(course, url=None):
    """Make this notebook run on the course in the folder ``course`` (its ``cs231n/`` imported, requirements
    installed, autoreload on); ``url`` is where the course was cloned from, for the message. Prints one line
    saying what it did, or nothing. Returns that line ("" when nothing was needed)."""
    if sys.version_info < (3, 10):
        raise RuntimeError(f"the course needs Python >= 3.10; this kernel runs Python {sys.version.split()[0]}")
    course = Path(course).resolve()
    if not (course / "cs231n" / "__init__.py").is_file():
        raise FileNotFoundError(f"{course} holds no cs231n/ package: it is not a copy of the course")
    done = []
    notebooks = course / "notebooks"
    if notebooks.is_dir() and Path.cwd().resolve() != notebooks:
        os.chdir(notebooks)
        done.append(f"working in {notebooks}" + (f", a clone of {url}" if url else ""))
    missing = missing_requirements()
    if missing:
        install(missing)
        done.append(f"installed {', '.join(missing)}")
    imported = use_package_from(course)
    if imported:
        done.append(imported + ", and re-imported when you edit it (autoreload)")
    turn_on_autoreload()
    line = "Setup: " + "; ".join(done) + "." if done else ""
    if line:
        print(line)
    return line
