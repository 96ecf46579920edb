from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.domain import acting_user
from taxonomy.models import ContentLanguage, IndustryCode, Municipality, Region

from . import actions, selectors
from .actions import ORGANISATION_FIELDS
from .models import Invitation, Membership, MembershipRole, Organisation, OrganisationKind, SmeSize
from .scope import scope_for
from .validators import validate_phone, validate_single_line


class OrganisationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, validators=[validate_single_line])
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    business_id = serializers.CharField(max_length=11, required=False, allow_blank=True)
    sme_size = serializers.ChoiceField(choices=SmeSize.choices, required=False, allow_blank=True)
    industry = serializers.PrimaryKeyRelatedField(
        queryset=IndustryCode.objects.all(), required=False, allow_null=True
    )
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all())
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=ContentLanguage.choices), required=False
    )


class OrganisationOutputSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    industry = serializers.CharField(source="industry.code", read_only=True, allow_null=True)
    municipality = serializers.CharField(
        source="municipality.name", read_only=True, allow_null=True
    )

    class Meta:
        model = Organisation
        fields = ["id", "slug", *ORGANISATION_FIELDS, "created_at"]


class OrganisationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Organisation profiles are public; owners edit their own."""

    serializer_class = OrganisationOutputSerializer
    lookup_field = "slug"
    filterset_fields = ["kind", "region", "sme_size"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet[Organisation]:
        # An archived organisation's profile stays readable by its address (its matches
        # link to it), but the list offers only active ones.
        if self.action == "list":
            return selectors.organisations_in_directory()
        return selectors.organisations_list()

    @extend_schema(
        request=OrganisationInputSerializer, responses={201: OrganisationOutputSerializer}
    )
    def create(self, request: Request) -> Response:
        serializer = OrganisationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = actions.organisation_create(
            by=acting_user(request), **serializer.validated_data
        )
        return Response(
            OrganisationOutputSerializer(organisation).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=OrganisationInputSerializer, responses=OrganisationOutputSerializer)
    def partial_update(self, request: Request, slug: str) -> Response:
        organisation = self.get_object()
        serializer = OrganisationInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        organisation = actions.organisation_update(
            organisation=organisation, by=acting_user(request), **serializer.validated_data
        )
        return Response(OrganisationOutputSerializer(organisation).data)


class MembershipSerializer(serializers.ModelSerializer):
    user_email = serializers.EmailField(source="user.email", read_only=True)
    user_name = serializers.CharField(source="user.full_name", read_only=True)
    user_phone = serializers.CharField(source="user.phone", read_only=True)
    organisation_slug = serializers.CharField(source="organisation.slug", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "organisation",
            "organisation_slug",
            "user",
            "user_email",
            "user_name",
            "user_phone",
            "role",
            "title",
            "is_contact_person",
            "created_at",
        ]
        read_only_fields = ["organisation", "user", "title", "is_contact_person", "created_at"]


class MembershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=MembershipRole.choices)


class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Memberships of the organisations the caller belongs to."""

    serializer_class = MembershipSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["organisation", "role"]

    def get_queryset(self) -> QuerySet[Membership]:
        return (
            Membership.objects.filter(organisation_id__in=scope_for(self.request.user).org_ids)
            .select_related("user", "organisation")
            .order_by("organisation__name", "user__email")
        )

    @extend_schema(request=MembershipRoleSerializer, responses=MembershipSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        serializer = MembershipRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = actions.membership_change_role(
            membership=self.get_object(),
            by=acting_user(request),
            role=serializer.validated_data["role"],
        )
        return Response(MembershipSerializer(membership).data)

    def destroy(self, request: Request, pk: str) -> Response:
        actions.membership_remove(membership=self.get_object(), by=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationInputSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=MembershipRole.choices, default=MembershipRole.MEMBER)


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = ["id", "organisation", "email", "role", "created_at", "accepted_at", "revoked_at"]


class InvitationAcceptSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=64)


class InvitationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Invitations of organisations the caller owns."""

    serializer_class = InvitationSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["organisation"]

    def get_queryset(self) -> QuerySet[Invitation]:
        return Invitation.objects.filter(
            organisation_id__in=scope_for(self.request.user).owner_org_ids
        ).order_by("-created_at")

    @extend_schema(request=InvitationInputSerializer, responses={201: InvitationSerializer})
    def create(self, request: Request) -> Response:
        serializer = InvitationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = actions.invitation_create(by=acting_user(request), **serializer.validated_data)
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        invitation = actions.invitation_revoke(
            invitation=self.get_object(), by=acting_user(request)
        )
        return Response(InvitationSerializer(invitation).data)

    @extend_schema(request=InvitationAcceptSerializer, responses=MembershipSerializer)
    @action(detail=False, methods=["post"])
    def accept(self, request: Request) -> Response:
        serializer = InvitationAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = actions.invitation_accept(
            token=serializer.validated_data["token"], user=acting_user(request)
        )
        return Response(MembershipSerializer(membership).data)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    language = serializers.CharField()
    phone = serializers.CharField()
    is_coordinator = serializers.BooleanField()
    memberships = MembershipSerializer(many=True)


class MeInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(
        max_length=150, required=False, validators=[validate_single_line]
    )
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    phone = serializers.CharField(
        max_length=32, required=False, allow_blank=True, validators=[validate_phone]
    )


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(self._me(acting_user(request)))

    @extend_schema(request=MeInputSerializer, responses=MeSerializer)
    def patch(self, request: Request) -> Response:
        """One's own name, language and the phone shown to introduced parties."""
        user = acting_user(request)
        serializer = MeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = actions.user_update_profile(
            user=user,
            full_name=data.get("full_name", user.full_name),
            language=data.get("language", user.language),
            phone=data.get("phone"),
        )
        return Response(self._me(user))

    def _me(self, user: Any) -> Any:
        return MeSerializer(
            {
                "id": user.pk,
                "email": user.email,
                "full_name": user.full_name,
                "language": user.language,
                "phone": user.phone,
                "is_coordinator": scope_for(user).is_coordinator,
                "memberships": selectors.memberships_of_user(user).select_related("user"),
            }
        ).data
