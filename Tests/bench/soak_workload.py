"""make soak's workload (issue #12): the signed-in people it uses and the mix of requests they send, and the closed
loop that finds the highest rate the server sustains."""
import asyncio
import random
import re
import time
import urllib.parse

from http_tools import Client  # noqa: E402

ANSWER = ("In my last role our checkout latency doubled after a release. I set up a dashboard, found the slow query, "
          "added an index and a cache for the price lookup, and rolled it out behind a flag. The result was a p99 "
          "under 200 ms again and a runbook the team still uses.")
CANDIDATES = 24


class Session:
    """One signed-in person: cookie header and CSRF token; a candidate also walks through interviews."""

    def __init__(self, base, email, password):
        client = Client(base)
        client.sign_in(email, password)
        self.cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        home = client.get("/t/acme/")
        page = home.text if home.status == 200 else client.get("/t/acme/admin").text
        self.token = Client.csrf(page)
        starts = re.findall(r'action="(/t/acme/practice/start/[0-9a-f-]{36})"', page)
        self.start = starts[0] if starts else None
        self.state, self.busy = None, False


def quote(text):
    return urllib.parse.quote_plus(text)


def unexpected(status, expected):
    return None if status == expected else status


class Workload:
    """The mix, by weight: what each request is, whose session it uses and which status it must get."""

    READS = [("audit list", 22, "/t/acme/admin/audit", "owner"), ("people list", 20, "/t/acme/admin/people", "owner"),
             ("question list", 20, "/t/acme/admin/questions", "owner"), ("candidate dashboard", 23, "/t/acme/", "candidate")]
    WRITES = [("create a question", 7), ("practice step", 8)]

    def __init__(self, pool, owners, candidates, practising, bank):
        self.pool, self.owners, self.candidates, self.practising, self.bank = pool, owners, candidates, practising, bank
        self.kinds = [r[0] for r in self.READS] + [w[0] for w in self.WRITES]
        self.weights = [r[1] for r in self.READS] + [w[1] for w in self.WRITES]
        self.created = 0

    async def one(self, kind):
        """Sends one request of `kind`; returns the status it got if that is not the one it should get, else None."""
        for label, _, path, who in self.READS:
            if label == kind:
                session = random.choice(self.owners if who == "owner" else self.candidates)
                return unexpected((await self.pool.send("GET", path, session.cookie))[0], 200)
        if kind == "create a question":
            self.created += 1
            owner = random.choice(self.owners)
            form = {"_csrf": quote(owner.token), "bank": self.bank, "level": "mid", "difficulty": "medium",
                    "prompt": quote(f"Soak question {self.created}: how do you keep a service steady under load?")}
            return unexpected((await self.pool.send("POST", "/t/acme/admin/questions/new", owner.cookie, form))[0], 303)
        return await self.practice_step()

    async def practice_step(self):
        """The next step of an idle candidate's interview: start one, show its question, or answer it."""
        idle = [c for c in self.practising if not c.busy]
        if not idle:
            return await self.one("candidate dashboard")
        candidate = random.choice(idle)
        candidate.busy = True
        try:
            if candidate.state is None:
                status, headers, _ = await self.pool.send("POST", candidate.start, candidate.cookie, {"_csrf": quote(candidate.token)})
                candidate.state = ("show", headers.get("location", "")) if status == 303 else None
                return unexpected(status, 303)
            if candidate.state[0] == "show":
                status, _, content = await self.pool.send("GET", candidate.state[1], candidate.cookie)
                if status != 200:
                    return status  # shown again on the next step
                position = re.search(rb'name="position" value="(\d+)"', content)
                candidate.state = ("answer", candidate.state[1], position.group(1).decode()) if position else None
                return unexpected(status, 200)
            _, path, position = candidate.state
            form = {"_csrf": quote(candidate.token), "position": position, "response": quote(ANSWER)}
            status, _, _ = await self.pool.send("POST", path + "/answer", candidate.cookie, form)
            candidate.state = ("show", path)
            return unexpected(status, 303)
        finally:
            candidate.busy = False


async def closed_loop(workload, workers, seconds):
    """`workers` clients each sending the next request as soon as the last one is answered; returns requests a second."""
    done, failed, deadline = 0, 0, time.monotonic() + seconds

    async def worker():
        nonlocal done, failed
        while time.monotonic() < deadline:
            kind = random.choices(workload.kinds, workload.weights)[0]
            try:
                ok = await workload.one(kind) is None
            except Exception:
                ok = False
            done, failed = done + ok, failed + (not ok)
    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(workers)))
    return done / (time.monotonic() - started), failed
