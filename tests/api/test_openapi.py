"""/api/v1/openapi.json tells the truth (issue 8 item 8): every schema class has its own
name, the document validates, and the order-create request describes order lines."""

import json
import typing
from collections import defaultdict

import pytest
from django.test import Client
from ninja import Schema
from openapi_spec_validator import validate
from pydantic import BaseModel

from gendan.api.api import api


def _schema_classes(annotation, found):
    """Every pydantic model reachable from a type annotation (ninja wraps an operation's
    parameters in a model of its own)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _schema_classes(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _schema_classes(argument, found)


def _api_schema_classes():
    found = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _schema_classes(model, found)
                for model in operation.response_models.values():
                    _schema_classes(model, found)
    return {
        cls for cls in found if issubclass(cls, Schema) and cls.__module__.startswith("gendan.")
    }


@pytest.fixture
def document(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _resolve(document, node):
    while "$ref" in node:
        node = document["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def test_no_two_schema_classes_of_the_api_share_a_name():
    by_name = defaultdict(set)
    for cls in _api_schema_classes():
        by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    assert len(by_name) > 40, "the walk should reach every router's schemas"
    assert {name: paths for name, paths in by_name.items() if len(paths) > 1} == {}


def test_every_schema_class_is_a_component_of_the_document(document):
    components = set(document["components"]["schemas"])
    missing = {cls.__name__ for cls in _api_schema_classes()} - components
    # Query and form parameters are flattened into parameters, not components.
    flattened = {"BalanceFilter", "BoardFilter", "CommunicationFilter", "CustomerFilter"}
    flattened |= {"ExpenseFilter", "ItemFilter", "MoveFilter", "OrderFilter", "OrderLineFilter"}
    flattened |= {"SlipFilter", "ExpenseIn", "MilestoneCompleteIn"}
    assert missing - flattened == set()


def test_the_document_validates_as_openapi(document):
    validate(json.loads(json.dumps(document)))


def test_order_create_request_describes_order_lines_with_variant_colour_size_and_price(document):
    body = document["paths"]["/api/v1/sales/orders"]["post"]["requestBody"]
    order = _resolve(document, body["content"]["application/json"]["schema"])
    line = _resolve(document, order["properties"]["lines"]["items"])
    assert {"variant", "colour", "size_spec", "unit_price", "quantity", "item"} <= set(
        line["properties"]
    )
    assert "batch_number" not in line["properties"]


def test_every_operation_documents_its_refusals(document):
    undocumented = [
        f"{method.upper()} {path}"
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        if not {"400", "401", "403", "404"} <= set(map(str, operation["responses"]))
    ]
    assert undocumented == []
