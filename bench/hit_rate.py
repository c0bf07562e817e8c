"""The page cache's hit rate while an editor saves (issue 17): visitors spread evenly over 500
public addresses, an editor saving one figure for every REQUESTS_PER_SAVE visits (a second of
traffic at that rate). Counts the visits answered from the cache, after each address was visited
once. In one process, through Django's test client and the cache the settings configure; the
figures' changes are rolled back at the end.

    DJANGO_SETTINGS_MODULE=bench.settings DEBUG=true .venv/bin/python -m bench.hit_rate

on the database of DATABASE_URL (the seed, or the benchmark's volume: `make bench` builds it),
with Redis (REDIS_URL): the local-memory cache keeps only 300 entries.
"""

import os
import random
import sys
from pathlib import Path

ADDRESSES = int(os.environ.get("BENCH_ADDRESSES", "500"))
SAVES = int(os.environ.get("BENCH_SAVES", "60"))
REQUESTS_PER_SAVE = int(os.environ.get("BENCH_REQUESTS_PER_SAVE", "100"))
# Set, pages name nothing they show, so any save makes every page stale: the single cache
# generation this replaced, measured the same way.
ONE_GENERATION = bool(os.environ.get("BENCH_ONE_GENERATION"))


def addresses(rng):
    """The public pages most visited: articles, indicators, provinces and their histories."""
    from django.urls import reverse

    from news.models import Article
    from programs.models import AdministrativeUnit, Indicator, IndicatorValue

    pages = ["/", "/news/", "/programs/", "/provinces/"]
    pages += [i.get_absolute_url() for i in Indicator.objects.all()]
    pages += [u.get_absolute_url() for u in AdministrativeUnit.objects.provinces()]
    histories = (
        IndicatorValue.objects.published()
        .filter(unit__level="province", indicator__at_province=True)
        .values_list("unit__slug", "unit__valid_until", "indicator__code")
        .distinct()
    )
    for slug, until, code in histories:
        name = "former_province_indicator" if until else "province_indicator"
        pages.append(reverse(f"programs:{name}", args=[slug, code]))
    articles = Article.objects.published().order_by("-publish_at")[:ADDRESSES]
    pages += [article.get_absolute_url() for article in articles]
    pages = list(dict.fromkeys(pages))
    rng.shuffle(pages)
    return pages[:ADDRESSES]


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    from ntmportal import pagecache
    from programs.models import IndicatorValue

    if ONE_GENERATION:
        pagecache.depends_on = lambda request, *tags: None
    setup_test_environment()  # the test client's host, without a server
    rng = random.Random(1)  # noqa: S311 - a simulation, not a secret
    pages = addresses(rng)
    figures = list(IndicatorValue.objects.published().values_list("pk", flat=True))
    client = Client()
    cache.clear()
    with transaction.atomic():
        for page in pages:
            client.get(page)
        hits = visits = 0
        by_kind = {}
        for _ in range(SAVES):
            figure = IndicatorValue.objects.get(pk=rng.choice(figures))
            figure.save()  # as the admin saves it: every receiver runs
            for _ in range(REQUESTS_PER_SAVE):
                page = rng.choice(pages)
                hit = client.get(page).get("X-Cache") == "hit"
                visits += 1
                hits += hit
                kind = by_kind.setdefault(page.strip("/").split("/")[0] or "home", [0, 0])
                kind[0] += hit
                kind[1] += 1
        transaction.set_rollback(True)
    print(
        f"{len(pages)} addresses, {SAVES} figure saves, {REQUESTS_PER_SAVE} visits per save: "
        f"hit rate {hits / visits:.1%} ({hits:,} of {visits:,} visits)"
    )
    for kind, (kind_hits, kind_visits) in sorted(by_kind.items()):
        print(f"  /{kind}/…: {kind_hits / kind_visits:.1%} of {kind_visits:,}")


if __name__ == "__main__":
    main()
