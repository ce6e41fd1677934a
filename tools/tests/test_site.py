"""make html: the static site, checked in a real headless browser when one is installed."""
import re
import shutil
import subprocess

import pytest

from tools.site import build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    return out, build(out)


def test_index_links_every_notebook_in_order(site):
    out, pages = site
    assert pages == sorted(pages) and len(pages) >= 3
    index = (out / "index.html").read_text()
    assert re.findall(r'href="([^"]+)"', index) == pages


def test_links_between_notebooks_point_at_pages_that_exist(site):
    out, pages = site
    links = set()
    for page in pages:
        text = (out / page).read_text()
        assert ".ipynb)" not in text and 'href="0' in text
        links |= set(re.findall(r'href="(\d\d_[\w-]+\.[a-z]+)"', text))
    assert links and all((out / link).is_file() for link in links)
    assert links == set(pages)


def test_figures_are_inline_and_mathjax_is_local(site):
    out, pages = site
    for page in pages:
        text = (out / page).read_text()
        assert "data:image/png;base64," in text
        assert 'src="mathjax/MathJax.js' in text and "libs/mathjax" not in text
    assert (out / "mathjax" / "MathJax.js").is_file()


def rendered_dom(path):
    """The page's DOM after its scripts ran, from headless Chromium."""
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={path.parent / '.chromium'}", "--virtual-time-budget=20000", "--dump-dom",
         path.as_uri()], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")
def test_pages_load_and_math_is_typeset_in_a_browser(site):
    out, pages = site
    for page in pages[:2]:                      # notebooks 1 and 2 carry the math
        dom = rendered_dom(out / page)
        assert "<h1" in dom and "Math Processing Error" not in dom, page
        typeset = dom.count('class="MathJax"') + dom.count('class="MathJax_Display"')
        assert typeset > 5, f"{page}: only {typeset} typeset formulas"
    index = rendered_dom(out / "index.html")
    assert index.count("<li>") == len(pages)
