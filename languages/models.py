"""No models of its own: locales, translations and their sources are wagtail-localize's."""
