-- The cluster's own keys (its CA, the ServiceAccount token signing key), made at first start.
-- They are not API objects: a reset of the objects leaves them, as it leaves the server.
CREATE TABLE cluster_keys (
    name VARCHAR(253)           NOT NULL PRIMARY KEY,
    pem  CHARACTER LARGE OBJECT NOT NULL
);
