"""The eleven WSIS action lines a digest reports on, with the text their key sentences are compared with."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.action_lines import BY_CODE


@dataclass(frozen=True)
class DigestLine:
    id: str
    name: str
    description: str  # the line's name and what the Geneva Plan of Action puts under it


# Descriptions paraphrase the Geneva Plan of Action (2003), section C: a sentence is "about" a line
# when MiniLM finds it close to this text, not merely when it shares a keyword with the line's name.
_DESCRIPTIONS = {
    "C1": "governments and all stakeholders promote ICTs for development through national e-strategies, "
    "policy, public-private partnerships and multi-stakeholder cooperation",
    "C2": "information and communication infrastructure: broadband networks, connectivity, "
    "universal access to telecommunications and the Internet in rural and remote areas",
    "C3": "access to information and knowledge: public access points, libraries, open data, "
    "open access to scientific information and public domain information",
    "C4": "capacity building: digital skills, ICT literacy, training and education of people, "
    "institutions and governments to use ICTs",
    "C5": "building confidence and security in the use of ICTs: cybersecurity, data protection, "
    "privacy, online safety and fighting cybercrime and spam",
    "C6": "enabling environment: legal, regulatory and policy frameworks for the digital economy, "
    "digital readiness, investment and competition",
    "C7": "ICT applications: e-government, e-business, e-learning, e-health, e-employment, e-environment, "
    "e-agriculture and e-science, digital services for citizens",
    "C8": "cultural diversity and identity, linguistic diversity and local content online, "
    "multilingual content and cultural heritage",
    "C9": "media: freedom of the press, pluralistic media, journalism, access to reliable information "
    "and fighting disinformation",
    "C10": "ethical dimensions of the information society: ethics, human rights, "
    "preventing abusive uses of ICTs, the ethics of artificial intelligence",
    "C11": "international and regional cooperation: partnerships, financing mechanisms, "
    "international organizations and development cooperation on ICT for development",
}

DIGEST_LINES: tuple[DigestLine, ...] = tuple(
    DigestLine(code, BY_CODE[code].name, f"{BY_CODE[code].name}. {text}") for code, text in _DESCRIPTIONS.items()
)
DIGEST_CODES: tuple[str, ...] = tuple(line.id for line in DIGEST_LINES)


def top_line(code: str) -> str:
    """The digest line of a tag: 'C7.e-health' -> 'C7'."""
    return code.split(".", 1)[0]
