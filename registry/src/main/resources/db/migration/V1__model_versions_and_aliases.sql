-- Portable SQL: the same file migrates SQLite and PostgreSQL. Times are ISO-8601 UTC text and
-- sequence numbers are computed in the registering transaction, so no dialect-specific types.
CREATE TABLE model_version (
  name VARCHAR(128) NOT NULL,
  version INTEGER NOT NULL,
  sha256 CHAR(64) NOT NULL,
  size_bytes BIGINT NOT NULL,
  format VARCHAR(16) NOT NULL,
  signature TEXT NOT NULL,
  metrics TEXT NOT NULL,
  params TEXT NOT NULL,
  tags TEXT NOT NULL,
  git_commit VARCHAR(64),
  git_dirty BOOLEAN,
  data_uri TEXT,
  data_sha256 CHAR(64),
  trained_by TEXT,
  parent_version INTEGER,
  created_by VARCHAR(256) NOT NULL,
  created_at VARCHAR(40) NOT NULL,
  PRIMARY KEY (name, version),
  UNIQUE (name, sha256)
);

CREATE TABLE model_alias (
  name VARCHAR(128) NOT NULL,
  alias VARCHAR(64) NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (name, alias),
  FOREIGN KEY (name, version) REFERENCES model_version (name, version)
);

CREATE TABLE alias_history (
  name VARCHAR(128) NOT NULL,
  alias VARCHAR(64) NOT NULL,
  seq INTEGER NOT NULL,
  from_version INTEGER,
  to_version INTEGER NOT NULL,
  moved_by VARCHAR(256) NOT NULL,
  moved_at VARCHAR(40) NOT NULL,
  PRIMARY KEY (name, alias, seq)
);
