"""The heaviest SQL of the public pages and API lists, with PostgreSQL's plans (bench/README.md).

    .venv/bin/python -m bench.explain      after `make bench` has built the volume

Runs VACUUM ANALYZE, requests each address once with the page cache off, captures its queries,
runs EXPLAIN (ANALYZE, BUFFERS) on each, and prints the five slowest with their plans, then every
sequential scan of a table of more than LARGE_TABLE rows.
"""

import os
import re
import sys
from pathlib import Path
from urllib.parse import quote

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import ENVIRONMENT, pick_addresses  # noqa: E402

HEAVIEST = 5
LARGE_TABLE = 10_000


def main():
    os.environ.update(ENVIRONMENT, PAGE_CACHE_SECONDS="0")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # The statistics and visibility maps autovacuum keeps: the benchmark's rolled-back import
    # leaves dead rows behind, which would otherwise decide the plans.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    client = Client(HTTP_HOST="127.0.0.1")
    queries = {}
    for label, path in {**pick_addresses(), **more_addresses()}.items():
        if path.startswith("/bench/"):
            continue
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{label}: {path} answered {response.status_code}.")
        for query in captured.captured_queries:
            queries.setdefault(query["sql"], label)

    large = large_tables(connection)
    plans = []
    with connection.cursor() as cursor:
        for sql, label in queries.items():
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            milliseconds = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
            plans.append((milliseconds, label, sql, plan))
    plans.sort(reverse=True)

    print(f"{len(queries)} distinct queries on {len(set(queries.values()))} addresses.\n")
    for milliseconds, label, sql, plan in plans[:HEAVIEST]:
        print(f"### {label}: {milliseconds:.1f} ms\n\n```sql\n{shortened(sql)}\n```\n")
        print(f"```text\n{plan}\n```\n")
    print(f"Sequential scans of tables of more than {LARGE_TABLE:,} rows:")
    scans = [
        (label, table, milliseconds)
        for milliseconds, label, _sql, plan in plans
        for table in re.findall(r"Seq Scan on (\w+)", plan)
        if table in large
    ]
    for label, table, milliseconds in scans:
        print(f"  {label}: {table} ({large[table]:,} rows), query {milliseconds:.1f} ms")
    if not scans:
        print("  none")


def shortened(sql):
    """The query with its list of columns elided, unless it holds a subquery: the rest says
    what the query does."""
    columns = re.match(r"SELECT (?:DISTINCT )?(.*?) FROM \"", sql)
    if not columns or len(columns[1]) < 80 or "SELECT" in columns[1]:
        return sql
    return sql.replace(columns[1], "…", 1)


def more_addresses():
    """The other pages and API lists whose queries must not grow with the volume."""
    from news.models import Category
    from programs.models import AdministrativeUnit, Conference, Indicator, Program

    former = AdministrativeUnit.objects.provinces().former().order_by("code").first()
    return {
        "program": Program.objects.order_by("start_year").last().get_absolute_url(),
        f"former province {former.slug}": former.get_absolute_url(),
        "indicator": Indicator.objects.filter(at_province=True).first().get_absolute_url(),
        "conference": Conference.objects.order_by("-date").first().get_absolute_url(),
        "news list": "/news/",
        "news category": Category.objects.first().get_absolute_url(),
        "API articles": "/api/v1/articles/",
        "API article search “nông thôn mới”": "/api/v1/articles/?q=" + quote("nông thôn mới"),
        "API article search “sóc trăng”": "/api/v1/articles/?q=" + quote("sóc trăng"),
        "search “sóc trăng”": "/search/?q=" + quote("sóc trăng"),
        "API targets": "/api/v1/targets/",
        "API units": "/api/v1/units/",
        "API awards": "/api/v1/awards/",
    }


def large_tables(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class "
            "WHERE relkind = 'r' AND reltuples > %s",
            [LARGE_TABLE],
        )
        return dict(cursor.fetchall())


if __name__ == "__main__":
    main()
