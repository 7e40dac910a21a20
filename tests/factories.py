import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.constants import OrganisatieType
from kompas.accounts.models import Lidmaatschap, Organisatie, User

PASSWORD = "Test-wachtwoord-123!"
TOTP_KEY = "3132333435363738393031323334353637383930"


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Gemeente Test {n}")
    type = OrganisatieType.GEMEENTE
    cbs_code = factory.Sequence(
        lambda n: f"GM{9000 + n % 1000:04d}"
    )  # CBS codes have 4 digits (varchar 6: PostgreSQL refuses more)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@test.example")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if extracted:
            TOTPDevice.objects.create(user=self, name="test", key=TOTP_KEY, confirmed=True)
        if create:
            self.save()


class LidmaatschapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lidmaatschap

    user = factory.SubFactory(UserFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    rol = "medewerker"


class SignaalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meldroute.Signaal"

    referentie = factory.Sequence(lambda n: f"MH-2026-{900000 + n:06d}")
    gemeente = factory.SubFactory(OrganisatieFactory)
    melder = factory.SubFactory(UserFactory)
    wat = "Veel mensen op één adres, busje haalt ze om 5 uur op."
    waar = "Industrieweg"
    wanneer = factory.LazyFunction(lambda: __import__("django.utils.timezone", fromlist=["x"]).localdate())
    vorm_arbeid = True
    sector = "agrarisch"
    herkomst = "balie"
    status = "ontvangen"
    status_sinds = factory.LazyFunction(lambda: __import__("django.utils.timezone", fromlist=["x"]).now())
    aangemaakt_op = factory.LazyFunction(lambda: __import__("django.utils.timezone", fromlist=["x"]).now())
