from django.urls import path

from .. import converters  # noqa: F401  (registers <id:...>)
from . import views

urlpatterns = [
    path("schemes/", views.SchemeListView.as_view(), name="grants-scheme-list"),
    path(
        "schemes/<slug:slug>/",
        views.SchemeDetailView.as_view(),
        name="grants-scheme-detail",
    ),
    path("rounds/", views.RoundListView.as_view(), name="grants-round-list"),
    path("awards/", views.AwardListView.as_view(), name="grants-award-list"),
    path(
        "awards/360giving.json",
        views.AwardPackageView.as_view(),
        name="grants-award-360giving",
    ),
    path(
        "applications/",
        views.ApplicationListCreateView.as_view(),
        name="grants-application-list",
    ),
    path(
        "applications/<id:pk>/",
        views.ApplicationDetailView.as_view(),
        name="grants-application-detail",
    ),
    path(
        "applications/<id:pk>/submit/",
        views.ApplicationSubmitView.as_view(),
        name="grants-application-submit",
    ),
    path(
        "applications/<id:pk>/withdraw/",
        views.ApplicationWithdrawView.as_view(),
        name="grants-application-withdraw",
    ),
    path(
        "applications/<id:pk>/attachments/",
        views.AttachmentCreateView.as_view(),
        name="grants-attachment-list",
    ),
    path(
        "applications/<id:pk>/attachments/<id:attachment_pk>/",
        views.AttachmentDetailView.as_view(),
        name="grants-attachment-detail",
    ),
]
