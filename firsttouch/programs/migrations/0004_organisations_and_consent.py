# Clinics become organisations and their shares become granular, versioned consent.
# RenameModel/RenameField keep every row (and every alert's foreign key); the data step says
# what the existing shares were: consent to her screenings and mood, the only thing shared.

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# What the sharing page said when these shares were given (before consent was versioned).
UNVERSIONED_TEXT = (
    "When you share with a clinic and you answer the question about harming yourself with "
    "anything but “Never”, we record an urgent alert for the clinic so someone there can "
    "reach out. Later versions will also let the clinic see your check results. You can stop "
    "sharing at any time."
)


def existing_shares_are_screenings_consent(apps, schema_editor):
    Consent = apps.get_model("programs", "Consent")
    Membership = apps.get_model("accounts", "Membership")
    families = dict(Membership.objects.values_list("user_id", "family_id"))
    for consent in Consent.objects.all():
        consent.screenings_mood = True
        consent.consent_version = "0"
        consent.consent_text = UNVERSIONED_TEXT
        consent.family_id = families.get(consent.caregiver_id)
        consent.save(
            update_fields=["screenings_mood", "consent_version", "consent_text", "family"]
        )


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_login_counters_replace_failures"),
        ("programs", "0003_caregiversettings_moves_to_wellbeing"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="clinicshare", name="one_active_share_per_clinic"),
        migrations.RemoveConstraint(model_name="alert", name="one_alert_per_response_and_clinic"),
        migrations.RenameModel(old_name="Clinic", new_name="Organisation"),
        migrations.RenameModel(old_name="ClinicShare", new_name="Consent"),
        migrations.RenameField(model_name="alert", old_name="clinic", new_name="organisation"),
        migrations.RenameField(model_name="consent", old_name="clinic", new_name="organisation"),
        migrations.RenameField(model_name="consent", old_name="mother", new_name="caregiver"),
        migrations.AlterField(
            model_name="consent",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="consents",
                to="programs.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="consent",
            name="caregiver",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="consents",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="family",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="consents",
                to="accounts.family",
            ),
        ),
        migrations.AddField(
            model_name="consent", name="massage_sessions", field=models.BooleanField(default=False)
        ),
        migrations.AddField(
            model_name="consent", name="baby_logs", field=models.BooleanField(default=False)
        ),
        migrations.AddField(
            model_name="consent", name="screenings_mood", field=models.BooleanField(default=False)
        ),
        migrations.AddField(
            model_name="consent", name="notes", field=models.BooleanField(default=False)
        ),
        migrations.AddField(
            model_name="consent",
            name="consent_version",
            field=models.CharField(default="0", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="consent",
            name="consent_text",
            field=models.TextField(default="", help_text="The text she was shown when she agreed."),
            preserve_default=False,
        ),
        migrations.RunPython(existing_shares_are_screenings_consent, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("revoked_at__isnull", True)),
                fields=("caregiver", "organisation"),
                name="one_active_consent_per_organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                fields=("organisation", "response_id", "kind"),
                name="one_alert_per_response_and_clinic",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("nicu", "Neonatal unit (NICU)"),
                    ("clinic", "Clinic"),
                    ("health_visiting", "Health-visiting team"),
                    ("class_provider", "Infant-massage class provider"),
                    ("research_group", "Research group"),
                ],
                default="clinic",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="alert_ack_window",
            field=models.DurationField(default=datetime.timedelta(seconds=3600)),
        ),
    ]
