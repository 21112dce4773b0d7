// What X said, newest first (X by full name or surname: "Putin" finds "Vladimir Putin")
// params: speaker
// names: speaker as speaker -> $keys
// ranked: r.published as published
MATCH (s:Person|Organization)-[r:SAID]->(q:Quote)
WHERE s.key IN $keys
RETURN s.name AS speaker, q.text AS quote, q.kind AS kind, q.cue AS cue, q.published AS published, q.article AS article, q.start AS start
ORDER BY published IS NULL, published DESC, article, start, speaker
