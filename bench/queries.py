"""Question sets for latency runs: many distinct questions, so that the query cache misses.

Questions are made from topic phrases and templates; on corpora with countries and years
(UNGDC, synthetic) part of them name a country and a year, so that filtered search is timed too.
"""

from __future__ import annotations

import itertools
import random

TOPICS = [
    "disinformation",
    "digital public goods",
    "e-government",
    "cybersecurity",
    "capacity building",
    "broadband infrastructure",
    "access to information",
    "digital health",
    "climate change",
    "open data",
    "artificial intelligence",
    "gender digital divide",
    "e-learning",
    "financial inclusion",
    "mobile money",
    "data protection",
    "digital identity",
    "elections",
    "youth employment",
    "COVID-19 response",
    "sustainable development goals",
    "human rights online",
    "local content",
    "rural connectivity",
    "innovation labs",
    "digital skills",
    "e-commerce",
    "peace and security",
    "refugees and migration",
    "nuclear disarmament",
    "food security",
    "ocean conservation",
    "debt relief",
    "terrorism",
    "multilateralism",
    "Security Council reform",
    "vaccines",
    "poverty eradication",
    "education for girls",
    "renewable energy",
    "water scarcity",
    "trade barriers",
    "corruption",
    "public service delivery",
    "telemedicine",
    "digital transformation strategy",
    "internet governance",
    "smart cities",
    "disaster risk reduction",
    "biodiversity loss",
]
TEMPLATES = [
    "{topic}",
    "How is {topic} being addressed?",
    "Which programmes support {topic}?",
    "Results achieved on {topic}",
    "What was said about {topic}?",
]
ENTITY_TEMPLATES = [
    "What did {entity} say about {topic} in {year}?",
    "{entity} {topic} {year}",
    "How did {entity} address {topic}?",
    "What did {entity} do on {topic}?",
]


def plain_questions(count: int, seed: int = 0) -> list[str]:
    """``count`` distinct questions without entity or year (numbered past the product size)."""
    pool = [t.format(topic=topic) for topic, t in itertools.product(TOPICS, TEMPLATES)]
    random.Random(seed).shuffle(pool)
    return [pool[i % len(pool)] if i < len(pool) else f"{pool[i % len(pool)]} ({i // len(pool)})" for i in range(count)]


def entity_questions(count: int, entities: list[str], years: list[int], seed: int = 0) -> list[str]:
    """Questions naming an entity (and often a year) that the corpus holds: they run filtered."""
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < count:
        template, year = rng.choice(ENTITY_TEMPLATES), rng.choice(years or [2021])
        out.add(template.format(entity=rng.choice(entities), topic=rng.choice(TOPICS), year=year))
    return sorted(out, key=lambda _: rng.random())


def question_set(
    count: int, entities: list[str] | None = None, years: list[int] | None = None, seed: int = 0
) -> list[str]:
    """Distinct questions; with ``entities`` (names the corpus holds), a third of them name one."""
    if not entities:
        return plain_questions(count, seed)
    filtered = count // 3
    mixed = plain_questions(count - filtered, seed) + entity_questions(filtered, entities, years or [], seed)
    random.Random(seed + 1).shuffle(mixed)
    return mixed
