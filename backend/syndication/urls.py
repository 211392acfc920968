"""Feed URLs: `/feeds/{section}/{rss.xml,atom.xml,feed.json}` and `/feeds/tags/{tag}/...`."""

from django.urls import path

from . import views
from .feeds import FILE_NAMES

app_name = "feeds"

urlpatterns = [
    *(
        path(f"tags/<slug:tag>/{name}", views.feed, {"fmt": fmt}, name=f"tag-{fmt}")
        for fmt, name in FILE_NAMES.items()
    ),
    *(
        path(f"<slug:section>/{name}", views.feed, {"fmt": fmt}, name=f"section-{fmt}")
        for fmt, name in FILE_NAMES.items()
    ),
]
