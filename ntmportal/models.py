"""What the apps share (SluggedModel), who publishes the portal and its fixed pages (about,
contact, accessibility, privacy, data licence), all edited in the admin."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .vietnamese import slugify_vi


class SluggedModel(models.Model):
    """A model whose ASCII slug is made from its Vietnamese name when left empty."""

    slug_source = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            # With modeltranslation the Vietnamese text is in `<field>_vi`.
            source = getattr(self, f"{self.slug_source}_vi", None) or getattr(
                self, self.slug_source
            )
            self.slug = self.unique_slug(slugify_vi(source)[:90])
        super().save(*args, **kwargs)

    def unique_slug(self, slug):
        """`slug`, or `slug-2`, `slug-3`… where the slug must be unique and is taken."""
        if not self._meta.get_field("slug").unique:
            return slug
        taken = set(
            type(self)._default_manager.filter(slug__startswith=slug).values_list("slug", flat=True)
        )
        candidate, number = slug, 1
        while candidate in taken:
            number += 1
            candidate = f"{slug}-{number}"
        return candidate


class SiteSettings(models.Model):
    """One row: the identity a Vietnamese state e-portal shows in its footer (Decree
    42/2022/NĐ-CP). Fields left blank are not shown."""

    site_name = models.CharField(_("portal name"), max_length=200)
    owner = models.CharField(_("owning agency"), max_length=300, blank=True)
    responsible_person = models.CharField(
        _("person responsible for content"), max_length=200, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    licence = models.CharField(
        _("e-portal licence"),
        max_length=300,
        blank=True,
        help_text=_("Number, date and issuer of the licence or publishing permit."),
    )
    data_licence = models.CharField(
        _("data licence"), max_length=100, blank=True, help_text=_("e.g. CC BY 4.0")
    )
    data_licence_url = models.URLField(_("data licence address"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="one_site_settings")]

    def __str__(self):
        return self.site_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The settings, or blank ones before any are saved."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Page(models.Model):
    """A fixed page of the portal, its text written in the admin."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text; a blank line starts a paragraph."))
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("page", args=[self.slug])

    def clean(self):
        if not self.body.strip():
            raise ValidationError({"body": _("A page needs some text.")})
