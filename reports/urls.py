from django.urls import path

from reports import views

urlpatterns = [
    path("", views.home, name="home"),
    path("docs/achievement/", views.how_achievement_is_calculated, name="achievement_doc"),
]
