from django.urls import path

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
        "applications/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="grants-application-detail",
    ),
    path(
        "applications/<int:pk>/submit/",
        views.ApplicationSubmitView.as_view(),
        name="grants-application-submit",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        views.ApplicationWithdrawView.as_view(),
        name="grants-application-withdraw",
    ),
    path(
        "applications/<int:pk>/attachments/",
        views.AttachmentCreateView.as_view(),
        name="grants-attachment-list",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/",
        views.AttachmentDetailView.as_view(),
        name="grants-attachment-detail",
    ),
]
