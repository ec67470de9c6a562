"""The audit log becomes a hash chain per local government (ADR 0009): the fields, the chain
heads, the existing entries chained in id order, then the append-only triggers (PostgreSQL:
UPDATE and DELETE, through django-pgtrigger; SQLite: UPDATE, see ADR 0009 for why not DELETE)."""

import django.db.models.deletion
import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

from core.audit.chain import GENESIS, chain_key, hash_of

SQLITE_TRIGGER = "core_auditentry_append_only"


def chain_existing_entries(apps, schema_editor):
    """Chain every existing entry, each local government's in id order, and set the heads."""
    entry_model = apps.get_model("core", "AuditEntry")
    head_model = apps.get_model("core", "AuditChainHead")
    heads: dict[int, tuple[int, str]] = {}
    for entry in entry_model.objects.order_by("id").iterator(chunk_size=2000):
        chain = chain_key(entry.local_government_id)
        entry.prev_hash = heads.get(chain, (None, GENESIS))[1]
        entry.hash = hash_of(entry)
        entry_model.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        heads[chain] = (entry.pk, entry.hash)
    head_model.objects.bulk_create(
        head_model(chain=chain, last_entry_id=last_id, last_hash=last_hash)
        for chain, (last_id, last_hash) in heads.items()
    )


def sqlite_refuse_update(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        f"CREATE TRIGGER {SQLITE_TRIGGER} BEFORE UPDATE ON core_auditentry "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
    )


def sqlite_allow_update(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {SQLITE_TRIGGER}")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_local_government_wards'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('chain', models.BigIntegerField(primary_key=True, serialize=False, verbose_name='連鎖')),
                ('last_entry_id', models.BigIntegerField(null=True, verbose_name='最後の記録')),
                ('last_hash', models.CharField(max_length=64, verbose_name='最後のハッシュ')),
            ],
            options={
                'verbose_name': '監査ログの連鎖の先頭',
                'verbose_name_plural': '監査ログの連鎖の先頭',
            },
        ),
        migrations.AddField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='ハッシュ'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='前の記録のハッシュ'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='actor',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='audit_entries', to=settings.AUTH_USER_MODEL, verbose_name='操作者'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='created_at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='日時'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='local_government',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='audit_entries', to='core.localgovernment', verbose_name='地方公共団体'),
        ),
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop),
        migrations.RunPython(sqlite_refuse_update, sqlite_allow_update),
        pgtrigger.migrations.AddTrigger(
            model_name='auditentry',
            trigger=pgtrigger.compiler.Trigger(name='audit_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='199e176187b892d3960036f6083fa1b5aa96a4b8', operation='UPDATE OR DELETE', pgid='pgtrigger_audit_append_only_697f7', table='core_auditentry', when='BEFORE')),
        ),
    ]
