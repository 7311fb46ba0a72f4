#!/usr/bin/env python3
"""System test: two coach-servers on one database behind an nginx that round-robins them (issue #12). A person signs
in through one instance and carries on through the other (a page, a CSRF-protected form, signing out); failed
sign-ins made through both instances add up to one account lockout; and, with COACH_TRUST_PROXY=true, the
per-address throttle counts the client nginx names in X-Forwarded-For, not nginx itself and not an address the
client made up. The client connects from 127.0.0.2 and 127.0.0.3 so the addresses differ from nginx's 127.0.0.1."""
import argparse
import re
import sys

from harness import Checks, psql_owner_rows, running_servers
from http_tools import Client, running_nginx


class Front:
    """Requests through nginx to a chosen instance. nginx's round robin alternates between the two, so a request for
    the instance that is not next is preceded by a /healthz that takes the other's turn."""

    def __init__(self, upstreams):
        self.upstreams, self.last, self.sent, self.misrouted = upstreams, None, [0, 0], []

    def send(self, client, instance, method, path, form=None, headers=None):
        wanted = self.upstreams[instance]
        for _ in range(3):
            if self.last is not None and self.last != wanted:
                break
            self.last = client.get("/healthz").headers.get("X-Upstream")
        reply = client.request(method, path, form=form, headers=headers)
        self.last = reply.headers.get("X-Upstream")
        self.sent[instance] += 1
        if self.last != wanted:
            self.misrouted.append(f"{method} {path} for instance {instance + 1} went to {self.last}")
        return reply


def shared_session(checks, front, base, password):
    print("two instances: a session started on one continues on the other")
    person = Client(base, source="127.0.0.2")
    token = Client.csrf(front.send(person, 0, "GET", "/t/acme/login").text)
    signed_in = front.send(person, 0, "POST", "/t/acme/login", {"_csrf": token, "email": "owner@acme.test", "password": password})
    checks.check(signed_in.status == 303 and signed_in.headers["Location"].endswith("/t/acme/admin"), "signed in on instance 1")
    session_cookies = dict(person.cookies)
    home = front.send(person, 1, "GET", "/t/acme/admin")
    checks.check(home.status == 200 and "Acme Corporation administration" in home.text, "instance 2 shows the admin home")
    form = front.send(person, 1, "GET", "/t/acme/admin/questions/new").text
    bank = re.search(r'name="bank"[^>]*><option value="([0-9a-f-]{36})"', form).group(1)
    token = Client.csrf(form)
    forged = front.send(person, 1, "POST", "/t/acme/admin/questions/new", {"_csrf": "forged", "bank": bank, "prompt": "Forged?"})
    checks.check(forged.status == 403, f"instance 2 refuses a form with a wrong CSRF token ({forged.status})")
    prompt = "Describe a time two servers agreed on everything."
    created = front.send(person, 1, "POST", "/t/acme/admin/questions/new",
                         {"_csrf": token, "bank": bank, "prompt": prompt, "level": "mid", "difficulty": "medium"})
    checks.check(created.status == 303 and "/admin/questions/" in created.headers.get("Location", ""),
                 f"instance 2 accepts the CSRF-protected form ({created.status})")
    shown = front.send(person, 0, "GET", created.headers["Location"])
    checks.check(shown.status == 200 and prompt in shown.text, "instance 1 shows the question created through instance 2")
    signed_out = front.send(person, 1, "POST", "/t/acme/logout", {"_csrf": Client.csrf(shown.text)})
    checks.check(signed_out.status == 303, "signed out on instance 2")
    person.cookies = session_cookies  # the ended session's cookie, as a copy kept elsewhere would still have it
    after = front.send(person, 0, "GET", "/t/acme/admin")
    checks.check(after.status == 303 and after.headers["Location"].endswith("/t/acme/login"),
                 "the ended session no longer opens the admin home on instance 1")


def shared_lockout(checks, front, base, database, password):
    print("two instances: wrong passwords through both lock the account")
    person = Client(base, source="127.0.0.3")
    for attempt in range(5):
        instance = attempt % 2
        token = Client.csrf(front.send(person, instance, "GET", "/t/acme/login").text)
        front.send(person, instance, "POST", "/t/acme/login", {"_csrf": token, "email": "candidate@acme.test", "password": f"wrong {attempt}"})
    [[lock_count, locked]] = psql_owner_rows(database, "SELECT lock_count, locked_until > now() FROM users WHERE email = 'candidate@acme.test'")
    checks.check((lock_count, locked) == ("1", "t"), f"five failures, three on one instance and two on the other, locked the account ({lock_count}, {locked})")
    for instance in (0, 1):
        token = Client.csrf(front.send(person, instance, "GET", "/t/acme/login").text)
        refused = front.send(person, instance, "POST", "/t/acme/login", {"_csrf": token, "email": "candidate@acme.test", "password": password})
        checks.check(refused.status == 422 and "not valid" in refused.text, f"instance {instance + 1} refuses the right password while locked")


def shared_throttle(checks, front, base, database, password):
    print("two instances: failures from one address through both throttle it; the address is the one nginx saw")
    attacker = Client(base, source="127.0.0.4")
    spoof = {"X-Forwarded-For": "198.51.100.7"}
    for attempt in range(20):
        instance = attempt % 2
        token = Client.csrf(front.send(attacker, instance, "GET", "/t/acme/login").text)
        front.send(attacker, instance, "POST", "/t/acme/login", {"_csrf": token, "email": f"nobody{attempt}@acme.test", "password": "guess"},
                   headers=spoof)
    rows = psql_owner_rows(database, "SELECT host(ip), count(*) FROM sign_in_attempts WHERE email LIKE 'nobody%' GROUP BY 1")
    checks.check(rows == [["127.0.0.4", "20"]], f"all 20 failures are recorded against the client's own address, not nginx's or the forged one ({rows})")
    for instance in (0, 1):
        refused = Client(base, source="127.0.0.4")
        token = Client.csrf(front.send(refused, instance, "GET", "/t/acme/login").text)
        answer = front.send(refused, instance, "POST", "/t/acme/login", {"_csrf": token, "email": "owner@acme.test", "password": password},
                            headers=spoof)
        checks.check(answer.status == 422, f"instance {instance + 1} refuses even the right password from the throttled address")
    other = Client(base, source="127.0.0.5")
    token = Client.csrf(front.send(other, 0, "GET", "/t/acme/login").text)
    answer = front.send(other, 0, "POST", "/t/acme/login", {"_csrf": token, "email": "owner@acme.test", "password": password})
    checks.check(answer.status == 303, "another address still signs in")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    args = parser.parse_args()
    checks = Checks("two-instances")
    with running_servers(args.bin, "two-instances", count=2, extra_env={"COACH_TRUST_PROXY": "true"}) as (bases, env, database, _):
        upstreams = [base.removeprefix("http://") for base in bases]
        with running_nginx(upstreams) as front_url:
            front = Front(upstreams)
            shared_session(checks, front, front_url, env["DEMO_PASSWORD"])
            shared_lockout(checks, front, front_url, database, env["DEMO_PASSWORD"])
            shared_throttle(checks, front, front_url, database, env["DEMO_PASSWORD"])
            checks.check(not front.misrouted and min(front.sent) > 20,
                         f"nginx's X-Upstream shows each request reached the instance the test meant ({front.sent[0]} to instance 1, "
                         f"{front.sent[1]} to instance 2; {front.misrouted[:3]})")
    sys.exit(checks.finish())


if __name__ == "__main__":
    main()
