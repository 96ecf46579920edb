from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.domain import acting_user
from core.forms import add_domain_errors
from core.pages import paginate
from taxonomy.models import IndustryCode, Municipality

from . import actions, registry, selectors
from .dedupe import similar_organisations
from .forms import InvitationForm, OrganisationForm, ProfileForm
from .models import Invitation, Membership, Organisation, OrganisationKind
from .scope import scope_for
from .validators import normalize_business_id, validate_business_id


@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    verified = EmailAddress.objects.filter(user=acting_user(request), verified=True).values("email")
    invitations = Invitation.objects.filter(
        email__in=verified, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("organisation")
    return render(
        request,
        "organisations/onboarding.html",
        {
            "invitations": [inv for inv in invitations if inv.is_open],
            "memberships": selectors.memberships_of_user(request.user),
        },
    )


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"kind": request.GET.get("kind", OrganisationKind.COMPANY)}
    register = _register_lookup(request, initial) if request.GET.get("lookup") else {}
    form = OrganisationForm(request.POST or None, initial=initial)
    similar: list[Organisation] = []
    submitted = request.method == "POST" and form.is_valid()
    if submitted and not request.POST.get("not_a_duplicate"):
        similar = similar_organisations(form.cleaned_data["name"])
    if submitted and not similar:
        try:
            organisation = actions.organisation_create(by=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is created and you are its owner.") % {"name": organisation.name},
            )
            return redirect(organisation)
    # Alike names are shown once; ticking "it is a different organisation" creates it.
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "similar": similar, "lookup": True, **register},
    )


def _register_lookup(request: HttpRequest, initial: dict[str, Any]) -> dict[str, Any]:
    """Pre-fill the form from the business register; say so when it cannot be reached."""
    business_id = normalize_business_id(request.GET.get("lookup", ""))
    try:
        validate_business_id(business_id)
    except ValidationError as exc:
        return {"lookup_error": " ".join(exc.messages), "lookup_value": business_id}
    language = translation.get_language() or "fi"
    try:
        company = registry.lookup(business_id, language=language[:2])
    except registry.RegistryUnavailable:
        initial["business_id"] = business_id
        return {
            "lookup_error": _(
                "The business register could not be reached just now; fill in the details yourself."
            ),
            "lookup_value": business_id,
        }
    if company is None:
        initial["business_id"] = business_id
        return {
            "lookup_error": _("The business register has no company with this business ID."),
            "lookup_value": business_id,
        }
    municipality = Municipality.objects.filter(
        Q(name_fi__iexact=company.city) | Q(name_sv__iexact=company.city)
    ).first()
    industry = IndustryCode.objects.filter(code=company.industry_code[:2]).first()
    initial.update(
        {
            "name": company.name,
            "business_id": company.business_id or business_id,
            "kind": OrganisationKind.COMPANY,
            "website": company.website,
        }
    )
    if municipality is not None:
        initial.update({"municipality": municipality.pk, "region": municipality.region_id})
    if industry is not None:
        initial["industry"] = industry.pk
    return {"registered": company, "lookup_value": business_id}


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_with_counts()
    kind = request.GET.get("kind")
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    context = {
        "kinds": OrganisationKind.choices,
        "current_kind": kind,
        **paginate(request, organisations),
    }
    return render(request, "organisations/organisation_list.html", context)


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_list(), slug=slug)
    if not request.user.has_perm("accounts.change_organisation", organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            actions.organisation_update(
                organisation=organisation, by=acting_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(organisation)
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_list(), slug=slug)
    if organisation.pk not in scope_for(request.user).org_ids and not request.user.is_staff:
        raise PermissionDenied
    can_manage = request.user.has_perm("accounts.manage_members", organisation)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.invitation_create(
                    organisation=organisation, by=acting_user(request), **form.cleaned_data
                )
            except ValidationError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("organisation_members", slug=slug)
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "members": selectors.members_of(organisation),
            "invitations": selectors.open_invitations_of(organisation) if can_manage else [],
            "can_manage": can_manage,
            "form": form,
        },
    )


@login_required
@require_POST
def membership_update(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user").filter(
            organisation_id__in=scope_for(request.user).org_ids
        ),
        pk=pk,
    )
    slug = membership.organisation.slug
    try:
        if request.POST.get("action") == "contact":
            actions.membership_set_contact(
                membership=membership,
                by=acting_user(request),
                is_contact=not membership.is_contact_person,
                title=request.POST.get("title"),
            )
            messages.success(request, _("Contact person updated."))
        elif request.POST.get("action") == "remove":
            leaving = membership.user_id == request.user.pk
            actions.membership_remove(membership=membership, by=acting_user(request))
            messages.success(request, _("Membership removed."))
            if leaving:
                return redirect("home")
        else:
            actions.membership_change_role(
                membership=membership, by=acting_user(request), role=request.POST.get("role", "")
            )
            messages.success(request, _("Role changed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("organisation_members", slug=slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation").filter(
            organisation_id__in=scope_for(request.user).owner_org_ids
        ),
        pk=pk,
    )
    try:
        actions.invitation_revoke(invitation=invitation, by=acting_user(request))
        messages.success(request, _("Invitation withdrawn."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("organisation_members", slug=invitation.organisation.slug)


@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if request.method == "POST":
        try:
            membership = actions.invitation_accept(token=token, user=acting_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Welcome to %(name)s.") % {"name": membership.organisation.name}
            )
            return redirect(membership.organisation)
    return render(request, "organisations/invitation_accept.html", {"invitation": invitation})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = ProfileForm(
        request.POST or None,
        initial={"full_name": user.full_name, "language": user.language, "phone": user.phone},
    )
    if request.method == "POST" and form.is_valid():
        actions.user_update_profile(user=user, **form.cleaned_data)
        translation.activate(form.cleaned_data["language"])
        messages.success(request, _("Profile saved."))
        response = redirect("profile")
        from django.conf import settings

        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.cleaned_data["language"],
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response
    return render(
        request,
        "organisations/profile.html",
        {"form": form, "memberships": selectors.memberships_of_user(user)},
    )


@login_required
def api_token(request: HttpRequest) -> HttpResponse:
    """Personal API token: created here, behind the login (and a coordinator's 2FA)."""
    from rest_framework.authtoken.models import Token

    user = acting_user(request)
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            actions.api_token_revoke(user=user)
            messages.success(request, _("The API token was revoked."))
            return redirect("api_token")
        new_key = actions.api_token_rotate(user=user)
        messages.success(request, _("A new API token was created. Copy it now."))
    token = Token.objects.filter(user=user).first()
    return render(request, "organisations/api_token.html", {"token": token, "new_key": new_key})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django's view sets the cookie; a signed-in user's choice is
    also stored, as it is what their pages and e-mails are written in."""
    from django.conf import settings
    from django.views.i18n import set_language as django_set_language

    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        actions.user_set_language(user=acting_user(request), language=language)
    return django_set_language(request)
