// What was said about event E, newest first (part of its name: "strike" finds "ATACMS missile strike on Crimea")
// params: event
// names: event as event -> $keys
// ranked: a.published as published
MATCH (s)-[r:SAID]->(q:Quote)-[a:ABOUT]->(e:Event)
WHERE e.key IN $keys
RETURN e.name AS event, s.name AS speaker, q.text AS quote, q.published AS published, q.article AS article, q.start AS start
ORDER BY published IS NULL, published DESC, article, start, event, speaker
