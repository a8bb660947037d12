from django.urls import path

from webapp.events.api import EventsView

urlpatterns = [path("events/", EventsView.as_view(), name="events")]
