"""The OpenAPI 3.1 description of what the site serves through this plugin, built from the site's own URLs.

Three parts, each present if the site's urlconf includes it: the public pages,
images and documents API (Wagtail API v2 with ``meta.registration`` and
``meta.disclosure``), the public ledger and its proofs, and the review API.
The response schemas are JSON Schema 2020-12 (what OpenAPI 3.1 uses); the
tests validate real responses against them, so the description cannot drift
from the code unnoticed.
"""

from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import __version__

# The JSON Schema building blocks are the page schemas' own.
from .page_schemas import (
    BOOLEAN,
    DATE,
    DATE_TIME,
    INTEGER,
    REF,
    STRING,
    page_detail_schema,
    page_type_schemas,
)


def _ref(name):
    return {"$ref": REF + name}


def _nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


HASH = {"type": "string", "pattern": "^[0-9a-f]{64}$"}


def _object(properties, required=None, extra=False):
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": extra,
    }


SCHEMAS = {
    # --- The public content API -------------------------------------------------------------------
    "Registration": _object(
        {
            "index_number": {"type": "string", "description": "索引号: 机构代码/YYYY-NNNNN"},
            "sequence": {"type": "integer", "minimum": 1, "description": "The ledger entry's number"},
            "entry_hash": HASH,
            "registered_at": DATE_TIME,
            "proof_url": {"type": "string", "description": "The entry with its inclusion proof"},
        }
    ),
    "Disclosure": _object(
        {
            "index_number": _nullable(STRING),
            "issuing_unit": _nullable(_object({"name": STRING, "slug": STRING})),
            "released_at": _nullable({**DATE_TIME, "description": "First release, from the ledger"}),
            "column": _nullable(_object({"id": INTEGER, "title": STRING})),
            "document": _nullable(
                _object(
                    {
                        "doc_number": STRING,
                        "issuing_authority": STRING,
                        "date_written": _nullable(DATE),
                        "date_issued": _nullable(DATE),
                    }
                )
            ),
            "validity": _object(
                {
                    "status": {"enum": ["effective"]},
                    "label": STRING,
                    "until": _nullable(DATE_TIME),
                }
            ),
            "expires_at": _nullable(DATE_TIME),
            "interprets": _nullable({**INTEGER, "description": "The document this page interprets"}),
            "interpretations": {"type": "array", "items": INTEGER},
        }
    ),
    "PageMeta": _object(
        {
            "type": STRING,
            "detail_url": STRING,
            "html_url": _nullable(STRING),
            "slug": STRING,
            "first_published_at": _nullable(DATE_TIME),
            "registration": _nullable(_ref("Registration")),
            "disclosure": _nullable(_ref("Disclosure")),
        },
        required=["type", "detail_url"],
        extra=True,
    ),
    "Page": _object(
        {"id": INTEGER, "meta": _ref("PageMeta"), "title": STRING}, required=["id", "meta"], extra=True
    ),
    "PageListing": _object(
        {
            "meta": _object(
                {
                    "total_count": INTEGER,
                    "next": _nullable({**STRING, "description": "With ?after_id=: the next page"}),
                },
                required=["total_count"],
            ),
            "items": {"type": "array", "items": _ref("Page")},
        }
    ),
    "ApiV2Error": _object({"message": STRING}),
    # --- The public ledger ------------------------------------------------------------------------
    "LedgerHead": _object(
        {
            "count": INTEGER,
            "hash": STRING,
            "recorded_at": _nullable(DATE_TIME),
            "algorithm": {"const": "sha256"},
            "tree_size": INTEGER,
            "root_hash": HASH,
        }
    ),
    "LedgerRecord": {
        "type": "object",
        "required": ["sequence", "action", "recorded_at", "entry_hash"],
        "properties": {"sequence": INTEGER, "action": STRING, "recorded_at": STRING, "entry_hash": HASH},
        "additionalProperties": True,
    },
    "LedgerEntries": _object(
        {
            "count": INTEGER,
            "entries": {"type": "array", "items": _ref("LedgerRecord")},
            "next": _nullable(STRING),
        }
    ),
    "InclusionProof": {
        "type": "object",
        "required": ["entry", "leaf_index", "tree_size", "root_hash", "audit_path"],
        "properties": {
            "entry": _ref("LedgerRecord"),
            "leaf_index": INTEGER,
            "tree_size": INTEGER,
            "root_hash": HASH,
            "audit_path": {"type": "array", "items": HASH},
        },
        "additionalProperties": True,
    },
    "TreeHead": _object({"tree_size": INTEGER, "root_hash": HASH, "algorithm": STRING}),
    "ConsistencyProof": _object(
        {"first": _ref("TreeHead"), "second": _ref("TreeHead"), "proof": {"type": "array", "items": HASH}}
    ),
    "LedgerError": _object({"error": STRING}),
    # --- The review API ---------------------------------------------------------------------------
    "Error": _object(
        {"error": _object({"code": STRING, "message": STRING, "field": STRING}, required=["code", "message"])}
    ),
    "SignIn": _object(
        {
            "username": STRING,
            "password": STRING,
            "code": {**STRING, "description": "Authenticator code or a recovery code"},
            "device": {**STRING, "description": "A name for this device, shown in the token list"},
        },
        required=["username", "password"],
    ),
    "Token": _object(
        {
            "token": {**STRING, "description": "Shown once; send as Authorization: Bearer <token>"},
            "expires_at": DATE_TIME,
            "device": STRING,
            "second_factor": BOOLEAN,
            "person": _object({"username": STRING, "name": STRING}),
        }
    ),
    "AwaitingItem": _object(
        {
            "id": {**INTEGER, "description": "The step's id, for steps/<id>/"},
            "page_id": INTEGER,
            "title": STRING,
            "unit": _nullable(STRING),
            "step": STRING,
            "route": STRING,
            "submitted_by": STRING,
            "submitted_at": DATE_TIME,
            "waiting_since": DATE_TIME,
        }
    ),
    "Awaiting": _object(
        {
            "count": INTEGER,
            "by_unit": {"type": "array", "items": _object({"unit": STRING, "count": INTEGER})},
            "items": {"type": "array", "items": _ref("AwaitingItem")},
        }
    ),
    "Answer": {"enum": ["yes", "no", ""]},
    "Step": _object(
        {
            "id": INTEGER,
            "status": {"enum": ["in_progress", "approved", "rejected", "skipped", "cancelled"]},
            "step": STRING,
            "route": STRING,
            "page": _object({"id": INTEGER, "title": STRING, "type": STRING, "live_url": _nullable(STRING)}),
            "revision": INTEGER,
            "submitted_by": STRING,
            "submitted_at": DATE_TIME,
            "can_sign": BOOLEAN,
            "refusal": _nullable(STRING),
            "sensitive_route": BOOLEAN,
            "review_form": _object(
                {
                    "source_type": STRING,
                    "source_type_label": STRING,
                    "doc_number": STRING,
                    "issuing_authority": STRING,
                    "date_written": _nullable(DATE),
                    "date_issued": _nullable(DATE),
                    "note": STRING,
                    "answers": {"type": "object", "additionalProperties": _ref("Answer")},
                }
            ),
            "points": {
                "type": "array",
                "minItems": 9,
                "maxItems": 9,
                "items": _object(
                    {
                        "field": STRING,
                        "number": INTEGER,
                        "question": STRING,
                        "passing_answer": {"enum": ["yes", "no"]},
                    }
                ),
            },
            "findings": {
                "type": "array",
                "items": _object(
                    {
                        "kind": STRING,
                        "kind_label": STRING,
                        "severity": STRING,
                        "serious": BOOLEAN,
                        "field": STRING,
                        "text": STRING,
                        "context": STRING,
                        "suggestion": STRING,
                    }
                ),
            },
            "html": _nullable(
                {**STRING, "description": "The version under review, rendered as the public sees it"}
            ),
            "diff": _object(
                {
                    "against_revision": _nullable(INTEGER),
                    "changes": {"type": "array", "items": _object({"field": STRING, "html": STRING})},
                }
            ),
        }
    ),
    "Signature": _object(
        {
            "decision": {"enum": ["approve", "return"]},
            # The nine points, point_1 … point_9, answered for a return as for an approval (as in the admin).
            "answers": {"type": "object", "additionalProperties": {"enum": ["yes", "no"]}},
            "comment": STRING,
            "false_alarm_reason": STRING,
        },
        required=["decision", "answers"],
    ),
    "SignatureOutcome": _object(
        {
            "decision": {"enum": ["approve", "return"]},
            "route_status": STRING,
            "released": BOOLEAN,
            "next_step": _nullable(STRING),
            "notices": {"type": "array", "items": STRING},
        }
    ),
    "TakeDownRequest": _object(
        {"reason": STRING, "code": {**STRING, "description": "Authenticator code, asked again"}},
        required=["reason"],
    ),
    "TakeDown": _object({"page_id": INTEGER, "title": STRING, "reason": STRING, "taken_down_at": DATE_TIME}),
}


def _json(schema_name, description):
    return {"description": description, "content": {"application/json": {"schema": _ref(schema_name)}}}


def _errors(*statuses):
    descriptions = {
        400: "Bad input; nothing changed",
        401: "No token, or a wrong, expired or revoked one",
        403: "Not allowed",
        404: "No such item, or not yours to see",
        409: "The review rules refused; nothing changed",
        429: "Too many requests (Retry-After says when to retry)",
    }
    return {str(status): _json("Error", descriptions[status]) for status in statuses}


def _param(name, where="query", schema=STRING, description="", required=False):
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "schema": schema,
        "description": description,
    }


def _content_paths(pages_url):
    filters = [
        _param("unit", description="Pages in the sections of the unit with this slug"),
        _param("child_of", schema=INTEGER, description="Pages in this column"),
        _param("descendant_of", schema=INTEGER),
        _param("released_after", schema=DATE, description="First released on or after this day"),
        _param("released_before", schema=DATE, description="First released on or before this day"),
        _param("doc_number", description="文号, exactly"),
        _param("type", description="Page type, app_label.ModelName"),
        _param("fields", description="Extra fields, e.g. registration,disclosure"),
        _param("search"),
        _param("order"),
        _param("limit", schema=INTEGER),
        _param("offset", schema=INTEGER),
        _param(
            "after_id", schema=INTEGER, description="Cursor: pages after this id, in id order (meta.next)"
        ),
    ]
    conditional = {
        "304": {"description": "Not modified since the ETag or date the client sent"},
        "400": _json("ApiV2Error", "A bad filter or parameter, with the reason"),
    }
    return {
        pages_url: {
            "get": {
                "summary": "Released pages, with filters for a disclosure catalogue",
                "tags": ["content"],
                "parameters": filters,
                "responses": {"200": _json("PageListing", "A page of the listing"), **conditional},
            }
        },
        pages_url + "{id}/": {
            "get": {
                "summary": "One released page, with meta.registration and meta.disclosure",
                "tags": ["content"],
                "parameters": [_param("id", "path", INTEGER)],
                "responses": {
                    "200": {
                        "description": "The page, with its type's fields (a schema per page type)",
                        "content": {"application/json": {"schema": page_detail_schema()}},
                    },
                    "404": _json("ApiV2Error", "Not released, withheld or no such page"),
                    **conditional,
                },
            }
        },
    }


def _ledger_paths(urls):
    bad = {"400": _json("LedgerError", "A bad parameter, with the reason")}
    return {
        urls["head"]: {
            "get": {
                "summary": "The ledger's head: chain and Merkle tree",
                "tags": ["ledger"],
                "responses": {"200": _json("LedgerHead", "The head")},
            }
        },
        urls["entries"]: {
            "get": {
                "summary": "Entries' public records, oldest first",
                "tags": ["ledger"],
                "parameters": [_param("after", schema=INTEGER), _param("limit", schema=INTEGER)],
                "responses": {"200": _json("LedgerEntries", "A page of entries"), **bad},
            }
        },
        urls["entry"]: {
            "get": {
                "summary": "One entry with the audit path proving it is in the tree (RFC 9162)",
                "tags": ["ledger"],
                "parameters": [_param("sequence", "path", INTEGER), _param("tree_size", schema=INTEGER)],
                "responses": {"200": _json("InclusionProof", "The proof"), **bad},
            }
        },
        urls["consistency"]: {
            "get": {
                "summary": "The proof that a later head extends an earlier one (RFC 9162)",
                "tags": ["ledger"],
                "parameters": [
                    _param("first", schema=INTEGER, required=True),
                    _param("second", schema=INTEGER),
                ],
                "responses": {"200": _json("ConsistencyProof", "The proof"), **bad},
            }
        },
    }


def _review_paths(urls):
    bearer = [{"bearer": []}]

    def body(name):
        return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}

    return {
        urls["sign_in"]: {
            "post": {
                "summary": "Sign in: a token for this person",
                "tags": ["review"],
                "security": [],
                "requestBody": body("SignIn"),
                "responses": {"201": _json("Token", "The new token"), **_errors(400, 403, 429)},
            }
        },
        urls["current_token"]: {
            "delete": {
                "summary": "Revoke the token sent with this request",
                "tags": ["review"],
                "security": bearer,
                "responses": {"204": {"description": "Revoked"}, **_errors(401)},
            }
        },
        urls["awaiting"]: {
            "get": {
                "summary": "待我审核: the steps this person may sign now, oldest first",
                "tags": ["review"],
                "security": bearer,
                "responses": {"200": _json("Awaiting", "The steps"), **_errors(401, 429)},
            }
        },
        urls["step"]: {
            "get": {
                "summary": "A step as its signer sees it",
                "tags": ["review"],
                "security": bearer,
                "parameters": [_param("id", "path", INTEGER)],
                "responses": {"200": _json("Step", "The step"), **_errors(401, 404, 429)},
            }
        },
        urls["sign"]: {
            "post": {
                "summary": "Approve (all nine points answered) or return (with the reason)",
                "tags": ["review"],
                "security": bearer,
                "parameters": [_param("id", "path", INTEGER)],
                "requestBody": body("Signature"),
                "responses": {
                    "200": _json("SignatureOutcome", "Signed"),
                    **_errors(400, 401, 404, 409, 429),
                },
            }
        },
        urls["take_down"]: {
            "post": {
                "summary": "Take live information down, with the reason (Art. 16)",
                "tags": ["review"],
                "security": bearer,
                "parameters": [_param("id", "path", INTEGER)],
                "requestBody": body("TakeDownRequest"),
                "responses": {
                    "200": _json("TakeDown", "Taken down"),
                    **_errors(400, 401, 403, 404, 409, 429),
                },
            }
        },
    }


def _reverse(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _template(url, placeholder):
    """A reversed URL with its number argument 0 turned into an OpenAPI ``{placeholder}``."""
    return url.replace("/0/", "/{" + placeholder + "}/") if url else None


def openapi_document(request):
    """The OpenAPI 3.1 document for this site, with the paths its urlconf actually serves."""
    paths = {}
    pages_url = _reverse("wagtailapi:pages:listing")
    if pages_url:
        paths.update(_content_paths(pages_url))
    ledger = {
        "head": _reverse("wagtail_review_public:ledger_head"),
        "entries": _reverse("wagtail_review_public:ledger_entries"),
        "entry": _template(_reverse("wagtail_review_public:ledger_entry", 0), "sequence"),
        "consistency": _reverse("wagtail_review_public:ledger_consistency"),
    }
    if all(ledger.values()):
        paths.update(_ledger_paths(ledger))
    review = {
        "sign_in": _reverse("wagtail_review_api:sign_in"),
        "current_token": _reverse("wagtail_review_api:current_token"),
        "awaiting": _reverse("wagtail_review_api:awaiting"),
        "step": _template(_reverse("wagtail_review_api:step", 0), "id"),
        "sign": _template(_reverse("wagtail_review_api:sign", 0), "id"),
        "take_down": _template(_reverse("wagtail_review_api:take_down", 0), "id"),
    }
    if all(review.values()):
        paths.update(_review_paths(review))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("Government website information: content, ledger and review API"),
            "version": __version__,
            "description": _(
                "Released pages with their disclosure metadata and ledger registration; the public "
                "ledger with its proofs (RFC 9162); the review API for signing from a phone."
            ),
        },
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "paths": paths,
        "components": {
            "schemas": {**SCHEMAS, **page_type_schemas()},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


@require_GET
def openapi_json(request):
    response = JsonResponse(openapi_document(request), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # a description, public by nature: any tool may read it
    return response
