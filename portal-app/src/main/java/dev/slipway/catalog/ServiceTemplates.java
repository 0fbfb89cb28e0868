package dev.slipway.catalog;

import tools.jackson.databind.JsonNode;

/**
 * Golden-path templates as the catalog sees them (docs/golden-paths.md): registering a service may start
 * from a template, and a service shows which template and version it follows. The templates feature
 * implements this, so the catalog does not depend on it.
 */
public interface ServiceTemplates {

    /**
     * The spec a new service gets from the latest version of {@code template} with {@code spec} merged over it
     * (JSON Merge Patch). Refused with 422 naming {@code template} when there is no such template, or the
     * field of {@code spec} that changes an enforced path.
     */
    Applied apply(String template, JsonNode spec);

    /** Records, in the caller's transaction, that the service was made from the template's version. */
    void remember(ServiceView service, Applied applied);

    /** The templates a new service may start from, by name, for the register form. */
    java.util.List<Choice> choices();

    /** A template as the register form lists it. */
    record Choice(String name, String description, int latestVersion) {}

    /** The template a service follows, or null. */
    TemplateRef of(long serviceId);

    /**
     * What a new revision of the service may not do: each path the template version it follows enforces, set in
     * {@code spec} (a whole spec) to anything but the template's value, named {@code spec.<path>}. Empty for a
     * service that follows no template.
     */
    java.util.List<dev.slipway.common.FieldProblem> enforcedProblems(long serviceId, JsonNode spec);

    /** A merged spec and the template version it came from. */
    record Applied(JsonNode spec, String template, int version) {}

    /** A service's template: its name, the version the service follows and the latest one published. */
    record TemplateRef(String name, int version, int latestVersion) {

        public boolean outdated() {
            return version < latestVersion;
        }
    }
}
