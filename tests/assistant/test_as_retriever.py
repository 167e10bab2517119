"""The index as a LangChain retriever."""

from __future__ import annotations


def test_as_retriever_is_a_langchain_retriever_returning_our_passages(assistant):
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever

    retriever = assistant.as_retriever()
    assert isinstance(retriever, BaseRetriever)
    documents = retriever.invoke("How do pods get AWS credentials with IRSA?")
    passages = assistant.retrieve("How do pods get AWS credentials with IRSA?", k=retriever.k)

    assert documents and all(isinstance(d, Document) for d in documents)
    assert len(documents) == len(passages)
    for document, passage in zip(documents, passages, strict=True):
        assert document.page_content == passage.text
        assert document.metadata == {
            "file": passage.file, "chapter": passage.chapter,
            "section_path": list(passage.section_path), "start": passage.start,
            "end": passage.end, "score": passage.score,
        }
    assert documents[0].metadata["file"] == "pod-identity.md"
