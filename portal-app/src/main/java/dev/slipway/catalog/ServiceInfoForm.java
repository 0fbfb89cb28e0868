package dev.slipway.catalog;

/** Description and repository URL: not part of the spec, so saved without a new revision. */
record ServiceInfoForm(String description, String repositoryUrl) {

    static ServiceInfoForm of(ServiceView service) {
        return new ServiceInfoForm(service.description(), FormInput.text(service.repositoryUrl()));
    }
}
