"""GET /api/schema/: a valid OpenAPI document naming every endpoint and the bearer token."""

from collections.abc import Callable

import pytest
import yaml
from django.test import Client
from openapi_spec_validator import validate

from planwatch.intake.rows import COLUMNS

pytestmark = pytest.mark.django_db

ApiAs = Callable[[str], Client]

PATHS = {
    "/api/v1/documents/": "get",
    "/api/v1/indicators/": "get",
    "/api/v1/rollups/": "get",
    "/api/v1/targets/": "get",
    "/api/v1/evaluations/": "get",
    "/api/v1/values/": "post",
    "/api/v1/rounds/": "post",
    "/api/v1/rounds/{id}/": "get",
    "/api/v1/rounds/{id}/submit/": "post",
    "/api/v1/rounds/{id}/close/": "post",
    "/api/v1/rounds/{id}/resume/": "post",
}


def test_the_schema_is_valid_openapi_with_every_endpoint(api_as: ApiAs) -> None:
    response = api_as("lanhdao").get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["info"]["title"] == "planwatch API"
    assert {path: set(operations) for path, operations in schema["paths"].items()} == {
        path: {method} for path, method in PATHS.items()
    }
    assert schema["components"]["securitySchemes"] == {
        "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "description": "Mã API do `planwatch users create --token` cấp (API token).",
        }
    }
    for path, method in PATHS.items():
        operation = schema["paths"][path][method]
        assert operation["security"] == [{"bearerAuth": []}], path
        assert {"401", "403"} <= set(operation["responses"]), path


def test_the_values_operation_documents_its_rows_and_errors(api_as: ApiAs) -> None:
    schema = api_as("lanhdao").get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/values/"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["type"] == "array"
    row = schema["components"]["schemas"]["ValueRow"]
    assert set(row["properties"]) == set(COLUMNS)
    assert set(row["required"]) == {"value"}
    assert {"201", "400", "401", "403", "409", "413"} <= set(operation["responses"])


def test_the_schema_is_yaml_by_default_and_equal_to_the_json(api_as: ApiAs) -> None:
    client = api_as("lanhdao")

    as_yaml = client.get("/api/schema/")
    as_json = client.get("/api/schema/", {"format": "json"})

    assert as_yaml.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(as_yaml.content) == as_json.json()
