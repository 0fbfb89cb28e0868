package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Rules for a service's own fields (name, description, repository URL); a pure function. */
public final class ServiceInfoRules {

    /** DNS-1123 label that also starts with a letter, as Kubernetes Service names must. */
    static final Pattern SERVICE_NAME = Pattern.compile("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$");
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_URL = 500;

    private ServiceInfoRules() {}

    public static List<FieldProblem> validate(String name, String team, String description, String repositoryUrl) {
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || !SERVICE_NAME.matcher(name).matches()) {
            problems.add(new FieldProblem("name", "must be a DNS-1123 label: 1-63 lowercase letters, digits or '-', "
                    + "starting with a letter and ending with a letter or digit"));
        }
        if (team == null || team.isBlank()) {
            problems.add(new FieldProblem("team", "is required: the slug of the owning team"));
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        problems.addAll(validateRepositoryUrl(repositoryUrl));
        return problems;
    }

    static List<FieldProblem> validateRepositoryUrl(String repositoryUrl) {
        if (repositoryUrl == null || repositoryUrl.isBlank()) {
            return List.of();
        }
        String message = "must be an http or https URL of at most " + MAX_URL + " characters, such as https://git.example.com/team/app";
        if (repositoryUrl.length() > MAX_URL) {
            return List.of(new FieldProblem("repositoryUrl", message));
        }
        try {
            URI uri = new URI(repositoryUrl);
            boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            if (!web || uri.getHost() == null) {
                return List.of(new FieldProblem("repositoryUrl", message));
            }
        } catch (URISyntaxException e) {
            return List.of(new FieldProblem("repositoryUrl", message));
        }
        return List.of();
    }
}
