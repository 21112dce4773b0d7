// Who talks about whom: speaker -> subject, with the number of statements (a row per speaker and subject node)
// params:
// ranked: t.statements
// TALKS_ABOUT is kept by ingest and load (graph/talks.py): the count of (speaker)-[:SAID]->(:Quote)-[:ABOUT]->(subject)
MATCH (s)-[t:TALKS_ABOUT]->(x)
WHERE t.statements > 0
RETURN s.name AS speaker, x.name AS subject, t.statements AS statements
ORDER BY statements DESC, speaker, subject
