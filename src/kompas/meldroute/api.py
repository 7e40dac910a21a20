"""REST API of the meldroute (signals and figures), with the same permissions as the screens."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.drf import PolicyPermission
from kompas.meldroute import selectors, services
from kompas.meldroute.constants import (
    ALLE_INDICATOREN,
    Herkomst,
    Overleg,
    Sector,
    Status,
    Uitkomst,
    Vorm,
)
from kompas.meldroute.policies import may_see_figures, policy
from kompas.meldroute.workflow import TRANSITIES


class FiguresPermission(PolicyPermission):
    def has_permission(self, request, view):
        return may_see_figures(request.actor)


class SignaalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    referentie = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    acuut = serializers.BooleanField()
    vormen = serializers.ListField(child=serializers.ChoiceField(choices=Vorm.choices))
    sector = serializers.ChoiceField(choices=Sector.choices)
    herkomst = serializers.ChoiceField(choices=Herkomst.choices)
    wat = serializers.CharField()
    waar = serializers.CharField(allow_blank=True)
    wanneer = serializers.DateField()
    aangemaakt_op = serializers.DateTimeField()
    status_sinds = serializers.DateTimeField()
    hoogste_stap = serializers.IntegerField()
    uitkomst = serializers.CharField(allow_blank=True)
    terugkoppeling = serializers.CharField(allow_blank=True)


class SignaalLijstSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    referentie = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    acuut = serializers.BooleanField()
    vormen = serializers.ListField(child=serializers.ChoiceField(choices=Vorm.choices))
    sector = serializers.ChoiceField(choices=Sector.choices)
    aangemaakt_op = serializers.DateTimeField()
    te_laat = serializers.BooleanField(source="is_te_laat")


class MeldingSerializer(serializers.Serializer):
    wat = serializers.CharField(max_length=5000)
    waar = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    wanneer = serializers.DateField()
    vormen = serializers.ListField(child=serializers.ChoiceField(choices=Vorm.choices), min_length=1, max_length=5)
    sector = serializers.ChoiceField(choices=Sector.choices)
    herkomst = serializers.ChoiceField(choices=Herkomst.choices)
    acuut = serializers.BooleanField(required=False, default=False)
    indicatoren = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(ALLE_INDICATOREN)), required=False, default=list, max_length=50
    )


class GemeldSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    referentie = serializers.CharField()


class EigenSignaalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    referentie = serializers.CharField()
    aangemaakt_op = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=Status.choices)
    terugkoppeling = serializers.CharField(allow_blank=True)


class TransitieSerializer(serializers.Serializer):
    transitie = serializers.ChoiceField(choices=sorted(TRANSITIES))
    reden = serializers.CharField(max_length=2000)
    overleg = serializers.ChoiceField(choices=Overleg.choices, required=False, allow_blank=True, default="")
    terugkoppeling = serializers.CharField(max_length=3000, required=False, allow_blank=True, default="")
    uitkomst = serializers.ChoiceField(choices=Uitkomst.choices, required=False, allow_blank=True, default="")
    ander_fenomeen = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RijSerializer(serializers.Serializer):
    label = serializers.CharField()
    aantal = serializers.CharField(
        help_text="Een getal, '<5' (1 tot 4) of 'x' (5 of meer, verborgen zodat een klein aantal niet te herleiden is)."
    )


class TabelSerializer(serializers.Serializer):
    titel = serializers.CharField()
    rijen = RijSerializer(many=True)


class CijfersSerializer(serializers.Serializer):
    schaal = serializers.CharField()
    onderdrukt = serializers.BooleanField()
    totaal = serializers.CharField()
    in_zorg = serializers.CharField(
        help_text=(
            "Mogelijke slachtoffers nu in zorg (open trajecten zorgcoördinatie, naar gemeente van "
            "verblijf): een getal, '<5' of 'x'."
        )
    )
    tabellen = TabelSerializer(many=True)


def _signaal_dict(s):
    data = {f: getattr(s, f) for f in ("id", "referentie", "status", "acuut", "sector", "aangemaakt_op")}
    data["vormen"] = s.vormen
    return data


@extend_schema_view(
    get=extend_schema(
        summary="Signalen van de eigen gemeente (aandachtsfunctionaris)",
        responses=SignaalLijstSerializer(many=True),
        parameters=[
            OpenApiParameter("status", str, enum=Status.values),
            OpenApiParameter("vorm", str, enum=Vorm.values),
            OpenApiParameter("sector", str, enum=Sector.values),
        ],
    ),
    post=extend_schema(summary="Een signaal melden", request=MeldingSerializer, responses={201: GemeldSerializer}),
)
class SignalenAPI(generics.GenericAPIView):
    policy = policy
    policy_actions = {"GET": "behandelen", "POST": "melden"}
    serializer_class = SignaalLijstSerializer

    def get(self, request):
        f = selectors.InboxFilter(
            status=request.query_params.get("status", ""),
            vorm=request.query_params.get("vorm", ""),
            sector=request.query_params.get("sector", ""),
        )
        if f.status and f.status not in Status.values:
            raise ValidationError({"status": ["Onbekende status."]})
        qs = selectors.inbox(request.actor, f)
        page = self.paginate_queryset(qs)
        audit_log_create(
            actie=Actie.VIEW,
            actor=request.actor,
            object_type="meldroute.signaal",
            object_repr="API: lijst signalen",
            request=request,
            details={"ids": [s.pk for s in page]},
        )
        items = [{**_signaal_dict(s), "is_te_laat": bool(s.is_te_laat)} for s in page]
        return self.get_paginated_response(SignaalLijstSerializer(items, many=True).data)

    def post(self, request):
        ser = MeldingSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        s = services.signaal_melden(actor=request.actor, request=request, **ser.validated_data)
        return Response({"id": s.pk, "referentie": s.referentie}, status=status.HTTP_201_CREATED)


def _signaal_detail(s) -> dict:
    detail_fields = ("herkomst", "wat", "waar", "wanneer", "status_sinds", "hoogste_stap", "uitkomst", "terugkoppeling")
    return SignaalSerializer({**_signaal_dict(s), **{f: getattr(s, f) for f in detail_fields}}).data


@extend_schema(summary="Eén signaal (aandachtsfunctionaris)", responses=SignaalSerializer)
class SignaalAPI(APIView):
    deny_as_404 = True
    policy = policy
    policy_actions = {"GET": "behandelen"}

    def get(self, request, pk: int):
        s = selectors.signaal_get_voor_behandeling(request.actor, pk)
        audit_log_create(actie=Actie.VIEW, actor=request.actor, obj=s, request=request, doel="API")
        return Response(_signaal_detail(s))


@extend_schema(summary="Een stap van de route uitvoeren", request=TransitieSerializer, responses=SignaalSerializer)
class TransitieAPI(APIView):
    deny_as_404 = True
    policy = policy
    policy_actions = {"POST": "behandelen"}

    def post(self, request, pk: int):
        s = selectors.signaal_get_voor_behandeling(request.actor, pk)
        ser = TransitieSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        s = services.transitie_uitvoeren(actor=request.actor, signaal=s, request=request, **ser.validated_data)
        return Response(_signaal_detail(s))


@extend_schema(summary="Mijn gemelde signalen: status en terugkoppeling", responses=EigenSignaalSerializer(many=True))
class EigenSignalenAPI(generics.GenericAPIView):
    policy = policy
    policy_actions = {"GET": "eigen_signalen"}
    serializer_class = EigenSignaalSerializer

    def get(self, request):
        page = self.paginate_queryset(selectors.eigen_signalen(request.actor).order_by("-aangemaakt_op"))
        return self.get_paginated_response(EigenSignaalSerializer(page, many=True).data)


@extend_schema(summary="Eén eigen signaal: status en terugkoppeling", responses=EigenSignaalSerializer)
class EigenSignaalAPI(APIView):
    deny_as_404 = True
    policy = policy
    policy_actions = {"GET": "eigen_signalen"}

    def get(self, request, pk: int):
        s = selectors.eigen_signaal_get(request.actor, pk)
        audit_log_create(actie=Actie.VIEW, actor=request.actor, obj=s, request=request, doel="API: melder leest status")
        return Response(EigenSignaalSerializer(s).data)


@extend_schema(
    summary="Cijfers (aard en omvang), alleen geaggregeerd",
    responses=CijfersSerializer,
    parameters=[OpenApiParameter("schaal", str, enum=["gemeente", "regio", "landelijk"])],
)
class CijfersAPI(APIView):
    permission_classes = [FiguresPermission]

    def get(self, request):
        scope = selectors.scope_voor(request.actor, request.query_params.get("schaal", ""))
        if scope is None:
            raise PermissionDenied
        data = selectors.cijfers(scope)
        audit_log_create(
            actie=Actie.VIEW,
            actor=request.actor,
            object_type="meldroute.cijfers",
            object_repr=f"API: cijfers {scope.label}",
            request=request,
        )
        return Response(
            CijfersSerializer(
                {
                    "schaal": scope.label,
                    "onderdrukt": scope.suppress,
                    "totaal": str(data["totaal"]),
                    "in_zorg": str(data.get("in_zorg", "")),
                    "tabellen": [
                        {"titel": t.titel, "rijen": [{"label": label, "aantal": str(n)} for label, n in t.rijen]}
                        for t in data["tabellen"]
                    ],
                }
            ).data
        )
