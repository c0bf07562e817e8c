"""bakerydemo's blog, without its images and people: an index and pages with a subtitle, an
introduction, a rich-text body, a publication date and tags."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey("BlogPage", related_name="tagged_items", on_delete=models.CASCADE)


class BlogPage(Page):
    subtitle = models.CharField(blank=True, max_length=255)
    introduction = models.TextField(blank=True)
    body = RichTextField()
    date_published = models.DateField("Date article published", blank=True, null=True)
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("subtitle"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("date_published"),
        FieldPanel("tags"),
    ]
    parent_page_types = ["BlogIndexPage"]

    def get_tags(self):
        return self.tags.all()


class BlogIndexPage(Page):
    introduction = models.TextField(blank=True)
    subpage_types = ["BlogPage"]

    def children(self):
        return self.get_children().specific().live()
