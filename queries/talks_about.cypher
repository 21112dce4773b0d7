// Who talks about whom: speaker -> subject, with the number of statements
// params:
MATCH (s)-[:SAID]->(q:Quote)-[:ABOUT]->(x)
RETURN s.name AS speaker, x.name AS subject, COUNT(q) AS statements
ORDER BY statements DESC, speaker, subject
