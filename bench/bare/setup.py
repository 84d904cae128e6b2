"""Create the bare app's tables and one family: ``python -m bare.setup <nappies in the week>``.

Prints the token and the baby's id as JSON, like ``bench/run.py``'s set-up of firsttouch.
"""

import hashlib
import json
import os
import sys
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bare.settings")

import django


def main() -> None:
    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from bare.models import Baby, Family, Nappy, Token

    call_command("migrate", run_syncdb=True, verbosity=0)
    family = Family.objects.create(name="Bench")
    baby = Baby.objects.create(family=family, name="Bench")
    key = "bare-" + os.urandom(16).hex()
    Token.objects.create(family=family, key_hash=hashlib.sha256(key.encode()).hexdigest())
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    now = timezone.now()
    Nappy.objects.bulk_create(
        Nappy(baby=baby, time=now - timedelta(days=7) * (i + 0.5) / count, wet=True)
        for i in range(count)
    )
    print(json.dumps({"key": key, "baby": baby.pk}))


if __name__ == "__main__":
    main()
