from django.urls import path

from . import views

app_name = "portability"

urlpatterns = [
    path("export/", views.export_page, name="export"),
    path("export/csv/", views.export_csv, name="export_csv"),
    path("export/fhir/", views.export_fhir, name="export_fhir"),
    path("delete/", views.delete_page, name="delete"),
]
