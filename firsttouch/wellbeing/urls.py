from django.urls import path

app_name = "wellbeing"

urlpatterns: list = []
