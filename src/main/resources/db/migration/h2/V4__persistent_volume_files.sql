-- The files of each PersistentVolume as the simulated containers left them, one archive a volume
-- (see PersistentVolumeFiles): written when a process in a pod using it ends, read when a pod
-- mounts it after a restart, removed with the volume.
CREATE TABLE persistent_volume_files (
    volume_uid VARCHAR(36)         NOT NULL PRIMARY KEY,
    archive    BINARY LARGE OBJECT NOT NULL
);
