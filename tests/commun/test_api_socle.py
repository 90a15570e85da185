"""The API's common contract: token authentication, French errors in one shape, a valid schema."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_sans_authentification_401_en_francais():
    reponse = APIClient().get("/api/v1/moi/")
    assert reponse.status_code in (401, 403)
    assert set(reponse.json()) == {"detail", "errors"}
    assert "authentification" in reponse.json()["detail"].lower()


def test_jeton_personnel(porteur):
    jeton = Token.objects.create(user=porteur)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {jeton.key}")
    reponse = client.get("/api/v1/moi/")
    assert reponse.status_code == 200
    assert reponse.json()["roles"] == ["porteur"]
    client.credentials(HTTP_AUTHORIZATION="Token jeton-faux")
    assert client.get("/api/v1/moi/").status_code == 401


def test_schema_openapi_valide_et_documente(client):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises if the schema does not conform to OpenAPI 3
    for chemin, operations in schema["paths"].items():
        for methode, operation in operations.items():
            assert operation.get("operationId"), f"{methode} {chemin} sans operationId"
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
