// Who speaks for organization Y, and in what role
// params: organization
// names: organization as organization -> $keys
MATCH (p:Person)-[r:AFFILIATED_WITH]->(o:Organization|Place)
WHERE o.key IN $keys
RETURN p.name AS person, r.role AS role, o.name AS organization
ORDER BY person, role
