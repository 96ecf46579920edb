"""Text preparation for Finnish, Swedish and English. Imports no Django.

Every text is reduced to
- native terms: lemmas (Voikko, Finnish) or Snowball stems, with Finnish compounds also
  split into their parts ("laboratoriomittauksia" -> laboratorio, mittaus);
- pivot terms: the same meaning in English, through the FreeDict bilingual dictionaries,
  so that a Finnish need and an English service share vocabulary;
- a normalised string for character n-grams, which catch inflected forms either way.

Voikko and FreeDict come from Debian packages. Without them the engine still works on
Snowball stems and n-grams, and `resources_status()` says what is missing.
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
# The first senses of a dictionary entry are its common ones; later ones add noise.
MAX_TRANSLATIONS = 2
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


def parse_dictd(index_text: str, data: bytes, *, max_senses: int = 3) -> dict[str, list[str]]:
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


@lru_cache(maxsize=200_000)
def finnish_lemmas(word: str) -> tuple[str, ...]:
    """Voikko's base form and, for a compound, the base forms of its parts."""
    voikko = _voikko()
    if not voikko.available:
        return ()
    analyses = voikko.analyse(word)
    if not analyses:
        return ()
    best = analyses[0]
    base = best.get("BASEFORM", "").lower()
    lemmas = [base] if base else []
    # WORDBASES reads "+laboratorio(laboratorio)+mitta(mitata)+us(+us)": a part whose
    # base starts with "+" is a derivational suffix of the part before it.
    parts: list[str] = []
    for surface, lemma in re.findall(r"\+([^+()]+)\(([^)]*)\)", best.get("WORDBASES", "")):
        if lemma.startswith("+") and parts:
            parts[-1] += surface
        else:
            parts.append(surface)
    if len(parts) > 1:
        for part in parts:
            part = part.lower().strip("-")
            if len(part) >= 3 and part not in lemmas:
                lemmas.append(part)
    return tuple(lemmas)


def _reverse(table: dict[str, list[str]], language: str) -> dict[str, list[str]]:
    """Turn an English -> X dictionary into X -> English, keyed by X's stem."""
    reverse: dict[str, list[str]] = {}
    for english, targets in table.items():
        for target in targets:
            target_words = words(target)
            if len(target_words) != 1:
                continue
            key = target_words[0]
            bucket = reverse.setdefault(key, [])
            if english not in bucket and len(bucket) < 3:
                bucket.append(english)
    return reverse


@lru_cache(maxsize=4)
def translations_to_english(language: str) -> dict[str, list[str]]:
    """Word (Finnish lemma, Swedish word) -> English, from both directions of FreeDict."""
    forward, backward = {"fi": ("fin-eng", "eng-fin"), "sv": ("swe-eng", "eng-swe")}[language]
    table: dict[str, list[str]] = {k: list(v) for k, v in load_dictionary(forward).items()}
    for word, english in _reverse(load_dictionary(backward), language).items():
        bucket = table.setdefault(word, [])
        for item in english:
            if item not in bucket and len(bucket) < 4:
                bucket.append(item)
    if language == "sv":
        # The Swedish-English dictionaries are small; Finnish-Swedish is large, so a
        # Swedish word also reaches English through the Finnish word it translates.
        finnish = translations_to_english("fi")
        for fi_word, sv_words in load_dictionary("fin-swe").items():
            english = finnish.get(fi_word, [])
            if not english:
                continue
            for sv_phrase in sv_words:
                sv_words_list = words(sv_phrase)
                if len(sv_words_list) != 1:
                    continue
                bucket = table.setdefault(sv_words_list[0], [])
                for item in english[:2]:
                    if item not in bucket and len(bucket) < 4:
                        bucket.append(item)
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


@dataclass
class Analysis:
    """What one text contributes to the representations."""

    native: list[str] = field(default_factory=list)
    pivot: list[str] = field(default_factory=list)
    surface: dict[str, str] = field(default_factory=dict)  # native term -> a word as written
    pivot_surface: dict[str, str] = field(default_factory=dict)
    # English where a translation exists, the native term where none does.
    concepts: list[str] = field(default_factory=list)
    # concept -> the word (or Finnish base form) it came from, for reasons people read
    concept_source: dict[str, str] = field(default_factory=dict)
    text: str = ""


@lru_cache(maxsize=200_000)
def _pivot_for(term: str, language: str) -> tuple[tuple[str, str], ...]:
    """English (stem, surface) pairs for a native lemma or word."""
    if language == "en":
        return ((stem(term, "en"), term),)
    table = translations_to_english(language)
    phrases = table.get(term) or table.get("~" + stem(term, language), [])
    result: dict[str, str] = {}
    for phrase in phrases:
        for english in words(phrase):
            if english in STOPWORDS["en"] or len(english) <= 2:
                continue
            result.setdefault(stem(english, "en"), english)
    return tuple(list(result.items())[:MAX_TRANSLATIONS])


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


def analyse(text: str, language: str) -> Analysis:
    language = language if language in LANGUAGES else "en"
    stop = STOPWORDS[language]
    result = Analysis(text=normalise(text))
    for word in words(text):
        if word in stop or len(word) < 2:
            continue
        candidates: Iterable[str]
        lookup_forms: list[str] = [word]
        lemmas: tuple[str, ...] = ()
        if language == "fi":
            lemmas = finnish_lemmas(word)
            candidates = lemmas if lemmas else (stem(word, "fi"),)
            if lemmas:
                # The whole word's translation when it has one, else its parts'.
                whole = _pivot_for(lemmas[0], "fi")
                lookup_forms = [lemmas[0]] if whole else list(lemmas[1:])
        elif language == "sv":
            parts = swedish_parts(word)
            candidates = (stem(word, "sv"), *(stem(part, "sv") for part in parts))
            lookup_forms = [word, *parts] if parts else [word]
        else:
            candidates = (stem(word, language),)
        for position, term in enumerate(candidates):
            if term in stop or len(term) < 2:
                continue
            result.native.append(term)
            # Keep the first way a term was written, for reasons shown to people.
            result.surface.setdefault(term, word if position == 0 else term)
        translated = False
        for form in lookup_forms:
            for pivot_stem, english in _pivot_for(form, language):
                result.pivot.append(pivot_stem)
                result.pivot_surface.setdefault(pivot_stem, english)
                result.concepts.append(pivot_stem)
                result.concept_source.setdefault(pivot_stem, word if language == "en" else form)
                translated = True
        if not translated:
            kept = [t for t in candidates if t not in stop and len(t) >= 2]
            result.concepts.extend(kept)
            for term in kept:
                result.concept_source.setdefault(term, term if lemmas else word)
        if language == "fi" and not lemmas and not _voikko().available:
            # Without Voikko an inflected Finnish word ("jäteveden") neither finds its
            # dictionary entry nor stems like its base form: character n-grams let the
            # forms meet. With Voikko they only add noise (measured in bench/quality.py).
            result.concepts.extend(char_ngrams(word))

    return result
