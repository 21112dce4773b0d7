// Who said what about X (a person, organization, place or event), newest first
// params: name
// names: name as entity -> $keys
// ranked: a.published as published
MATCH (s)-[r:SAID]->(q:Quote)-[a:ABOUT]->(x:Person|Organization|Place|Event)
WHERE x.key IN $keys
RETURN s.name AS speaker, q.text AS quote, q.kind AS kind, q.cue AS cue, q.published AS published, q.article AS article, q.start AS start
ORDER BY published IS NULL, published DESC, article, start, speaker
