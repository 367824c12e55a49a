from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_report, name="reporting_start"),
    path("<int:year>/", views.evaluation, name="reporting_evaluation"),
    path("<int:year>/rapportering.xlsx", views.export, name="reporting_export"),
    path("<int:year>/utskrift/", views.printable, name="reporting_print"),
    path("<int:year>/<slug:unit>/", views.report_form, name="reporting_form"),
    path("<int:year>/<slug:unit>/apne/", views.reopen, name="reporting_reopen"),
    path("<int:year>/<slug:unit>/juster/", views.adjust, name="reporting_adjust"),
]
