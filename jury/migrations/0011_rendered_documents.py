"""Rendered copies of the jury's long documents, made by the worker (jury/documents.py)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jury", "0010_remove_fixed_scores"),
        ("nominations", "0016_audit_actions_merged"),
    ]

    operations = [
        migrations.CreateModel(
            name="RenderedDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("dossier", "assessment dossier"),
                            ("decision", "decision, draft"),
                        ],
                        max_length=10,
                        verbose_name="document",
                    ),
                ),
                ("content_key", models.CharField(max_length=64, verbose_name="content key")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "waiting for its turn"),
                            ("reading", "reading the efforts"),
                            ("layout", "laying out the pages"),
                            ("writing", "writing the PDF file"),
                            ("done", "done"),
                            ("failed", "failed"),
                        ],
                        default="queued",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("attempt", models.PositiveSmallIntegerField(default=1, verbose_name="try")),
                (
                    "efforts_done",
                    models.PositiveIntegerField(default=0, verbose_name="efforts read"),
                ),
                ("efforts_total", models.PositiveIntegerField(default=0, verbose_name="efforts")),
                (
                    "pages_done",
                    models.PositiveIntegerField(default=0, verbose_name="pages laid out"),
                ),
                ("content", models.BinaryField(null=True, verbose_name="PDF")),
                (
                    "failure",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("changed", "what it shows changed while it waited"),
                            ("unavailable", "there is no draft to render"),
                            ("error", "the rendering stopped with an error"),
                        ],
                        max_length=12,
                        verbose_name="why it failed",
                    ),
                ),
                ("reason", models.TextField(blank=True, verbose_name="error")),
                (
                    "requested_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="requested"
                    ),
                ),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started")),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished"),
                ),
                (
                    "prize_year",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="nominations.prizeyear",
                        verbose_name="prize year",
                    ),
                ),
            ],
            options={
                "verbose_name": "rendered document",
                "verbose_name_plural": "rendered documents",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "prize_year", "content_key"),
                        name="rendered_document_once_per_content",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("content__isnull", False), ("status", "done")),
                            models.Q(
                                models.Q(("status", "done"), _negated=True),
                                ("content__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="rendered_document_content_only_when_done",
                    ),
                ],
            },
        ),
    ]
