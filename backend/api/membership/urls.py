from django.urls import path

from . import views

membership_patterns = [
    path("types/", views.MembershipTypeListView.as_view(), name="membership-types"),
    path(
        "applications/",
        views.MembershipApplicationCreateView.as_view(),
        name="membership-applications",
    ),
]

me_patterns = [
    path("", views.MeView.as_view(), name="me"),
    path("membership/", views.MeMembershipView.as_view(), name="me-membership"),
    path("export/", views.MeExportView.as_view(), name="me-export"),
]
