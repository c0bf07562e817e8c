"""Articles keep every version (django-simple-history), registered by translation.py once
modeltranslation has added the language fields."""

from simple_history import register

from .models import Article

# Every version keeps what the article is linked to as well, so a restore brings the links back.
register(
    Article,
    excluded_fields=["hero_renditions", "search_text", "search_title"],
    m2m_fields=[field.name for field in Article._meta.many_to_many],
)
