"""Checks of the built pages and decks in a real browser: every local link resolves, no request leaves
the machine, no JavaScript or MathJax error, no raw TeX, every font MathJax asks for loads
(``check_site``); every slide fits 1280x720 with its fragments shown (``measure_decks``)."""
import html
import re
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urlsplit
from urllib.request import urlopen

from tools.assets import STATIC
from tools.browser import Browser, find_chromium, serve

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


# Run in a deck: for every slide (h, v), with all its fragments shown, how far its content reaches
# past the 1280x720 slide (the deck's CSS lets a slide scroll rather than cut it off) and past the width of
# any code or output box in it (a box that scrolls hides part of itself).
MEASURE = r"""(() => {
  const overflows = [];
  const count = Reveal.getTotalSlides();
  for (const [h, stack] of Reveal.getHorizontalSlides().entries()) {
    const leaves = stack.querySelectorAll(':scope > section').length ? [...stack.querySelectorAll(':scope > section')] : [stack];
    for (const [v, slide] of leaves.entries()) {
      Reveal.slide(h, v);
      slide.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'));
      // a box hides part of itself only if it scrolls or clips (overflow other than visible)
      const boxes = [...slide.querySelectorAll('*')].filter(e => e.clientHeight > 4 && e.clientWidth > 4
                                                               && !e.closest('mjx-assistive-mml'));
      const clips = (e, axis) => getComputedStyle(e)[axis] !== 'visible';
      const tall = Math.max(slide.scrollHeight - slide.clientHeight,
                            ...boxes.filter(e => clips(e, 'overflowY')).map(e => e.scrollHeight - e.clientHeight));
      const wide = Math.max(slide.scrollWidth - slide.clientWidth,
                            ...boxes.filter(e => clips(e, 'overflowX')).map(e => e.scrollWidth - e.clientWidth));
      if (tall > 2 || wide > 2) {
        const heading = slide.querySelector('h1, h2, h3, h4');
        overflows.push({h, v, tall, wide, heading: heading ? heading.textContent.trim().slice(0, 60) : ''});
      }
    }
  }
  return {count, overflows};
})()"""


def measure_decks(folder, chromium=None, decks=None):
    """{deck: {"count": number of slides, "overflows": [...]}} for the decks in ``folder`` (default every
    *.slides.html): each overflow names the slide (h, v as in the deck's URL #/h/v), its heading and by how
    many pixels its content is taller than 720 or wider than its box, all fragments shown, in a 1280x720
    headless Chromium window."""
    folder = Path(folder).resolve()
    decks = decks or sorted(p.name for p in folder.glob("*.slides.html"))
    report = {}
    with serve(folder) as (base, _), Browser(chromium or find_chromium()) as browser:
        browser.call("Emulation.setDeviceMetricsOverride", session=True, width=1280, height=720,
                     deviceScaleFactor=1, mobile=False)
        for deck in decks:
            browser.open(f"{base}/{deck}", ready=DECK_READY)
            report[deck] = browser.evaluate(MEASURE)
    return report
