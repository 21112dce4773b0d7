// Who answered X's statements (disputes, supports, addresses): X's statement and the response side by side
// params: name
// names: name as speaker -> $keys
MATCH (x:Person|Organization)-[:SAID]->(q:Quote)<-[r:RESPONDS_TO]-(a:Quote)<-[:SAID]-(s)
WHERE x.key IN $keys
RETURN x.name AS speaker, q.act AS act, q.text AS statement, r.stance AS stance, s.name AS responder, a.act AS response_act, a.text AS response, a.article AS article, a.start AS start
ORDER BY article, start, speaker
