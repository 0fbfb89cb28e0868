package dev.slipway.common;

/** A person's role in a team: engineers change their team's services, leads also approve. */
public enum TeamRole {
    ENGINEER,
    LEAD
}
