import datetime
import random

from blog.models import BlogIndexPage, BlogPage
from django.core.management.base import BaseCommand
from wagtail.models import Page, Site

WORDS = (
    "commune road school water market harvest village cooperative product district budget plan "
    "income training clinic bridge canal electricity household livelihood program criteria"
).split()


def paragraph(rng, words=80):
    text = " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()
    first, rest = text.split(" ", 1)
    return f"<p><b>{first}</b> {rest} <a href='https://example.org/'>more</a>.</p>"


class Command(BaseCommand):
    help = "Replace the site's pages with a blog index and PAGES blog pages (invented text)."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=200)

    def handle(self, *args, pages, **options):
        rng = random.Random(1)  # noqa: S311 - invented text
        root = Page.get_first_root_node()
        for child in root.get_children():
            child.delete()
        home = root.add_child(instance=Page(title="Home", slug="home"))
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "127.0.0.1", "root_page": home, "site_name": "Peer blog"},
        )
        index = BlogIndexPage(title="Blog", slug="blog", show_in_menus=True, introduction="News")
        home.add_child(instance=index)
        for number in range(pages):
            page = BlogPage(
                title=f"Blog post {number}: {' '.join(rng.sample(WORDS, 6))}",
                slug=f"post-{number}",
                subtitle=" ".join(rng.sample(WORDS, 8)),
                introduction=" ".join(rng.choice(WORDS) for _ in range(40)),
                body="".join(paragraph(rng) for _ in range(8)),
                date_published=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            )
            index.add_child(instance=page)
            page.tags.add(*rng.sample(WORDS, 3))
            page.save_revision().publish()
        self.stdout.write(f"/blog/post-{pages - 1}/")
