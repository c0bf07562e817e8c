"""The benchmark (`make bench`, bench/README.md): builds the national volume on PostgreSQL (or
SQLite), serves it with gunicorn under the production settings beside a Wagtail peer
(bench/wagtail_peer/), loads each address on loopback with wrk, then times a 100,000-row
spreadsheet import. Prints requests/s, p50 and p99 per address, each as a ratio to the references
of bench/urls.py and to the peer's blog page, and the memory of the gunicorn workers.

    BENCH_SCALE=0.1 make bench                              a tenth of the volume
    BENCH_DATABASE_URL=sqlite:////tmp/bench.sqlite3 make bench    the same on SQLite
"""

import contextlib
import csv
import datetime
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import tablib

ROOT = Path(__file__).resolve().parent.parent
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
SEED = int(os.environ.get("BENCH_SEED", "1"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARM_UP_SECONDS = 2
CONNECTIONS = 16
IMPORT_ROWS = 100_000
SAMPLE_ROWS = 2_000
IMPORT_BUDGET_SECONDS = 300
RANDOM_PAGE_COST = 1.1  # PostgreSQL's default, 4, is for spinning disks
DATABASE_NAME = "ntmportal_bench" if SCALE == 1 else f"ntmportal_bench_{SCALE:g}".replace(".", "_")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DATABASE_NAME}"
)
WORK_DIR = Path(os.environ.get("BENCH_WORK_DIR", Path(tempfile.gettempdir()) / "ntmportal-bench"))
HOST = "127.0.0.1"
PEER_PORT = 8703
PEER_LABEL = "Wagtail 8 blog page (peer)"
# The portal's uncached pages that issue 17 compares with the peer's blog page, and the ratio each
# must reach.
PEER_TARGETS = {"article": 3, "province": 1.5, "search": 1, "indicator": 1}
# The same production settings for both servers; only the page cache differs.
SERVERS = {"off": (8701, "0"), "on": (8702, "300")}
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-never-used-in-production-0123456789",
    "ALLOWED_HOSTS": HOST,
    "SECURE_SSL_REDIRECT": "false",
    "DATABASE_URL": DATABASE_URL,
    "CONN_MAX_AGE": "60",
    # A Redis database of its own: the benchmark empties it.
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
    # Every request comes from one address: a per-second limit keeps the throttle's history short.
    "API_ANON_RATE": "1000000/second",
    "MEDIA_ROOT": str(WORK_DIR / "media"),
    "LOG_LEVEL": "WARNING",
    "GUNICORN_ACCESS_LOG": "",
}


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    best_ms: float = 0.0


def main():
    machine = describe_machine()
    print(machine, flush=True)
    ensure_wrk()
    ensure_database()
    os.environ.update(ENVIRONMENT)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    build()
    addresses = pick_addresses()
    results, memory = load_test(addresses)
    report(machine, results, memory, *time_import())


def describe_machine():
    meminfo = Path("/proc/meminfo").read_text()
    total_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    return (
        f"Machine: {os.cpu_count()} cores ({cpu.group(1) if cpu else 'unknown CPU'}), "
        f"{total_kb / 1024 / 1024:.1f} GiB memory; PostgreSQL {DATABASE_URL.rsplit('@', 1)[-1]}; "
        f"volume scale {SCALE:g}; {SECONDS} s per address at {CONNECTIONS} connections."
    )


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("Installing wrk (the load generator) from the system's packages…", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)  # noqa: S607


def ensure_database():
    """Create the benchmark's database on the server of BENCH_DATABASE_URL when it is missing,
    with the planner setting that docs/deploy.md gives production: random reads cost little more
    than sequential ones when the data is on SSD and mostly in memory."""
    if DATABASE_URL.startswith("sqlite"):
        return
    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
        connection.execute(f'ALTER DATABASE "{name}" SET random_page_cost = {RANDOM_PAGE_COST}')


def build():
    from django.core.management import call_command
    from django.db import connection

    from bench.volume import news as news_volume

    call_command("migrate", interactive=False, verbosity=0)
    # The generator works in one transaction: generated rows mean a complete volume.
    if os.environ.get("BENCH_REBUILD") or not news_volume.generated()[-1].exists():
        print(f"Generating the national volume at scale {SCALE:g}…", flush=True)
        call_command("generate_volume", seed=SEED, scale=SCALE, interactive=False)
    # What autovacuum would do in time: the planner's statistics, and visibility maps for
    # index-only scans (an earlier run's rolled-back import leaves dead rows).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    call_command("collectstatic", interactive=False, verbosity=0)


def pick_addresses():
    """The references, then the pages: the current province with the most merged predecessors
    (the heaviest province page), the newest article, a search, the API's first 100 values."""
    from django.db.models import Count

    from news.models import Article
    from programs.models import AdministrativeUnit, Indicator

    province = (
        AdministrativeUnit.objects.provinces()
        .current()
        .annotate(merged=Count("predecessors"))
        .order_by("-merged", "code")
        .first()
    )
    article = Article.objects.published().order_by("-publish_at").first()
    indicator = Indicator.objects.annotate(count=Count("values")).order_by("-count").first()
    return {
        "minimal view (reference)": "/bench/minimal/",
        ".values() JsonResponse (reference)": "/bench/values/",
        "home": "/",
        f"province {province.slug}": province.get_absolute_url(),
        "article": article.get_absolute_url(),
        "search “nông thôn mới”": "/search/?q=" + quote("nông thôn mới"),
        f"indicator {indicator.code}": indicator.get_absolute_url(),
        "API indicator-values, 100 rows": "/api/v1/indicator-values/?page_size=100",
    }


def load_test(addresses):
    from django.core.cache import cache
    from django.db import connections

    from bench.wagtail_peer import build as wagtail_peer

    cache.clear()
    connections.close_all()
    servers = {name: start_server(port, seconds) for name, (port, seconds) in SERVERS.items()}
    peer_address = wagtail_peer.build()
    peer = wagtail_peer.start(f"{HOST}:{PEER_PORT}", workers())
    results = {}
    try:
        for name, (port, _seconds) in SERVERS.items():
            wait_until_up(servers[name], port)
        wait_until_up(peer, PEER_PORT, path=peer_address)
        peer_url = f"http://{HOST}:{PEER_PORT}{peer_address}"
        wrk(peer_url, WARM_UP_SECONDS)
        results[PEER_LABEL, "off"] = result = wrk(peer_url, SECONDS)
        result.best_ms = best_time(peer_url)
        print(f"  {PEER_LABEL:<40} cache off {result.requests_per_second:8.1f} req/s", flush=True)
        for label, path in addresses.items():
            for name, (port, _seconds) in SERVERS.items():
                if name == "on" and "(reference)" in label:
                    continue  # references are measured without the page cache (bench/README.md)
                url = f"http://{HOST}:{port}{path}"
                wrk(url, WARM_UP_SECONDS)
                x_cache = check(url, label)
                results[label, name] = result = wrk(url, SECONDS)
                result.best_ms = best_time(url)
                print(
                    f"  {label:<40} cache {name:<3} {result.requests_per_second:8.1f} req/s  "
                    f"p50 {result.p50_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms  "
                    f"best {result.best_ms:6.1f} ms  X-Cache {x_cache}",
                    flush=True,
                )
        memory = {name: worker_memory(server.pid) for name, server in servers.items()}
    finally:
        for server in [*servers.values(), peer]:
            server.send_signal(signal.SIGTERM)
        for server in [*servers.values(), peer]:
            server.wait(timeout=30)
    return results, memory


def start_server(port, page_cache_seconds):
    environment = {
        **os.environ,
        "GUNICORN_BIND": f"{HOST}:{port}",
        "PAGE_CACHE_SECONDS": page_cache_seconds,
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "ntmportal.wsgi"]
    return subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603


def workers():
    """The portal's worker count (gunicorn.conf.py), which the peer gets too."""
    return int(os.environ.get("GUNICORN_WORKERS", 2 * os.cpu_count() + 1))


def wait_until_up(server, port, timeout=60, path="/healthz"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn on port {port} stopped (exit code {server.returncode}).")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=2):  # noqa: S310
                return
        time.sleep(0.5)
    raise SystemExit(f"gunicorn on port {port} did not answer within {timeout} s.")


def check(url, label):
    """The page cache's X-Cache header; stops on an address that does not answer 200, as its
    figures would mean nothing."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.headers.get("X-Cache", "-")
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{label}: {url} answered {error.code}.") from error


def wrk(url, seconds):
    output = subprocess.run(  # noqa: S603 - our own arguments
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)\s*$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    return Result(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=milliseconds(latency["50"]),
        p99_ms=milliseconds(latency["99"]),
        errors=int(errors.group(1) if errors else 0) + int(timeouts.group(1) if timeouts else 0),
    )


def best_time(url, seconds=3, at_least=3):
    """The quickest of one-at-a-time requests made for `seconds`, in milliseconds: the time the
    address takes with the least interference from anything else running on the machine."""
    times, deadline = [], time.monotonic() + seconds
    while len(times) < at_least or time.monotonic() < deadline:
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            response.read()
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def worker_memory(master_pid):
    """Resident (RSS) and proportional (PSS: shared pages split among their users) memory of each
    worker, in MiB. RSS counts the pages a preloaded worker shares with the others in full."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    memory = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        pss = int(re.search(r"^Pss:\s+(\d+)", rollup, re.MULTILINE).group(1))
        memory.append((rss / 1024, pss / 1024))
    return memory


def import_csv(path):
    """100,000 new figures as provinces would send them: the indicators reported by communes,
    for every commune, month by month from January 2026."""
    from programs.models import AdministrativeUnit, Indicator
    from programs.resources import COLUMNS

    rng = random.Random(SEED)  # noqa: S311 - invented figures, not secrets
    first_day = datetime.date(2026, 1, 1)
    communes = list(
        AdministrativeUnit.objects.communes()
        .in_force_on(first_day)
        .order_by("code")
        .values_list("code", flat=True)
    )
    indicators = list(Indicator.objects.filter(at_commune=True).values_list("code", flat=True))
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, COLUMNS)
        writer.writeheader()
        rows, month = 0, 0
        while rows < IMPORT_ROWS:
            start = datetime.date(2026 + month // 12, month % 12 + 1, 1)
            end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            for code in indicators:
                for commune in communes[: IMPORT_ROWS - rows]:
                    writer.writerow(
                        {
                            "indicator": code,
                            "unit_code": commune,
                            "period_start": start,
                            "period_end": end,
                            "value": rng.randint(0, 100),
                            "status": "published",
                            "source_publisher": "UBND xã",
                            "source_url": "https://example.gov.vn/bao-cao",
                            "source_date": end + datetime.timedelta(days=10),
                        }
                    )
                    rows += 1
            month += 1


def time_import():
    """Seconds to import the file through IndicatorValueResource, as the admin's import does,
    and whether they were measured on the whole file. A sample of SAMPLE_ROWS comes first: when
    it shows that the whole file would take longer than IMPORT_BUDGET_SECONDS, the time is
    projected from it, so that the benchmark stays bounded."""
    from import_export.formats.base_formats import CSV

    WORK_DIR.mkdir(parents=True, exist_ok=True)
    path = WORK_DIR / "import.csv"
    import_csv(path)
    dataset = CSV().create_dataset(path.read_text(encoding="utf-8"))
    sample = tablib.Dataset(*dataset[:SAMPLE_ROWS], headers=dataset.headers)
    print(f"Importing {len(sample):,} of the {len(dataset):,} rows of {path}…", flush=True)
    projected = timed_import(sample) * len(dataset) / len(sample)
    if projected > IMPORT_BUDGET_SECONDS:
        return projected, False
    print(f"Importing all {len(dataset):,} rows…", flush=True)
    return timed_import(dataset), True


def timed_import(dataset):
    """Rolled back afterwards, so that the volume stays as generated."""
    from django.db import transaction

    from programs.resources import IndicatorValueResource

    with transaction.atomic():
        started = time.perf_counter()
        result = IndicatorValueResource().import_data(dataset, dry_run=False, raise_errors=True)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    if result.has_validation_errors() or result.totals["new"] != len(dataset):
        raise SystemExit(f"The import did not create {len(dataset):,} figures: {result.totals}")
    return seconds


def report(machine, results, memory, import_seconds, whole_file):
    """Two ratios to the references: of throughputs under load (16 connections), and of the
    quickest single requests (`best`), which a busy shared machine disturbs less."""
    minimal = results["minimal view (reference)", "off"]
    values = results[".values() JsonResponse (reference)", "off"]
    print(f"\n{machine}\n")
    print(
        f"{'address':<40} {'cache':<5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'÷ minimal':>9} {'best ms':>8} {'÷ minimal':>9}"
    )
    for (label, cache), result in results.items():
        errors = f"  {result.errors} errors" if result.errors else ""
        print(
            f"{label:<40} {cache:<5} {result.requests_per_second:8.1f} {result.p50_ms:7.1f} "
            f"{result.p99_ms:7.1f} {result.requests_per_second / minimal.requests_per_second:9.3f} "
            f"{result.best_ms:8.1f} {minimal.best_ms / result.best_ms:9.3f}{errors}"
        )
    peer = results[PEER_LABEL, "off"]
    for (label, cache), result in results.items():
        goal = next((ratio for page, ratio in PEER_TARGETS.items() if label.startswith(page)), None)
        if cache == "off" and goal:
            ratio = result.requests_per_second / peer.requests_per_second
            verdict = "met" if ratio >= goal else "not met"
            print(f"{label} uncached ÷ Wagtail peer: {ratio:.2f} (target {goal:g}: {verdict})")
    for cache in SERVERS:
        api = results["API indicator-values, 100 rows", cache]
        print(
            f"API list ÷ .values() JsonResponse, cache {cache}: "
            f"{api.requests_per_second / values.requests_per_second:.2f} under load, "
            f"{values.best_ms / api.best_ms:.2f} best"
        )
    for cache, workers in memory.items():
        rss = ", ".join(f"{r:.0f}" for r, _p in workers)
        pss = ", ".join(f"{p:.0f}" for _r, p in workers)
        print(f"Worker memory, cache {cache}: RSS {rss} MiB; PSS {pss} MiB")
    how = "" if whole_file else f", projected from the first {SAMPLE_ROWS:,} rows"
    print(
        f"Import of {IMPORT_ROWS:,} indicator values from CSV: {import_seconds:.1f} s "
        f"({IMPORT_ROWS / import_seconds:,.0f} rows/s{how})"
    )


if __name__ == "__main__":
    main()
