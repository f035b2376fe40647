-- When an operator last had a live stream (/api/v1/stream, what the console holds open) on any replica: each replica
-- refreshes it every 30 s for the operators it streams to. An ONLINE operator whose streams all closed longer ago than
-- switchboard.presence.away-after-disconnect ago is set AWAY, so auto-assignment stops giving work to someone who
-- closed the console. Null: never streamed (API-only clients), never set away this way.
ALTER TABLE operator
    ADD COLUMN stream_seen_at DATETIME(6) NULL,
    ADD KEY ix_operator_online_stream (availability, stream_seen_at);
