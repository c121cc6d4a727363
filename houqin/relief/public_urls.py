"""The public donation lists (no login): /public/<site code>/relief/."""

from houqin.relief.public import urlpatterns as pages

app_name = "relief_public"

urlpatterns = pages
