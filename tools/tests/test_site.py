"""make html: the teacher and student sites, checked in a real headless browser over HTTP.

The browser checks (tools.webcheck.check_site) fail on any 404, any request leaving 127.0.0.1, MathJax
errors, raw TeX left in the text, upright variables and font files that do not load; the last test
breaks a copy of a built site on purpose and asserts that the checker says so."""
import html
import re
import shutil

import nbformat
import pytest

from tools import assets, site, webcheck
from tools.edition import BEGIN, END, find_blocks

CHROMIUM = webcheck.find_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")
NOTEBOOKS = sorted((assets.ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    return out, site.build(out)


def text_of(page):
    """The visible text of an HTML file, tags stripped and entities decoded, whitespace collapsed."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def code_lines(text):
    """The set of lines of ``text`` (an HTML page's text or source code), comments cut, stripped."""
    return {line.split("#")[0].strip() for line in text.split("\n")}


def page_lines(page):
    """The lines of an HTML page's text, tags stripped and entities decoded (code keeps its lines)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return code_lines(html.unescape(re.sub(r"<[^>]+>", "", text)))


def solution_lines():
    """Code lines that appear only inside solution blocks (of the notebooks and of cs231n/*.py),
    stripped of comments, at least 12 characters long: what a student site must not show."""
    inside, outside = set(), set()
    sources = [(path, path.read_text()) for path in sorted((assets.ROOT / "cs231n").glob("*.py"))]
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        sources += [(f"{path} cell {i}", c.source) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    for where, text in sources:
        lines = text.split("\n")
        in_block = set()
        for first, last in find_blocks(lines, where):
            in_block.update(range(first + 1, last))
        for number, line in enumerate(lines):
            code = line.split("#")[0].strip()
            (inside if number in in_block else outside).add(code)
    return {line for line in inside - outside if len(line) >= 12}


def test_both_sites_list_every_notebook_in_reading_order(built):
    out, editions = built
    assert set(editions) == {"teacher", "student"}
    for edition, entries in editions.items():
        assert [e["name"] for e in entries] == [p.name for p in NOTEBOOKS]
        index = (out / edition / "index.html").read_text()
        for heading in ("Learning goals", "Prerequisites", "Reading order"):
            assert f"<h2>{heading}</h2>" in index
        pages = re.findall(r'<a class="title" href="([^"]+)"', index)
        assert pages == [e["page"] for e in entries]
        assert re.findall(r'href="slides/([^"]+)"', index) == [e["deck"] for e in entries]
        for entry in entries:
            assert entry["summary"] and html.escape(entry["summary"]) in index
            assert (out / edition / entry["page"]).is_file() and (out / edition / "slides" / entry["deck"]).is_file()
    teacher, student = ((out / e / "index.html").read_text() for e in ("teacher", "student"))
    assert 'href="../student/index.html"' in teacher and "../teacher" not in student


def test_summary_falls_back_to_the_first_sentence_of_the_notebook():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# 9 · A new notebook\n\nPrevious: [8](08_x.ipynb)\n\nIt does *one* thing. Then more.")])
    assert site.summary_of("09_new.ipynb", nb) == "It does one thing."


def test_every_local_link_and_asset_exists_and_nothing_comes_from_a_cdn(built):
    out, _ = built
    for page in out.rglob("*.html"):
        if assets.STATIC in page.relative_to(out).parts:
            continue
        assert webcheck.broken_links(page.parent, page.name) == [], page
        text = page.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="(?:https?:)?//[^"]*"', text)
        assert remote == [], page
        assert ".ipynb)" not in text


def test_student_site_holds_no_solution(built):
    out, editions = built
    student = out / "student"
    files = [p for p in student.rglob("*") if p.suffix in (".html", ".ipynb") and assets.STATIC not in p.parts]
    assert len(files) >= 3 * len(NOTEBOOKS) + 1          # pages, decks, downloads and the index
    for path in files:
        raw = path.read_text(encoding="utf-8")
        assert BEGIN not in raw and END not in raw, path
    secret = solution_lines()
    assert "dh_in = dh_out * (h_in > 0)" in secret          # a line of TwoLayerNet.loss's backward pass
    shown = set()
    for path in files:
        if path.suffix == ".html":
            shown |= page_lines(path)
        else:
            shown |= {line for cell in nbformat.read(path, as_version=4).cells for line in code_lines(cell.source)}
    assert sorted(secret & shown) == []
    assert any(line.startswith("raise NotImplementedError(") for line in shown)     # the stubs are there
    for path, entry in zip(NOTEBOOKS, editions["student"]):       # the teacher's answers are not shown
        answers = [c.source for c in nbformat.read(path, as_version=4).cells
                   if "answer" in c.metadata.get("tags", [])]
        page = text_of(student / entry["page"])
        for answer in answers:
            words = " ".join(re.sub(r"[*_`$]", "", answer).replace("Answer:", "").split())[:60]
            assert "Your answer:" in page and words not in page, (entry["page"], words)


def test_teacher_site_shows_the_solutions_and_the_stored_outputs(built):
    out, editions = built
    shown = " ".join(text_of(out / "teacher" / e["page"]) for e in editions["teacher"])
    assert BEGIN in shown
    assert any("data:image/png;base64," in (out / "teacher" / e["page"]).read_text() for e in editions["teacher"])


@needs_chromium
@pytest.mark.parametrize("edition", ["teacher", "student"])
def test_site_loads_in_a_browser_with_math_typeset_and_fonts_loaded(built, edition):
    out, _ = built
    assert webcheck.check_site(out / edition, CHROMIUM) == []


@needs_chromium
def test_checker_reports_a_missing_font_a_missing_page_and_missing_reveal(built, tmp_path):
    out, editions = built
    shutil.copytree(out, tmp_path / "html")
    broken = tmp_path / "html" / "teacher"
    math_page = next(e["page"] for e in editions["teacher"] if "\\frac" in (broken / e["page"]).read_text())
    fonts = sorted((broken / assets.STATIC / "mathjax-newcm-font").rglob("mjx-ncm-n.woff2"))
    assert fonts, "the normal-weight font of MathJax 4 moved: update this test"
    fonts[0].unlink()                                         # the font of every letter and digit
    gone = editions["teacher"][-1]["page"]
    (broken / gone).unlink()                                  # a page the index links to
    shutil.rmtree(broken / assets.STATIC / "reveal.js" / "plugin")   # what every deck loads
    deck = f"slides/{editions['teacher'][0]['deck']}"
    problems = webcheck.check_site(broken, CHROMIUM, pages=["index.html", math_page, deck])
    report = "\n".join(problems)
    assert f"index.html: broken link to {gone}" in report
    assert re.search(rf"{re.escape(math_page)}: .*404.*mjx-ncm-n\.woff2", report), report
    assert f"{math_page}: font file answered 404" in report
    assert re.search(rf"{re.escape(deck)}: .*404.*notes\.js", report), report


@needs_chromium
def test_checker_reports_raw_tex_and_requests_to_other_hosts(tmp_path):
    (tmp_path / "page.html").write_text(
        '<!DOCTYPE html><html><head><link rel="icon" href="data:,">'
        '<script src="https://cdn.example.invalid/mathjax.js"></script></head>'
        "<body><p>The loss $L = \\frac{1}{N}$ left as TeX.</p></body></html>")
    report = "\n".join(webcheck.check_site(tmp_path, CHROMIUM))
    assert "request leaves 127.0.0.1: https://cdn.example.invalid/mathjax.js" in report
    assert "raw TeX in the rendered text" in report


def test_a_second_build_replaces_the_vendor_files_of_the_first(tmp_path):
    source = tmp_path / "vendor"
    (source / "sub").mkdir(parents=True)
    (source / "sub" / "a.js").write_text("new")
    target = tmp_path / "static"
    assets._copytree(source, target)
    assets._copytree(source, target)                 # hard links of the first copy are in the way
    (source / "sub" / "a.js").unlink()
    (source / "sub" / "a.js").write_text("newer")  # a new file, as npm ci writes it
    assets._copytree(source, target)
    assert (target / "sub" / "a.js").read_text() == "newer"
