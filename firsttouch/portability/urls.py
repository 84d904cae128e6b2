from django.urls import path

from .views import deletion, export, importing

app_name = "portability"

urlpatterns = [
    path("export/", export.export_page, name="export"),
    path("export/csv/", export.export_csv, name="export_csv"),
    path("export/fhir/", export.export_fhir, name="export_fhir"),
    path("delete/", deletion.delete_page, name="delete"),
    path("import/", importing.import_page, name="import"),
    path("import/babybuddy/", importing.start_api, name="import_api"),
    path("import/babybuddy-csv/", importing.start_csv, name="import_csv"),
    path("import/<int:pk>/", importing.job_page, name="import_job"),
    path("import/<int:pk>/step/", importing.job_step, name="import_step"),
    path("import/<int:pk>/cancel/", importing.job_cancel, name="import_cancel"),
]
