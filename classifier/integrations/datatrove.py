"""chaff as datatrove pipeline steps (``pip install 'chaff[datatrove]'``).

- ``ChaffExtractor`` (a datatrove ``BaseExtractor``): a document's HTML (or plain text) becomes
  its clean article text, and chaff's findings go to the document's metadata: ``title``,
  ``author``, ``date``, ``site_name``, ``language`` (set when absent), ``clickbait_score``,
  ``noise_sections`` (how many sections were noise) and ``inserted_links`` (each with its
  similarity and ``off_topic``). Like datatrove's extractors it works in a sandbox process
  with a per-document timeout (forked from the task's process once the models are loaded
  there); a document left without content is dropped (counted).
- ``ChaffFilter`` (a datatrove ``BaseFilter``): drops documents with a named reason, as
  datatrove's filters do: ``"no_content"`` (fewer than ``min_words`` words of article text) or
  ``"clickbait"`` (headline score above ``max_clickbait``). After ``ChaffExtractor`` it decides
  from the metadata; on other documents it scores ``doc.text`` itself.

Example (``if __name__ == "__main__":`` because the executor starts worker processes)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from classifier.integrations.datatrove import ChaffExtractor, ChaffFilter

    if __name__ == "__main__":
        LocalPipelineExecutor(
            pipeline=[
                JsonlReader("pages/", text_key="html"),
                ChaffExtractor(),
                ChaffFilter(max_clickbait=0.9),
                JsonlWriter("clean/"),
            ],
            tasks=2,
        ).run()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from datatrove.pipeline.extractors.base import BaseExtractor, ExtractorSandbox
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.utils.logging import logger
from datatrove.utils.typeshelper import StatHints

if TYPE_CHECKING:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.writers.disk_base import DiskWriter

    from ..config import Favor
    from ..report import PageReport

CLICKBAIT = "clickbait"
NO_CONTENT = "no_content"
METADATA_KEYS = ("title", "author", "date", "site_name", "clickbait_score", "noise_sections", "inserted_links")


def _analyze(text: str, *, favor: Favor, model_dir: str | None) -> PageReport:
    from ..api import score
    from ..config import Config

    return score(text, model_dir=model_dir, config=Config(favor=favor))


def load_models(model_dir: str | None) -> None:
    """Load the models in this process, so that a sandbox process forked from it starts at once.

    Loading runs no OpenMP code, so forking afterwards is safe (scoring a page would not be).
    """
    from ..artifact import load_default

    load_default("sections", model_dir)
    load_default("headlines", model_dir)


def metadata_of(report: PageReport) -> dict[str, Any]:
    """What ``ChaffExtractor`` adds to a document's metadata for one page report.

    Args:
        report: the page's report.

    Returns:
        JSON-safe metadata (see the module's docstring).
    """
    return {
        "title": report.title,
        "author": report.author,
        "date": report.date,
        "site_name": report.site_name,
        "language": report.lang,
        "clickbait_score": None if report.headline is None else round(float(report.headline.score), 4),
        "noise_sections": len(report.noise_sections),
        "inserted_links": [link.to_dict() for link in report.inserted_links],
    }


class ChaffExtractor(BaseExtractor):  # datatrove ships no type information
    """HTML or plain text → chaff's clean article text, with metadata.

    Args:
        favor: ``precision``, ``balanced`` or ``recall``: which content threshold of the section
            model to use (``Config.favor``).
        model_dir: a folder of models to use instead of the shipped ones.
        timeout: seconds per document before it is given up (counted as ``timeout``).
    """

    name = "🌾 chaff"

    def __init__(self, favor: Favor = "balanced", model_dir: str | None = None, timeout: float = 10.0) -> None:
        super().__init__(timeout)
        self.favor = favor
        self.model_dir = model_dir

    def extract(self, text: str) -> str:
        """The clean article text of one page (datatrove's extractor interface)."""
        return _analyze(text, favor=self.favor, model_dir=self.model_dir).content

    def extract_with_metadata(self, text: str) -> tuple[str, dict[str, Any]]:
        """The clean article text of one page and the metadata chaff found."""
        report = _analyze(text, favor=self.favor, model_dir=self.model_dir)
        return report.content, metadata_of(report)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Extract every document in a sandbox process (as ``BaseExtractor.run``), adding metadata."""
        warned = False
        load_models(self.model_dir)  # before the sandbox forks: its process starts with them
        with ExtractorSandbox(timeout=self.timeout, warmup_text="") as sandbox:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    try:
                        text, metadata = sandbox.process_document(doc.text, self.extract_with_metadata)
                    except TimeoutError:
                        self.stat_update("timeout")
                        logger.warning(f"chaff: timeout after {self.timeout:g} s on document {doc.id}; skipped")
                        continue
                    except EOFError:
                        self.stat_update("broken_process")
                        logger.warning(f"chaff: the extraction process died on document {doc.id}; skipped")
                        continue
                    except Exception as exc:  # one bad document must not stop the task
                        self.stat_update("clean_error")
                        if not warned:
                            logger.warning(f"chaff: {type(exc).__name__}: {exc} on document {doc.id}; skipped (warned once)")
                            warned = True
                        continue
                self.stat_update("extracted")
                language = metadata.pop("language")
                doc.metadata.update(metadata)
                doc.metadata.setdefault("language", language)
                doc.text = text
                if text:
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(doc)
                    yield doc
                else:
                    self.stat_update(StatHints.dropped)


class ChaffFilter(BaseFilter):
    """Drop documents without article text or with a clickbait headline, with the reason.

    Args:
        max_clickbait: headline score above which a document is dropped as ``"clickbait"``;
            ``None`` uses ``Config.clickbait_threshold``; 1.0 keeps every headline.
        min_words: fewer words of article text than this drop a document as ``"no_content"``.
        favor: the section model's threshold, for documents that ``ChaffExtractor`` has not seen.
        model_dir: a folder of models to use instead of the shipped ones.
        exclusion_writer: where datatrove writes the dropped documents (optional).
    """

    name = "🌾 chaff filter"

    def __init__(
        self,
        max_clickbait: float | None = None,
        min_words: int = 1,
        favor: Favor = "balanced",
        model_dir: str | None = None,
        exclusion_writer: DiskWriter | None = None,
    ) -> None:
        super().__init__(exclusion_writer)
        self.max_clickbait = max_clickbait
        self.min_words = min_words
        self.favor = favor
        self.model_dir = model_dir

    def _limit(self) -> float:
        if self.max_clickbait is not None:
            return self.max_clickbait
        from ..config import Config

        return Config().clickbait_threshold

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        """Keep (``True``) or drop with a reason (``(False, "no_content" | "clickbait")``)."""
        if "clickbait_score" in doc.metadata:  # ChaffExtractor has been here: doc.text is the article
            content, score = doc.text, doc.metadata["clickbait_score"]
        else:
            report = _analyze(doc.text, favor=self.favor, model_dir=self.model_dir)
            content = report.content
            score = None if report.headline is None else report.headline.score
            doc.metadata.setdefault("clickbait_score", None if score is None else round(float(score), 4))
        if len(content.split()) < self.min_words:
            return False, NO_CONTENT
        if score is not None and score > self._limit():
            return False, CLICKBAIT
        return True
