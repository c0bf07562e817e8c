"""A program's lead agency becomes dated rows (LeadAgency): the old one-line text is kept as an
undated agency, which the seed or an editor then splits into the agencies with their days."""

import django.db.models.deletion
from django.db import migrations, models


def carry_over(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    LeadAgency = apps.get_model("programs", "LeadAgency")
    for program in Program.objects.exclude(lead_agency=""):
        LeadAgency.objects.create(
            program=program,
            name=program.lead_agency,
            name_vi=program.lead_agency_vi or program.lead_agency,
            name_en=program.lead_agency_en,
        )


def carry_back(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    for program in Program.objects.prefetch_related("lead_agencies"):
        names = [(a.name_vi or a.name, a.name_en or a.name) for a in program.lead_agencies.all()]
        if names:
            program.lead_agency = program.lead_agency_vi = "; ".join(n[0] for n in names)[:200]
            program.lead_agency_en = "; ".join(n[1] for n in names)[:200]
            program.save(update_fields=["lead_agency", "lead_agency_vi", "lead_agency_en"])


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0014_import_jobs"),
    ]

    operations = [
        migrations.CreateModel(
            name="LeadAgency",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("name_vi", models.CharField(max_length=200, null=True, verbose_name="name")),
                ("name_en", models.CharField(max_length=200, null=True, verbose_name="name")),
                (
                    "valid_from",
                    models.DateField(
                        blank=True,
                        help_text="Blank: since the program began.",
                        null=True,
                        verbose_name="lead from",
                    ),
                ),
                (
                    "valid_until",
                    models.DateField(
                        blank=True,
                        help_text="Blank: still the lead agency.",
                        null=True,
                        verbose_name="lead until",
                    ),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True,
                        help_text="A public page that records the change of lead agency.",
                        max_length=500,
                        verbose_name="source URL",
                    ),
                ),
                (
                    "program",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lead_agencies",
                        to="programs.program",
                        verbose_name="program",
                    ),
                ),
            ],
            options={
                "verbose_name": "lead agency",
                "verbose_name_plural": "lead agencies",
                "ordering": ["program", models.OrderBy(models.F("valid_from"), nulls_first=True)],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_until__isnull", True),
                            ("valid_from__isnull", True),
                            ("valid_until__gte", models.F("valid_from")),
                            _connector="OR",
                        ),
                        name="lead_agency_validity_in_order",
                    )
                ],
            },
        ),
        migrations.RunPython(carry_over, carry_back),
        migrations.RemoveField(
            model_name="program",
            name="lead_agency",
        ),
        migrations.RemoveField(
            model_name="program",
            name="lead_agency_en",
        ),
        migrations.RemoveField(
            model_name="program",
            name="lead_agency_vi",
        ),
    ]
