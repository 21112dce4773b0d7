// X's statements over time, oldest first (by the article's publication date)
// params: speaker
// names: speaker as speaker -> $keys
// ranked: r.published as published
MATCH (s:Person|Organization)-[r:SAID]->(q:Quote)
WHERE s.key IN $keys
RETURN q.published AS published, s.name AS speaker, q.text AS quote, q.kind AS kind, q.article AS article, q.start AS start
ORDER BY published, article, start, speaker
