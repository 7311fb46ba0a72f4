#!/usr/bin/env python3
"""Browser test: an owner invites a person, and that person accepts in a second,
separate browser (no shared cookies), chooses a password and is signed in with the
invited role; the owner then sees them on the people page and the invitation gone
from the open list. Screenshots at 1280 px and 390 px go to
Tests/browser/screenshots/people-*.png."""
import argparse
import os
import sys
import traceback

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness import ROOT, Checks, chromium, navigate, running_server

SHOTS = os.path.join(ROOT, "Tests", "browser", "screenshots")
PHONE, DESKTOP = (390, 844), (1280, 900)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="folder holding coach-server and tenantctl")
    args = parser.parse_args()
    checks = Checks("people")
    check = checks.check
    owner = invitee = None
    with running_server(args.bin, "people-server.log") as (base, env, _database, _server):
        try:
            owner = chromium(*DESKTOP)
            wait = WebDriverWait(owner, 15)
            os.makedirs(SHOTS, exist_ok=True)

            def go(driver, element):
                """Clicks a link or submit button and waits until the next page has replaced this one."""
                navigate(driver, element.click)

            def shots(driver, name):
                driver.save_screenshot(os.path.join(SHOTS, f"people-{name}.png"))
                driver.set_window_size(*PHONE)
                inner, width = driver.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]")
                check(width <= inner, f"{name}: no sideways scroll at {PHONE[0]} px ({width} > {inner})" if width > inner else f"{name}: fits at {PHONE[0]} px")
                driver.save_screenshot(os.path.join(SHOTS, f"people-{name}-phone.png"))
                driver.set_window_size(*DESKTOP)

            print("people: the owner invites")
            owner.get(base + "/t/acme/login")
            owner.find_element(By.ID, "email").send_keys("owner@acme.test")
            owner.find_element(By.ID, "password").send_keys(env["DEMO_PASSWORD"])
            go(owner, owner.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
            wait.until(EC.url_contains("/t/acme/admin"))
            go(owner, owner.find_element(By.LINK_TEXT, "People"))
            check("new.hire@acme.test" in owner.find_element(By.ID, "invitations-heading").find_element(By.XPATH, "..").text,
                  "the demo's open invitation is listed")
            go(owner, owner.find_element(By.LINK_TEXT, "Invite someone"))
            owner.find_element(By.ID, "i-email").send_keys("not an address")
            go(owner, owner.find_element(By.XPATH, "//main//button[normalize-space()='Send invitation']"))
            problem = wait.until(EC.presence_of_element_located((By.ID, "i-email-problem")), owner.find_element(By.TAG_NAME, "main").text[:300]).text
            check("name@example.com" in problem, f"a bad address is explained beside the field ({problem!r})")
            check(owner.find_element(By.ID, "i-email").get_attribute("aria-invalid") == "true", "the field is marked invalid")
            email = owner.find_element(By.ID, "i-email")
            email.clear()
            email.send_keys("Tara.Translator@acme.test")
            Select(owner.find_element(By.ID, "i-role")).select_by_value("translator")
            shots(owner, "invite")
            go(owner, owner.find_element(By.XPATH, "//main//button[normalize-space()='Send invitation']"))
            link = wait.until(EC.presence_of_element_located((By.ID, "invite-link"))).get_attribute("value")
            check("/t/acme/invitation/" in link, "the link to hand over is shown once")
            shots(owner, "invited")

            print("people: the invitee accepts in another browser")
            invitee = chromium(*DESKTOP)
            invitee.get(link.replace("http://127.0.0.1:8080", base))
            check("invited as Translator" in invitee.find_element(By.TAG_NAME, "main").text, "the invitation names the role")
            invitee.find_element(By.ID, "name").send_keys("Tara Translator")
            invitee.find_element(By.ID, "password").send_keys("correct horse battery staple")
            invitee.find_element(By.ID, "confirm").send_keys("correct horse battery staple")
            shots(invitee, "accept")
            go(invitee, invitee.find_element(By.XPATH, "//main//button[starts-with(normalize-space(), 'Join')]"))
            WebDriverWait(invitee, 15).until(EC.url_contains("/t/acme/admin"))
            check("Translations" in invitee.find_element(By.TAG_NAME, "nav").text, "the new translator is signed in and sees Translations")
            check("People" not in invitee.find_element(By.TAG_NAME, "nav").text, "…and not the people page")
            invitee.get(link.replace("http://127.0.0.1:8080", base))
            check("already accepted" in invitee.find_element(By.TAG_NAME, "main").text, "the link works once")

            print("people: the owner sees the new person")
            owner.get(base + "/t/acme/admin/people")
            table = owner.find_element(By.CSS_SELECTOR, "section[aria-labelledby=people-heading]").text
            check("tara.translator@acme.test" in table and "Translator" in table, "the person is listed with the role")
            shots(owner, "list")
        except Exception as error:  # a crash is a failure with its reason
            frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == __file__]
            line = frames[-1].lineno if frames else "?"
            check(False, f"the walk-through finished ({type(error).__name__} at line {line}: {error})")
        finally:
            for driver in (owner, invitee):
                if driver:
                    driver.quit()
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
