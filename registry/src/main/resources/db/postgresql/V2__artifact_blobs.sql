-- A PostgreSQL registry is shared by a team, so it keeps the artifact bytes itself: there is no
-- directory every client can reach. Written in the registering transaction.
CREATE TABLE artifact (
  sha256 CHAR(64) PRIMARY KEY,
  content BYTEA NOT NULL
);
