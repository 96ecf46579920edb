"""Users, organisations and memberships."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from accounts.models import Membership, MembershipRole, Organisation, OrganisationKind, User
from accounts.validators import business_id_check_digit

from .search import search_document
from .taxonomy import region

PASSWORD = "correct-horse-battery-staple"


def valid_business_id(n: int) -> str:
    number = 2000000 + n * 13
    while business_id_check_digit(f"{number:07d}") is None:
        number += 1
    return f"{number:07d}-{business_id_check_digit(f'{number:07d}')}"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    language = "en"

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: object) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def with_totp(user: User) -> User:
    """Coordinators and staff reach nothing without an activated TOTP authenticator."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    return user


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n} Oy")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.COMPANY
    business_id = factory.Sequence(valid_business_id)
    region = factory.LazyFunction(region)
    languages = ["fi", "en"]
    indexed = search_document("organisation")


class ProviderFactory(OrganisationFactory):
    kind = OrganisationKind.UAS
    business_id = factory.Sequence(lambda n: "")


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.OWNER
