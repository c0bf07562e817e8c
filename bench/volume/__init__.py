"""The invented national volume of `manage.py generate_volume` (bench settings only): programs.py
draws the figures, units' conferences and awards, news.py the articles and comments."""
