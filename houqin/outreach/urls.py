from houqin.outreach.views import health, library, publicity

app_name = "outreach"

urlpatterns = [*library.urlpatterns, *health.urlpatterns, *publicity.urlpatterns]
