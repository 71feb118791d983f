-- @socket.io/postgres-adapter sends payloads too large for NOTIFY through this table (see its README).
CREATE TABLE IF NOT EXISTS socket_io_attachments (
  id bigserial UNIQUE,
  created_at timestamptz DEFAULT NOW(),
  payload bytea
);
