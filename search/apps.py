from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "intranet_search"
    verbose_name = "Søk"
