from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from ntmportal.templatetags.language_tags import translated, vietnamese

register = template.Library()


@register.filter
def figure(value):
    """A number in the active language's format, without trailing zeros: 6084.0000 → "6.084"."""
    if value is None or value == "":
        return ""
    return number_format(Decimal(str(value)).normalize(), use_l10n=True, force_grouping=True)


@register.simple_tag
def sourced_figure(value):
    """An indicator value as a link to its source, saying what it is: the source's qualifier
    ("hơn 2.600"), both ends of a range ("5–10"), the share when it counts part of a whole
    ("6.084 (6.084 / 7.669 = 79,3%)"), its kind unless reported ("dự kiến đến 31/12/2025"), and
    its note: a numbered marker when `numbered_notes` lists the notes below the table, the note
    itself otherwise. A tag, not an include: pages show dozens."""
    title = _("Source: %(publisher)s, %(date)s") % {
        "publisher": value.source_publisher,
        "date": date_format(value.source_date, "SHORT_DATE_FORMAT"),
    }
    number = figure(value.value)
    if value.value_high is not None:
        number = f"{number}–{figure(value.value_high)}"
    html = format_html(
        '<a class="figure" href="{}" rel="external" title="{}">{}</a>',
        value.source_url,
        title,
        number,
    )
    if value.qualifier:
        html = format_html("{} {}", value.get_qualifier_display(), html)
    if value.denominator:
        html = format_html(
            '{} <span class="ratio">({} / {} = {}%)</span>',
            html,
            figure(value.numerator),
            figure(value.denominator),
            figure(value.share),
        )
    if label := value_status_label(value):
        html = format_html(
            '{} <span class="figure-status figure-status-{}">{}</span>',
            html,
            value.value_status,
            label,
        )
    # Further sources: the views prefetch them; an unsaved figure (a preview) has none.
    further = value.further_sources.all() if value.pk else []
    if further:
        html = format_html(
            '{} <span class="figure-sources">{} {}</span>',
            html,
            _("also:"),
            format_html_join(
                ", ",
                '<a href="{}" rel="external">{}</a> ({})',
                (
                    (
                        source.url,
                        vietnamese(source.publisher),
                        date_format(source.date, "SHORT_DATE_FORMAT"),
                    )
                    for source in further
                ),
            ),
        )
    # A revised figure says so, with what it said before (views.with_revision()).
    revised_at = getattr(value, "revised_at", None)
    if revised_at and getattr(value, "previous_value", None) is not None:
        html = format_html(
            '{} <span class="figure-revision">{}</span>',
            html,
            _("revised on %(date)s; it was %(value)s")
            % {
                "date": date_format(timezone.localtime(revised_at), "SHORT_DATE_FORMAT"),
                "value": figure(value.previous_value),
            },
        )
    note = getattr(value, "note_marker", None)
    if note:
        html = format_html('{}<sup class="note-ref"><a href="#{}">{}</a></sup>', html, *note)
    elif value.note:
        html = format_html(
            '{} <span class="figure-note">{}</span>', html, translated(value, "note")
        )
    return html


def value_status_label(value):
    """What the number is, unless a plain count: "expected by 31 December 2025", "estimate"…"""
    if value.is_projection:
        return _("expected by %(date)s") % {"date": date_format(value.period_end)}
    if value.value_status == value.ValueStatus.REPORTED:
        return ""
    return value.get_value_status_display()


@register.filter
def target_label(obj):
    """A target as the document sets it: "ít nhất 80", "khoảng 17–19". Of a Target, or of a
    figure annotated by `with_target()`."""
    from programs.models import Target

    if isinstance(obj, Target):
        comparator, low, high = obj.comparator, obj.value, obj.value_high
    else:
        comparator = getattr(obj, "target_comparator", None) or Target.Comparator.AT_LEAST
        low, high = obj.target_value, getattr(obj, "target_value_high", None)
    number = figure(low) if high is None else f"{figure(low)}–{figure(high)}"
    return f"{Target.Comparator(comparator).label} {number}"


@register.filter
def row_values(rows):
    """The values of a province page's rows (each an indicator with its latest values)."""
    return [value for row in rows for value in row.values]


@register.filter
def numbered_notes(values, prefix="figures"):
    """The values with a note, numbered for the footnotes of one table (includes/
    figure_notes.html): each gets the marker its figure shows, (anchor, number)."""
    noted = [value for value in values if value.note]
    for number, value in enumerate(noted, 1):
        value.note_marker = (f"{prefix}-note-{number}", number)
    return noted


@register.filter
def progress_scale(value):
    """The bar's scale and the target's place on it, for includes/progress.html: the bar runs
    from 0 to the larger of the value and the target's upper end (plus a margin, so that
    exceeding shows), the marker stands at the target, a range shows as a band.

    Lower-is-better figures have no such scale (1.93% against at most 3%): None."""
    target = getattr(value, "target_value", None)
    if target is None or not value.indicator.higher_is_better or target <= 0:
        return None
    high = getattr(value, "target_value_high", None) or target
    scale = max(value.value, high) * Decimal("1.1")

    def percent(number):
        # A CSS length: a dot, whatever the language's decimal mark; floored, never rounded up.
        return f"{int(number * 1000 / scale) / 10:.1f}"

    return {
        "value": percent(value.value),
        "target": percent(target),
        "band": percent(high - target),
        "maximum": scale.quantize(Decimal(1) if scale >= 10 else Decimal("0.1")),
    }
