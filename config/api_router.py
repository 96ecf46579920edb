from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api import InvitationViewSet, MembershipViewSet, MeView, OrganisationViewSet
from companies.api import NeedViewSet
from funding.api import FundingCallViewSet, FundingInstrumentViewSet
from matchmaking.brokering.api import FollowUpTaskViewSet, MatchViewSet
from matchmaking.matching.api import NeedSuggestionsView, ProposalViewSet, ServiceNeedsView
from search.api import SavedSearchViewSet
from services.api import ServiceViewSet
from taxonomy import api as taxonomy_api

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("needs", NeedViewSet, basename="need")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("matches", MatchViewSet, basename="match")
router.register("follow-up-tasks", FollowUpTaskViewSet, basename="follow-up-task")
router.register("saved-searches", SavedSearchViewSet, basename="saved-search")
router.register("services", ServiceViewSet, basename="service")
router.register("funding-instruments", FundingInstrumentViewSet, basename="funding-instrument")
router.register("funding-calls", FundingCallViewSet, basename="funding-call")
router.register("regions", taxonomy_api.RegionViewSet, basename="region")
router.register("municipalities", taxonomy_api.MunicipalityViewSet, basename="municipality")
router.register("priority-areas", taxonomy_api.PriorityAreaViewSet, basename="priority-area")
router.register("clusters", taxonomy_api.ClusterViewSet, basename="cluster")
router.register("service-types", taxonomy_api.ServiceTypeViewSet, basename="service-type")
router.register("need-categories", taxonomy_api.NeedCategoryViewSet, basename="need-category")
router.register("industries", taxonomy_api.IndustryCodeViewSet, basename="industry")
router.register("trl-levels", taxonomy_api.TrlViewSet, basename="trl-level")

urlpatterns = [
    path("me/", MeView.as_view(), name="api_me"),
    path("needs/<int:pk>/suggestions/", NeedSuggestionsView.as_view(), name="need-suggestions"),
    path("services/<int:pk>/needs/", ServiceNeedsView.as_view(), name="service-needs"),
    path("", include(router.urls)),
]
