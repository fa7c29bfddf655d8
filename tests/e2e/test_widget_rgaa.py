"""The web widget against RGAA 4.1 / WCAG 2.1 AA (issue 17), in Debian's Chromium on the running bot.

- Where the panel covers the window (a 390 × 844 phone, 200 % zoom) it is a modal dialog: Tab and
  Shift+Tab go round its controls and never reach the page under it, which is inert until the
  panel closes or the window grows back (RGAA 12.8, 10.7).
- 320 × 256 CSS pixels, the window RGAA 10.11 names (1280 × 1024 at 400 %): each control is
  brought into view with the mouse wheel, as a mouse or touch user would, then clicked; the
  conversation area keeps several lines.
- The launcher's focus ring on dark host pages: measured on a screenshot, the ring's pixels
  against the page's colour (WCAG 1.4.11 asks 3:1 for a focus indicator).
- axe-core (node_modules, pinned in package-lock.json) closed, open and with contact cards, on a
  desktop and on a phone: no violation in the widget. The host page's own are not the widget's.
- The cards' links each name their structure, and the emoji of the bot's text are not read aloud
  (RGAA 6.1, 1.2).
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Callable, Dict, List

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from . import test_widget
from .conftest import eventually
from .test_widget import (CARDS_END, FIRST_MESSAGE, STATUSES, bot_says, focus_ring_visible, focused,
                          no_horizontal_scroll, open_widget, press_until, type_message)

# The browser and the demo page as test_widget.py opens them (pytest finds fixtures by name here).
browser = test_widget.browser
open_page = test_widget.open_page

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FOCUS_RING_CONTRAST = 3.0  # WCAG 1.4.11, non-text contrast

PANEL_STATE = """() => {
  const host = document.querySelector('#aiguillage-widget');
  const panel = host.shadowRoot.querySelector('.agw-panel');
  const page = [...document.body.children].filter((el) => el !== host);
  return {role: panel.getAttribute('role'), modal: panel.getAttribute('aria-modal'),
          inert: page.filter((el) => el.inert).map((el) => el.tagName.toLowerCase())};
}"""

# The panel's controls a keyboard user can reach, with their names as FOCUSED gives them.
PANEL_CONTROLS = """() => {
  const panel = document.querySelector('#aiguillage-widget').shadowRoot.querySelector('.agw-panel');
  return [...panel.querySelectorAll('a[href], button, input, [tabindex="0"]')]
    .filter((el) => el.getClientRects().length).map((el) => el.textContent.trim());
}"""

# True when a person sees and can click `el`: inside the window, and on top in the middle of its
# first line (a link may wrap); 1 px for sub-pixel layout.
UNDER_THE_POINTER = """(el) => {
  const box = el.getBoundingClientRect();
  if (box.top < -1 || box.left < -1 || box.bottom > innerHeight + 1 || box.right > innerWidth + 1) return false;
  const line = el.getClientRects()[0];
  const hit = el.getRootNode().elementFromPoint(line.left + line.width / 2, line.top + line.height / 2);
  return hit !== null && (hit === el || el.contains(hit));
}"""



def tab_round(page: Page, key: str) -> List[Dict]:
    """Presses `key` once per panel control and three times more: every stop it makes."""
    return [press_and_read(page, key) for _ in range(len(page.evaluate(PANEL_CONTROLS)) + 3)]


def press_and_read(page: Page, key: str) -> Dict:
    page.keyboard.press(key)
    return focused(page)


def assert_focus_goes_round_the_panel(page: Page) -> None:
    controls = page.evaluate(PANEL_CONTROLS)
    for key in ("Tab", "Shift+Tab"):
        stops = tab_round(page, key)
        outside = [s for s in stops if not (s and s["inWidget"])]
        assert outside == [], f"{key} left the panel: {outside}"
        assert {s["text"] for s in stops} == set(controls), key  # every control, and round again
        assert [s["text"][:30] for s in stops if not focus_ring_visible(s)] == [], key


def wheel_into_view(page: Page, control: Locator) -> None:
    """Turns the mouse wheel over the panel until `control` can be clicked, as a person would."""
    viewport = page.viewport_size
    page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
    for _ in range(30):
        if control.evaluate(UNDER_THE_POINTER):
            return
        box = control.bounding_box()
        page.mouse.wheel(0, 60 if box and box["y"] > viewport["height"] / 2 else -60)
        page.wait_for_timeout(100)
    raise AssertionError(f"{control} cannot be scrolled into view")


def click_as_a_person(page: Page, control: Locator) -> None:
    wheel_into_view(page, control)
    box = control.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def relative_luminance(rgb) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def hex_rgb(colour: str):
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def ring_contrast(page: Page, launcher: Locator, background: str) -> float:
    """The weakest side of what surrounds the launcher: on each of its four sides, the pixel
    1 to 8 px outside its border that contrasts most with the page's colour (device scale 1)."""
    box = launcher.bounding_box()
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    left, top = round(box["x"]), round(box["y"])
    right, bottom = round(box["x"] + box["width"]) - 1, round(box["y"] + box["height"]) - 1
    middle_x, middle_y = (left + right) // 2, (top + bottom) // 2
    sides = {
        "top": [(middle_x, top - d) for d in range(1, 9)],
        "bottom": [(middle_x, bottom + d) for d in range(1, 9)],
        "left": [(left - d, middle_y) for d in range(1, 9)],
        "right": [(right + d, middle_y) for d in range(1, 9)],
    }
    page_colour = hex_rgb(background)
    return min(max(contrast(image.getpixel(p), page_colour) for p in pixels) for pixels in sides.values())


# The cards' action links: the visible words and the accessible name; the emoji screen readers get.
CARD_LINKS_AND_EMOJI = """() => {
  const root = document.querySelector('#aiguillage-widget').shadowRoot;
  const links = [...root.querySelectorAll('.agw-action')].map((a) => (
    {visible: a.firstChild.textContent, name: a.getAttribute('aria-label')}));
  const emoji = /\\p{Extended_Pictographic}/u;
  const read = [], hidden = [];
  root.querySelectorAll('.agw-bot').forEach((message) => {
    const walker = document.createTreeWalker(message, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (emoji.test(node.textContent)) {
        (node.parentElement.closest('[aria-hidden="true"]') ? hidden : read).push(node.textContent);
      }
    }
  });
  const titles = [...root.querySelectorAll('.agw-bot')].map((m) => m.textContent);
  return {links, read, hidden, titles};
}"""


def axe_violations(page: Page) -> Dict[str, List]:
    """axe-core on the whole page; its violations split between the widget and the host page."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    def in_widget(node: Dict) -> bool:
        return node["target"][0] == "#aiguillage-widget"

    widget_checked = sum(in_widget(n) for rule in result["passes"] for n in rule["nodes"])
    assert widget_checked > 0, "axe did not look into the widget's shadow root"
    split: Dict[str, List] = {"widget": [], "page": []}
    for rule in result["violations"]:
        for node in rule["nodes"]:
            split["widget" if in_widget(node) else "page"].append((rule["id"], node["target"], node["failureSummary"]))
    return split


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("width, height, scale", [(390, 844, 1), (640, 400, 2)], ids=["phone", "zoom-200"])
def test_keyboard_journey_never_leaves_the_full_screen_panel(open_page: Callable[..., Page], width: int,
                                                             height: int, scale: float) -> None:
    page = open_page(width, height, scale)
    assert page.evaluate(PANEL_STATE)["inert"] == []
    visited: List[Dict] = []
    press_until(page, "Tab", lambda f: f["inWidget"] and "Discuter" in f["text"], visited)
    bot_says(page, "Quel âge", lambda: page.keyboard.press("Enter"))
    state = page.evaluate(PANEL_STATE)
    assert (state["role"], state["modal"]) == ("dialog", "true")
    expect(page.get_by_role("dialog", name="Aiguillage — emploi et formation")).to_be_visible()
    assert set(state["inert"]) >= {"header", "main", "footer"}  # the page under it, for screen readers too

    page.keyboard.type(FIRST_MESSAGE)
    bot_says(page, "freine", lambda: page.keyboard.press("Enter"))
    assert_focus_goes_round_the_panel(page)  # with reply buttons

    press_until(page, "Shift+Tab", lambda f: f["text"] == "Transport, permis", visited)
    bot_says(page, STATUSES, lambda: page.keyboard.press("Space"))
    press_until(page, "Shift+Tab", lambda f: f["text"] == "Aucune de ces situations", visited)
    bot_says(page, CARDS_END, lambda: page.keyboard.press("Enter"))
    assert_focus_goes_round_the_panel(page)  # with the cards' links

    page.keyboard.press("Escape")
    expect(page.locator(".agw-panel")).to_be_hidden()
    assert "Discuter" in focused(page)["text"]
    assert page.evaluate(PANEL_STATE) == {"role": None, "modal": None, "inert": []}  # the page is back


def test_the_floating_panel_leaves_the_page_usable_and_resizing_switches(open_page: Callable[..., Page]) -> None:
    page = open_page(1280, 800)
    page.evaluate("document.querySelector('footer').inert = true")  # the page's own, kept as it was
    floating = {"role": None, "modal": None, "inert": ["footer"]}
    open_widget(page)
    assert page.evaluate(PANEL_STATE) == floating
    expect(page.get_by_role("region", name="Aiguillage — emploi et formation")).to_be_visible()
    expect(page.locator("#aiguillage-widget")).to_have_attribute("lang", "fr")  # on an English page too

    page.set_viewport_size({"width": 390, "height": 844})  # a narrower window: full screen
    assert eventually(lambda: page.evaluate(PANEL_STATE)["modal"] == "true", 5)
    assert set(page.evaluate(PANEL_STATE)["inert"]) >= {"header", "main", "footer"}

    page.set_viewport_size({"width": 1280, "height": 800})  # the media query's change event
    assert eventually(lambda: page.evaluate(PANEL_STATE) == floating, 5), page.evaluate(PANEL_STATE)
    page.set_viewport_size({"width": 390, "height": 844})
    assert eventually(lambda: page.evaluate(PANEL_STATE)["modal"] == "true", 5)
    page.get_by_role("button", name="Fermer").click()
    assert page.evaluate(PANEL_STATE) == floating


def test_320_by_256_every_control_reached_and_clicked(open_page: Callable[..., Page]) -> None:
    page = open_page(320, 256)  # 1280 × 1024 at 400 %
    bot_says(page, "Quel âge", lambda: click_as_a_person(page, page.locator(".agw-launcher")))
    no_horizontal_scroll(page)
    lines = page.locator(".agw-log").evaluate("""(log) => { const style = getComputedStyle(log);
        const inner = log.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
        return inner / parseFloat(style.lineHeight); }""")
    assert lines >= 4, f"the conversation shows {lines:.1f} lines"

    # Every control, the keyboard way: each focus stop is in view.
    for _ in range(len(page.evaluate(PANEL_CONTROLS))):
        page.keyboard.press("Tab")
        in_view = f"() => ({UNDER_THE_POINTER})(document.activeElement.shadowRoot.activeElement)"
        assert page.evaluate(in_view), focused(page)

    # And the mouse way: scrolled into view with the wheel, then clicked.
    click_as_a_person(page, page.get_by_label("Votre message"))
    page.keyboard.type("j'ai 40 ans")
    bot_says(page, "commune", lambda: click_as_a_person(page, page.get_by_role("button", name="Envoyer")))
    bot_says(page, "cherchez", lambda: click_as_a_person(
        page, page.get_by_role("button", name="Je préfère ne pas répondre")))
    click_as_a_person(page, page.get_by_role("button", name="Effacer la conversation"))
    expect(page.locator(".agw-user")).to_have_count(0)
    click_as_a_person(page, page.get_by_role("button", name="Fermer"))
    expect(page.locator(".agw-panel")).to_be_hidden()


@pytest.mark.parametrize("background", ["#000000", "#1b1b1b", "#1f4e8c", "#767676", "#ffffff"])
def test_launcher_focus_ring_shows_on_any_host_page_colour(open_page: Callable[..., Page], background: str) -> None:
    page = open_page(1280, 800)
    page.evaluate("""(colour) => { const cover = document.createElement('div');  // the host page's colour
        cover.style.cssText = `position: fixed; inset: 0; z-index: 2147482000; background: ${colour}`;
        document.body.insertBefore(cover, document.body.firstChild); }""", background)
    launcher = page.locator(".agw-launcher")
    unfocused = ring_contrast(page, launcher, background)
    press_until(page, "Tab", lambda f: f["inWidget"] and "Discuter" in f["text"], [])
    ring = ring_contrast(page, launcher, background)
    assert ring >= FOCUS_RING_CONTRAST, f"focus ring at {ring:.2f}:1 on {background} (without focus {unfocused:.2f}:1)"
    assert unfocused < FOCUS_RING_CONTRAST <= ring  # what was measured is the ring, nothing else


def assert_card_links_named_and_emoji_silent(page: Page) -> None:
    found = page.evaluate(CARD_LINKS_AND_EMOJI)
    links = found["links"]
    assert len(links) >= 4
    for link in links:
        # Starts with what is shown (what a voice-control user says), then whose link it is.
        visible, _, structure = link["name"].partition(" : ")
        assert visible == link["visible"], link
        assert any(structure.removesuffix(" (nouvelle fenêtre)") in card for card in found["titles"]), link
    assert len({link["name"] for link in links}) == len(links)  # no two links read alike
    assert found["read"] == [] and len(found["hidden"]) >= 4, found


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_axe_core_finds_no_violation_in_the_widget(open_page: Callable[..., Page], width: int, height: int) -> None:
    page = open_page(width, height)
    found = {"closed": axe_violations(page)}
    open_widget(page)
    found["open"] = axe_violations(page)
    bot_says(page, "freine", lambda: type_message(page, FIRST_MESSAGE))
    bot_says(page, STATUSES, lambda: page.get_by_role("button", name="Transport, permis").click())
    bot_says(page, CARDS_END, lambda: type_message(page, "non"))
    expect(page.locator(".agw-action").first).to_be_visible()
    found["cards"] = axe_violations(page)
    assert {state: v["widget"] for state, v in found.items()} == {"closed": [], "open": [], "cards": []}, found
    assert_card_links_named_and_emoji_silent(page)  # what axe cannot judge
