"""In-process cost of each reader page, printed as JSON (run by http_bench.py).

    DATABASE_URL=… python scripts/render_bench.py [--requests 30]

Renders every page through the whole middleware stack with Django's test client,
without the page cache, and prints for each: the median wall and CPU time, the
SQL query count, and the HTML weight raw and gzipped (level 6, as a proxy would).
It also prints the pages it chose, for wrk to load the same ones.
"""

import argparse
import gc
import gzip
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency.settings")
os.environ["PAGE_CACHE_SECONDS"] = "0"


def reader_pages():
    """The pages under test, picked like the Wagtail peer picks its own."""
    from django.db.models import Count

    from articles.models import Article
    from influencers.models import Influencer, Platform

    published = Article.objects.published().filter(slug__startswith="genere-")
    # The most recent article close to the average length, citing no influencer (most do not).
    article = next(
        candidate
        for candidate in published.filter(influencers=None).order_by("-published_at")[:200]
        if 1100 <= len(re.sub("<[^>]+>", " ", candidate.body).split()) <= 1300
    )
    tag = published.tags_in_use().annotate(n=Count("article")).order_by("-n").first()
    author = article.authors.first()
    influencer = Influencer.objects.published().annotate(n=Count("articles")).order_by("-n")[0]
    others = Influencer.objects.published().exclude(pk=influencer.pk).order_by("slug")[:3]
    compared = "&".join(f"i={slug}" for slug in [influencer.slug, *(o.slug for o in others)])
    platform = Platform.objects.order_by("position").first()
    return [
        ("accueil", "/"),
        ("article", article.get_absolute_url()),
        ("étiquette", f"/tags/{tag.slug}/"),
        ("auteur", author.get_absolute_url()),
        ("recherche", "/recherche/?q=audience"),
        ("flux RSS", "/feed/"),
        ("sitemap", "/sitemap.xml"),
        ("annuaire", "/influenceurs/"),
        ("influenceur", influencer.get_absolute_url()),
        ("classement", platform.get_absolute_url()),
        ("comparaison", f"/influenceurs/comparer/?{compared}"),
    ]


def measure(client, path, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm the templates and the connection
    assert response.status_code == 200, (path, response.status_code)
    # As gunicorn's workers run (gunicorn.conf.py): what lives as long as the process
    # is kept out of the garbage collector's full passes.
    gc.collect()
    gc.freeze()
    walls, cpus = [], []
    for _ in range(requests):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(path)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return {
        "path": path,
        "wall_ms": round(statistics.median(walls), 1),
        "cpu_ms": round(statistics.median(cpus), 1),
        "queries": len(queries),
        "html_bytes": len(response.content),
        "gzip_bytes": len(gzip.compress(response.content, 6)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    options = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    results = {name: measure(client, path, options.requests) for name, path in reader_pages()}
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
