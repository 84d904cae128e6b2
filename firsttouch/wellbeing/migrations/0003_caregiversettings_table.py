# The moved table takes wellbeing's name (rows kept: a rename), and the response flags'
# help text names the safety decision and the alert-failure marker.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("wellbeing", "0002_caregiversettings"),
    ]

    operations = [
        migrations.AlterModelTable(name="caregiversettings", table=None),
        migrations.AlterField(
            model_name="response",
            name="flags",
            field=models.JSONField(blank=True, default=dict, help_text="anxiety, rise, rise_by, previous_total, safety, safety_items, item10_score; alert_failed and alert_error while the urgent alert is not recorded."),
        ),
    ]
