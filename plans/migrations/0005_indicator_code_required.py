# Step 3 of 3: every indicator has a code now; make it required and unique within its plan.

import re

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_fill_indicator_codes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="code",
            field=models.CharField(
                help_text="計画の中で指標を識別する名前（例: job_magazine_postings）。指標名を変えても変わりません。",
                max_length=50,
                validators=[
                    django.core.validators.RegexValidator(
                        re.compile("\\A[a-z][a-z0-9_]{0,49}\\Z"),
                        "コードは英小文字で始まり、英小文字・数字・下線（_）だけで書いてください。",
                    )
                ],
                verbose_name="コード",
            ),
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.UniqueConstraint(
                fields=("plan", "code"),
                name="indicator_unique_code",
                violation_error_message="この計画には同じコードの指標がすでにあります。",
            ),
        ),
    ]
