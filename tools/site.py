"""``make html``: the course website, a teacher site and a student site, both working offline.

    python -m tools.site OUT_DIR          (make html writes build/html)

writes

- ``OUT_DIR/teacher/``: every notebook as it is in ``notebooks/`` (stored outputs, solutions), its
  slides, an index page (learning goals, prerequisites, reading order) linking to the student site;
- ``OUT_DIR/student/``: the student edition of every notebook (``tools.edition.student_notebook``:
  solution blocks stubbed, answer cells emptied, outputs cleared), its slides and the same index,
  plus the student notebooks themselves to download. Nothing on it comes from a solution.

Each site is self-contained (copy one folder to any web server, or open its index.html): the math is
typeset by MathJax 4 with its New Computer Modern fonts, the slides run on reveal.js 4, and both are
copied into the site's ``_static/`` from ``build/vendor/``, where ``npm ci`` installs the versions pinned
in ``tools/site_assets/package-lock.json`` the first time they are needed (Node.js's npm must be on
PATH). No page asks anything from another host.

``python -m tools.site --check OUT_DIR`` loads every page and deck of a built site in headless
Chromium, served over HTTP on 127.0.0.1, and lists what is wrong (see ``check_site``).
"""
import hashlib
import html
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urlsplit
from urllib.request import urlopen

import nbformat
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "site_assets"
TEMPLATES = ASSETS / "templates"
VENDOR = ROOT / "build" / "vendor"
STATIC = "_static"
NOTEBOOK_LINK = re.compile(r"\]\((\d\d_[\w-]+)\.ipynb\)")
EDITIONS = ("teacher", "student")

# One line per notebook for the index, by file name; a notebook not listed here gets the first sentence
# of its first Markdown cell after the title.
SUMMARIES = {
    "01_toy_network.ipynb": "The forward pass by hand on the 4-10-3 toy network: scores, softmax, "
                            "the loss, every shape printed and checked.",
    "02_backprop_derivation.ipynb": "Backpropagation from one weight to matrix form, every formula checked "
                                    "against the numerical gradient where it is derived, and the write-up's "
                                    "mistakes caught.",
    "03_gradient_checking.ipynb": "Checking gradients and checking the checker: the relative error, the step "
                                  "size, ReLU kinks, sparse checks, float32 against float64.",
    "04_hidden_layer.ipynb": "What the hidden layer and the biases buy: a linear classifier, the two-layer net, "
                             "the net without its ReLU and without its biases on spiral data.",
    "05_cifar10_assignment.ipynb": "Training on CIFAR-10 the assignment's way: sanity checks, the official run, "
                                   "reading curves and weights, tuning on validation, the test set once.",
    "06_how_far_it_goes.ipynb": "How far a two-layer net goes: the Solver, update rules, the initial scale, "
                                "whitening, augmentation, and what each change buys.",
}

LEARNING_GOALS = [
    "compute the forward pass of a two-layer network (affine, ReLU, affine, softmax) by hand and "
    "say the shape of every intermediate array;",
    "derive the gradient of the softmax loss with L2 regularisation for every weight with the chain rule, "
    "first one weight at a time, then in matrix form;",
    "check any gradient numerically and read a relative error;",
    "explain what the ReLU hidden layer adds to a linear classifier;",
    "train the network on CIFAR-10, read its loss and accuracy curves, and tune it on a validation set.",
]
PREREQUISITES = [
    "Python and numpy (arrays, broadcasting, matrix products);",
    "derivatives and the chain rule; vectors and matrices;",
    "a first look at linear classifiers and the softmax (CS231n lectures 2 and 3) helps but is not required.",
]


# --- third-party JavaScript, installed by npm from the lock file -------------------------------------

def _trusted(html_text):
    return html_text


# The notebooks are the course's own: their Markdown is not sanitised with bleach (nbconvert's
# clean_html), which took half of the build time and drops the images of Markdown cells.
TRUSTED_FILTERS = {"clean_html": _trusted}

# What the reader sees is the lesson (notebooks/AUTHORING.md): cells tagged "check" (hidden assertions that
# guard the text) are left out of the pages and decks, and cells tagged "hide-input" show their output only.
CHECK_TAG, HIDE_INPUT_TAG = "check", "hide-input"


def export_config():
    """nbconvert settings shared by the pages and the decks: remove the test plumbing."""
    from traitlets.config import Config
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {CHECK_TAG}
    config.TagRemovePreprocessor.remove_input_tags = {HIDE_INPUT_TAG}
    return config


def vendor_modules():
    """``build/vendor/node_modules`` with the packages of tools/site_assets/package-lock.json, running
    ``npm ci`` first when they are missing or the lock file changed."""
    lock = (ASSETS / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock + (ASSETS / "package.json").read_bytes()).hexdigest()
    stamp = VENDOR / ".installed"
    if not (stamp.is_file() and stamp.read_text() == digest):
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("make html and make slides need npm (Node.js) to install MathJax and "
                               "reveal.js: apt-get install npm")
        shutil.rmtree(VENDOR, ignore_errors=True)
        VENDOR.mkdir(parents=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy2(ASSETS / name, VENDOR / name)
        run = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=VENDOR,
                             capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"npm ci failed in {VENDOR}:\n{run.stdout}{run.stderr}")
        stamp.write_text(digest)
    return VENDOR / "node_modules"


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


def summary_of(name, nb):
    """The index's line for a notebook: SUMMARIES[name], or the first sentence of the first paragraph
    of its first Markdown cell that is not a heading."""
    if name in SUMMARIES:
        return SUMMARIES[name]
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for paragraph in cell.source.split("\n\n"):
            text = " ".join(paragraph.split())
            if text and not text.startswith(("#", "|", "Previous", "Next")):
                text = re.sub(r"[*_`]", "", text)
                return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return ""


def load(path, edition):
    """The notebook at ``path`` as the ``edition`` shows it, links between notebooks pointing at pages."""
    if edition == "student":
        from tools.edition import student_notebook
        nb = student_notebook(path)
    else:
        nb = nbformat.read(path, as_version=4)
    return nb


def link_pages(nb, suffix):
    """A copy of ``nb`` whose Markdown links to notebooks NN_name.ipynb point at NN_name{suffix}."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_LINK.sub(rf"](\1{suffix})", cell.source)
    return nb


def nav_bar(entries, index, slides_dir="slides"):
    """The navigation bar of page number ``index``: the index page, previous, next, the slides."""
    links = ['<a href="index.html">Contents</a>']
    if index > 0:
        links.append(f'<a href="{entries[index - 1]["page"]}" rel="prev">&larr; '
                     f'{html.escape(entries[index - 1]["title"])}</a>')
    if index + 1 < len(entries):
        links.append(f'<a href="{entries[index + 1]["page"]}" rel="next">'
                     f'{html.escape(entries[index + 1]["title"])} &rarr;</a>')
    links.append(f'<a href="{slides_dir}/{entries[index]["deck"]}">Slides</a>')
    return '<nav class="site-nav">' + " · ".join(links) + "</nav>"


def build_edition(out_dir, edition, notebooks=None):
    """Write one site (``edition`` is "teacher" or "student") into ``out_dir``; return its entries
    (dicts with name, page, deck, title, summary) in reading order."""
    from tools import slides
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
    out_dir = Path(out_dir)
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    copy_static(out_dir, reveal=True)
    paths = notebook_paths(notebooks)
    notebooks_ = [load(path, edition) for path in paths]
    entries = [{"name": path.name, "page": path.with_suffix(".html").name,
                "deck": slides.deck_name(path), "title": title_of(nb), "summary": summary_of(path.name, nb)}
               for path, nb in zip(paths, notebooks_)]
    exporter = HTMLExporter(template_name="cs231n_page", extra_template_basedirs=[str(TEMPLATES)],
                            extra_template_paths=[str(TEMPLATES)], filters=TRUSTED_FILTERS,
                            config=export_config())
    for index, (path, nb, entry) in enumerate(zip(paths, notebooks_, entries)):
        resources = {"metadata": {"name": entry["title"]}, "static_prefix": STATIC,
                     "site_nav": nav_bar(entries, index)}
        body, _ = exporter.from_notebook_node(link_pages(nb, ".html"), resources=resources)
        (out_dir / entry["page"]).write_text(body, encoding="utf-8")
    slides.build(out_dir / "slides", [link_pages(nb, ".slides.html") for nb in notebooks_],
                 [entry["deck"] for entry in entries], static_prefix=f"../{STATIC}", copy=False)
    if edition == "student":
        downloads = out_dir / "notebooks"
        downloads.mkdir()
        for path, nb in zip(paths, notebooks_):
            nbformat.write(nb, downloads / path.name)
    (out_dir / "index.html").write_text(index_page(entries, edition), encoding="utf-8")
    return entries


def build(out_root, notebooks=None):
    """Write the teacher site to ``out_root/teacher`` and the student site to ``out_root/student``;
    return {edition: entries}."""
    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    return {edition: build_edition(out_root / edition, edition, notebooks) for edition in EDITIONS}


def index_page(entries, edition):
    """The index page of a site: goals, prerequisites, the notebooks in reading order."""
    rows = []
    for entry in entries:
        download = (f' · <a href="notebooks/{entry["name"]}" download>notebook</a>'
                    if edition == "student" else "")
        rows.append(f'    <li><a class="title" href="{entry["page"]}">{html.escape(entry["title"])}</a>'
                    f'<br><span class="summary">{html.escape(entry["summary"])}</span><br>'
                    f'<span class="links"><a href="{entry["page"]}">page</a> · '
                    f'<a href="slides/{entry["deck"]}">slides</a>{download}</span></li>')
    if edition == "teacher":
        edition_note = ("<p class=\"edition\">Teacher edition: the notebooks with their stored outputs and "
                        "the solutions to every exercise. Publish the "
                        "<a href=\"../student/index.html\">student site</a> for your class, not this one.</p>")
    else:
        edition_note = ("<p class=\"edition\">Student edition: the exercises are left for you. Each says "
                        "<code># YOUR CODE HERE</code> and, just above, what to compute; the inline questions wait "
                        "for your answers. Work in the student edition of the course repository: <code>make lab</code> "
                        "opens the notebooks and <code>make check</code> tells you what to write next.</p>")
    goals = "\n".join(f"    <li>{html.escape(goal)}</li>" for goal in LEARNING_GOALS)
    prerequisites = "\n".join(f"    <li>{html.escape(item)}</li>" for item in PREREQUISITES)
    return INDEX.format(edition=edition, edition_note=edition_note, goals=goals,
                        prerequisites=prerequisites, items="\n".join(rows), static=STATIC)


INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="icon" href="data:,">
<title>The two-layer network and its backpropagation ({edition} edition)</title>
<link rel="stylesheet" href="{static}/site.css">
</head>
<body class="site-index">
<main>
  <h1>The two-layer network and its backpropagation</h1>
  <p>Stanford CS231n, Assignment 1: a two-layer neural network (affine &ndash; ReLU &ndash; affine &ndash;
  softmax, with L2 regularisation), its forward pass, its backpropagation derived by hand and checked
  numerically, and its training on CIFAR-10.</p>
  {edition_note}
  <h2>Learning goals</h2>
  <p>After these notebooks you can</p>
  <ul>
{goals}
  </ul>
  <h2>Prerequisites</h2>
  <ul>
{prerequisites}
  </ul>
  <h2>Reading order</h2>
  <ol class="notebooks">
{items}
  </ol>
</main>
</body>
</html>
"""


# --- checking a built site in a real browser ---------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-extensions", "--no-default-browser-check", "--mute-audio",
                  # no host name is looked up: a request for another host fails at once (and is reported)
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def find_chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class _LoggingHandler(SimpleHTTPRequestHandler):
    """Serves a folder and records (path, status) of every request."""

    def log_request(self, code="-", size="-"):
        self.server.requests.append((unquote(urlsplit(self.path).path), int(code)))

    def log_message(self, *args):
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser that drops a connection (a navigation cancels a request) is not an error."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder):
    """Serve ``folder`` over HTTP on 127.0.0.1 at a free port; yields (base URL, list of (path, status))."""
    server = _QuietServer(("127.0.0.1", 0), partial(_LoggingHandler, directory=str(folder)))
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.requests
    finally:
        server.shutdown()
        server.server_close()


class Browser:
    """Headless Chromium driven through the DevTools protocol over a pipe (no extra package): open a
    URL, wait until the page says it is ready, record every network request and console error."""

    def __init__(self, chromium=None):
        self.profile = tempfile.mkdtemp(prefix="cs231n-chromium-")
        read_fd, self._child_write = os.pipe()        # Chromium writes its messages to fd 4
        self._child_read, write_fd = os.pipe()        # and reads commands from fd 3
        self.process = subprocess.Popen(
            [chromium or find_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}",
             "--remote-debugging-pipe", "--window-size=1280,800", "about:blank"],
            pass_fds=(3, 4, self._child_read, self._child_write), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, preexec_fn=partial(self._map_fds, self._child_read, self._child_write))
        os.close(self._child_read)
        os.close(self._child_write)
        self._in, self._out = os.fdopen(read_fd, "rb", buffering=0), os.fdopen(write_fd, "wb", buffering=0)
        self._buffer, self._next_id, self.events, self.fonts_seen = b"", 0, [], {}
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=True)
        self.call("Network.setCacheDisabled", cacheDisabled=True, session=True)

    @staticmethod
    def _map_fds(read_fd, write_fd):
        """In the child: its commands pipe on fd 3, its answers pipe on fd 4 (what Chromium expects)."""
        import fcntl
        high_read, high_write = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (read_fd, write_fd))
        os.dup2(high_read, 3)
        os.dup2(high_write, 4)

    def _send(self, method, params, session):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self._out.write(json.dumps(message).encode() + b"\0")
        return self._next_id

    def _receive(self, timeout):
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], timeout)
            if not ready:
                raise TimeoutError("no answer from Chromium")
            chunk = self._in.read(1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, session=False, timeout=60, **params):
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(max(0.1, deadline - time.monotonic()))
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)
            if time.monotonic() > deadline:
                raise TimeoutError(method)

    def evaluate(self, expression, timeout=60):
        result = self.call("Runtime.evaluate", session=True, timeout=timeout, expression=expression,
                           awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url, ready="true", timeout=60):
        """Load ``url``, then wait for the JavaScript expression ``ready`` (may be a promise) and for the
        network to settle; return the events seen (requests, responses, failures, console errors)."""
        self.events = []
        self.call("Page.navigate", session=True, url=url)
        deadline = time.monotonic() + timeout
        while not any(e["method"] == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load in {timeout} s")
            self._pump(0.2)
        try:
            self.evaluate(f"(async () => {{ {ready}; }})()", timeout=timeout)
            self.evaluate("document.fonts.ready.then(() => true)", timeout=timeout)
        except RuntimeError as error:        # reported with the page's own errors, not instead of them
            self.events.append({"method": "Runtime.exceptionThrown", "params": {"exceptionDetails": {
                "text": f"not ready: {str(error)[-200:]}"}}})
        self._settle(deadline)
        return list(self.events)

    def _pump(self, seconds):
        try:
            message = self._receive(seconds)
        except TimeoutError:
            return
        if "method" in message:
            self.events.append(message)

    def _settle(self, deadline, quiet=0.3):
        """Wait until no HTTP request is in flight and none started for ``quiet`` seconds (blob: and
        data: URLs, e.g. MathJax's speech worker, never report an end, so they do not count)."""
        while time.monotonic() < deadline:
            started = {e["params"]["requestId"] for e in self.events
                       if e["method"] == "Network.requestWillBeSent"
                       and e["params"]["request"]["url"].startswith(("http:", "https:"))}
            ended = {e["params"]["requestId"] for e in self.events
                     if e["method"] in ("Network.loadingFinished", "Network.loadingFailed")}
            before = sum(e["method"] == "Network.requestWillBeSent" for e in self.events)
            self._pump(quiet)
            now = sum(e["method"] == "Network.requestWillBeSent" for e in self.events)
            if started <= ended and now == before:
                return

    def screenshot(self, path):
        import base64
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        try:
            self._send("Browser.close", {}, False)
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            self._in.close()
            self._out.close()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# Run in the page once MathJax is done: what went wrong with the math and which fonts it asked for.
PAGE_REPORT = r"""(() => {
  const skip = 'pre, code, script, style, textarea, mjx-container, .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest(skip)) texts.push(node.textContent);
  }
  const fonts = [];
  for (const sheet of document.styleSheets) {
    let rules;
    try { rules = sheet.cssRules; } catch (e) { continue; }
    for (const rule of rules) {
      if (rule instanceof CSSFontFaceRule) {
        for (const m of rule.style.getPropertyValue('src').matchAll(/url\("?([^")]+)"?\)/g)) {
          fonts.push(new URL(m[1], sheet.href || document.baseURI).href);
        }
      }
    }
  }
  const faces = [];
  document.fonts.forEach(f => faces.push([f.family, f.status]));
  return {
    text: texts.join(' '),
    merror: document.querySelectorAll('merror, mjx-merror, [data-mjx-error]').length,
    typeset: document.querySelectorAll('mjx-container').length,
    upright: [...document.querySelectorAll('mjx-mi')].filter(mi => /^[A-Za-z]$/.test(mi.textContent)
                                                   && mi.getAttribute('data-latex') === mi.textContent).length,
    fonts: [...new Set(fonts)],
    faces: faces,
    title: document.title,
  };
})()"""

RAW_TEX = re.compile(r"\$[^$\s][^$]*\$|\\(?:frac|partial|sum|mathbb|underbrace|cdot|left|right|begin|end"
                     r"|text|top|times|log|sqrt|big|Big)\b")
MATHJAX_READY = ("if (window.MathJax && MathJax.startup && MathJax.startup.promise) "
                 "await MathJax.startup.promise")
DECK_READY = (MATHJAX_READY + "; if (window.Reveal && !(await Promise.race([new Promise(r => Reveal.isReady() "
              "? r(true) : Reveal.on('ready', () => r(true))), new Promise(r => setTimeout(() => r(false), "
              "5000))]))) throw new Error('reveal.js was not ready after 5 s')")


def check_page(browser, base, path, server_log, ready=MATHJAX_READY):
    """Load ``base/path`` in ``browser``; return the list of problems found on it."""
    problems, url = [], f"{base}/{path}"
    before = len(server_log)
    try:
        events = browser.open(url, ready=ready)
        report = browser.evaluate(PAGE_REPORT)
    except (TimeoutError, RuntimeError) as error:
        return [f"{path}: did not load: {error}"]
    host = urlsplit(base).netloc
    for event in events:
        params = event["params"]
        if event["method"] == "Network.requestWillBeSent":
            request_url = params["request"]["url"]
            scheme = urlsplit(request_url).scheme
            if scheme in ("http", "https", "ws", "wss") and urlsplit(request_url).netloc != host:
                problems.append(f"{path}: request leaves 127.0.0.1: {request_url}")
        elif event["method"] == "Network.responseReceived" and params["response"]["status"] >= 400:
            problems.append(f"{path}: {params['response']['status']} for {params['response']['url']}")
        elif event["method"] == "Network.loadingFailed" and not params.get("canceled"):
            problems.append(f"{path}: request failed ({params.get('errorText')}), id {params['requestId']}")
        elif event["method"] == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            problems.append(f"{path}: JavaScript error: "
                            f"{details.get('exception', {}).get('description', details.get('text'))}"[:300])
        elif event["method"] == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            problems.append(f"{path}: console error: {entry.get('text')} {entry.get('url', '')}"[:300])
    for request_path, status in server_log[before:]:
        if status >= 400:
            problems.append(f"{path}: the server answered {status} for {request_path}")
    if "Math Processing Error" in report["text"] or report["merror"]:
        problems.append(f"{path}: {report['merror']} MathJax errors")
    raw = RAW_TEX.findall(report["text"])
    if raw:
        problems.append(f"{path}: raw TeX in the rendered text: {raw[:5]}")
    if report["typeset"] and not report["fonts"]:
        problems.append(f"{path}: MathJax typeset formulas but no @font-face asks for a font file")
    if report["upright"]:
        problems.append(f"{path}: {report['upright']} single-letter variables set upright, not in italics")
    for font in report["fonts"]:
        if urlsplit(font).netloc != host:
            problems.append(f"{path}: font from another host: {font}")
        elif font not in browser.fonts_seen:
            try:
                with urlopen(font, timeout=10) as answer:
                    browser.fonts_seen[font] = answer.status
            except HTTPError as error:
                browser.fonts_seen[font] = error.code
        if browser.fonts_seen.get(font, 200) != 200:
            problems.append(f"{path}: font file answered {browser.fonts_seen[font]}: {urlsplit(font).path}")
    for family, status in report["faces"]:
        if status == "error":
            problems.append(f"{path}: font {family} failed to load")
    return problems


LINK = re.compile(r'<(?:a|link|script|img)\b[^>]*?\b(?:href|src)="([^"]+)"', re.IGNORECASE)


def broken_links(folder, page):
    """Local links and assets of ``folder/page`` (href and src of a, link, script, img) that point at
    no file."""
    missing = []
    text = (folder / page).read_text(encoding="utf-8")
    for target in LINK.findall(text):
        parts = urlsplit(html.unescape(target))
        if parts.scheme or parts.netloc or not parts.path:     # another site, data:, mailto:, #anchor
            continue
        if not ((folder / page).parent / unquote(parts.path)).resolve().is_file():
            missing.append(target)
    return missing


def check_site(folder, chromium=None, pages=None):
    """Check a built site (or deck folder): every local link of every page must point at a file, and
    every page (``pages``, default every .html file outside _static/, decks included) is loaded over
    HTTP on 127.0.0.1 in headless Chromium. Returns a list of problems, empty when all is well: a
    broken link, any answer 4xx/5xx, any request to another host, any JavaScript or console error,
    MathJax errors, raw TeX left in the text, a font file the MathJax CSS asks for that is missing or
    fails to load."""
    folder = Path(folder).resolve()
    if pages is None:
        pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html")
                       if STATIC not in p.relative_to(folder).parts)
    problems = [f"{page}: broken link to {target}" for page in pages for target in broken_links(folder, page)]
    with serve(folder) as (base, log), Browser(chromium) as browser:
        browser.fonts_seen = {}
        for page in pages:
            ready = DECK_READY if page.endswith(".slides.html") else MATHJAX_READY
            problems += check_page(browser, base, page, log, ready=ready)
    return problems


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 2 and argv[0] == "--check":
        problems = []
        for folder in sorted(p for p in Path(argv[1]).iterdir() if (p / "index.html").is_file()) or [Path(argv[1])]:
            problems += [f"{folder.name}/{p}" for p in check_site(folder)]
        print("\n".join(problems) or "no problem found")
        sys.exit(1 if problems else 0)
    if len(argv) != 1:
        sys.exit("usage: python -m tools.site OUT_DIR | python -m tools.site --check OUT_DIR")
    start = time.monotonic()
    built = build(argv[0])
    for edition, entries in built.items():
        print(f"{edition} site: index.html, {len(entries)} pages and decks in {Path(argv[0]) / edition}")
    print(f"built in {time.monotonic() - start:.1f} s")


if __name__ == "__main__":
    main()
