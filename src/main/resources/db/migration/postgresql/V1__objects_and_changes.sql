-- Current state: one row per live object, its JSON exactly as served.
CREATE TABLE objects (
    resource         VARCHAR(253) NOT NULL,
    namespace        VARCHAR(253) NOT NULL,
    name             VARCHAR(253) NOT NULL,
    resource_version BIGINT       NOT NULL,
    body             TEXT NOT NULL,
    PRIMARY KEY (resource, namespace, name)
);

-- The change log: one row per write, keyed by the global resourceVersion it took.
-- Watches resume from it; it is trimmed to the configured retention.
CREATE TABLE changes (
    resource_version BIGINT      NOT NULL PRIMARY KEY,
    type             VARCHAR(16) NOT NULL,
    resource         VARCHAR(253) NOT NULL,
    namespace        VARCHAR(253) NOT NULL,
    name             VARCHAR(253) NOT NULL,
    body             TEXT NOT NULL
);
