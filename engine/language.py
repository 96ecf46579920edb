"""Text preparation for Finnish, Swedish and English. Imports no Django.

Every text becomes a weighted bag of concepts:
- a word a dictionary translates counts as its English senses (stems), the first sense
  most; both FreeDict directions and the product's own vocabulary (vocabulary.tsv) count;
- a word none translates counts as itself: its Voikko base form (Finnish) or its stem;
- a Finnish compound counts as the whole word first; its meaningful parts add less, the
  head more than its modifiers ("kulumiskestävyys" -> kestävyys, kuluminen), and fragments
  (very short or generic parts such as -olo, -suhde) never count;
- without Voikko, Finnish words add character n-grams, which catch inflected forms.

Each concept keeps the whole word (or dictionary word) it came from, as a base form, so
that reasons show what a person would name. Voikko and FreeDict come from Debian packages.
Without them the engine still works on Snowball stems and n-grams, and
`resources_status()` says what is missing.
"""

from __future__ import annotations

import gzip
import importlib.util
import logging
import os
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import snowballstemmer

logger = logging.getLogger(__name__)

LANGUAGES = ("fi", "sv", "en")
_SNOWBALL = {"fi": "finnish", "sv": "swedish", "en": "english"}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)

DICTD_DIR = Path(os.environ.get("TKI_DICTD_DIR", "/usr/share/dictd"))
VOIKKO_MODULE = Path(
    os.environ.get("TKI_VOIKKO_MODULE", "/usr/lib/python3/dist-packages/libvoikko.py")
)

# Function words and the generic vocabulary of every need and service description; they
# say nothing about *what* is needed. Written for this product, not taken from a list.
STOPWORDS: dict[str, frozenset[str]] = {
    "fi": frozenset(
        """
        ja tai sekä että kuin kun jos niin mutta vaan myös vain jo ei en et emme ette eivät
        on ovat oli olivat ole olla olisi ollut olleet ollaan olemme olette olen olet
        se ne tämä nämä tuo nuo joka jotka mikä mitkä kuka ken jonka joiden jota joita
        sen niiden tämän näiden siitä niistä tästä näistä siihen niihin tähän näihin
        sitä niitä tätä näitä siinä niissä tässä näissä sillä niillä tällä näillä
        me te he minä sinä hän meidän teidän heidän minun sinun hänen meille teille
        meitä teitä heitä meillä teillä heillä meistä teistä heistä
        mukaan kanssa ilman kautta avulla osalta varten jälkeen ennen aikana asti
        yli alle noin eri muut muiden muita kaikki kaikkien paljon vähän hyvin
        voi voida voidaan voisi voitaisiin voivat pitää pitäisi tulee tulisi
        haluamme haluaisimme haluaa tarvitsemme tarvitaan etsimme toivomme
        yritys yrityksen yrityksemme yritykset yrityksille yrityksiä
        uusi uuden uutta uusia esim esimerkiksi mm eli ts jne
        melko aika hyvin vielä nyt sitten siis kuitenkin lisäksi erityisesti
        saada saatu tehdä tehty tulla mennä antaa ottaa käyttää pitää voida olla
        kuten koska jotta vaikka sekä myöskin ainoastaan usein aina joskus
        """.split()
    ),
    "sv": frozenset(
        """
        och eller samt att som när om så men utan även bara redan inte ej
        är var vara varit blir blev bli har hade haft kan kunde ska skulle vill ville
        den det de dem denna detta dessa vilken vilket vilka vars
        en ett i på av för till från med hos vid under över efter före mellan genom
        vi ni han hon jag du vår vårt våra er ert era deras dess sin sitt sina
        mycket lite alla allt andra annan annat olika nya ny nytt
        företag företaget företagets vi behöver söker önskar
        """.split()
    ),
    "en": frozenset(
        """
        a an the and or but if then than so as of in on at to for from by with without
        into onto over under about after before between through during per via
        is are was were be been being am do does did done have has had having
        can could may might must shall should will would
        it its this that these those which who whom whose what where when why how
        we our ours us you your yours they their them he she his her i me my
        not no nor only also just very more most such other others any all each both
        some many much new also e g eg ie etc
        company companies our need needs want wants looking
        make makes made use used uses using work works worked way ways out up down off
        get gets got give gives take takes put set go goes went come comes
        well quite pretty fair rather still now then there here thus however
        one two first second also able within upon whether while whose
        """.split()
    ),
}


# --- optional resources ---------------------------------------------------------------


class _Voikko:
    """A thread-safe wrapper of libvoikko's Finnish analyser, if it can be loaded."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._voikko: Any = None
        self.error = ""
        try:
            if not VOIKKO_MODULE.exists():
                raise FileNotFoundError(f"{VOIKKO_MODULE} not found (Debian python3-libvoikko)")
            spec = importlib.util.spec_from_file_location("libvoikko", VOIKKO_MODULE)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            self._voikko = module.Voikko("fi")
        except Exception as exc:  # a missing library raises OSError, a bad one anything
            self.error = f"{type(exc).__name__}: {exc}"

    @property
    def available(self) -> bool:
        return self._voikko is not None

    def analyse(self, word: str) -> list[dict[str, str]]:
        with self._lock:
            return list(self._voikko.analyze(word))


_voikko_instance: _Voikko | None = None
_voikko_guard = threading.Lock()


def _voikko() -> _Voikko:
    global _voikko_instance
    with _voikko_guard:
        if _voikko_instance is None:
            _voikko_instance = _Voikko()
            if not _voikko_instance.available:
                logger.warning(
                    "Voikko unavailable, Finnish falls back to Snowball: %s", _voikko_instance.error
                )
        return _voikko_instance


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64_number(text: str) -> int:
    number = 0
    for char in text:
        number = number * 64 + _B64.index(char)
    return number


_SENSE = re.compile(r"^\d+\.\s+")
_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>")


def parse_dictd(index_text: str, data: bytes, *, max_senses: int = 6) -> dict[str, list[str]]:
    """Read a FreeDict dictd dictionary into headword -> translations.

    An entry is a header line (headword, pronunciation, part of speech), then translation
    lines (numbered "1. ..." when there are several senses) each followed by an optional
    definition in the source language, which we skip.
    """
    table: dict[str, list[str]] = {}
    for line in index_text.splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or parts[0].startswith("00-database"):
            continue
        headword = parts[0].strip().lower()
        start, length = _b64_number(parts[1]), _b64_number(parts[2])
        body = data[start : start + length].decode("utf-8", "replace").splitlines()[1:]
        senses: list[str] = []
        numbered = any(_SENSE.match(row) for row in body)
        for position, row in enumerate(body):
            if numbered and not _SENSE.match(row):
                continue
            if not numbered and position != 0:
                continue
            row = _NOTE.sub(" ", _SENSE.sub("", row))
            senses.extend(piece.strip() for piece in row.split(",") if piece.strip())
            if len(senses) >= max_senses:
                break
        if senses:
            table.setdefault(headword, [])
            for sense in senses[:max_senses]:
                if sense not in table[headword]:
                    table[headword].append(sense)
    return table


@lru_cache(maxsize=8)
def load_dictionary(pair: str) -> dict[str, list[str]]:
    """A FreeDict dictionary such as "fin-eng"; empty when the package is not installed."""
    index = DICTD_DIR / f"freedict-{pair}.index"
    data = DICTD_DIR / f"freedict-{pair}.dict.dz"
    if not index.exists() or not data.exists():
        logger.warning("Dictionary %s is not installed (Debian dict-freedict-%s)", pair, pair)
        return {}
    with gzip.open(data) as handle:
        raw = handle.read()
    return parse_dictd(index.read_text(encoding="utf-8"), raw)


def resources_status() -> dict[str, bool]:
    return {
        "voikko": _voikko().available,
        "fin-eng": bool(load_dictionary("fin-eng")),
        "swe-eng": bool(load_dictionary("swe-eng")),
    }


# --- analysis -------------------------------------------------------------------------


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=8)
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(_SNOWBALL[language])


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    return str(_stemmer(language).stemWord(word))


# --- how much each kind of evidence weighs ----------------------------------------------


@dataclass
class Weighting:
    """How much each kind of evidence counts in a text's bag of concepts.

    The values are those cross-validation over the devset's needs chose in most folds
    (bench/quality.py prints the choice per fold); they are not fitted to the whole devset.
    """

    # A compound's meaningful parts together, against 1 for the whole word: the whole says
    # what is meant ("kulumiskestävyys"), a part only what it is about ("kestävyys").
    part_share: float = 1.2
    # Of the parts' share, what the head (the last part) takes; modifiers share the rest.
    head_share: float = 0.7
    # Each further dictionary sense weighs this much of the one before it.
    sense_decay: float = 0.4
    max_senses: int = 5
    # The product's own bilingual vocabulary (taxonomy labels, search synonyms).
    vocabulary: bool = True
    # How much a cosine across languages is raised (model.py explains why).
    cross_language_boost: float = 0.15


WEIGHTING = Weighting()

# Compound parts that are common words on their own and say little about what a compound
# means ("olosuhde", "tutkimuskohta", "käyttötapa"). Written for this product.
GENERIC_PARTS: frozenset[str] = frozenset(
    """
    olo suhde kohta osa tapa puoli laji asia kerta taso muoto aika tyyppi kunta keino
    vaihe määrä alue ala tila kyky
    """.split()
)
MIN_PART_LENGTH = 4

VOCABULARY_FILE = Path(
    os.environ.get("TKI_ENGINE_VOCABULARY", Path(__file__).resolve().parent / "vocabulary.tsv")
)


@lru_cache(maxsize=1)
def domain_vocabulary() -> dict[str, dict[str, list[str]]]:
    """language -> word -> English, exported from the taxonomy (`export_engine_vocabulary`)."""
    table: dict[str, dict[str, list[str]]] = {"fi": {}, "sv": {}}
    try:
        rows = VOCABULARY_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return table
    for row in rows:
        parts = row.split("\t")
        if len(parts) != 3 or parts[0] not in table or row.startswith("#"):
            continue
        bucket = table[parts[0]].setdefault(parts[1].strip().lower(), [])
        if parts[2].strip() and parts[2].strip() not in bucket:
            bucket.append(parts[2].strip().lower())
    return table


# --- Finnish words and their parts ------------------------------------------------------


@dataclass(frozen=True)
class FinnishWord:
    lemma: str
    # The compound's meaningful parts as base forms, head last; empty for a simple word.
    parts: tuple[str, ...] = ()


def _is_baseform(word: str) -> bool:
    return any(a.get("BASEFORM", "").lower() == word for a in _voikko().analyse(word))


def _part_lemma(surface: str, base: str) -> str:
    """A compound part as a word a person would name: "pakkas" -> pakkanen."""
    if _is_baseform(surface):
        return surface
    # The -nen nouns join compounds as -s: "kulumis" -> kuluminen, "pakkas" -> pakkanen
    # (Voikko reads "kuluminen" as a verb form, so any analysis will do).
    if surface.endswith("s") and _voikko().analyse(surface[:-1] + "nen"):
        return surface[:-1] + "nen"
    return base if base and _is_baseform(base) else surface


def _meaningful_part(part: str) -> bool:
    return (
        len(part) >= MIN_PART_LENGTH and part not in GENERIC_PARTS and part not in STOPWORDS["fi"]
    )


@lru_cache(maxsize=200_000)
def finnish_word(word: str) -> FinnishWord | None:
    """Voikko's base form of a word and, for a compound, its meaningful parts."""
    voikko = _voikko()
    if not voikko.available:
        return None
    analyses = voikko.analyse(word)
    if not analyses and word.endswith("s") and len(word) > 5:
        # The first half of "hyödyntämis- ja hävitystavat": a -nen noun as it joins a compound.
        analyses = voikko.analyse(word[:-1] + "nen")
    if not analyses:
        return None
    # A word that is its own base form is read as such ("hyödyntää" the verb, not a rare
    # noun "hyödyntä" in the partitive).
    best = next(
        (a for a in analyses if a.get("BASEFORM", "").lower() == word),
        analyses[0],
    )
    lemma = best.get("BASEFORM", "").lower()
    if not lemma:
        return None
    # WORDBASES reads "+laboratorio(laboratorio)+mitta(mitata)+us(+us)": a piece whose
    # base starts with "+" is a derivational suffix of the piece before it.
    groups: list[list[str]] = []
    for surface, base in re.findall(r"\+([^+()]+)\(([^)]*)\)", best.get("WORDBASES", "")):
        if base.startswith("+") and groups:
            groups[-1] = [groups[-1][0] + surface, ""]
        else:
            groups.append([surface, base])
    if len(groups) < 2:
        return FinnishWord(lemma)
    surfaces = [surface.lower().strip("-") for surface, _base in groups]
    lemmas = [_part_lemma(s, base.lower()) for s, (_x, base) in zip(surfaces, groups, strict=True)]
    known = translations_to_english("fi")
    # Adjacent parts the dictionary knows as one word stay one part: pakkas|olosuhde.
    parts: list[str] = []
    end = len(lemmas)
    while end > 0:
        start = end - 1
        for candidate in range(0 if end < len(lemmas) else 1, end - 1):
            joined = "".join(surfaces[candidate : end - 1]) + lemmas[end - 1]
            if joined in known:
                start = candidate
                break
        parts.insert(
            0,
            lemmas[end - 1]
            if start == end - 1
            else "".join(surfaces[start : end - 1]) + lemmas[end - 1],
        )
        end = start
    return FinnishWord(lemma, tuple(p for p in parts if p != lemma and _meaningful_part(p)))


def finnish_lemmas(word: str) -> tuple[str, ...]:
    """Voikko's base form and, for a compound, the base forms of its meaningful parts."""
    analysed = finnish_word(word)
    return (analysed.lemma, *analysed.parts) if analysed else ()


# --- dictionaries -----------------------------------------------------------------------


def _finnish_key(word: str) -> str:
    """Dictionary headwords are sometimes plural ("olosuhteet"): index them by base form."""
    if word.endswith("t") and _voikko().available and " " not in word:
        analyses = _voikko().analyse(word)
        if analyses:
            return analyses[0].get("BASEFORM", word).lower() or word
    return word


def _add(scores: dict[str, dict[str, float]], key: str, english: str, score: float) -> None:
    bucket = scores.setdefault(key, {})
    bucket[english] = bucket.get(english, 0.0) + score


def _ranked(scores: dict[str, dict[str, float]]) -> dict[str, list[str]]:
    return {
        key: [english for english, _s in sorted(senses.items(), key=lambda kv: (-kv[1], kv[0]))]
        for key, senses in scores.items()
    }


# A reverse entry counts a little less than a forward one: English headwords list many
# loosely related Finnish words.
REVERSE_SHARE = 0.7


@lru_cache(maxsize=4)
def translations_to_english(language: str) -> dict[str, list[str]]:
    """Word (Finnish base form, Swedish word) -> English senses, most likely first.

    Both FreeDict directions count: a forward entry's k-th sense scores 1/k, an English
    headword listing the word in k-th place scores REVERSE_SHARE/k; the domain vocabulary
    comes first when it is in use.
    """
    forward, backward = {"fi": ("fin-eng", "eng-fin"), "sv": ("swe-eng", "eng-swe")}[language]
    key = _finnish_key if language == "fi" else (lambda word: word)
    scores: dict[str, dict[str, float]] = {}
    for headword, senses in load_dictionary(forward).items():
        for position, sense in enumerate(senses):
            _add(scores, headword, sense, 1 / (position + 1))
            if language == "fi":
                base = key(headword)
                if base != headword:
                    _add(scores, base, sense, 1 / (position + 1))
    for english, targets in load_dictionary(backward).items():
        for position, target in enumerate(targets):
            target_words = words(target)
            if len(target_words) == 1:
                _add(scores, key(target_words[0]), english, REVERSE_SHARE / (position + 1))
    if language == "sv":
        # The Swedish-English dictionaries are small; Finnish-Swedish is large, so a
        # Swedish word also reaches English through the Finnish word it translates.
        finnish = translations_to_english("fi")
        for fi_word, sv_words in load_dictionary("fin-swe").items():
            via = finnish.get(fi_word, [])
            for sv_phrase in sv_words:
                sv_words_list = words(sv_phrase)
                if len(sv_words_list) == 1:
                    for position, item in enumerate(via[:3]):
                        _add(scores, sv_words_list[0], item, 0.5 / (position + 1))
    if WEIGHTING.vocabulary:
        for word, targets in domain_vocabulary().get(language, {}).items():
            for item in targets:
                _add(scores, key(word), item, 3.0)
    table = _ranked(scores)
    if language == "sv":
        # Swedish has no analyser here: also index by stem so that inflected forms match.
        for word in list(table):
            table.setdefault("~" + stem(word, "sv"), table[word])
    return table


def swedish_parts(word: str) -> tuple[str, ...]:
    """Split a Swedish compound into two dictionary words, allowing a linking -s-."""
    table = translations_to_english("sv")
    if word in table or len(word) < 8:
        return ()
    for cut in range(len(word) - 3, 3, -1):
        left, right = word[:cut], word[cut:]
        right_known = right in table or ("~" + stem(right, "sv")) in table
        if not right_known:
            continue
        for candidate in (left, left[:-1] if left.endswith("s") else None):
            if candidate and len(candidate) >= 3 and candidate in table:
                return (candidate, right)
    return ()


@lru_cache(maxsize=200_000)
def _senses(
    term: str, language: str, decay: float, max_senses: int
) -> tuple[tuple[str, str, float], ...]:
    """English (stem, word, weight) for a native word; the weights sum to 1."""
    table = translations_to_english(language)
    phrases = table.get(term) or table.get("~" + stem(term, language), [])
    weighted: dict[str, list[Any]] = {}
    rank = 0
    for phrase in phrases:
        content = [w for w in words(phrase) if w not in STOPWORDS["en"] and len(w) > 2]
        # A sense of more than three words is a definition, not a translation.
        if not content or len(content) > 3:
            continue
        share = decay**rank / len(content)
        for english in content:
            entry = weighted.setdefault(stem(english, "en"), [english, 0.0])
            entry[1] += share
        rank += 1
        if rank >= max_senses:
            break
    total = sum(weight for _w, weight in weighted.values())
    return tuple((s, w, weight / total) for s, (w, weight) in weighted.items()) if total else ()


def senses(term: str, language: str) -> tuple[tuple[str, str, float], ...]:
    if language == "en":
        return ((stem(term, "en"), term, 1.0),)
    return _senses(term, language, WEIGHTING.sense_decay, WEIGHTING.max_senses)


# --- analysis ---------------------------------------------------------------------------


@dataclass
class Analysis:
    """What one text contributes to the representations."""

    # concept -> weight: English stems where a dictionary translates a word, the native
    # lemma or stem where none does; compound parts weigh less than whole words.
    weights: dict[str, float] = field(default_factory=dict)
    # concept -> the whole word (or dictionary word of a compound part) it came from, as a
    # base form, for reasons people read
    concept_source: dict[str, str] = field(default_factory=dict)
    text: str = ""
    language: str = "en"
    _strength: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def concepts(self) -> list[str]:
        """The concepts that weigh at least a quarter of a word, for a search that matches
        on concepts without their weights: a third dictionary sense or a compound's
        modifier would widen it too far ("kiertotalous" finding "twist")."""
        return [concept for concept, weight in self.weights.items() if weight >= 0.25]

    def add(self, concept: str, weight: float, source: str) -> None:
        if weight <= 0:
            return
        self.weights[concept] = self.weights.get(concept, 0.0) + weight
        # The word that gives a concept most of its weight names it; among equals the
        # shorter, which for English is usually the base form ("test" over "testing").
        best = self._strength.get(concept)
        current = self.concept_source.get(concept, "")
        if (
            best is None
            or weight > best + 1e-9
            or (abs(weight - best) <= 1e-9 and len(source) < len(current))
        ):
            self._strength[concept] = weight
            self.concept_source[concept] = source


def char_ngrams(word: str, size: int = 4) -> list[str]:
    padded = f"<{word}>"
    if len(padded) <= size:
        return ["#" + padded]
    return ["#" + padded[i : i + size] for i in range(len(padded) - size + 1)]


def guess_language(text: str, default: str = "fi") -> str:
    """Finnish, Swedish or English, by which language's function words the text uses most."""
    tokens = words(text)
    if not tokens:
        return default
    hits = {code: sum(1 for token in tokens if token in STOPWORDS[code]) for code in LANGUAGES}
    if "å" in text.lower():
        hits["sv"] += 2
    best = max(LANGUAGES, key=lambda code: (hits[code], code == default))
    return best if hits[best] else default


@lru_cache(maxsize=1)
def _english_headwords() -> frozenset[str]:
    return frozenset(load_dictionary("eng-fin")) | frozenset(load_dictionary("eng-swe"))


@lru_cache(maxsize=200_000)
def english_base(word: str) -> str:
    """A plural as its singular when the dictionary knows it ("steels" -> steel), for reasons."""
    headwords = _english_headwords()
    if word in headwords:
        return word
    if word.endswith("s"):
        candidates = [word[:-1], word[:-2], word[:-3] + "y"]
    elif word.endswith("ed"):
        candidates = [word[:-2], word[:-1], word[:-3], word[:-3] + "y"]
    elif word.endswith("ing"):
        candidates = [word[:-3], word[:-3] + "e", word[:-4]]
    else:
        return word
    for candidate in candidates:
        if (
            len(candidate) > 2
            and candidate in headwords
            and stem(candidate, "en") == stem(word, "en")
        ):
            return candidate
    return word


def _add_word(result: Analysis, form: str, native: str, weight: float, language: str) -> None:
    """A dictionary form's senses, or its native term where no dictionary translates it."""
    translated = senses(form, language)
    if translated:
        for concept, _english, share in translated:
            result.add(concept, weight * share, form)
    elif native not in STOPWORDS[language] and len(native) >= 2:
        result.add(native, weight, form)


def _add_parts(result: Analysis, parts: Iterable[str], language: str, native: Any) -> None:
    parts = list(parts)
    if not parts:
        return
    share = WEIGHTING.part_share
    head = share * (WEIGHTING.head_share if len(parts) > 1 else 1.0)
    modifier = (share - head) / (len(parts) - 1) if len(parts) > 1 else 0.0
    for position, part in enumerate(parts):
        weight = head if position == len(parts) - 1 else modifier
        _add_word(result, part, native(part), weight, language)


def analyse(text: str, language: str) -> Analysis:
    language = language if language in LANGUAGES else "en"
    stop = STOPWORDS[language]
    result = Analysis(text=normalise(text), language=language)
    for word in words(text):
        if word in stop or len(word) < 2:
            continue
        if language == "fi":
            analysed = finnish_word(word)
            if analysed is None:
                _add_word(result, word, stem(word, "fi"), 1.0, "fi")
                if not _voikko().available:
                    # Without Voikko an inflected Finnish word ("jäteveden") neither finds
                    # its dictionary entry nor stems like its base form: character n-grams
                    # let the forms meet. With Voikko they only add noise.
                    for gram in char_ngrams(word):
                        result.add(gram, 1.0, word)
                continue
            if analysed.lemma in stop:
                continue
            _add_word(result, analysed.lemma, analysed.lemma, 1.0, "fi")
            _add_parts(result, analysed.parts, "fi", lambda part: part)
        elif language == "sv":
            _add_word(result, word, stem(word, "sv"), 1.0, "sv")
            _add_parts(result, swedish_parts(word), "sv", lambda part: stem(part, "sv"))
        else:
            term = stem(word, "en")
            if term not in stop and len(term) >= 2:
                result.add(term, 1.0, english_base(word))
    return result


def clear_caches() -> None:
    """Forget what was read with other resources or another weighting."""
    for cached in (
        finnish_word,
        _senses,
        translations_to_english,
        domain_vocabulary,
        _english_headwords,
        english_base,
    ):
        cached.cache_clear()
