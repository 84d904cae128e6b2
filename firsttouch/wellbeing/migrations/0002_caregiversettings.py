# CaregiverSettings arrives from programs with its table ("programs_caregiversettings", made by
# programs' 0001) and every row in it: state only here, no database change; 0003 renames it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("wellbeing", "0001_initial"),
        ("programs", "0003_caregiversettings_moves_to_wellbeing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CaregiverSettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("country", models.CharField(blank=True, default="", help_text="ISO 3166 code, e.g. GB or US; blank: decide from the family's time zone.", max_length=2)),
                        ("share_screenings_with_clinics", models.BooleanField(default=True, help_text="Let the clinics she shares with see her screening results (the clinician view comes later). Urgent safety alerts go to them either way.")),
                        ("share_screenings_with_family", models.BooleanField(default=False, help_text="Show her screening results to the other caregivers in her family.")),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="caregiver_settings", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name_plural": "caregiver settings",
                        "db_table": "programs_caregiversettings",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
