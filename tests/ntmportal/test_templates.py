"""The public templates keep to one layout: one base page, partials in `includes/` folders, and
no block that no page fills."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# The admin's and the API docs' templates follow Django's and drf-spectacular's conventions.
PUBLIC = [
    path
    for path in TEMPLATES.rglob("*.html")
    if path.relative_to(TEMPLATES).parts[0] not in {"admin", "api"}
]
EXTENDS = re.compile(r'{%\s*extends\s+"([^"]+)"\s*%}')
INCLUDE = re.compile(r'{%\s*include\s+"([^"]+)"')
BLOCK = re.compile(r"{%\s*block\s+(\w+)\s*%}")


def name(path):
    return path.relative_to(TEMPLATES).as_posix()


def source(template_name):
    return (TEMPLATES / template_name).read_text()


def test_every_included_template_is_a_partial_in_an_includes_folder():
    included = {found for path in PUBLIC for found in INCLUDE.findall(path.read_text())}
    assert included
    assert {partial for partial in included if "includes/" not in partial} == set()
    assert [name(path) for path in PUBLIC if path.name.startswith("_")] == []


def test_every_block_a_page_fills_is_one_its_parents_define():
    for path in PUBLIC:
        text = path.read_text()
        parent = EXTENDS.search(text)
        if not parent:
            continue
        defined = set()
        parent_name = parent.group(1)
        while parent_name:
            parent_text = source(parent_name)
            defined |= set(BLOCK.findall(parent_text))
            grand = EXTENDS.search(parent_text)
            parent_name = grand.group(1) if grand else None
        assert set(BLOCK.findall(text)) <= defined, name(path)


def test_every_block_of_a_page_that_extends_nothing_is_filled_somewhere():
    filled = {
        block
        for path in PUBLIC
        if EXTENDS.search(path.read_text())
        for block in BLOCK.findall(path.read_text())
    }
    for path in PUBLIC:
        text = path.read_text()
        if not EXTENDS.search(text) and path.parent == TEMPLATES:
            assert set(BLOCK.findall(text)) <= filled, name(path)


def test_the_news_stylesheet_is_linked_once_by_the_news_base():
    linking = [name(path) for path in PUBLIC if "news/news.css" in path.read_text()]
    assert linking == ["news/base.html"]
