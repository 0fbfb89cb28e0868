-- Lets Slipway run as a database role that can only INSERT and SELECT audit events, while migrations run
-- as the schema owner (README: "A database role that cannot rewrite the audit trail"). Triggers already
-- refuse UPDATE, DELETE and TRUNCATE; a role that is not the owner also cannot disable or drop them.
--
-- slipway_writer is a group role (no login) holding exactly what the application needs. The login role
-- Slipway connects with becomes a member of it: CREATE ROLE slipway_app LOGIN PASSWORD '...' IN ROLE slipway_writer.
-- Tables created by later migrations are granted through the default privileges below.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'slipway_writer') then
        if not exists (select 1 from pg_roles where rolname = current_user and (rolsuper or rolcreaterole)) then
            raise notice 'Role slipway_writer does not exist and % may not create roles: Slipway will run as the'
                ' schema owner. To run it with a restricted role, follow the README.', current_user;
            return;
        end if;
        create role slipway_writer nologin;
    end if;

    execute format('grant usage on schema %I to slipway_writer', current_schema());
    execute format('grant select, insert, update, delete on all tables in schema %I to slipway_writer',
        current_schema());
    execute format('revoke all on table %I from slipway_writer', '${flyway:table}');
    revoke update, delete, truncate on audit_events from slipway_writer;
    execute format('alter default privileges in schema %I grant select, insert, update, delete on tables'
        ' to slipway_writer', current_schema());
end;
$$;
