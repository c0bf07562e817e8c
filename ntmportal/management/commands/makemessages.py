"""Django's makemessages, which reads Python code and Django templates, plus the strings of the
public pages' Jinja2 templates, which it cannot read (a {% trans %} block is no Django tag).

Jinja2 lists them itself (its i18n extension's `extract_translations`); they reach xgettext as
Python calls, in a file beside each template (`home.html.jinja2.py`, each call on its template's
line) that lives only while the command runs.
"""

from pathlib import Path

from django.core.management.commands import makemessages
from django.template import engines

# How many leading arguments of each call are its strings; a plural's count follows them.
STRINGS = {"_": 1, "gettext": 1, "pgettext": 2, "ngettext": 2, "npgettext": 3}
PLURALS = {"ngettext", "npgettext"}


def messages(source, environment):
    """Each translation call of a template: (line, function, its strings, context first)."""
    for line, function, found in environment.extract_translations(source):
        found = found if isinstance(found, tuple) else (found,)
        yield line, "gettext" if function == "_" else function, found[: STRINGS[function]]


def as_python(found):
    """The calls as Python that xgettext reads, each on its template's line."""
    lines = {}
    for line, function, strings in found:
        arguments = [repr(text) for text in strings] + (["n"] if function in PLURALS else [])
        lines.setdefault(line, []).append(f"{function}({', '.join(arguments)})")
    return "".join("; ".join(lines.get(number, [])) + "\n" for number in range(1, max(lines) + 1))


class Command(makemessages.Command):
    def handle(self, *args, **options):
        engine = engines["jinja2"]
        written = []
        try:
            for folder in engine.template_dirs:
                for template in sorted(Path(folder).rglob("*.*")):
                    if template.suffix not in {".html", ".txt"}:
                        continue
                    found = list(messages(template.read_text(), engine.env))
                    if found:
                        stub = template.with_name(f"{template.name}.jinja2.py")
                        stub.write_text(as_python(found))
                        written.append(stub)
            super().handle(*args, **options)
        finally:
            for stub in written:
                stub.unlink()
