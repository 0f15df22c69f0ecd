-- Runs once, when the official postgres image initialises an empty data
-- directory (mounted at /docker-entrypoint-initdb.d by docker-compose.yml).
-- It runs as POSTGRES_USER (a superuser, the role graph-node connects as) in
-- POSTGRES_DB, with psql's ON_ERROR_STOP, so any error aborts the init.
--
-- The database itself is created with POSTGRES_INITDB_ARGS="-E UTF8
-- --locale=C": graph-node requires C collation (without it graph-node skips
-- its migrations and later fails with `relation "deployment_schemas" does not
-- exist`).

-- The extensions graph-node needs: trigram and GiST indexes on entity
-- tables, and postgres_fdw for sharded setups. pg_stat_statements (preloaded
-- by the compose command line) is for monitoring slow queries.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;

-- A read-only login for the API. Name and password come from the container's
-- environment (API_DB_USER, API_DB_PASSWORD; psql's \getenv needs psql 15+).
\getenv api_user API_DB_USER
\getenv api_password API_DB_PASSWORD
\if :{?api_user}
\else
  \set api_user pvp_api
\endif
\if :{?api_password}
\else
  \set api_password ''
\endif
SELECT :'api_password' = '' AS api_password_missing \gset
\if :api_password_missing
  DO $$ BEGIN RAISE EXCEPTION 'API_DB_PASSWORD is not set in the postgres container: set it in .env (see .env.example)'; END $$;
\endif

CREATE ROLE :"api_user" LOGIN PASSWORD :'api_password';
-- Read-only by default, and no runaway query holds the store for long.
ALTER ROLE :"api_user" SET default_transaction_read_only = on;
ALTER ROLE :"api_user" SET statement_timeout = '30s';

-- graph-node creates its schemas (public tables, `subgraphs`, one `sgdN` per
-- deployment) later, as the current role. Default privileges make every
-- schema and table it creates readable by the API role, including
-- deployments added by future redeploys and tables rebuilt by pruning.
GRANT USAGE ON SCHEMA public TO :"api_user";
GRANT SELECT ON ALL TABLES IN SCHEMA public TO :"api_user";
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO :"api_user";
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO :"api_user";
