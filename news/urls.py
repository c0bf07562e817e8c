from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article_list"),
    path("feeds/rss/", feeds.ArticleFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.ArticleAtomFeed(), name="feed_atom"),
    path("feeds/category/<slug:slug>/rss/", feeds.CategoryFeed(), name="category_feed_rss"),
    path("feeds/category/<slug:slug>/atom/", feeds.CategoryAtomFeed(), name="category_feed_atom"),
    path("feeds/province/<slug:slug>/rss/", feeds.ProvinceFeed(), name="province_feed_rss"),
    path("feeds/province/<slug:slug>/atom/", feeds.ProvinceAtomFeed(), name="province_feed_atom"),
    path("category/<slug:slug>/", views.CategoryDetailView.as_view(), name="category_detail"),
    path("tag/<slug:slug>/", views.TagDetailView.as_view(), name="tag_detail"),
    path("author/<slug:slug>/", views.AuthorDetailView.as_view(), name="author_detail"),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="article_preview"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
]
