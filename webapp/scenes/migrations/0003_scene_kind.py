from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('scenes', '0002_scene_release_timezone_scene_release_windows'),
    ]

    operations = [
        migrations.AddField(
            model_name='scene',
            name='kind',
            field=models.CharField(choices=[('recommend', 'Recommend'), ('rules', 'Rules')],
                                   db_index=True, default='recommend', max_length=16),
        ),
    ]
