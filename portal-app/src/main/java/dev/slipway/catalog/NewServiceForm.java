package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;

/** Registering a service from the browser: who owns it, what it is, and the image it starts with. */
record NewServiceForm(String name, String team, String description, String repositoryUrl, String image) {

    static NewServiceForm blank(String team) {
        return new NewServiceForm("", team, "", "", "");
    }

    NewService toCommand() {
        return new NewService(FormInput.text(name).strip(), team, description, repositoryUrl,
                ServiceSpec.ofImage(FormInput.trimmedOrNull(image)));
    }

    /** The input that shows a problem of the command, or null for one that belongs to no field here. */
    String fieldFor(FieldProblem problem) {
        return switch (problem.field()) {
            case "name", "team", "description", "repositoryUrl" -> problem.field();
            case "spec.image" -> "image";
            default -> null;
        };
    }
}
