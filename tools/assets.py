"""What the course's web pages and slide decks share: where things are, the vendored MathJax and reveal.js
(``npm ci`` into ``build/vendor/`` from ``tools/site_assets/package-lock.json``), the style sheets and
templates in ``tools/site_assets/``, the nbconvert settings that leave the test plumbing out, and the
notebooks in reading order. ``tools.site`` (the sites) and ``tools.slides`` (the decks) import it."""
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "site_assets"     # style sheets, templates, the npm lock file
TEMPLATES = ASSETS / "templates"
VENDOR = ROOT / "build" / "vendor"
STATIC = "_static"
NOTEBOOK_LINK = re.compile(r"\]\((\d\d_[\w-]+)\.ipynb\)")


def _trusted(html_text):
    return html_text


# The notebooks are the course's own: their Markdown is not sanitised with bleach (nbconvert's
# clean_html), which took half of the build time and drops the images of Markdown cells.
TRUSTED_FILTERS = {"clean_html": _trusted}

# What the reader sees is the lesson (notebooks/AUTHORING.md): cells tagged "check" (hidden assertions that
# guard the text) are left out of the pages and decks, and cells tagged "hide-input" show their output only.
# The setup cell (tagged "setup", written by tools/setup_cell.py: it finds the course's cs231n/) is left out too.
CHECK_TAG, HIDE_INPUT_TAG, SETUP_TAG = "check", "hide-input", "setup"


def export_config():
    """nbconvert settings shared by the pages and the decks: remove the test plumbing."""
    from traitlets.config import Config
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {CHECK_TAG, SETUP_TAG}
    config.TagRemovePreprocessor.remove_input_tags = {HIDE_INPUT_TAG}
    return config


def vendor_modules():
    """``build/vendor/node_modules`` with the packages of tools/site_assets/package-lock.json, running
    ``npm ci`` first when they are missing or the lock file changed. Safe when several processes build
    at once (pytest's workers): one installs under a lock, into a new folder renamed into place."""
    lock = (ASSETS / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock + (ASSETS / "package.json").read_bytes()).hexdigest()
    stamp = VENDOR / ".installed"
    VENDOR.parent.mkdir(parents=True, exist_ok=True)
    with open(VENDOR.parent / "vendor.lock", "w") as held:
        _lock(held)
        if not (stamp.is_file() and stamp.read_text() == digest):
            _npm_ci(digest)
    return VENDOR / "node_modules"


def _lock(held):
    """Hold an exclusive lock on an open file until it is closed (no lock where fcntl is missing)."""
    try:
        import fcntl
    except ImportError:             # Windows: one build at a time is the user's to keep
        return
    fcntl.flock(held, fcntl.LOCK_EX)


def _npm_ci(digest):
    """Install the pinned packages into a new folder and put it in place of build/vendor."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("make html and make slides need npm (Node.js) to install MathJax and "
                           "reveal.js: apt-get install npm")
    fresh = VENDOR.with_name("vendor.new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(ASSETS / name, fresh / name)
    run = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=fresh,
                         capture_output=True, text=True)
    if run.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        raise RuntimeError(f"npm ci failed in {fresh}:\n{run.stdout}{run.stderr}")
    (fresh / ".installed").write_text(digest)
    shutil.rmtree(VENDOR, ignore_errors=True)
    fresh.rename(VENDOR)


def _copytree(source, target, ignore=None):
    """Copy a folder of the vendor tree, by hard links where the file system allows (fast, no space).
    Files of an earlier build in target are replaced (copying onto a hard link of itself would fail)."""
    def link(src, dst):
        if os.path.lexists(dst):
            os.unlink(dst)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(source, target, ignore=ignore, copy_function=link, dirs_exist_ok=True)


def copy_static(out_dir, reveal=False):
    """Put MathJax (and reveal.js with ``reveal``) and the site's style sheets into ``out_dir/_static``."""
    modules, static = vendor_modules(), Path(out_dir) / STATIC
    static.mkdir(parents=True, exist_ok=True)
    _copytree(modules / "mathjax", static / "mathjax", shutil.ignore_patterns("*.md", "node-main*"))
    _copytree(modules / "@mathjax" / "mathjax-newcm-font", static / "mathjax-newcm-font",
              shutil.ignore_patterns("cjs", "mjs", "svg", "svg.js", "*-svg-*", "tsconfig*", "examples"))
    if reveal:
        for part in ("dist", "plugin/notes", "LICENSE"):
            source = modules / "reveal.js" / part
            if source.is_dir():
                _copytree(source, static / "reveal.js" / part)
            else:
                shutil.copy2(source, static / "reveal.js" / part)
    for css in ("site.css", "deck.css"):
        shutil.copy2(ASSETS / css, static / css)


# --- notebooks -------------------------------------------------------------------------------------

def notebook_paths(notebooks=None):
    """The notebooks in reading order: the sorted glob of notebooks/*.ipynb unless given."""
    return sorted(Path(p) for p in notebooks) if notebooks else sorted((ROOT / "notebooks").glob("*.ipynb"))


def title_of(nb):
    """The first Markdown heading of a notebook."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return "Untitled"
