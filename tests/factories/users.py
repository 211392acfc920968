"""The one way tests make a person: `UserFactory(username=..., is_staff=...)`."""

import factory
from django.contrib.auth import get_user_model

# Long enough for the password validators, so a test may also sign in with it.
PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)
