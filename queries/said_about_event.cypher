// What was said about event E (part of its name: "strike" finds "ATACMS missile strike on Crimea")
// params: event
// names: event as event -> $keys
MATCH (s)-[:SAID]->(q:Quote)-[:ABOUT]->(e:Event)
WHERE e.key IN $keys
RETURN e.name AS event, s.name AS speaker, q.text AS quote, q.article AS article, q.start AS start
ORDER BY event, article, start
