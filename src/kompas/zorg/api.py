"""REST API of zorgcoördinatie (issue 10, item 16): the trajecten of one's own organisation and
the CoMensha export, with the same policies and selectors as the screens; every read audited.
No identifying data: a traject is its cliëntcode and its kenmerken; the CoMensha rows carry
name and date of birth only where consent is recorded, exactly as the CSV does."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.drf import PolicyPermission
from kompas.zorg import selectors, services
from kompas.zorg.constants import (
    ActieStand,
    Afsluitreden,
    Domein,
    Fase,
    Gender,
    Leeftijdsgroep,
    Verblijfsstatus,
    Vorm,
)
from kompas.zorg.policies import may_export, policy


class ExportPermission(PolicyPermission):
    """The CoMensha export: a zorgcoördinator (own organisation) or CoMensha (national)."""

    def has_permission(self, request, view):
        return may_export(request.actor)


class BehandelaarSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    naam = serializers.CharField(source="__str__", help_text="De naam, of de gebruikersnaam als die ontbreekt.")


class TrajectLijstSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    clientcode = serializers.CharField()
    fase = serializers.ChoiceField(choices=Fase.choices)
    fase_sinds = serializers.DateTimeField()
    acuut = serializers.BooleanField()
    vormen = serializers.ListField(child=serializers.ChoiceField(choices=Vorm.choices))
    aangemaakt_op = serializers.DateTimeField()
    behandelaar = BehandelaarSerializer(
        allow_null=True, help_text="De zorgcoördinator die het traject behandelt; leeg als het niet is toegewezen."
    )


class FaseWijzigingSerializer(serializers.Serializer):
    van = serializers.CharField(allow_blank=True)
    naar = serializers.ChoiceField(choices=Fase.choices)
    transitie = serializers.CharField()
    tijdstip = serializers.DateTimeField()


class ZorgactieSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    domein = serializers.ChoiceField(choices=Domein.choices)
    partner = serializers.CharField(source="partner.naam")
    stand = serializers.ChoiceField(choices=ActieStand.choices)
    deadline = serializers.DateField(allow_null=True)
    aangemaakt_op = serializers.DateTimeField()
    bijgewerkt_op = serializers.DateTimeField()


class TrajectSerializer(TrajectLijstSerializer):
    leeftijdsgroep = serializers.ChoiceField(choices=Leeftijdsgroep.choices)
    gender = serializers.ChoiceField(choices=Gender.choices)
    nationaliteit = serializers.CharField(allow_blank=True)
    verblijfsstatus = serializers.ChoiceField(choices=Verblijfsstatus.choices)
    gemeente_code = serializers.CharField(allow_blank=True)
    strafrechtelijk_traject = serializers.BooleanField()
    geinformeerd_op = serializers.DateField(allow_null=True)
    b8_einddatum = serializers.DateField(allow_null=True)
    afsluitreden = serializers.CharField(
        allow_blank=True, help_text="Leeg zolang het traject loopt; anders een van: " + ", ".join(Afsluitreden.values)
    )
    afgesloten_op = serializers.DateTimeField(allow_null=True)
    geschiedenis = FaseWijzigingSerializer(many=True, source="geschiedenis.all")
    acties = ZorgactieSerializer(many=True, source="acties.all")


class ComenshaRijSerializer(serializers.Serializer):
    pseudoniem = serializers.CharField()
    geboortejaar = serializers.CharField(allow_blank=True)
    aangemeld_maand = serializers.CharField(allow_blank=True, help_text="JJJJ-MM")
    afgesloten_maand = serializers.CharField(allow_blank=True, help_text="JJJJ-MM, leeg zolang het traject loopt")
    vormen = serializers.CharField(allow_blank=True, help_text="De vormen, gescheiden door '+'.")
    leeftijdsgroep = serializers.CharField()
    gender = serializers.CharField()
    nationaliteit = serializers.CharField(allow_blank=True)
    herkomst = serializers.CharField(allow_blank=True)
    werkgebied = serializers.CharField()
    fase = serializers.CharField()
    afsluitreden = serializers.CharField(allow_blank=True)
    identificerend_toegestaan = serializers.ChoiceField(choices=["ja", "nee"])
    naam = serializers.CharField(allow_blank=True, help_text="Alleen met vastgelegde toestemming; anders leeg.")
    geboortedatum = serializers.CharField(
        allow_blank=True, help_text="Alleen met vastgelegde toestemming; anders leeg."
    )


@extend_schema(
    summary="Trajecten van de eigen zorgorganisatie (zorgcoördinator), zonder identificerende gegevens",
    responses=TrajectLijstSerializer(many=True),
    parameters=[OpenApiParameter("fase", str, enum=Fase.values)],
)
class TrajectenAPI(generics.GenericAPIView):
    policy = policy
    policy_actions = {"GET": "coordineren"}
    serializer_class = TrajectLijstSerializer

    def get(self, request):
        qs = selectors.trajecten_voor(request.actor).order_by("-acuut", "aangemaakt_op", "id")
        fase = request.query_params.get("fase", "")
        if fase:
            if fase not in Fase.values:
                raise ValidationError({"fase": ["Onbekende fase."]})
            qs = qs.filter(fase=fase)
        page = self.paginate_queryset(selectors.met_behandelaar(qs))
        audit_log_create(
            actie=Actie.VIEW,
            actor=request.actor,
            object_type="zorg.traject",
            object_repr="API: lijst trajecten",
            request=request,
            details={"ids": [t.pk for t in page]},
        )
        return self.get_paginated_response(TrajectLijstSerializer(page, many=True).data)


@extend_schema(
    summary="Eén traject van de eigen zorgorganisatie: kenmerken, fasen en zorgacties", responses=TrajectSerializer
)
class TrajectAPI(APIView):
    deny_as_404 = True
    policy = policy
    policy_actions = {"GET": "coordineren"}

    def get(self, request, pk: int):
        t = selectors.traject_get(request.actor, pk)
        audit_log_create(
            actie=Actie.VIEW,
            actor=request.actor,
            obj=t,
            request=request,
            doel="API: casemanagement door zorgcoördinator",
        )
        return Response(TrajectSerializer(t).data)


@extend_schema(
    summary=(
        "CoMensha-rapportage: één gepseudonimiseerde rij per traject (eigen organisatie, of landelijk voor CoMensha)"
    ),
    responses=ComenshaRijSerializer(many=True),
    parameters=[
        OpenApiParameter("doel", str, required=True, description="Het doel van de export; komt in het auditlog.")
    ],
)
class ComenshaAPI(APIView):
    permission_classes = [ExportPermission]

    def get(self, request):
        doel = request.query_params.get("doel", "")[:500]
        rijen = services.comensha_rijen_api(actor=request.actor, doel=doel, request=request)
        return Response(ComenshaRijSerializer(rijen, many=True).data)
