app_name = "signage"

urlpatterns: list = []
