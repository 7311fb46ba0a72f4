"""nginx in front of several coach-servers, and a plain HTTP client that shows what a browser would not: status codes,
redirects, headers, timings, and a chosen source address (issue #12's two-instance and fault tests, and make soak)."""
import asyncio
import contextlib
import grp
import html
import http.client
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse

from harness import free_port, wait_for

NGINX_CONF = """\
worker_processes 1;
daemon off;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream coach {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 25m;
        location / {{
            proxy_pass http://coach;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


@contextlib.contextmanager
def running_nginx(upstreams):
    """Yields the base URL of an nginx on a free loopback port that round-robins `upstreams` ("127.0.0.1:port" each),
    appends the client's address to X-Forwarded-For and names the instance that answered in an X-Upstream header. It
    runs as the current user, with its configuration, pid file, logs and temporary files in a temporary folder."""
    tmp = tempfile.mkdtemp(prefix="coach-nginx-")
    port = free_port()
    user = ""
    if os.geteuid() == 0:  # workers would otherwise switch to nobody, who cannot write the temporary folder
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    servers = "\n".join(f"        server {upstream};" for upstream in upstreams)
    with open(os.path.join(tmp, "nginx.conf"), "w") as conf:
        conf.write(NGINX_CONF.format(user=user, tmp=tmp, servers=servers, port=port))
    nginx = subprocess.Popen(["nginx", "-p", tmp, "-c", os.path.join(tmp, "nginx.conf"), "-e", os.path.join(tmp, "error.log")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_for(base + "/healthz", seconds=15):
            raise RuntimeError(f"nginx did not start; see {tmp}/error.log")
        yield base
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


class Reply:
    def __init__(self, status, headers, body, seconds):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds
        self.text = body.decode("utf-8", "replace")


class Client:
    """A cookie-keeping HTTP/1.1 client that does not follow redirects, one connection per request, optionally from a
    chosen loopback address (`source`, e.g. "127.0.0.2"). Forms carry an Origin of the base URL, as a browser's do."""

    def __init__(self, base, source=None, timeout=30):
        parts = urllib.parse.urlsplit(base)
        self.base, self.host, self.port = base, parts.hostname, parts.port
        self.source, self.timeout, self.cookies = source, timeout, {}

    def request(self, method, path, form=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout,
                                                source_address=(self.source, 0) if self.source else None)
        sent = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            sent.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.base})
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return Reply(response.status, response.headers, data, time.monotonic() - started)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, form, **kwargs):
        return self.request("POST", path, form=form, **kwargs)

    @staticmethod
    def csrf(html_text):
        match = re.search(r'name="_csrf" value="([^"]+)"', html_text)
        return html.unescape(match.group(1)) if match else None

    def sign_in(self, email, password, slug="acme"):
        """Posts the sign-in form (with the token from a fresh sign-in page) and returns the answer to the post."""
        token = self.csrf(self.get(f"/t/{slug}/login").text)
        return self.post(f"/t/{slug}/login", {"_csrf": token, "email": email, "password": password})


class ClosedBeforeAnswer(ConnectionError):
    """The server closed the connection without a byte of an answer."""


class KeepAlivePool:
    """Keep-alive HTTP/1.1 connections for asyncio, opened as needed (make soak's open-loop client)."""

    def __init__(self, host, port):
        self.host, self.port, self.idle = host, port, []

    async def send(self, method, path, cookie, form=None):
        reused = bool(self.idle)
        reader, writer = self.idle.pop() if reused else await asyncio.open_connection(self.host, self.port)
        body = b""
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nCookie: {cookie}\r\n"
        if form is not None:
            body = "&".join(f"{k}={v}" for k, v in form.items()).encode()
            head += (f"Origin: http://{self.host}:{self.port}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     f"Content-Length: {len(body)}\r\n")
        writer.write(head.encode() + b"\r\n" + body)
        try:
            status, headers, content = await self.read(reader)
        except ClosedBeforeAnswer:
            writer.close()
            if not reused:
                raise
            # The server had closed this connection while it sat idle (its idle timeout) and read none of the
            # request: send it again on another, as browsers do.
            return await self.send(method, path, cookie, form)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            writer.close()
            raise
        if headers.get("connection", "").lower() == "close":
            writer.close()
        else:
            self.idle.append((reader, writer))
        return status, headers, content

    @staticmethod
    async def read(reader):
        try:
            line = await reader.readline()
        except ConnectionResetError as error:
            raise ClosedBeforeAnswer() from error
        if not line:
            raise ClosedBeforeAnswer()
        status = int(line.split()[1])
        headers = {}
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while size := int((await reader.readline()).strip(), 16):
                parts.append(await reader.readexactly(size + 2))
            await reader.readline()
            return status, headers, b"".join(parts)
        return status, headers, await reader.readexactly(int(headers.get("content-length", "0")))
