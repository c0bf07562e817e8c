"""Imports run one way: the project core (ntmportal) ← programs ← news. Only the wiring, which
puts the apps together, sees both apps."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The modules that put the apps together: URLs and the seed command. Site search is not one:
# each app registers its searchable types (ntmportal/search/).
WIRING = {
    "ntmportal/urls.py",
    "ntmportal/api_urls.py",
    "ntmportal/management/commands/seed.py",
}
FORBIDDEN = {"ntmportal": {"programs", "news"}, "programs": {"news"}}


def imported_packages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module.split(".")[0]


def is_wiring(relative):
    return any(relative == w or relative.startswith(f"{w}/") for w in WIRING)


def violations(package):
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative or is_wiring(relative):
            continue
        for name in imported_packages(path):
            if name in FORBIDDEN[package]:
                found.append(f"{relative} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_run_one_way(package):
    assert violations(package) == []


def test_the_check_sees_a_forbidden_import(tmp_path, monkeypatch):
    module = tmp_path / "programs" / "sneaky.py"
    module.parent.mkdir()
    module.write_text("from news.models import Article\nimport news.views\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert violations("programs") == [
        "programs/sneaky.py imports news",
        "programs/sneaky.py imports news",
    ]


def test_the_check_sees_the_core_import_an_app(tmp_path, monkeypatch):
    module = tmp_path / "ntmportal" / "search" / "views.py"
    module.parent.mkdir(parents=True)
    module.write_text("def view():\n    from programs.models import Program\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert violations("ntmportal") == ["ntmportal/search/views.py imports programs"]
