// X on Y over time: X's statements about Y, oldest first, with what each does (act) and its date
// params: speaker, about
// names: speaker as speaker -> $keys, about as entity -> $about_keys
MATCH (s:Person|Organization)-[:SAID]->(q:Quote)-[:ABOUT]->(y:Person|Organization|Place|Event)
WHERE s.key IN $keys AND y.key IN $about_keys
RETURN q.published AS published, q.act AS act, s.name AS speaker, y.name AS about, q.text AS quote, q.article AS article, q.start AS start
ORDER BY published, article, start
