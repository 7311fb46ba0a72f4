#!/usr/bin/env python3
"""Browser test: a real Chromium signs in as a tenant owner and sees the admin home.

Starts its own coach-server against a fresh database cloned from the migrated
template, provisions a tenant with tenantctl, drives the sign-in form with
Selenium and saves screenshots to Tests/browser/screenshots/.
Reads the COACH_* variables that scripts/test.sh exports.
"""
import argparse
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHOTS = os.path.join(ROOT, "Tests", "browser", "screenshots")

passed = 0
failed = 0


def check(condition, message):
    global passed, failed
    if condition:
        passed += 1
        print(f"  ok   {message}")
    else:
        failed += 1
        print(f"  FAIL {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql_owner(database, sql):
    env = dict(os.environ, PGPASSWORD=os.environ["COACH_OWNER_PASSWORD"])
    subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", os.environ["COACH_DB_HOST"], "-p", os.environ["COACH_DB_PORT"],
         "-U", "coach_owner", "-d", database, "-c", sql],
        check=True, env=env, stdout=subprocess.DEVNULL)


def wait_for(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="folder holding coach-server and tenantctl")
    args = parser.parse_args()

    database = "browser_" + secrets.token_hex(6)
    template = os.environ["COACH_DB_NAME"]
    psql_owner("postgres", f"CREATE DATABASE {database} TEMPLATE {template} OWNER coach_owner")
    env = dict(os.environ, COACH_DB_NAME=database, COACH_SECURE_COOKIES="false", DEMO_PASSWORD="browser-test-" + secrets.token_hex(8))
    server = None
    driver = None
    try:
        subprocess.run([os.path.join(args.bin, "tenantctl"), "demo", "--password-env", "DEMO_PASSWORD"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        log = open(os.path.join(ROOT, ".data", "browser-server.log"), "w")
        server = subprocess.Popen([os.path.join(args.bin, "coach-server"), "--port", str(port)], env=env, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        if not wait_for(base + "/healthz"):
            print("coach-server did not start; see .data/browser-server.log")
            sys.exit(1)

        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-gpu"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        wait = WebDriverWait(driver, 15)
        os.makedirs(SHOTS, exist_ok=True)

        print("browser: sign-in as the demo owner")
        driver.get(base + "/t/acme/login")
        check("Sign in to Acme Corporation" in driver.find_element(By.TAG_NAME, "h1").text, "the sign-in page names the tenant")
        driver.save_screenshot(os.path.join(SHOTS, "01-sign-in.png"))

        driver.find_element(By.ID, "email").send_keys("owner@acme.test")
        driver.find_element(By.ID, "password").send_keys("a wrong password")
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        alert = wait.until(EC.presence_of_element_located((By.ID, "login-error")))
        check("not valid" in alert.text, "a wrong password shows the generic error")
        check(driver.find_element(By.ID, "email").get_attribute("value") == "owner@acme.test", "the typed email is kept")

        driver.find_element(By.ID, "password").send_keys(env["DEMO_PASSWORD"])
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(EC.url_contains("/t/acme/admin"))
        heading = driver.find_element(By.TAG_NAME, "h1").text
        check(heading == "Acme Corporation administration", f"the admin home is shown (h1: {heading!r})")
        check("auth.sign_in" in driver.page_source, "recent activity lists the sign-in")
        cookie = driver.get_cookie("coach_session")
        check(cookie is not None and cookie.get("httpOnly") is True, "the session cookie is HttpOnly")
        driver.save_screenshot(os.path.join(SHOTS, "02-admin-home.png"))

        print("browser: the audit log")
        driver.find_element(By.LINK_TEXT, "Audit log").click()
        wait.until(EC.url_contains("/admin/audit"))
        check(driver.find_element(By.TAG_NAME, "h1").text == "Audit log", "the audit log opens from the navigation")
        driver.find_element(By.XPATH, "//button[normalize-space()='Verify chain now']").click()
        badge = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".chain-badge.ok")))
        check("chain intact up to seq" in badge.text, f"verifying shows the intact badge ({badge.text!r})")
        Select(driver.find_element(By.ID, "f-action")).select_by_value("auth.sign_in_failed")
        driver.find_element(By.XPATH, "//button[normalize-space()='Apply filters']").click()
        wait.until(EC.url_contains("action=auth.sign_in_failed"))
        rows = driver.find_elements(By.CSS_SELECTOR, ".audit-table tbody tr")
        check(len(rows) == 1 and "Sign-in failed" in rows[0].text, f"filtering by action shows the one failed sign-in ({len(rows)} rows)")
        rows[0].find_element(By.CSS_SELECTOR, "td.num a").click()
        wait.until(EC.presence_of_element_located((By.ID, "facts-heading")))
        check("wrong_password" in driver.page_source, "the event detail shows why the sign-in failed")
        driver.save_screenshot(os.path.join(SHOTS, "03-audit-event.png"))
        driver.back()
        driver.save_screenshot(os.path.join(SHOTS, "04-audit-log.png"))

        driver.find_element(By.CSS_SELECTOR, ".account button").click()
        wait.until(EC.url_contains("/t/acme/login"))
        check("You have signed out." in driver.page_source, "signing out returns to the sign-in page")
        driver.get(base + "/t/acme/admin")
        check("/t/acme/login" in driver.current_url, "the admin home needs sign-in again")

        # The one expected network error is the 422 of the deliberately wrong password.
        errors = [entry for entry in driver.get_log("browser")
                  if entry.get("level") == "SEVERE" and "status of 422" not in entry.get("message", "")]
        check(not errors, f"no console errors or CSP violations ({errors[:2]})")
    finally:
        if driver:
            driver.quit()
        if server:
            server.terminate()
            server.wait(timeout=10)
        psql_owner("postgres", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    print(f"browser: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
