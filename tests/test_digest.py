"""GET /v1/digest over the shipped corpus: shape, exact quotes, filters, errors, deadline and in-flight cap."""

from __future__ import annotations

import threading
import time

import pytest

from qa_service.answering.questionnaire import is_prompt
from qa_service.digest.candidates import says_something
from qa_service.digest.lines import DIGEST_CODES
from qa_service.engine import Engine
from tests.test_limits import app_client

UNDP_DOC = "undp-2021-cstd25-wsis-submission"


@pytest.fixture(scope="module")
def digest_2021(client) -> dict:
    response = client.get("/v1/digest", params={"year": 2021})
    assert response.status_code == 200, response.text
    return response.json()


def citations(digest: dict) -> list[tuple[str, str, dict]]:
    return [
        (line["id"], entity["entity"], citation)
        for line in digest["action_lines"]
        for entity in line["entities"]
        for citation in entity["citations"]
    ]


def test_every_action_line_is_listed_with_its_name(digest_2021) -> None:
    assert digest_2021["year"] == 2021
    assert [line["id"] for line in digest_2021["action_lines"]] == list(DIGEST_CODES)
    names = {line["id"]: line["name"] for line in digest_2021["action_lines"]}
    assert names["C4"] == "Capacity building" and names["C9"] == "Media"
    for line in digest_2021["action_lines"]:
        assert line["addressed"] == bool(line["entities"])  # unaddressed lines are listed as such
    assert not next(line for line in digest_2021["action_lines"] if line["id"] == "C8")["addressed"]


def test_undp_2021_is_cited_on_at_least_five_action_lines(digest_2021) -> None:
    lines = {line for line, entity, _ in citations(digest_2021) if entity == "UNDP"}
    assert len(lines) >= 5, lines
    assert {"C4", "C6", "C7", "C9", "C11"} <= lines  # the lines the submission itself labels


def test_every_quote_is_reproduced_by_its_offsets(client, digest_2021) -> None:
    texts: dict[str, str] = {}
    for _, _, citation in citations(digest_2021):
        doc_id = citation["document"]["id"]
        if doc_id not in texts:
            texts[doc_id] = client.get(f"/v1/documents/{doc_id}").json()["text"]
        assert texts[doc_id][citation["char_start"] : citation["char_end"]] == citation["quote"]
        assert set(citation) >= {"quote", "char_start", "char_end", "page", "document"}


def test_key_sentences_are_about_the_line_and_say_something(digest_2021) -> None:
    quotes = {line: [c["quote"] for ln, _, c in citations(digest_2021) if ln == line] for line in DIGEST_CODES}
    assert all(not is_prompt(q) and says_something(q) for qs in quotes.values() for q in qs)
    assert any("health management information systems" in q for q in quotes["C7"])  # labelled "(e-health)"
    assert any("digital readiness assessment" in q for q in quotes["C6"])
    assert any("iVerify" in q for q in quotes["C9"])
    assert all(len(qs) <= 3 for qs in quotes.values())  # N = 3 per entity by default
    assert not any("DISCLAIMER" in q or "This submission was prepared" in q for qs in quotes.values() for q in qs)


def test_says_something_refuses_a_bare_line_name() -> None:
    assert not says_something("Capacity building is key.")
    assert says_something("Supporting countries to develop health management information systems (e-health)")


def test_filters_entity_by_id_or_name_and_one_action_line(client) -> None:
    by_name = client.get("/v1/digest", params={"year": 2021, "entity": "United Nations Development Programme"})
    assert by_name.status_code == 200 and by_name.json()["entity"] == "UNDP"
    one = client.get("/v1/digest", params={"year": 2021, "entity": "undp", "action_line": "C7", "per_entity": 1})
    body = one.json()
    assert [line["id"] for line in body["action_lines"]] == ["C7"]
    assert body["documents"] == [UNDP_DOC]
    assert len(body["action_lines"][0]["entities"][0]["citations"]) == 1


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"year": 2019}, 404, "unknown_year"),  # a year the index has nothing for names the years it has
        ({"year": 2021, "entity": "Nobody"}, 422, "unknown_filter_value"),
        ({"year": 1800}, 422, "invalid_request"),
        ({"year": 2021, "action_line": "C12"}, 422, "invalid_request"),
        ({"year": 2021, "format": "pdf"}, 422, "invalid_request"),
        ({"year": 2021, "per_entity": 0}, 422, "invalid_request"),
        ({}, 422, "invalid_request"),
    ],
)
def test_bad_input_gets_a_stable_code(client, params, status, code) -> None:
    response = client.get("/v1/digest", params=params)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    if code == "unknown_year":
        assert response.json()["error"]["details"]["known"] == [2021]


def test_openapi_declares_the_constraints(client) -> None:
    params = {
        p["name"]: p["schema"] for p in client.get("/openapi.json").json()["paths"]["/v1/digest"]["get"]["parameters"]
    }
    assert params["year"]["minimum"] == 1900 and params["year"]["maximum"] == 2100
    assert params["action_line"]["anyOf"][0]["enum"] == list(DIGEST_CODES)
    assert params["format"]["enum"] == ["json", "markdown", "docx"]


class SlowDigestEngine(Engine):
    """The real engine, but every description embedding first waits ``delay`` seconds."""

    delay = 3.0

    def embed_query(self, text):  # type: ignore[no-untyped-def]
        time.sleep(self.delay)
        return super().embed_query(text)


def test_a_slow_digest_gets_504_at_its_deadline(seed_index, embedder) -> None:
    with app_client(seed_index, embedder, SlowDigestEngine, digest_deadline_s=0.5) as client:
        started = time.perf_counter()
        response = client.get("/v1/digest", params={"year": 2021, "action_line": "C4"})
        assert response.status_code == 504 and response.json()["error"]["code"] == "deadline_exceeded"
        assert time.perf_counter() - started < SlowDigestEngine.delay


def test_digests_beyond_the_in_flight_cap_are_shed(seed_index, embedder) -> None:
    overrides = {"max_inflight": {"digest": 1}, "digest_deadline_s": 10.0}
    with app_client(seed_index, embedder, SlowDigestEngine, **overrides) as client:
        results: list[int] = []
        params = {"year": 2021, "action_line": "C4"}
        slow = threading.Thread(target=lambda: results.append(client.get("/v1/digest", params=params).status_code))
        slow.start()
        time.sleep(0.5)
        shed = client.get("/v1/digest", params=params)
        assert shed.status_code == 503 and shed.json()["error"]["code"] == "overloaded"
        assert client.get("/v1/search", params={"q": "disinformation"}).status_code == 200  # searches unaffected
        slow.join()
        assert results == [200]


def test_a_mixed_corpus_digest_keeps_to_its_year_and_entity(ungdc_engine) -> None:
    from qa_service.answering.vectors import SentenceVectors
    from qa_service.digest.compose import DigestMaker, DigestRequest

    engine = ungdc_engine
    maker = DigestMaker(engine.embed_query, SentenceVectors.shared(engine.embedder, 50_000))
    index = engine.index
    every = maker.make(DigestRequest(2021), index)
    assert sorted(every.documents) == ["DEU_76_2021", "GHA_76_2021", UNDP_DOC]
    cited = [c for line in every.action_lines for e in line.entities for c in e.citations]
    assert cited and all(c.document.year == 2021 for c in cited)
    for citation in cited:
        text = index.snapshot.documents[citation.document.id].text
        assert text[citation.char_start : citation.char_end] == citation.quote
    only_undp = maker.make(DigestRequest(2021, entity="UNDP"), index)
    assert only_undp.documents == [UNDP_DOC]
    assert {e.entity for line in only_undp.action_lines for e in line.entities} == {"UNDP"}
    # An entity the index holds, in a year it sent nothing: an empty digest that says why.
    ghana_2021 = maker.make(DigestRequest(2021, entity="GHA"), index)
    assert ghana_2021.documents == ["GHA_76_2021"]
    undp_2019 = maker.make(DigestRequest(2019, entity="UNDP"), index)
    assert undp_2019.documents == [] and undp_2019.notice == "UNDP has no submission for 2019"
    assert not any(line.addressed for line in undp_2019.action_lines)


def test_past_the_encoding_budget_the_chunk_similarity_stands_in(seed_engine, monkeypatch) -> None:
    """A dense cold year must not run past its deadline: with no sentence encoded at all, the digest
    still cites the lines the submission labels, ranked by their chunks' similarity to the line."""
    from qa_service.answering.vectors import SentenceVectors
    from qa_service.digest import compose

    monkeypatch.setattr(compose, "MAX_ENCODED", 0)
    cold = SentenceVectors(seed_engine.embedder, 1_000)  # not the shared, warmed cache
    digest = compose.DigestMaker(seed_engine.embed_query, cold).make(compose.DigestRequest(2021), seed_engine.index)
    assert cold.misses == 0
    lines = {line.id for line in digest.action_lines if line.addressed}
    assert len(lines) >= 5 and {"C4", "C6", "C11"} <= lines
    text = seed_engine.index.snapshot.documents[UNDP_DOC].text
    for line in digest.action_lines:
        for citation in (c for e in line.entities for c in e.citations):
            assert text[citation.char_start : citation.char_end] == citation.quote
