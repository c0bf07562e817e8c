from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("programs/<slug:slug>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path("provinces/", views.ProvinceListView.as_view(), name="province_list"),
    path("provinces/<slug:slug>/", views.ProvinceDetailView.as_view(), name="province_detail"),
    path(
        "provinces/<slug:slug>/indicators/<slug:code>/",
        views.ProvinceIndicatorView.as_view(),
        name="province_indicator",
    ),
    path(
        "provinces/<slug:slug>/indicators/<slug:code>.csv",
        views.ProvinceIndicatorCSVView.as_view(),
        name="province_indicator_csv",
    ),
    path(
        "provinces/former/<slug:slug>/",
        views.FormerProvinceDetailView.as_view(),
        name="former_province_detail",
    ),
    path(
        "provinces/former/<slug:slug>/indicators/<slug:code>/",
        views.FormerProvinceIndicatorView.as_view(),
        name="former_province_indicator",
    ),
    path(
        "provinces/former/<slug:slug>/indicators/<slug:code>.csv",
        views.FormerProvinceIndicatorCSVView.as_view(),
        name="former_province_indicator_csv",
    ),
    path("indicators/<slug:code>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("indicators/<slug:code>.csv", views.IndicatorCSVView.as_view(), name="indicator_csv"),
    path(
        "indicators/<slug:code>/provinces.csv",
        views.IndicatorProvincesCSVView.as_view(),
        name="indicator_provinces_csv",
    ),
    path(
        "indicators/<slug:code>/compare.csv",
        views.IndicatorCompareCSVView.as_view(),
        name="indicator_compare_csv",
    ),
    path("documents/", views.DocumentListView.as_view(), name="document_list"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("conferences/", views.ConferenceListView.as_view(), name="conference_list"),
    path(
        "conferences/<slug:slug>/", views.ConferenceDetailView.as_view(), name="conference_detail"
    ),
    path("movements/", views.MovementListView.as_view(), name="movement_list"),
    path("awards/", views.AwardListView.as_view(), name="award_list"),
    path("downloads/", views.DownloadsView.as_view(), name="downloads"),
    path("movements/<slug:slug>/", views.MovementDetailView.as_view(), name="movement_detail"),
]
