"""Headless Chromium for checking what the course builds: a local HTTP server that logs every request
(``serve``) and a small client of the Chrome DevTools protocol over pipes (``Browser``: open a page, wait
until it is ready, evaluate JavaScript, collect console errors and requests, take screenshots). Used by
``tools.webcheck``; Chromium is Debian's package (``apt-get install chromium``), no browser download."""
import json
import os
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
from urllib.parse import unquote, urlsplit

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
