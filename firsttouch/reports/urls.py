from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<int:baby_id>/summary.pdf", views.baby_pdf, name="baby_pdf"),
]
