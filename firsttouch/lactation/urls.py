from django.urls import path

app_name = "lactation"

urlpatterns: list = []
