from django.urls import path

from . import import_views, views

app_name = "portability"

urlpatterns = [
    path("export/", views.export_page, name="export"),
    path("export/csv/", views.export_csv, name="export_csv"),
    path("export/fhir/", views.export_fhir, name="export_fhir"),
    path("delete/", views.delete_page, name="delete"),
    path("import/", import_views.import_page, name="import"),
    path("import/babybuddy/", import_views.start_api, name="import_api"),
    path("import/babybuddy-csv/", import_views.start_csv, name="import_csv"),
    path("import/<int:pk>/", import_views.job_page, name="import_job"),
    path("import/<int:pk>/step/", import_views.job_step, name="import_step"),
    path("import/<int:pk>/cancel/", import_views.job_cancel, name="import_cancel"),
]
