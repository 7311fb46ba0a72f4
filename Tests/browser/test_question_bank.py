#!/usr/bin/env python3
"""Browser test: the question bank as an editor uses it. A real Chromium signs in
as the demo owner, finds a demo question by search, writes a new question with a
Markdown preview, edits it into version 2, compares the versions, publishes it,
translates it into German, changes the source again and sees the translation turn
"needs review" with the source diff beside it, then archives two questions in bulk
after a review page that names them. Screenshots at 1280 px and 390 px go to
Tests/browser/screenshots/questions-*.png."""
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
    checks = Checks("question bank")
    check = checks.check
    driver = None
    with running_server(args.bin, "questions-server.log") as (base, env, _database, _server):
        try:
            driver = chromium(*DESKTOP)
            wait = WebDriverWait(driver, 15)
            os.makedirs(SHOTS, exist_ok=True)

            def shots(name):
                """The current page at desktop width, then at phone width (which must not scroll sideways)."""
                driver.save_screenshot(os.path.join(SHOTS, f"questions-{name}.png"))
                driver.set_window_size(*PHONE)
                width = driver.execute_script("return document.documentElement.scrollWidth")
                check(width <= PHONE[0], f"{name}: no sideways scroll at {PHONE[0]} px (page is {width} px wide)")
                driver.save_screenshot(os.path.join(SHOTS, f"questions-{name}-phone.png"))
                driver.set_window_size(*DESKTOP)

            def h1():
                return driver.find_element(By.TAG_NAME, "h1").text

            def button(label):
                return driver.find_element(By.XPATH, f"//main//button[normalize-space()='{label}']")

            def go(element):
                """Clicks a link or submit button and waits until the next page has replaced this one."""
                navigate(driver, element.click)

            print("questions: the demo bank")
            driver.get(base + "/t/acme/login")
            driver.find_element(By.ID, "email").send_keys("owner@acme.test")
            driver.find_element(By.ID, "password").send_keys(env["DEMO_PASSWORD"])
            driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
            wait.until(EC.url_contains("/t/acme/admin"))
            go(driver.find_element(By.LINK_TEXT, "Questions"))
            wait.until(EC.url_contains("/admin/questions"))
            rows = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
            check(len(rows) >= 40, f"the demo bank lists its questions ({len(rows)} rows)")
            driver.find_element(By.ID, "f-q").send_keys("microtasks")
            go(button("Apply"))
            wait.until(EC.url_contains("q=microtasks"))
            found = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr a")
            check(len(found) == 1, f"full-text search narrows 44 questions to the one about microtasks ({len(found)} rows)")
            shots("list")
            go(found[0])
            check("microtask queue" in driver.find_element(By.TAG_NAME, "main").text, "…and it is the question that mentions the microtask queue")

            print("questions: write, preview and save a draft")
            driver.get(base + "/t/acme/admin/questions/new")
            driver.find_element(By.ID, "q-prompt").send_keys("Tell us about a time you **disagreed** with a design decision. <script>alert(1)</script>")
            driver.find_element(By.ID, "q-tags").send_keys("conflict, design")
            driver.find_element(By.ID, "q-hint").send_keys("Use the STAR structure.")
            driver.find_element(By.ID, "q-sample").send_keys("In my last team we planned a shared cache...")
            go(button("Preview"))
            preview = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".preview strong")))
            check(preview.text == "disagreed", "the preview renders Markdown")
            check("<script>alert(1)</script>" not in driver.page_source, "raw HTML never reaches the page")
            check("disagreed" in driver.find_element(By.ID, "q-prompt").get_attribute("value"), "the typed prompt is kept after the preview")
            shots("new-preview")
            go(button("Save draft"))
            wait.until(EC.url_contains("created=1"))
            question = driver.current_url.split("?")[0]
            check("Draft" in driver.page_source, "the new question is a draft")

            print("questions: version 2 and the diff")
            go(driver.find_element(By.LINK_TEXT, "Edit"))
            prompt = driver.find_element(By.ID, "q-prompt")
            prompt.clear()
            prompt.send_keys("Tell us about a time you **disagreed** with an architecture decision.")
            driver.find_element(By.ID, "q-note").send_keys("Narrow it to architecture")
            go(button("Save as a new version"))
            wait.until(EC.url_contains("version_saved=1"))
            go(driver.find_element(By.LINK_TEXT, "History and compare"))
            check("Narrow it to architecture" in driver.page_source, "the history shows the change note")
            go(button("Compare"))
            wait.until(EC.url_contains("/diff"))
            deleted = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "main del")]
            inserted = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "main ins")]
            check("design" in " ".join(deleted) and "architecture" in " ".join(inserted), f"the diff marks words ({deleted} → {inserted})")
            shots("diff")

            print("questions: publish, translate, change the source")
            driver.get(question)
            go(driver.find_element(By.LINK_TEXT, "Publish…"))
            check(h1() == "Publish version 2?", "publishing asks first")
            go(button("Publish version 2"))
            wait.until(EC.url_contains("published=1"))
            driver.get(question + "/translations/de")
            check(h1() == "Translate into de", "the German translation page opens")
            driver.find_element(By.ID, "t-prompt").send_keys("Erzählen Sie von einer Architekturentscheidung, der Sie widersprochen haben.")
            driver.find_element(By.ID, "t-hint").send_keys("Nutzen Sie die STAR-Struktur.")
            driver.find_element(By.ID, "t-sample_answer").send_keys("In meinem letzten Team planten wir einen gemeinsamen Cache...")
            driver.find_element(By.NAME, "reviewed").click()
            go(button("Save translation"))
            wait.until(EC.url_contains("translation_saved"))
            check("de: Reviewed" in driver.find_element(By.ID, "translations-heading").find_element(By.XPATH, "..").text,
                  "the German translation is reviewed")
            go(driver.find_element(By.LINK_TEXT, "Edit"))
            prompt = driver.find_element(By.ID, "q-prompt")
            prompt.clear()
            prompt.send_keys("Tell us about a time you **disagreed** with an architecture decision, and what happened next.")
            go(button("Save as a new version"))
            wait.until(EC.url_contains("version_saved=1"))
            go(driver.find_element(By.LINK_TEXT, "Publish…"))
            impact = driver.find_element(By.CSS_SELECTOR, "main .alert").text
            check("de: Prompt" in impact and "Hint" not in impact, f"the publish page names exactly the German prompt ({impact!r})")
            shots("publish-impact")
            go(button("Publish version 3"))
            wait.until(EC.url_contains("published=1"))
            check("needs review" in driver.page_source.lower(), "the German translation now needs review")
            driver.get(question + "/translations/de")
            check("what happened next" in driver.find_element(By.TAG_NAME, "main").text, "the translator sees the source's change")
            shots("translation-review")

            print("questions: bulk archive with a review page")
            driver.get(base + "/t/acme/admin/questions?status=published")
            boxes = driver.find_elements(By.CSS_SELECTOR, "main tbody input[type=checkbox]")
            for box in boxes[:2]:
                box.click()
            Select(driver.find_element(By.ID, "b-action")).select_by_value("archive")
            go(button("Review the change…"))
            check(h1() == "Archive 2 questions?", f"the review names the exact count ({h1()!r})")
            shots("bulk-review")
            go(button("Archive 2 questions"))
            wait.until(EC.url_contains("bulk_done=1"))
            check("Each question that changed has its own event" in driver.page_source, "the list confirms the bulk action")
        except Exception as error:  # a crash is a failure with its reason, not a traceback into the log
            frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == __file__]
            line = frames[-1].lineno if frames else "?"
            check(False, f"the walk-through finished ({type(error).__name__} at line {line}: {error})")
        finally:
            if driver:
                driver.quit()
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
