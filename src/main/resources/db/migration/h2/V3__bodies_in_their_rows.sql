-- Bodies kept in their rows. As CHARACTER LARGE OBJECT each body went through H2's separate LOB
-- storage (a stream written per value and copied on every insert), which cost more CPU than the
-- rest of the write; a CHARACTER VARYING is stored in the row itself. Stored objects are at most
-- 1.5 MiB of JSON, far below the type's limit.
ALTER TABLE objects ALTER COLUMN body SET DATA TYPE CHARACTER VARYING;
ALTER TABLE changes ALTER COLUMN body SET DATA TYPE CHARACTER VARYING;
