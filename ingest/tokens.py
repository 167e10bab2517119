"""Word-piece counting with the embedding model's own tokenizer (no torch needed)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tokenizers import Tokenizer


@lru_cache(maxsize=4)
def load_tokenizer(model_dir: Path) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()  # we count the true length, not the truncated one
    tokenizer.no_padding()
    return tokenizer


class TokenCounter:
    """Counts word pieces as the model sees them, [CLS] and [SEP] included."""

    def __init__(self, model_dir: Path) -> None:
        self._tokenizer = load_tokenizer(model_dir)

    def __call__(self, text: str) -> int:
        return len(self._tokenizer.encode(text).ids)
