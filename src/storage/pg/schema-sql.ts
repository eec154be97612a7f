/**
 * The PostgreSQL schema as ordered, numbered SQL steps, applied at start by schema-migrate.ts.
 *
 * Plain SQL in order rather than a migration library (node-pg-migrate, …): the schema is five
 * small tables, each step must run under our advisory lock and inside a transaction, and a step
 * list that ships inside the code (not as loose .sql files) cannot go missing from a build. A step
 * is never edited once released: a change is a new step.
 */
export interface SqlStep {
  version: number;
  name: string;
  sql: string;
}

export const SQL_STEPS: readonly SqlStep[] = [
  {
    version: 1,
    name: 'parts, audit, security log, card slots',
    sql: `
      -- The document, one row per group plus one global row (partition.ts). rev is the
      -- store-wide change counter of the row's last write (instances reload rows newer than the
      -- last rev they have seen); doc NULL means the group was removed. json, not jsonb: the
      -- store never queries inside a row, json is cheaper to write, and it gives back exactly
      -- the text written (key order, and U+0000, which jsonb refuses).
      CREATE SEQUENCE styrebot_rev;
      CREATE TABLE styrebot_parts (
        part text PRIMARY KEY,
        pos bigint NOT NULL,
        rev bigint NOT NULL,
        doc json
      );
      CREATE INDEX styrebot_parts_rev ON styrebot_parts (rev);

      -- The audit trail: append-only, enforced by the database itself.
      CREATE TABLE styrebot_audit (
        id bigserial PRIMARY KEY,
        entry json NOT NULL
      );
      CREATE FUNCTION styrebot_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'styrebot_audit is append-only';
      END $$;
      CREATE TRIGGER styrebot_audit_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON styrebot_audit
        FOR EACH STATEMENT EXECUTE FUNCTION styrebot_audit_append_only();

      -- Refused attempts (permission denied, forged payloads), apart from the domain data.
      CREATE TABLE styrebot_security_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        entry json NOT NULL
      );

      -- Shared-card updates across instances: the last time any instance updated a card.
      CREATE TABLE styrebot_card_slots (
        card text PRIMARY KEY,
        last_at timestamptz NOT NULL
      );
    `,
  },
];

export const SQL_SCHEMA_VERSION = SQL_STEPS[SQL_STEPS.length - 1].version;
