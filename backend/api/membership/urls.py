from django.urls import URLPattern

membership_patterns: list[URLPattern] = []
me_patterns: list[URLPattern] = []
