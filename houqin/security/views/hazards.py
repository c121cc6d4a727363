"""Pages of cameras, alarms (人机联动), hazards (隐患排查) and incidents."""

urlpatterns: list = []
