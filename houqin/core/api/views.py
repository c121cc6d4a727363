from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from houqin.core.models import Membership


class MeView(APIView):
    """Who the caller is, and which roles they hold at which sites."""

    @extend_schema(
        responses=inline_serializer(
            "Me",
            {
                "username": serializers.CharField(),
                "roles": serializers.ListField(child=serializers.DictField()),
            },
        )
    )
    def get(self, request):
        roles = Membership.objects.filter(user=request.user).values("site__code", "role__name")
        return Response(
            {
                "username": request.user.get_username(),
                "roles": [{"site": r["site__code"], "role": r["role__name"]} for r in roles],
            }
        )
