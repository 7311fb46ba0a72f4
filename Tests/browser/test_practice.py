#!/usr/bin/env python3
"""Browser test: a candidate practises. A real Chromium signs in as the demo candidate, sees the dashboard with the
two interviews the demo completed, starts the behavioural warm-up, watches the timer count down, answers three
questions, and reads the result with its scores, feedback and sample answers. Then an editor saves a template with a
mistake and sees the field marked. Every page is checked at 390 px for sideways scrolling; screenshots go to
Tests/browser/screenshots/practice-*.png."""
import argparse
import json
import os
import sys
import time
import traceback

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from harness import ROOT, Checks, chromium, navigate, running_server

SHOTS = os.path.join(ROOT, "Tests", "browser", "screenshots")
PHONE, DESKTOP = (390, 844), (1280, 900)
DEMO = os.path.join(ROOT, "scripts", "demo")


def behavioural_prompts():
    """The demo prompts (every version) the rubric scores on STAR: a field that starts "behav" or a behavioural tag.
    HR questions are drawn for a behavioural template too, but are not STAR stories."""
    prompts = set()
    for name in ("acme-questions.json", "acme-questions-v2.json"):
        with open(os.path.join(DEMO, name), encoding="utf-8") as file:
            for question in json.load(file)["questions"]:
                content = question["content"]
                tags = {tag.lower() for tag in content.get("tags", [])}
                if content.get("field", "").lower().startswith("behav") or tags & {"behavioural", "behavioral", "star"}:
                    prompts.add(" ".join(content["prompt"].split()))
    return prompts


ANSWER = ("At my last job our releases failed often. My task was to make them safe, so I decided to add canary releases "
          "and I wrote the rollback plan with the team. As a result, failed releases dropped from six a month to one.")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="folder holding coach-server and tenantctl")
    args = parser.parse_args()
    checks = Checks("practice")
    check = checks.check
    driver = None
    with running_server(args.bin, "practice-server.log") as (base, env, _database, _server):
        try:
            driver = chromium(*DESKTOP)
            wait = WebDriverWait(driver, 15)
            os.makedirs(SHOTS, exist_ok=True)

            def main_text():
                return driver.find_element(By.TAG_NAME, "main").text

            def phone(name):
                driver.save_screenshot(os.path.join(SHOTS, f"practice-{name}.png"))
                driver.set_window_size(*PHONE)
                inner, width = driver.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]")
                check(width <= inner, f"{name}: no sideways scroll at {PHONE[0]} px ({width} px wide)")
                driver.save_screenshot(os.path.join(SHOTS, f"practice-{name}-phone.png"))
                driver.set_window_size(*DESKTOP)

            def sign_in(email):
                driver.get(base + "/t/acme/login")
                driver.find_element(By.ID, "email").send_keys(email)
                driver.find_element(By.ID, "password").send_keys(env["DEMO_PASSWORD"])
                navigate(driver, driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click)

            print("practice: the dashboard")
            sign_in("candidate@acme.test")
            check("Interviews completed\n6" in main_text(), "the dashboard counts the six demo interviews")
            check("Current streak\n3 days" in main_text(), "the streak counts the last three days")
            dots = driver.find_elements(By.CSS_SELECTOR, "main svg.trend-svg circle")
            check(len(dots) == 6, f"the trend chart has a dot per interview ({len(dots)})")
            check("Scores over time" in main_text() and "Achievements" in main_text(), "the data table and achievements")
            check("Behavioural warm-up" in main_text(), "templates are offered")
            phone("dashboard")
            navigate(driver, driver.find_element(By.CSS_SELECTOR, "main table tbody tr a").click)
            check("Readiness" in main_text() and "Sample answer" in main_text(), "a past result opens")

            print("practice: an interview")
            driver.get(base + "/t/acme/")
            start = driver.find_element(By.XPATH, "//li[.//strong[normalize-space()='Behavioural warm-up']]//button")
            navigate(driver, start.click)
            timer = driver.find_element(By.ID, "timer")
            first = timer.text
            time.sleep(2.2)
            check(first.endswith("left") and timer.text != first, f"the timer counts down ({first} → {timer.text})")
            phone("question")
            star_prompts, star_drawn = behavioural_prompts(), 0
            for number in (1, 2, 3):
                check(f"Question {number} of 3" in main_text(), f"question {number} of 3 is shown")
                prompt = " ".join(driver.find_element(By.CSS_SELECTOR, "main .prompt").text.split())
                star_drawn += prompt in star_prompts
                driver.find_element(By.ID, "a-response").send_keys(ANSWER)
                navigate(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click)
            text = main_text()
            check("Behavioural warm-up: result" in driver.find_element(By.TAG_NAME, "h1").text, "the result page follows the last answer")
            named = text.count("Clear STAR structure")
            check(named == star_drawn, f"the feedback names the STAR structure once per behavioural question ({named} of {star_drawn})")
            check(len(driver.find_elements(By.CSS_SELECTOR, "main meter")) >= 5, "scores by area are drawn")
            phone("result")

            print("practice: the printable report and its PDF")
            navigate(driver, driver.find_element(By.LINK_TEXT, "Printable report and PDF").click)
            check("Casey Candidate" in driver.find_element(By.TAG_NAME, "body").text, "the report names the candidate")
            href = driver.find_element(By.LINK_TEXT, "Download PDF").get_attribute("href")
            pdf = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type'),"
                " String.fromCharCode(...new Uint8Array(b).slice(0, 5)), b.byteLength])));",
                href,
            )
            check(pdf[0] == 200 and pdf[1] == "application/pdf" and pdf[2] == "%PDF-", f"the PDF downloads ({pdf[:3]})")
            check(pdf[3] > 1000, f"the PDF has content ({pdf[3]} bytes)")
            errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
            check(not errors, f"no console errors or CSP violations ({errors[:2]})")

            print("practice: an editor's template with a mistake")
            driver.get(base + "/t/acme/")
            driver.find_element(By.CSS_SELECTOR, ".account button").click()
            wait.until(EC.url_contains("/t/acme/login"))
            sign_in("editor@acme.test")
            driver.get(base + "/t/acme/admin/templates")
            driver.find_element(By.ID, "t-name").send_keys("Frontend screen")
            count = driver.find_element(By.ID, "t-count")
            count.clear()
            count.send_keys("40")
            navigate(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Save template']").click)
            marked = [e.get_attribute("id") for e in driver.find_elements(By.CSS_SELECTOR, "[aria-invalid=true]")]
            check(marked == ["t-count"], f"only the question count is marked ({marked})")
            check(driver.find_element(By.ID, "t-name").get_attribute("value") == "Frontend screen", "the name typed stays")
            phone("templates")
        except Exception as error:  # a crash is a failure with its reason, not a traceback into the log
            frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == __file__]
            line = frames[-1].lineno if frames else "?"
            check(False, f"the walk-through finished ({type(error).__name__} at line {line}: {error})")
        finally:
            if driver:
                driver.quit()
    sys.exit(checks.finish())


if __name__ == "__main__":
    main()
