#!/usr/bin/env python3
"""Browser test: a real Chromium signs in as a tenant owner, uses the admin
home and the audit log, enrols TOTP two-factor authentication by reading the
key from the page, and signs in again with a computed code. Screenshots go to
Tests/browser/screenshots/."""
import argparse
import base64
import hashlib
import hmac
import os
import struct
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness import ROOT, Checks, chromium, running_server

SHOTS = os.path.join(ROOT, "Tests", "browser", "screenshots")


def totp(key, at=None):
    """RFC 6238 code for a base32 key, computed independently of the server."""
    secret = base64.b32decode(key.replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8))
    counter = int((at or time.time()) // 30)
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="folder holding coach-server and tenantctl")
    args = parser.parse_args()
    checks = Checks("browser")
    check = checks.check
    driver = None
    with running_server(args.bin, "browser-server.log") as (base, env, _database, _server):
        try:
            driver = chromium(1280, 900)
            wait = WebDriverWait(driver, 15)
            os.makedirs(SHOTS, exist_ok=True)

            def submit():
                driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()

            print("browser: sign-in as the demo owner")
            driver.get(base + "/t/acme/login")
            check("Sign in to Acme Corporation" in driver.find_element(By.TAG_NAME, "h1").text, "the sign-in page names the tenant")
            driver.save_screenshot(os.path.join(SHOTS, "01-sign-in.png"))

            driver.find_element(By.ID, "email").send_keys("owner@acme.test")
            driver.find_element(By.ID, "password").send_keys("a wrong password")
            submit()
            alert = wait.until(EC.presence_of_element_located((By.ID, "login-error")))
            check("not valid" in alert.text, "a wrong password shows the generic error")
            check(driver.find_element(By.ID, "email").get_attribute("value") == "owner@acme.test", "the typed email is kept")

            driver.find_element(By.ID, "password").send_keys(env["DEMO_PASSWORD"])
            submit()
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

            print("browser: enrol two-factor authentication")
            driver.find_element(By.LINK_TEXT, "Your security").click()
            wait.until(EC.url_contains("/account/security"))
            driver.find_element(By.LINK_TEXT, "Set up two-factor authentication").click()
            key = wait.until(EC.presence_of_element_located((By.ID, "totp-key"))).text
            check(len(key.replace(" ", "")) == 32, f"the page shows a 160-bit key ({key})")
            check(driver.find_elements(By.CSS_SELECTOR, ".qr svg"), "the QR code is an inline SVG")
            driver.save_screenshot(os.path.join(SHOTS, "05-two-factor-setup.png"))
            driver.find_element(By.ID, "code").send_keys(totp(key))
            submit()
            codes = wait.until(EC.presence_of_all_elements_located((By.CSS_SELECTOR, "#recovery-codes code")))
            check(len(codes) == 10, "ten recovery codes are shown once")
            driver.save_screenshot(os.path.join(SHOTS, "06-recovery-codes.png"))
            driver.find_element(By.LINK_TEXT, "I have saved them").click()
            wait.until(EC.url_contains("/account/security"))
            check("Two-factor authentication is on." in driver.page_source, "the security page confirms 2FA is on")

            driver.find_element(By.CSS_SELECTOR, ".account button").click()
            wait.until(EC.url_contains("/t/acme/login"))
            check("You have signed out." in driver.page_source, "signing out returns to the sign-in page")

            print("browser: sign in with password and code")
            driver.find_element(By.ID, "email").send_keys("owner@acme.test")
            driver.find_element(By.ID, "password").send_keys(env["DEMO_PASSWORD"])
            submit()
            wait.until(EC.url_contains("/login/2fa"))
            driver.get(base + "/t/acme/admin")
            check(driver.current_url.endswith("/t/acme/login/2fa"), "the admin home stays shut after the password alone")
            # The enrolment code used up its 30-second step; wait for the next one.
            time.sleep(30.5 - time.time() % 30)
            driver.find_element(By.ID, "code").send_keys(totp(key))
            submit()
            wait.until(EC.url_contains("/t/acme/admin"))
            check(driver.find_element(By.TAG_NAME, "h1").text == "Acme Corporation administration", "the code completes sign-in")

            errors = [entry for entry in driver.get_log("browser")
                      if entry.get("level") == "SEVERE" and "status of 422" not in entry.get("message", "")]
            check(not errors, f"no console errors or CSP violations ({errors[:2]})")
        finally:
            if driver:
                driver.quit()
    sys.exit(checks.finish())


if __name__ == "__main__":
    main()
