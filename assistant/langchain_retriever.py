"""Our index as a LangChain retriever, so it plugs into LangChain chains.

Imported only by `Assistant.as_retriever()`: LangChain takes most of a second to import.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict


class TradeoffsRetriever(BaseRetriever):
    """Passages as Documents; metadata carries file, chapter, section path and span."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Any
    k: int = 5

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(page_content=p.text, metadata={
                "file": p.file, "chapter": p.chapter, "section_path": list(p.section_path),
                "start": p.start, "end": p.end, "score": p.score,
            })
            for p in self.assistant.retrieve(query, k=self.k)
        ]
