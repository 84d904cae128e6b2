from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.core.scoping import get_scoped_or_404

from .forms import BabyForm
from .models import Baby


@family_required
def add(request: FamilyRequest) -> HttpResponse:
    form = BabyForm(request.POST or None, instance=Baby(family=request.family))
    if request.method == "POST" and form.is_valid():
        baby = form.save()
        messages.success(request, _("%(name)s is added.") % {"name": baby.name})
        return redirect("baby", baby_id=baby.pk)
    return render(request, "babies/form.html", {"form": form, "adding": True})


@family_required
def edit(request: FamilyRequest, pk: int) -> HttpResponse:
    baby = get_scoped_or_404(Baby, request.family, pk=pk)
    form = BabyForm(request.POST or None, instance=baby)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("baby", baby_id=baby.pk)
    return render(request, "babies/form.html", {"form": form, "baby": baby})
