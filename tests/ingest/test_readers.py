"""Reading articles: formats, ids, and bad input as one-line errors that lose nothing."""
from __future__ import annotations

import io
import json
import sys

import pytest

from quotegraph.ingest.readers import InputErrorException, read_articles, text_id


def read(paths):
    errors = []
    articles = list(read_articles(paths, on_error=errors.append))
    return articles, [str(e) for e in errors]


def test_text_file_id_is_stem_and_offsets_index_text_as_read(tmp_path):
    text = "Line one.\r\nHe said: “Yes.”\n"
    (tmp_path / "my-story.txt").write_bytes(text.encode("utf-8"))
    [article], errors = read([tmp_path / "my-story.txt"])
    assert errors == []
    assert article.id == "my-story"
    assert article.text == text  # no newline translation: offsets match the file


def test_utf8_bom_is_not_part_of_the_text(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffHello there.".encode("utf-8"))
    [article], _ = read([tmp_path / "bom.txt"])
    assert article.text == "Hello there."


def test_jsonl_rows_with_fields_and_aliases(tmp_path):
    rows = [
        {"id": "a1", "text": "First.", "title": "T", "url": "http://x", "published": "2024-06-24", "source": "S"},
        {"text": "No id here."},
        {"id": 7, "text": "PolNeAR names.", "publisher": "NYT", "publication_date": "2016-09-12"},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    articles, errors = read([path])
    assert errors == []
    assert [a.id for a in articles] == ["a1", text_id("No id here."), "7"]
    assert (articles[0].title, articles[0].url, articles[0].published, articles[0].source) == ("T", "http://x", "2024-06-24", "S")
    assert (articles[2].source, articles[2].published) == ("NYT", "2016-09-12")


def test_text_id_is_stable():
    assert text_id("same text") == text_id("same text") != text_id("other text")


def test_html_main_text_by_trafilatura(tmp_path):
    html = """<html><head><title>Minister quits</title></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Minister quits</h1>
    <p>The minister resigned on Monday after weeks of pressure from her own party, officials said.</p>
    <p>“I have done what I could,” she told reporters outside the ministry in the capital city.</p>
    <p>The opposition said the resignation came far too late to repair the damage done to the government.</p>
    </article><footer>Copyright 2024 Example News. Subscribe to our newsletter!</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    [article], errors = read([tmp_path / "page.html"])
    assert errors == []
    assert article.id == "page"
    assert "she told reporters" in article.text
    assert "Subscribe" not in article.text and "Home" not in article.text


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("latin1.txt", "Café au lait, said the mayor.".encode("latin-1"), "not UTF-8"),
    ("soup.html", b"<html><body><div><script>var x=1;</script></div></body></html>", "no article text"),
    ("empty.jsonl", b"\n", "empty file"),
])
def test_bad_file_is_one_line_error_naming_it(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    articles, errors = read([path])
    assert articles == []
    assert len(errors) == 1 and "\n" not in errors[0]
    assert errors[0].startswith(str(path)) and message in errors[0]


def test_malformed_jsonl_line_names_file_and_line_and_keeps_the_rest(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "ok1", "text": "Fine."}\n{"id": "bad", "text": \n["not", "an object"]\n'
                    '{"id": "notext"}\n{"id": "ok2", "text": "Also fine."}\n', encoding="utf-8")
    articles, errors = read([path])
    assert [a.id for a in articles] == ["ok1", "ok2"]
    assert [e.split(":")[1] for e in errors] == ["2", "3", "4"]
    assert "malformed JSON" in errors[0] and "JSON object" in errors[1] and "'text'" in errors[2]


def test_directory_is_read_recursively_with_bad_files_reported(tmp_path):
    (tmp_path / "a.txt").write_text("Good one.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Good two.", encoding="utf-8")
    (tmp_path / "sub" / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # not an article format: not picked up from a directory
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("Hidden.", encoding="utf-8")
    articles, errors = read([tmp_path])
    assert sorted(a.id for a in articles) == ["a", "b"]
    assert len(errors) == 1 and "bad.txt" in errors[0]


def test_missing_path_and_huge_article(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 10, encoding="utf-8")
    errors = []
    assert list(read_articles([tmp_path / "nope.txt", big], on_error=errors.append, max_chars=20)) == []
    assert "no such file" in str(errors[0]) and "too large" in str(errors[1])


def test_without_handler_errors_raise(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputErrorException, match="empty.txt: empty file"):
        list(read_articles([tmp_path / "empty.txt"]))


def test_stdin_text_and_jsonl(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Plain text article.".encode())))
    [article], _ = read(["-"])
    assert article.id == text_id("Plain text article.") and article.path == "-"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"id": "s1", "text": "From a pipe."}\n')))
    [article], _ = read(["-"])
    assert article.id == "s1"
