"""The spaCy pipeline: blank Chinese with jieba (school names as user words) and rule-based entities."""

from __future__ import annotations

import datetime as dt
import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from miner.errors import ResourceError
from miner.shipped import MODELS, shipped_root

log = logging.getLogger(__name__)

NLP_DIR = shipped_root(MODELS) / "nlp"  # models/nlp, installed as package data
USERDICT = "jieba_userdict.txt"
COMPONENT = "miner_entities"
LABEL_ORDER = ("SCHOOL", "TIME", "SUBJECT", "PERSON")  # earlier labels win an overlap of equal length


def _rule_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of every school, time, subject and person the rule extractors find."""
    from miner.extract.mentions.people import find_people
    from miner.extract.mentions.schools.finder import find_schools
    from miner.extract.mentions.subjects import find_subjects
    from miner.extract.mentions.times.expressions import find_times

    spans = [(m.start, m.end, "SCHOOL") for m in find_schools(text)]
    spans += [(t.start, t.end, "TIME") for t in find_times(text)]
    spans += [(m.start, m.end, "SUBJECT") for m in find_subjects(text)]
    spans += [(m.start, m.end, "PERSON") for m in find_people(text)]
    return spans


def _register() -> None:
    from spacy.language import Language
    from spacy.util import filter_spans

    if Language.has_factory(COMPONENT):
        return

    @Language.component(COMPONENT)
    def miner_entities(doc: Any) -> Any:
        """Set doc.ents from the rule extractors. jieba tokens that cross an entity's edge (在育秀实验学校)
        are split there first, so every entity covers exactly its own characters."""
        found = sorted(_rule_spans(doc.text), key=lambda s: LABEL_ORDER.index(s[2]))
        doc = _split_tokens(doc, {i for start, end, _ in found for i in (start, end)})
        spans = [doc.char_span(start, end, label=label) for start, end, label in found]
        doc.ents = filter_spans([span for span in spans if span is not None])
        return doc


def _split_tokens(doc: Any, cuts: set[int]) -> Any:
    """The same text re-tokenised so that a token boundary falls at every offset in `cuts`."""
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    changed = False
    for token in doc:
        inner = sorted(c - token.idx for c in cuts if token.idx < c < token.idx + len(token.text))
        changed = changed or bool(inner)
        bounds = [0, *inner, len(token.text)]
        for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            words.append(token.text[a:b])
            spaces.append(bool(token.whitespace_) and i == len(bounds) - 2)
    return Doc(doc.vocab, words=words, spaces=spaces) if changed else doc


def userdict_lines(gazetteer: Any = None) -> list[str]:
    """jieba user-dictionary lines: school names from the gazetteer plus the subject list."""
    lines: list[str] = []
    if gazetteer is None:
        try:
            from miner.extract.lexicons.gazetteer import Gazetteer

            gazetteer = Gazetteer.load()
        except Exception as exc:  # the pipeline still works without user words
            log.warning("no school gazetteer for the jieba user dictionary: %s", exc)
    if gazetteer is not None:
        lines += list(gazetteer.jieba_userdict_lines())
    try:
        from miner.extract.mentions.subjects import load_subject_rules

        lines += [f"{surface} 1000 n" for surface in load_subject_rules().by_surface]
    except Exception as exc:
        log.warning("no subject list for the jieba user dictionary: %s", exc)
    return list(dict.fromkeys(line.strip() for line in lines if line.strip()))


def _segmenter(path: Path) -> Any:
    """A jieba tokenizer of the pipeline's own with the user words (jieba's global one is left alone)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    if path.is_file():
        tokenizer.load_userdict(str(path))
    return tokenizer


def build_nlp(out_dir: str | Path | None = None, *, gazetteer: Any = None) -> Path:
    """Build the pipeline, save it with `nlp.to_disk` (plus its jieba user words and a card)."""
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    _register()
    folder = Path(out_dir) if out_dir else NLP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    lines = userdict_lines(gazetteer)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe(COMPONENT)
    nlp.to_disk(folder)
    (folder / USERDICT).write_text("\n".join(lines) + "\n", encoding="utf-8")
    card = {
        "name": "miner_nlp",
        "pipeline": ["jieba tokenizer", COMPONENT],
        "entities": list(LABEL_ORDER),
        "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "jieba_user_words": len(lines),
        "versions": {"spacy": spacy.__version__, "jieba": getattr(jieba, "__version__", "unknown")},
    }
    (folder / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    load_nlp.cache_clear()
    return folder


@lru_cache(maxsize=2)
def load_nlp(path: str | None = None) -> Any:
    """The saved pipeline (models/nlp), loaded offline once per process; built first if missing."""
    import spacy

    _register()
    folder = Path(path) if path else NLP_DIR
    if not (folder / "config.cfg").is_file():
        if not path:
            raise ResourceError(f"the shipped nlp pipeline is missing: {folder}; reinstall miner, or run "
                                "`miner train` in a checkout")
        log.warning("no saved nlp pipeline at %s; building it", folder)
        build_nlp(folder)
    nlp = spacy.load(folder)
    tokenizer: Any = nlp.tokenizer
    if getattr(tokenizer, "segmenter", None) == "jieba":
        tokenizer.jieba_seg = _segmenter(folder / USERDICT)
    return nlp
