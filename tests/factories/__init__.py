"""One factories module per app; `from tests import factories` reaches them all."""

from .accounts import (
    PASSWORD,
    TOTP_SECRET,
    MembershipFactory,
    OrganisationFactory,
    ProviderFactory,
    UserFactory,
    valid_business_id,
    with_totp,
)
from .companies import NeedFactory
from .funding import CallFactory, InstrumentFactory
from .services import ServiceFactory
from .taxonomy import ClusterFactory, region

__all__ = [
    "PASSWORD",
    "TOTP_SECRET",
    "CallFactory",
    "ClusterFactory",
    "InstrumentFactory",
    "MembershipFactory",
    "NeedFactory",
    "OrganisationFactory",
    "ProviderFactory",
    "ServiceFactory",
    "UserFactory",
    "region",
    "valid_business_id",
    "with_totp",
]
