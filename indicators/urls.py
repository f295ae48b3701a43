from django.urls import path

from indicators import views

urlpatterns = [
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
]
