"""Score extracted attributions against gold annotations, PolNeAR style.

The modules, in the order data flows through them:

* :mod:`.gold` reads a gold JSONL file (one annotated article per line, see ``docs/evaluation.md``);
* :mod:`.predictions` reads saved ``quotegraph quotes --format jsonl`` output back into
  :class:`~quotegraph.ingest.records.Attribution` s (a live run yields the same records);
* :mod:`.overlap` (scored characters, Jaccard, one-to-one matching) and :mod:`.speakers` (speaker right,
  speaker form) hold the definitions; :mod:`.scoring` counts them into a :class:`Report`;
* :mod:`.report` prints the table and writes the error file.

Running the extraction to get predictions is not done here: ``quotegraph.api.evaluate`` (behind
``quotegraph evaluate``) runs exactly the path of ``quotegraph quotes``, so the figures score what users run.

Definitions (``../shared/eval/README.md``, ``docs/evaluation.md``):

* *Characters* of a span: the offsets of its non-space characters, leaving out quotation marks, '.' and
  ','. A quotation mark is ``"`` and the curly / angle double quotes always, and a single quote (``'``
  ``‘`` ``’`` ``‚`` ``‹`` ``›``) unless it sits between two letters or digits (an apostrophe: "don't").
  Multi-span (split) quotes use the union of their spans.
* Overlap: Jaccard of the two character-position sets. Matching is one-to-one, greedy from the best
  overlap down, within one article (ties: document order).
* Speaker right: both null; or the predicted mention span overlaps a gold source span; or, when the gold
  source is not a pronoun, the last word of the gold source is one of the words of the predicted speaker
  name (case-insensitive, possessive "'s" dropped).
* A *pronoun* source is a single word from :data:`PRONOUNS` (personal, possessive, reflexive,
  demonstrative and relative pronouns and "one").
"""
from .errors import ErrorItem, sentence_window
from .gold import KINDS, GoldArticle, GoldQuote, read_gold
from .jsonl import EvaluationFileError
from .overlap import characters, jaccard, match
from .predictions import attribution_from_json, read_predictions, spans_of
from .report import errors_markdown, format_report, write_errors
from .scoring import THRESHOLDS, GroupRecall, Report, Scores, score
from .speakers import PRONOUNS, SPEAKER_FORMS, is_pronoun, speaker_form, speaker_right, words

__all__ = [
    "ErrorItem", "EvaluationFileError", "GoldArticle", "GoldQuote", "GroupRecall", "KINDS", "PRONOUNS",
    "Report", "SPEAKER_FORMS", "Scores", "THRESHOLDS", "attribution_from_json", "characters",
    "errors_markdown", "format_report", "is_pronoun", "jaccard", "match", "read_gold", "read_predictions",
    "score", "sentence_window", "spans_of", "speaker_form", "speaker_right", "words", "write_errors",
]
