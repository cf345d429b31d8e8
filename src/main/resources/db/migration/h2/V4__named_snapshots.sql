-- Named snapshots: copies of every object under a name, taken and restored through
-- /ordinal/v1/snapshots. They are not objects: a reset leaves them, and the change log never
-- mentions them.
CREATE TABLE snapshots (
    name             VARCHAR(253) NOT NULL PRIMARY KEY,
    resource_version BIGINT       NOT NULL,
    taken_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    objects          BIGINT       NOT NULL
);

-- One row per object of a snapshot, its JSON as it was committed.
CREATE TABLE snapshot_objects (
    snapshot  VARCHAR(253) NOT NULL,
    resource  VARCHAR(253) NOT NULL,
    namespace VARCHAR(253) NOT NULL,
    name      VARCHAR(253) NOT NULL,
    body      CHARACTER VARYING NOT NULL,
    PRIMARY KEY (snapshot, resource, namespace, name)
);
