#!/usr/bin/env python3
"""Browser test: the shell works at phone width. A real Chromium signs in as the
demo owner and visits every admin and account page at 390 px and at 1280 px;
no page may scroll sideways (wide tables scroll inside their card instead). It
checks that the focus ring stands out (3:1) from the background behind it, that
forms mark the field that is actually wrong, and the candidate home. Screenshots
of each page at 390 px go to Tests/browser/screenshots/phone-*.png."""
import argparse
import base64
import os
import re
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from harness import ROOT, Checks, chromium, navigate, running_server

SHOTS = os.path.join(ROOT, "Tests", "browser", "screenshots")
PHONE, DESKTOP = (390, 844), (1280, 900)
ADMIN_PAGES = [
    ("admin-home", "/t/acme/admin"),
    ("people", "/t/acme/admin/people"),
    ("sessions", "/t/acme/admin/sessions"),
    ("security-policy", "/t/acme/admin/security"),
    ("audit-log", "/t/acme/admin/audit"),
    ("audit-event", None),  # reached by clicking the first event in the audit log
    ("account-security", "/t/acme/account/security"),
    ("account-sessions", "/t/acme/account/sessions"),
    ("account-password", "/t/acme/account/password"),
    ("questions", "/t/acme/admin/questions"),
    ("question-new", "/t/acme/admin/questions/new"),
    ("question-import", "/t/acme/admin/questions/import"),
    ("banks", "/t/acme/admin/banks"),
    ("translations", "/t/acme/admin/translations"),
    ("invite", "/t/acme/admin/people/invite"),
    ("seats", "/t/acme/admin/people/seats"),
    ("permissions", "/t/acme/admin/people/permissions"),
    ("settings", "/t/acme/admin/settings"),
    ("plan", "/t/acme/admin/plan"),
]

# The background actually painted behind an element: the first ancestor with an opaque colour.
BACKGROUND_JS = """
let node = arguments[0].parentElement;
while (node) {
  const colour = getComputedStyle(node).backgroundColor;
  const alpha = colour.match(/rgba\\(.*,\\s*([\\d.]+)\\)/);
  if (colour !== 'transparent' && !(alpha && parseFloat(alpha[1]) === 0)) return colour;
  node = node.parentElement;
}
return 'rgb(255, 255, 255)';
"""


def rgb(css):
    """'rgb(1, 2, 3)' or 'rgba(1, 2, 3, 1)' to a tuple of three ints."""
    parts = re.findall(r"[\d.]+", css)
    return tuple(int(float(p)) for p in parts[:3])


def luminance(colour):
    def channel(value):
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="folder holding coach-server and tenantctl")
    args = parser.parse_args()
    checks = Checks("phone width")
    check = checks.check
    driver = None
    with running_server(args.bin, "browser-phone-server.log") as (base, env, _database, _server):
        try:
            driver = chromium(390, 844)
            wait = WebDriverWait(driver, 15)
            os.makedirs(SHOTS, exist_ok=True)

            def size(width, height):
                """Sets the viewport (not the window) to width x height."""
                driver.set_window_size(width, height)
                inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
                driver.set_window_size(width + width - inner[0], height + height - inner[1])

            def no_sideways_scroll(label):
                scroll, inner = driver.execute_script(
                    "return [document.documentElement.scrollWidth, window.innerWidth]")
                check(scroll <= inner, f"{label}: no sideways scroll (scrollWidth {scroll}, innerWidth {inner})")

            def shot(name):
                """Saves the whole page, not only the viewport, at the current width."""
                width, height = driver.execute_script(
                    "return [window.innerWidth, document.documentElement.scrollHeight]")
                image = driver.execute_cdp_cmd("Page.captureScreenshot", {
                    "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
                with open(os.path.join(SHOTS, name), "wb") as out:
                    out.write(base64.b64decode(image["data"]))

            def sign_in(email):
                driver.get(base + "/t/acme/login")
                driver.find_element(By.ID, "email").send_keys(email)
                driver.find_element(By.ID, "password").send_keys(env["DEMO_PASSWORD"])
                navigate(driver, driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click)
                wait.until(EC.invisibility_of_element_located((By.ID, "password")))  # signed in, not sent back

            def visit(path):
                if path:
                    driver.get(base + path)
                else:
                    driver.get(base + "/t/acme/admin/audit")
                    link = driver.find_element(By.CSS_SELECTOR, ".audit-table tbody td.num a")
                    navigate(driver, link.click)  # the list is gone, so the h1 below is the event's
                wait.until(EC.presence_of_element_located((By.TAG_NAME, "h1")))

            size(*PHONE)
            print("phone width: sign-in page at 390 px")
            driver.get(base + "/t/acme/login")
            no_sideways_scroll("sign-in")
            shot("phone-sign-in.png")
            sign_in("owner@acme.test")
            check("/t/acme/admin" in driver.current_url, "the owner signs in")

            for width, height in (PHONE, DESKTOP):
                size(width, height)
                print(f"phone width: every admin page at {width} px")
                for name, path in ADMIN_PAGES:
                    visit(path)
                    no_sideways_scroll(f"{name} at {width} px")
                    spilled = driver.execute_script(
                        "return [...document.querySelectorAll('main .card')].filter(c => c.scrollWidth > c.clientWidth + 1)"
                        ".map(c => c.querySelector('h1, h2') ? c.querySelector('h1, h2').textContent : c.className)")
                    check(not spilled, f"{name} at {width} px: nothing spills out of its card {spilled}")
                    if width == PHONE[0]:
                        shot(f"phone-{name}.png")

            size(*PHONE)
            print("phone width: the navigation wraps instead of widening the page")
            driver.get(base + "/t/acme/admin")
            nav = driver.find_element(By.CSS_SELECTOR, ".mainnav")
            tops = {link.location["y"] for link in nav.find_elements(By.TAG_NAME, "a")}
            check(len(tops) > 1, f"the navigation wraps onto more than one line at 390 px ({len(tops)} lines)")
            check(nav.rect["x"] + nav.rect["width"] <= PHONE[0], "the navigation fits the viewport")
            wide = driver.execute_script("return [...document.querySelectorAll('.table-scroll')]"
                                         ".filter(r => r.scrollWidth > r.clientWidth).map(r => r.getAttribute('tabindex'))")
            check(all(tab == "0" for tab in wide), "a table that scrolls inside its card can be reached with the keyboard")

            print("phone width: the focus ring has 3:1 contrast with what is behind it")
            driver.get(base + "/t/acme/admin/people")
            seen = set()
            driver.execute_script("document.activeElement && document.activeElement.blur()")
            for _ in range(12):
                ActionChains(driver).send_keys(Keys.TAB).perform()
                element = driver.switch_to.active_element
                tag = element.tag_name
                style = driver.execute_script(
                    "const s = getComputedStyle(arguments[0]);"
                    "return [s.outlineStyle, s.outlineColor, s.outlineWidth, arguments[0].matches(':focus-visible')];", element)
                if not style[3]:
                    continue
                ring, behind = rgb(style[1]), rgb(driver.execute_script(BACKGROUND_JS, element))
                ratio = contrast(ring, behind)
                page = rgb(driver.execute_script("return getComputedStyle(document.documentElement).backgroundColor"))
                check(style[0] != "none" and float(style[2].rstrip("px")) >= 2,
                      f"focused {tag} {element.text[:20]!r} shows an outline ({style[0]} {style[2]})")
                check(ratio >= 3 and contrast(ring, page) >= 3,
                      f"focused {tag} {element.text[:20]!r}: outline {style[1]} is {ratio:.1f}:1 against {behind}, "
                      f"{contrast(ring, page):.1f}:1 against the page")
                seen.add(tag)
            check({"a", "button"} <= seen, f"the focus ring was checked on a link and a button ({sorted(seen)})")
            driver.save_screenshot(os.path.join(SHOTS, "phone-focus.png"))

            print("phone width: forms mark the field that is wrong")
            driver.get(base + "/t/acme/admin/security")
            idle = driver.find_element(By.ID, "p-idle_minutes")
            idle.clear()
            idle.send_keys("9999")
            driver.find_element(By.XPATH, "//button[normalize-space()='Save policy']").click()
            idle = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#p-idle_minutes[aria-invalid=true]")))
            described = [driver.find_element(By.ID, ref).text for ref in idle.get_attribute("aria-describedby").split()]
            check(any("from 5 to 1440" in text for text in described), f"the policy field in error says why ({described})")
            others = driver.find_elements(By.CSS_SELECTOR, "input[type=number][aria-invalid=true]")
            check(len(others) == 1, f"only the field in error is marked ({len(others)})")
            check("from 5 to 1440" in driver.find_element(By.ID, "form-problems").text, "the summary at the top stays")
            no_sideways_scroll("security policy with problems")
            shot("phone-security-policy-problems.png")

            driver.get(base + "/t/acme/account/password")
            driver.find_element(By.ID, "current").send_keys("not my password")
            driver.find_element(By.ID, "new").send_keys("a brand new passphrase")
            driver.find_element(By.ID, "confirm").send_keys("a brand new passphrase")
            driver.find_element(By.XPATH, "//button[normalize-space()='Change password']").click()
            wait.until(EC.presence_of_element_located((By.ID, "form-problems")))
            marked = [e.get_attribute("id") for e in driver.find_elements(By.CSS_SELECTOR, "input[aria-invalid=true]")]
            check(marked == ["current"], f"a wrong current password marks the current-password field only ({marked})")
            current = driver.find_element(By.ID, "current")
            check("not right" in driver.find_element(By.ID, current.get_attribute("aria-describedby")).text,
                  "the current-password field is described by its message")

            driver.find_element(By.ID, "current").send_keys(env["DEMO_PASSWORD"])
            driver.find_element(By.ID, "new").send_keys("short")
            driver.find_element(By.ID, "confirm").send_keys("shorter")
            # The last page had a problem list too: wait for the new page before reading its list.
            navigate(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Change password']").click)
            wait.until(EC.presence_of_element_located((By.ID, "form-problems")))
            marked = [e.get_attribute("id") for e in driver.find_elements(By.CSS_SELECTOR, "input[aria-invalid=true]")]
            check(marked == ["new", "confirm"], f"a too-short, mismatched new password marks the new password fields ({marked})")
            new_refs = driver.find_element(By.ID, "new").get_attribute("aria-describedby").split()
            check(any("at least" in driver.find_element(By.ID, ref).text for ref in new_refs), "the new-password field says why")
            no_sideways_scroll("change password with problems")
            shot("phone-password-problems.png")

            errors = [entry for entry in driver.get_log("browser")
                      if entry.get("level") == "SEVERE" and "status of 422" not in entry.get("message", "")]
            check(not errors, f"no console errors or CSP violations ({errors[:2]})")

            print("phone width: the candidate home")
            driver.find_element(By.CSS_SELECTOR, ".account button").click()
            wait.until(EC.url_contains("/t/acme/login"))
            sign_in("candidate@acme.test")
            check(driver.find_element(By.TAG_NAME, "h1").text.startswith("Welcome"), "the candidate home is shown")
            for width, height in (PHONE, DESKTOP):
                size(width, height)
                driver.refresh()
                no_sideways_scroll(f"candidate home at {width} px")
                if width == PHONE[0]:
                    shot("phone-candidate-home.png")
        finally:
            if driver:
                driver.quit()
    sys.exit(checks.finish())


if __name__ == "__main__":
    main()
