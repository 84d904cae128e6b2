# CaregiverSettings moves to the wellbeing app (no more programs <-> wellbeing import cycle).
# Only the model state leaves here; the table and its rows stay, and wellbeing's 0002 takes
# them over (its 0003 renames the table). Nothing is copied, so nothing can be lost.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("programs", "0002_alert_claimed_until"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CaregiverSettings")],
            database_operations=[],
        ),
    ]
