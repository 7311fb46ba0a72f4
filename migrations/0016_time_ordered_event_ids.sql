-- Audit event ids that follow time (BENCHMARKS run 20).
--
-- An audit event's id was a random (version 4) UUID, and the table's primary key is (tenant_id, id). Every event
-- written, and every event sealed (the seal is an UPDATE that cannot be HOT, so it adds a second index entry), went to
-- a random leaf of that index. In a log of millions of events those leaves are spread over the whole index, so the first
-- change to each after a checkpoint writes the whole 8 kB page to the WAL, and few of them stay in shared buffers. Every
-- other index of audit_events already grows at one end (pos, seq, time, or those after a tenant and action or actor).
--
-- New events take an id whose first 48 bits are the Unix time in milliseconds and whose version is 7, the layout of
-- RFC 9562 (section 5.7); the other 74 bits stay random. Ids of existing events stay as they are: an id is only ever
-- compared for equality (the event's page, the hash's canonical bytes), so old and new ids live side by side. An id
-- now tells the millisecond its event was written, which the event's page shows anyway.
--
-- The function is plain SQL with no SET clause, so PostgreSQL inlines it into the column default; every name in it
-- is schema-qualified instead.

CREATE FUNCTION time_ordered_uuid() RETURNS uuid
    LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$
    -- uuid_send gives the 16 bytes of a random UUID. The milliseconds (int8send, big-endian) replace its first six
    -- bytes. Bits 52 and 53 (bytea bits count from each byte's lowest) turn version 4 (0100) into 7 (0111); the
    -- variant bits gen_random_uuid set stay.
    SELECT pg_catalog.encode(
               pg_catalog.set_bit(pg_catalog.set_bit(
                   pg_catalog.overlay(pg_catalog.uuid_send(pg_catalog.gen_random_uuid()),
                       pg_catalog.substr(pg_catalog.int8send(
                           (pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) * 1000)::bigint), 3), 1, 6),
                   52, 1), 53, 1),
               'hex')::uuid
$$;
REVOKE ALL ON FUNCTION time_ordered_uuid() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION time_ordered_uuid() TO coach_app, coach_owner;

ALTER TABLE audit_events ALTER COLUMN id SET DEFAULT time_ordered_uuid();
