// X's statements by act (accuse, deny, warn, ...), each act's statements oldest first
// params: speaker
// names: speaker as speaker -> $keys
// ranked: r.act as act
MATCH (s:Person|Organization)-[r:SAID]->(q:Quote)
WHERE s.key IN $keys
RETURN q.act AS act, s.name AS speaker, q.text AS quote, q.published AS published, q.article AS article, q.start AS start
ORDER BY act, published, article, start, speaker
