"""The least a family-scoped nappy log needs: a family, its baby, a token and the nappies."""

from django.db import models


class Family(models.Model):
    name = models.CharField(max_length=100)


class Baby(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE)
    name = models.CharField(max_length=100)


class Token(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE)
    key_hash = models.CharField(max_length=64, unique=True)


class Nappy(models.Model):
    baby = models.ForeignKey(Baby, on_delete=models.CASCADE)
    time = models.DateTimeField()
    wet = models.BooleanField(default=False)
    dirty = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["baby", "time"])]
