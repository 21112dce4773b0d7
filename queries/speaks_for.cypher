// Who speaks for organization Y, and in what role
// params: organization
MATCH (p:Person)-[r:AFFILIATED_WITH]->(o)
WHERE toLower(o.name) = toLower($organization)
RETURN p.name AS person, r.role AS role, o.name AS organization
ORDER BY person, role
