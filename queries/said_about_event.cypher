// What was said about event E (part of its name: "strike" finds "ATACMS missile strike on Crimea")
// params: event
MATCH (s)-[:SAID]->(q:Quote)-[:ABOUT]->(e:Event)
WHERE toLower(e.name) CONTAINS toLower($event)
RETURN e.name AS event, s.name AS speaker, q.text AS quote, q.article AS article, q.start AS start
ORDER BY event, article, start
