# Step 1 of 3 (a required column in three steps): add the indicator code, nullable.

import re

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_indicator_statistic_series"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="code",
            field=models.CharField(
                help_text="計画の中で指標を識別する名前（例: job_magazine_postings）。指標名を変えても変わりません。",
                max_length=50,
                null=True,
                validators=[
                    django.core.validators.RegexValidator(
                        re.compile("\\A[a-z][a-z0-9_]{0,49}\\Z"),
                        "コードは英小文字で始まり、英小文字・数字・下線（_）だけで書いてください。",
                    )
                ],
                verbose_name="コード",
            ),
        ),
    ]
