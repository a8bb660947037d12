import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('graphs', '0001_initial'),
        ('rollouts', '0001_initial'),
        ('runs', '0005_run_created_at_is_request_time'),
        ('scenes', '0003_scene_kind'),
    ]

    operations = [
        migrations.CreateModel(
            name='Match',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('match_id', models.CharField(max_length=64, unique=True)),
                ('config_hash', models.CharField(blank=True, default='', max_length=64)),
                ('arm', models.CharField(blank=True, default='', max_length=8)),
                ('rule', models.CharField(db_index=True, max_length=64)),
                ('kind', models.CharField(max_length=16)),
                ('unit_id', models.CharField(db_index=True, max_length=200)),
                ('key', models.CharField(blank=True, default='', max_length=200)),
                ('event_ids', models.JSONField(default=list)),
                ('match_ts', models.BigIntegerField()),
                ('detected_at', models.DateTimeField(db_index=True)),
                ('status', models.CharField(choices=[('running', 'Running'), ('ok', 'Ok'), ('degraded', 'Degraded'), ('failed', 'Failed'), ('timeout', 'Timeout'), ('error', 'Error')], default='running', max_length=10)),
                ('actions', models.JSONField(blank=True, default=dict)),
                ('records', models.JSONField(blank=True, default=list)),
                ('rollout', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='rollouts.rollout')),
                ('run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='runs.run')),
                ('scene', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='matches', to='scenes.scene')),
                ('version', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='graphs.graphversion')),
            ],
            options={
                'verbose_name_plural': 'matches',
                'ordering': ['-detected_at', '-id'],
            },
        ),
    ]
