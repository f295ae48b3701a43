"""Two Marsad instances behind nginx on this machine's loopback, and the proof that nothing
depends on which one answers (docs/deployment.md). Run through deploy/try-two-instances.sh.

It starts: PostgreSQL's database ``marsad_deploy`` (dropped and made anew; the server is the
one already on 127.0.0.1:5432), Redis database 11 on 127.0.0.1:6379 (emptied), two gunicorn
instances (127.0.0.1:18001 and :18002), one ``manage.py db_worker`` (MARSAD_TASKS=database),
and nginx with TLS (a certificate made for the run) on three ports: 18443 balances over both
instances, 18444 reaches only instance A and 18445 only instance B, so that a check can say
which instance answers. All share one media directory, as machines share a network volume.

Each check prints PASS or FAIL; the exit status is 1 when one failed. Every process started
is stopped at the end, whatever happened.
"""

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zlib
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.page_forms import PageForm  # noqa: E402  (what a browser sends from a page's form)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG = "postgres://postgres@127.0.0.1:5432"
DATABASE = "marsad_deploy"
REDIS_DB = 11
INSTANCES = {"A": 18001, "B": 18002}
BALANCED, VIA_A, VIA_B = 18443, 18444, 18445
PASSWORD = "marsad-demo"  # the demo users' (indicators/demo_data.py)

results: list[tuple[str, bool, str]] = []


def check(name: str, ok: bool, detail: str = "") -> bool:
    results.append((name, ok, detail))
    print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f"  ({detail})" if detail else ""), flush=True)
    return ok


class Run:
    """The processes of the run and the directory they work in."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="marsad-two-"))
        os.chmod(self.dir, 0o755)
        self.media = self.dir / "media"
        self.media.mkdir()
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MARSAD_"))},
            "DATABASE_URL": f"{PG}/{DATABASE}",
            "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
            "MARSAD_TASKS": "database",
            "MARSAD_MEDIA_ROOT": str(self.media),
            "MARSAD_BASE_URL": f"https://localhost:{BALANCED}",
            "MARSAD_LOG_FORMAT": "json",
        }

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        # The child keeps its own copies of the files; ours are closed at once.
        with (
            open(self.dir / f"{name}.log", "ab") as out,
            open(self.dir / f"{name}.err", "ab") as err,
        ):
            process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=err)
        self.processes[name] = process
        return process

    def start_instance(self, name: str) -> subprocess.Popen:
        return self.start(
            name,
            [
                GUNICORN,
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{INSTANCES[name]}",
                "--workers",
                "2",
                "--graceful-timeout",
                "30",
                "--forwarded-allow-ips",
                "127.0.0.1",
            ],
        )

    def stop(self, name: str, wait: bool = True) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        if wait:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)


def nginx_conf(run: Run) -> Path:
    cert, key = run.dir / "cert.pem", run.dir / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    a, b = (f"127.0.0.1:{port}" for port in INSTANCES.values())
    servers = ""
    for port, upstream in ((BALANCED, "both"), (VIA_A, "only_a"), (VIA_B, "only_b")):
        servers += f"""
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        client_max_body_size 25m;
        location / {{
            proxy_pass http://{upstream};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
            proxy_next_upstream error timeout http_502 http_503;
            add_header X-Upstream $upstream_addr always;
        }}
    }}"""
    conf = run.dir / "nginx.conf"
    conf.write_text(
        f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {run.dir}/nginx.pid;
error_log {run.dir}/nginx.err;
events {{ worker_connections 256; }}
http {{
    access_log {run.dir}/nginx-access.log;
    client_body_temp_path {run.dir}/body;
    proxy_temp_path {run.dir}/proxy;
    fastcgi_temp_path {run.dir}/fastcgi;
    uwsgi_temp_path {run.dir}/uwsgi;
    scgi_temp_path {run.dir}/scgi;
    upstream both {{
        server {a} max_fails=1 fail_timeout=5s;
        server {b} max_fails=1 fail_timeout=5s;
        keepalive 8;
    }}
    upstream only_a {{ server {a}; }}
    upstream only_b {{ server {b}; }}
{servers}
}}
"""
    )
    return conf


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person's browser: its own cookies, sent to whichever port it asks."""

    def __init__(self, cafile: Path):
        self.jar = http.cookiejar.CookieJar()
        context = ssl.create_default_context(cafile=str(cafile))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar),
            urllib.request.HTTPSHandler(context=context),
            NoRedirect,
        )

    def request(self, port, path, data=None, headers=None, content_type=None, timeout=120):
        url = f"https://localhost:{port}{path}"
        headers = {"Origin": f"https://localhost:{port}", "Referer": url, **(headers or {})}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def get(self, port, path, **kwargs):
        return self.request(port, path, **kwargs)

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post_form(self, port, path, fields: dict, files: dict | None = None):
        boundary = secrets.token_hex(16)
        parts = []
        for name, values in fields.items():
            for value in values if isinstance(values, list) else [values]:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n".encode()
                )
        for name, (filename, content, kind) in (files or {}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(
            port, path, data=body, content_type=f"multipart/form-data; boundary={boundary}"
        )

    def sign_in(self, port, username) -> int:
        status, _headers, body = self.get(port, "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        status, headers, _body = self.post_form(
            port,
            "/accounts/login/",
            {"csrfmiddlewaretoken": token.decode(), "username": username, "password": PASSWORD},
        )
        return status


def wait_healthy(port: int, cafile: Path, seconds: float = 60) -> bool:
    browser, deadline = Browser(cafile), time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if browser.get(port, "/healthz", timeout=5)[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def png(width=4, height=4) -> bytes:
    """A small real PNG, different on every run."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + secrets.token_bytes(width * 3) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def entry_row(page: PageForm):
    """An indicator row of the entry page that takes a single value."""
    for name in page.fields:
        match = re.fullmatch(r"entry-(\d+)-indicator", name)
        if match and f"entry-{match.group(1)}-value" in page.fields:
            return int(page.fields[name][0])
    raise SystemExit("no indicator row with a single value on the entry page")


def nudged(page: PageForm, indicator: int, step: int) -> str:
    """The row's value moved a little (a big jump would need a data-quality note)."""
    shown = page.shown("entry", indicator, "value") or "10"
    return str(Decimal(shown) + Decimal(step) / 10)


def refusal(body: bytes) -> str:
    """The first error message on a page, for a failed check's detail."""
    found = re.search(rb'class="[^"]*error[^"]*"[^>]*>\s*([^<]{3,200})', body)
    return found.group(1).decode().strip() if found else ""


def evidence_ids(body: bytes) -> set[int]:
    return {int(pk) for pk in re.findall(rb'href="/evidence/(\d+)/"', body)}


def main() -> int:
    for tool in ("nginx", "openssl", "psql", "redis-cli"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed (apt-get install -y nginx openssl ...)")
    run = Run()
    print(f"working directory: {run.dir}", flush=True)
    try:
        return trial(run)
    finally:
        run.stop_all()
        subprocess.run(["redis-cli", "-n", str(REDIS_DB), "FLUSHDB"], capture_output=True)
        print(f"stopped every process; logs kept in {run.dir}", flush=True)


def trial(run: Run) -> int:
    # The database and cache of the run, then the code's state.
    psql = ["psql", f"{PG}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {DATABASE}"], check=True)
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "FLUSHDB"], check=True, capture_output=True)
    subprocess.run([PYTHON, "scripts/compile_catalogs.py"], cwd=ROOT, check=True)
    run.manage("migrate", "--no-input")
    run.manage("collectstatic", "--no-input")
    run.manage("seed_demo")
    period = int(
        run.manage(
            "shell",
            "-c",
            "from indicators.models import ReportingPeriod as P;"
            "print(P.objects.get(state=P.State.OPEN).pk)",
        ).split()[-1]
    )

    conf = nginx_conf(run)
    cafile = run.dir / "cert.pem"
    run.start_instance("A")
    run.start_instance("B")
    run.start("worker", [PYTHON, "manage.py", "db_worker", "--interval", "0.5"])
    run.start("nginx", ["nginx", "-p", str(run.dir), "-c", str(conf), "-g", "daemon off;"])
    up = all(wait_healthy(port, cafile) for port in (VIA_A, VIA_B, BALANCED))
    if not check("both instances and the balancer answer /healthz 200", up):
        return 1

    # The balancer spreads requests over both instances.
    anyone = Browser(cafile)
    seen = {anyone.get(BALANCED, "/healthz")[1]["X-Upstream"] for _ in range(6)}
    expected = {f"127.0.0.1:{port}" for port in INSTANCES.values()}
    check(
        "the balancer sends requests to both instances", seen == expected, ", ".join(sorted(seen))
    )

    # 1. Sign in through A, continue on B.
    planner = Browser(cafile)
    signed = planner.sign_in(VIA_A, "planner")
    status, _h, body = planner.get(VIA_B, "/")
    check(
        "signed in through A (302), the next page through B knows the user",
        signed == 302 and status == 200 and b"planner" in body,
        f"sign-in {signed}, home via B {status}",
    )

    # 2. A report asked for through A, made by the worker, downloaded through B.
    status, _h, body = planner.get(
        VIA_A,
        "/reports/achievement/?format=pdf&lang=en",
        headers={"Accept": "application/json"},
    )
    queued = status == 202
    job = json.loads(body) if queued else {}
    check("a PDF report asked for through A is queued for the worker (202)", queued, str(status))
    pdf = b""
    if queued:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            status, _h, body = planner.get(
                VIA_B, job["poll"], headers={"Accept": "application/json"}
            )
            if status == 200:
                pdf = body
                break
            if status != 202 or json.loads(body)["status"] == "failed":
                break
            time.sleep(1)
        status, headers, pdf = planner.get(VIA_B, job["download"])
        check(
            "the worker made it; downloaded through B, it is a PDF",
            status == 200 and pdf.startswith(b"%PDF-"),
            f"{status}, {len(pdf)} bytes",
        )

    # 3. Evidence uploaded through A, downloaded through B.
    officer = Browser(cafile)
    officer.sign_in(VIA_A, "officer.civil-defence")
    entry_path = f"/periods/{period}/entry/"
    status, _h, body = officer.get(VIA_A, entry_path)
    before = evidence_ids(body)
    page = PageForm(body.decode(), "entry-TOTAL_FORMS")
    indicator = entry_row(page)
    picture = png()
    page.set("entry", indicator, value=nudged(page, indicator, 1))
    status, _h, posted = officer.post_form(
        VIA_A,
        entry_path,
        page.data(action="save"),
        files={page.name("entry", indicator, "evidence"): ("proof.png", picture, "image/png")},
    )
    status_b, _h, body = officer.get(VIA_B, entry_path)
    new = evidence_ids(body) - before
    got = b""
    if len(new) == 1:
        status_dl, _h, got = officer.get(VIA_B, f"/evidence/{new.pop()}/")
    check(
        "evidence uploaded through A is downloaded through B, byte for byte",
        status in (200, 302) and got == picture,
        f"upload {status} {refusal(posted)}, {len(got)} of {len(picture)} bytes",
    )
    evidence_path = f"/evidence/{max(evidence_ids(body) or {0})}/"

    # 4. Restart A while requests are in flight through it.
    status, _h, _b = planner.get(VIA_B, "/reports/achievement/?format=html&lang=en")
    started = time.monotonic()
    planner.get(VIA_B, "/reports/achievement/?format=html&lang=en")
    slow = time.monotonic() - started
    flight: dict[str, tuple] = {}

    def in_flight(name, call):
        answer = call()
        flight[name] = (answer[0], time.monotonic())

    page = PageForm(officer.get(VIA_A, entry_path)[2].decode(), "entry-TOTAL_FORMS")
    saved = nudged(page, indicator, 1)
    page.set("entry", indicator, value=saved)
    threads = [
        threading.Thread(
            target=in_flight,
            args=("report", lambda: planner.get(VIA_A, "/reports/achievement/?format=html")),
        ),
        threading.Thread(
            target=in_flight,
            args=("save", lambda: officer.post_form(VIA_A, entry_path, page.data(action="save"))),
        ),
    ]
    for thread in threads:
        thread.start()
    time.sleep(min(slow / 2, 0.5))
    signalled = time.monotonic()
    old_a = run.processes["A"]
    old_a.send_signal(signal.SIGTERM)  # gunicorn's graceful stop: finish what is in hand
    for thread in threads:
        thread.join(timeout=60)
    report_status, report_at = flight.get("report", (None, 0))
    save_status, save_at = flight.get("save", (None, 0))
    check(
        "a report in flight through A when it is told to stop is answered (200, after the stop)",
        report_status == 200 and report_at > signalled,
        f"answered {report_at - signalled:+.2f}s after the signal; it takes {slow:.2f}s",
    )
    check(
        "a value saved through A as it is stopped is acknowledged",
        save_status == 302,
        f"{save_status}, answered {save_at - signalled:+.2f}s from the signal",
    )
    old_a.wait(timeout=40)
    run.processes.pop("A")
    answers = [planner.get(BALANCED, "/")[0] for _ in range(10)]
    check(
        "while A is down the balancer answers every request through B",
        answers == [200] * 10,
        " ".join(map(str, answers)),
    )
    run.start_instance("A")
    check("A is started again and healthy", wait_healthy(VIA_A, cafile))
    status, _h, body = planner.get(VIA_A, "/")
    check("after A's restart the session goes on through A", status == 200 and b"planner" in body)
    if queued:
        status, _h, again = planner.get(VIA_A, job["download"])
        check("after A's restart the report downloads through A", status == 200 and again == pdf)
    status, _h, again = officer.get(VIA_A, evidence_path)
    check("after A's restart the evidence downloads through A", status == 200 and again == picture)
    page = PageForm(officer.get(VIA_A, entry_path)[2].decode(), "entry-TOTAL_FORMS")
    kept = page.shown("entry", indicator, "value")
    check(
        "the value saved through A as it stopped is there (read through A and B)",
        kept is not None
        and Decimal(kept) == Decimal(saved)
        and PageForm(officer.get(VIA_B, entry_path)[2].decode(), "entry-TOTAL_FORMS").shown(
            "entry", indicator, "value"
        )
        == kept,
        f"value {kept}, saved {saved}",
    )

    # Logs: every line the instances wrote on stdout is JSON, one per request, with the id
    # nginx gave it.
    lines = [
        line
        for name in ("A", "B")
        for line in (run.dir / f"{name}.log").read_text().splitlines()
        if line.strip()
    ]
    try:
        records = [json.loads(line) for line in lines]
        parsed = True
    except ValueError:
        records, parsed = [], False
    requests = [r for r in records if r.get("logger") == "marsad.request"]
    check(
        "the instances' logs are JSON lines, one per request, with method/path/status/duration",
        parsed
        and len(requests) > 20
        and all(
            {"request_id", "method", "path", "status", "duration_ms"} <= set(r) for r in requests
        ),
        f"{len(lines)} lines, {len(requests)} requests",
    )
    failed = [name for name, ok, _detail in results if not ok]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
