#!/usr/bin/env python3
"""An open-loop load generator: GET one URL at a constant rate, one request every 1/rate seconds whether or not earlier
answers have come back, over keep-alive HTTP/1.1 connections (a new one whenever none is idle). Latency is counted from
when each request was due, so a slow answer that holds up the next request still counts (no coordinated omission).

wrk is closed-loop, and h2load's --rps starts every connection's timer together, so its requests arrive in bursts of
one per connection. Prints one JSON object: achieved req/s, p50 and p99 in ms, answers other than 200, and the p99 of how late
this client sent requests (its own lag, which the latencies include)."""
import argparse
import asyncio
import json
import urllib.parse


async def fetch(connection, request):
    """Sends one request on an open connection and reads the whole answer; returns its status."""
    reader, writer = connection
    writer.write(request)
    status = int((await reader.readline()).split()[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if not chunked:
        await reader.readexactly(length)
        return status
    while size := int((await reader.readline()).split(b";")[0], 16):
        await reader.readexactly(size + 2)
    await reader.readline()
    return status


async def drive(url, cookie, rate, seconds, record):
    parts = urllib.parse.urlsplit(url)
    request = (f"GET {parts.path}{'?' + parts.query if parts.query else ''} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
               f"Cookie: {cookie}\r\nUser-Agent: constant-rate\r\n\r\n").encode()
    loop, idle, results = asyncio.get_running_loop(), [], []

    async def one(due):
        connection = idle.pop() if idle else await asyncio.open_connection(parts.hostname, parts.port)
        sent = loop.time()
        try:
            status = await fetch(connection, request)
        except (IndexError, ConnectionError, asyncio.IncompleteReadError):  # the server closed an idle connection
            connection = await asyncio.open_connection(parts.hostname, parts.port)
            status = await fetch(connection, request)
        results.append((due, sent, loop.time(), status))
        idle.append(connection)

    start, tasks = loop.time() + 0.05, []
    for n in range(int(rate * seconds)):
        due = start + n / rate
        await asyncio.sleep(max(0.0, due - loop.time()))
        tasks.append(asyncio.create_task(one(due)))
    await asyncio.gather(*tasks)
    for _, writer in idle:
        writer.close()
    if not record:
        return None
    latencies = sorted((done - due) * 1000 for due, _, done, _ in results)
    lags = sorted((sent - due) * 1000 for due, sent, _, _ in results)
    elapsed = max(done for _, _, done, _ in results) - start
    return {"achieved": len(results) / elapsed, "p50": latencies[len(latencies) // 2],
            "p99": latencies[int(len(latencies) * 0.99) - 1], "bad": sum(1 for r in results if r[3] != 200),
            "lag_p99": lags[int(len(lags) * 0.99) - 1], "requests": len(results)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--cookie", default="")
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warm-up", type=float, default=3)
    args = parser.parse_args()
    asyncio.run(drive(args.url, args.cookie, args.rate, args.warm_up, record=False))
    print(json.dumps(asyncio.run(drive(args.url, args.cookie, args.rate, args.seconds, record=True))))


if __name__ == "__main__":
    main()
